"""The language registry and locale selection.

One list of languages drives everything: URL prefixes, ``<html lang dir>``,
the language chooser, catalog checks and the API. Adding a language is one
entry here plus a catalog in ``translations/``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, g
from flask_babel import Babel


@dataclass(frozen=True)
class Language:
    code: str  # URL prefix and gettext locale
    native_name: str  # how speakers write the language's name
    tag: str  # BCP-47 tag for lang="" and hreflang
    direction: str = "ltr"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


SOURCE_LANGUAGE = "pt"

LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("pt", "Português", "pt-PT"),
        Language("en", "English", "en"),
        Language("es", "Español", "es"),
        Language("fr", "Français", "fr"),
        Language("ar", "العربية", "ar", "rtl"),
        Language("ur", "اردو", "ur", "rtl"),
        Language("uk", "Українська", "uk"),
        Language("ru", "Русский", "ru"),
        Language("hi", "हिन्दी", "hi"),
        Language("ne", "नेपाली", "ne"),
        Language("bn", "বাংলা", "bn"),
        Language("zh", "简体中文", "zh-Hans"),
    )
}

# UI strings are written in English in the code, so English needs no catalog.
MSGID_LANGUAGE = "en"


class CatalogError(RuntimeError):
    """A configured language has no usable compiled catalog."""


def language(code: str | None = None) -> Language:
    """The registry entry for ``code`` (default: the current request's)."""
    return LANGUAGES[code or current_code()]


def current_code() -> str:
    return getattr(g, "lang", None) or SOURCE_LANGUAGE


def best_language(header_languages) -> str:
    """The best supported language for a parsed ``Accept-Language`` header.

    Matches on the primary subtag, so ``pt-BR`` reads Portuguese and
    ``zh-TW`` reads Chinese; anything unknown or malformed gives the source
    language.
    """
    for value, quality in header_languages:
        if quality <= 0:
            continue
        primary = value.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return SOURCE_LANGUAGE


def catalog_path(translations_dir: Path, code: str) -> Path:
    return translations_dir / code / "LC_MESSAGES" / "messages.mo"


def check_catalogs(translations_dir: Path) -> None:
    """Refuse to start when a configured language lacks a readable catalog."""
    from babel.messages.mofile import read_mo

    for code in LANGUAGES:
        if code == MSGID_LANGUAGE:
            continue
        path = catalog_path(translations_dir, code)
        try:
            with path.open("rb") as handle:
                read_mo(handle)
        except (OSError, ValueError, KeyError, IndexError) as exc:
            raise CatalogError(
                f"Missing or unreadable catalog for language {code!r}: {path} "
                f"({exc.__class__.__name__}: {exc}). "
                "Compile the catalogs with: make catalogs"
            ) from exc


def _select_locale() -> str:
    return current_code()


def init_app(app: Flask, babel: Babel) -> None:
    """Wire Babel to the URL language and expose the registry to templates."""
    translations_dir = Path(app.config["TRANSLATIONS_DIR"])
    if app.config.get("CHECK_CATALOGS", True):
        check_catalogs(translations_dir)
    babel.init_app(
        app,
        locale_selector=_select_locale,
        default_locale=SOURCE_LANGUAGE,
        default_translation_directories=str(translations_dir),
    )

    @app.context_processor
    def language_context():
        return {
            "languages": LANGUAGES.values(),
            "current_language": language(),
        }
