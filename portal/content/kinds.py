"""The one registry of content kinds.

Every kind of content (guides, glossary terms, later service points) goes
through the same loader, publish, change feed, export, stamp and offline
pack builder. A kind only declares what differs: where its files live, its
schemas, how a file becomes rows, which fields are translatable, how its
pages and API entries are addressed, what goes into offline packs and which
other kinds it may link to, and what search adds to its text. Adding a kind
means writing its schema, its rows, its templates and its API schema and
adding one ``Kind`` here; it is then searchable too.

Items of every kind share the ``guide`` table (told apart by
``Guide.kind``), its translations and its revisions: one history, one
freshness rule and one change event per change, whatever the kind.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from marshmallow import Schema

from . import glossary, guides
from .render import Rendered, render
from .schemas import (
    SHARED_FIELDS,
    TERM_SHARED_FIELDS,
    SourceGuide,
    SourceTerm,
    TranslatedGuide,
    TranslatedTerm,
)


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
    # Search (portal.search.indexer): every kind's published revisions are
    # indexed (title, summary, body as text) at ``url``; a kind may add
    # terms from its row (item -> list of words and phrases, matched like
    # titles) and weigh its results against other kinds'.
    search_terms: Callable | None = None
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

# Order matters: guides first, so other kinds can check links to them.
KINDS: dict[str, Kind] = {kind.name: kind for kind in (GUIDE, GLOSSARY)}
