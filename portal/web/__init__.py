"""Reader pages: server-rendered, per-language URLs, no session."""
from urllib.parse import urlsplit

from flask import Blueprint

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..vocab import PLACE_TYPES
from .pages import language_links, public_url

bp = Blueprint("web", __name__)


@bp.app_context_processor
def page_helpers():
    return {
        "language_links": language_links,
        "public_url": public_url,
        "has_section": has_section,
        "lang_tag": lambda code: LANGUAGES[code].tag,
        "lang_dir": lambda code: LANGUAGES[code].direction,
        "lang_name": lambda code: LANGUAGES[code].native_name,
        "place_label": lambda kind: PLACE_TYPES.get(kind, kind),
        "source_language": SOURCE_LANGUAGE,
    }


def has_section(body_html: str, anchor: str) -> bool:
    """True when a guide's body already has the section ``anchor`` (its
    ``{#where}`` heading), so the page does not repeat it from the fields."""
    return f'id="{anchor}"' in body_html


@bp.app_template_filter("host")
def host(url: str) -> str:
    return urlsplit(url).hostname or ""


from . import courses, glossary, search, services, translations, views  # noqa: E402,F401
