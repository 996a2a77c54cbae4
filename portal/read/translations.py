"""Where translators are needed: per language, interface coverage and the
state of every kind's translations (up to date, outdated, missing; drafted
by machine, reviewed, by a person), with the pages that need work.

Behind the public page ``/<lang>/translations`` and
``/api/v1/translation-status``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from ..catalogs import catalog_stats
from ..content.kinds import KINDS
from ..extensions import db
from ..i18n import LANGUAGES, MSGID_LANGUAGE, SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation

METHODS = ("machine", "machine-reviewed", "human")


@dataclass(frozen=True)
class PageRef:
    kind: str
    slug: str
    title: str  # in the language of the page (Portuguese when missing)
    web_url: str
    since: object = None  # when the original changed (outdated pages)


@dataclass
class KindStatus:
    kind: str
    total: int = 0
    up_to_date: int = 0
    outdated: int = 0
    missing: int = 0
    machine: int = 0
    machine_reviewed: int = 0
    human: int = 0
    outdated_pages: list[PageRef] = field(default_factory=list)
    machine_pages: list[PageRef] = field(default_factory=list)


@dataclass
class InterfaceStatus:
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    percent: float


@dataclass
class LanguageStatus:
    lang: str
    name: str
    interface: InterfaceStatus | None  # None for the language the interface is written in
    kinds: list[KindStatus]

    @property
    def needs_review(self) -> int:
        return sum(k.machine + k.outdated for k in self.kinds)


# Kinds translated through PO/XLIFF files (guides, glossary terms): record
# kinds keep their few translated names and notes inside their own file.
TRANSLATED = [name for name, kind in KINDS.items() if kind.po_layout]


def translation_status(only: str | None = None) -> list[LanguageStatus]:
    """Every language but the Portuguese source (or just ``only``)."""
    codes = [code for code in LANGUAGES if code != SOURCE_LANGUAGE and (only is None or code == only)]
    interface = catalog_stats(current_app.config["TRANSLATIONS_DIR"],
                              [code for code in codes if code != MSGID_LANGUAGE])
    result = {code: LanguageStatus(
        code, LANGUAGES[code].native_name,
        InterfaceStatus(**{k: interface[code][k] for k in ("total", "translated", "fuzzy", "untranslated",
                                                           "percent")}) if code in interface else None,
        [KindStatus(kind) for kind in TRANSLATED]) for code in codes}
    rows = db.session.execute(
        db.select(Guide.kind, Guide.slug, Translation.lang, Translation.outdated_since, Revision.method,
                  Revision.title)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.published.is_(True), Translation.published.is_(True))
        .order_by(Guide.kind, Guide.slug)
    ).all()
    sources = {(row.kind, row.slug): row.title for row in rows if row.lang == SOURCE_LANGUAGE}
    index = {name: i for i, name in enumerate(TRANSLATED)}
    for status in result.values():
        for kind_status in status.kinds:
            kind_status.total = sum(1 for key in sources if key[0] == kind_status.kind)
    for row in rows:
        status = result.get(row.lang)
        if status is None or (row.kind, row.slug) not in sources or row.kind not in index:
            continue
        counts = status.kinds[index[row.kind]]
        ref = PageRef(row.kind, row.slug, row.title, KINDS[row.kind].url(row.slug, row.lang),
                      row.outdated_since)
        if row.outdated_since is not None:
            counts.outdated += 1
            counts.outdated_pages.append(ref)
        else:
            counts.up_to_date += 1
        method = row.method if row.method in METHODS else "human"
        setattr(counts, method.replace("-", "_"), getattr(counts, method.replace("-", "_")) + 1)
        if method == "machine":
            counts.machine_pages.append(ref)
    for status in result.values():
        for counts in status.kinds:
            counts.missing = counts.total - counts.up_to_date - counts.outdated
    return list(result.values())
