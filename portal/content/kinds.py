"""The one registry of content kinds.

Every kind of content (guides, glossary terms, service points) goes
through the same loader, publish, change feed, export, stamp and offline
pack builder. A kind only declares what differs: where its files live, its
schemas, how a file becomes rows, which fields are translatable, how its
pages and API entries are addressed, what goes into offline packs and which
other kinds it may link to, and what search adds to its text. Adding a kind
means writing its schema, its rows, its templates and its API schema and
adding one ``Kind`` here; it is then searchable too.

Two layouts: ``folders`` (a folder per item, one Markdown file per language:
guides, glossary) and ``records`` (one YAML file per item whose translatable
fields are per-language maps: service points; see
:mod:`portal.content.records`). The loader turns both into one file per
language, so publish, export, stamp and packs need no layout branches
beyond asking the kind.

Items of every kind share the ``guide`` table (told apart by
``Guide.kind``), its translations and its revisions: one history, one
freshness rule and one change event per change, whatever the kind.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from marshmallow import Schema

from . import courses, glossary, guides, services
from .render import Rendered, render
from .schemas import (
    SHARED_FIELDS,
    TERM_SHARED_FIELDS,
    SourceGuide,
    SourceTerm,
    TranslatedGuide,
    TranslatedTerm,
)
from .services import TRANSLATABLE as SERVICE_TEXT
from .services import ServicePoint, ServicePointText


@dataclass(frozen=True)
class Kind:
    name: str  # Guide.kind, ChangeEvent.item_type, API/feed name
    folder: str  # under content/
    noun: str  # in messages to editors
    source_schema: Schema
    translation_schema: Schema
    shared_fields: tuple[str, ...]  # set only in pt.md
    translatable: tuple[str, ...]  # the text a translation carries
    # (item row, validated pt front matter, topics by slug): the shared facts.
    apply: Callable
    # (validated front matter, Rendered) -> Revision's title/summary/cost/duration.
    words: Callable[[dict, Rendered], dict]
    web_url: str  # "/{lang}/guides/{slug}"
    api_url: str  # "/api/v1/guides/{slug}?lang={lang}"
    links_to: tuple[str, ...]  # kinds its bodies may link to
    cross_check: Callable  # (ContentSet) -> None: appends problems
    pack_pages: Callable  # (lang, topic or None) -> list of page URLs
    export_order: tuple[tuple[str, ...], tuple[str, ...]]  # (source, translation) keys
    render: Callable[[str, str, int], Rendered] = render
    # Body findings that are errors for this kind rather than warnings.
    body_errors: tuple[str, ...] = ()
    # (lang, topic or None) -> static assets its pack pages need beyond the shell.
    pack_assets: Callable = lambda lang, topic: []
    # "folders" (content/<folder>/<slug>/<lang>.md) or "records"
    # (content/<folder>/<id>.yaml with per-language text maps).
    layout: str = "folders"
    id_field: str = "slug"  # records: the field naming the item (= file name)
    body_field: str = ""  # records: the translatable field that is the body
    # How `content po-export/po-import` split a translation into segments:
    # "markdown" (the `translatable` front-matter fields, then the body's
    # blocks: portal/content/segments.py). A kind whose files are records,
    # not Markdown, names its own layout here and registers it in
    # portal/content/po.py (LAYOUTS); None keeps the kind out of PO files.
    po_layout: str | None = "markdown"
    # Search (portal.search.indexer): every kind's published revisions are
    # indexed (title, summary, body as text) at ``url``; a kind may add
    # terms from its row (item -> list of words and phrases, matched like
    # titles) and weigh its results against other kinds'.
    search_terms: Callable | None = None
    # False keeps a kind out of the index: course sessions are dated and end,
    # so readers find them through their programme and the course list,
    # which drop them the day after they end.
    searchable: bool = True
    search_weight: float = 1.0
    search_label: object = ""  # what a result is called on the search page (lazy gettext)

    def url(self, slug: str, lang: str) -> str:
        return self.web_url.format(slug=slug, lang=lang)


GUIDE = Kind(
    name="guide", folder="guides", noun="guide",
    source_schema=SourceGuide(), translation_schema=TranslatedGuide(),
    shared_fields=SHARED_FIELDS, translatable=("title", "summary", "cost", "duration"),
    apply=guides.apply, words=guides.words,
    web_url="/{lang}/guides/{slug}", api_url="/api/v1/guides/{slug}?lang={lang}",
    links_to=("guide", "glossary"), cross_check=guides.cross_check, pack_pages=guides.pack_pages,
    search_label=_l("Guide"),
    export_order=(
        ("title", "summary", "topic", "order", "last_checked", "cost", "duration",
         "where_to_go", "related", "sources"),
        ("title", "summary", "cost", "duration", "translation", "source_revision"),
    ),
)


GLOSSARY = Kind(
    name="glossary", folder="glossary", noun="glossary term",
    source_schema=SourceTerm(), translation_schema=TranslatedTerm(),
    shared_fields=TERM_SHARED_FIELDS, translatable=("term",),
    apply=glossary.apply, words=glossary.words,
    web_url="/{lang}/glossary/{slug}", api_url="/api/v1/glossary/{slug}?lang={lang}",
    links_to=("guide",), cross_check=glossary.cross_check, pack_pages=glossary.pack_pages,
    export_order=(
        ("term", "also", "keep_portuguese", "see_also", "sources", "last_checked"),
        ("term", "translation", "source_revision"),
    ),
    # Explanations are short and plain: markup that would be stripped from a
    # guide (with a warning) is refused here, so nothing is silently lost.
    body_errors=("raw HTML removed", "link removed"),
    # Its Portuguese name and other forms, found in every language.
    search_terms=glossary.search_terms, search_weight=0.8, search_label=_l("Glossary term"),
)

SERVICE = Kind(
    name="service", folder="services", noun="service point",
    source_schema=ServicePoint(), translation_schema=ServicePointText(),
    shared_fields=(), translatable=SERVICE_TEXT,
    apply=services.apply, words=services.words,
    web_url="/{lang}/services/{slug}", api_url="/api/v1/service-points/{slug}?lang={lang}",
    links_to=("guide",), cross_check=services.cross_check, pack_pages=services.pack_pages,
    pack_assets=services.pack_assets,
    export_order=((
        "id", "kind", "name", "operator", "address", "postcode", "municipality", "district",
        "coordinates", "phones", "email", "website", "opening_hours", "hours", "closures",
        "appointment", "booking", "languages", "languages_note", "services", "topics",
        "accessibility", "how_to_get_there", "notes", "source", "last_confirmed"), ()),
    layout="records", id_field="id", body_field="notes",
    po_layout=None,  # records carry their text maps in YAML, not Markdown
    body_errors=("raw HTML removed",),
    search_terms=services.search_terms, search_label=_l("Service point"),
)

PROGRAMME = Kind(
    name="programme", folder="courses/programmes", noun="course programme",
    source_schema=courses.Programme(), translation_schema=courses.TextOnly(),
    shared_fields=(), translatable=courses.PROGRAMME_TEXT,
    apply=courses.apply_programme, words=courses.programme_words,
    web_url="/{lang}/courses/{slug}", api_url="/api/v1/programmes/{slug}?lang={lang}",
    links_to=("guide",), cross_check=courses.cross_check_programmes, pack_pages=courses.pack_pages,
    export_order=((
        "id", "title", "summary", "description", "audience", "kind", "levels", "code", "hours", "hours_note",
        "units", "schedule_note", "cost", "free", "eligibility", "certifies", "accepted_for", "providers",
        "how_to_enrol", "contact", "please_check", "machine_translated", "guides", "sources",
        "last_checked"), ()),
    layout="records", id_field="id", body_field="description",
    po_layout=None,  # records carry their text maps in YAML, not Markdown
    body_errors=("raw HTML removed",),
    search_label=_l("Course"),
)

SESSION = Kind(
    name="session", folder="courses/sessions", noun="course session",
    source_schema=courses.Session(), translation_schema=courses.TextOnly(),
    shared_fields=(), translatable=courses.SESSION_TEXT,
    apply=courses.apply_session, words=courses.session_words,
    web_url="/{lang}/courses/sessions/{slug}", api_url="/api/v1/sessions/{slug}?lang={lang}",
    links_to=("guide",), cross_check=courses.cross_check_sessions, pack_pages=courses.no_pages,
    export_order=((
        "id", "programme", "place", "provider", "format", "language", "levels", "start", "end", "schedule",
        "meetings", "breaks", "skip_holidays", "seats", "enrol_by", "enrol", "how_to_enrol", "contact", "notes",
        "published_by", "published_on"), ()),
    layout="records", id_field="id", body_field="notes",
    po_layout=None,  # records carry their text maps in YAML, not Markdown
    body_errors=("raw HTML removed",),
    searchable=False,
)

# Order matters: guides first, so other kinds can check links to them;
# service points and programmes before the sessions that name them.
KINDS: dict[str, Kind] = {kind.name: kind for kind in (GUIDE, GLOSSARY, SERVICE, PROGRAMME, SESSION)}

# The kinds search indexes (portal.search.indexer).
SEARCHABLE: tuple[str, ...] = tuple(name for name, kind in KINDS.items() if kind.searchable)
