"""The one registry of content kinds.

Every kind of content (guides, glossary terms, later service points) goes
through the same loader, publish, change feed, export, stamp and offline
pack builder. A kind only declares what differs: where its files live, its
schemas, how a file becomes rows, which fields are translatable, how its
pages and API entries are addressed, what goes into offline packs and which
other kinds it may link to. Adding a kind means writing its schema, its
rows, its templates and its API schema and adding one ``Kind`` here.

Items of every kind share the ``guide`` table (told apart by
``Guide.kind``), its translations and its revisions: one history, one
freshness rule and one change event per change, whatever the kind.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

from marshmallow import Schema

from . import glossary
from .render import Rendered, render
from .schemas import (
    SHARED_FIELDS, TERM_SHARED_FIELDS, SourceGuide, SourceTerm, TranslatedGuide, TranslatedTerm,
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

    def url(self, slug: str, lang: str) -> str:
        return self.web_url.format(slug=slug, lang=lang)


def _apply_guide(item, data: dict, topics: dict) -> None:
    item.topic = topics[data["topic"]]
    item.position = data["order"]
    item.last_checked = data["last_checked"]
    item.where_to_go = data["where_to_go"]
    item.related = data["related"]
    item.sources = data["sources"]
    item.published = True


def _guide_words(data: dict, rendered: Rendered) -> dict:
    return {"title": data["title"], "summary": data["summary"],
            "cost": data["cost"], "duration": data["duration"]}


def _guide_pack_pages(lang: str, topic: str | None) -> list[str]:
    """The guides' part of a pack: home, offline page, topics and guides."""
    from .. import read

    topics = read.topics(lang)
    if topic is not None:
        topics = [t for t in topics if t.slug == topic]
    pages = [f"/{lang}/", f"/{lang}/offline"]
    for item in topics:
        pages.append(f"/{lang}/topics/{item.slug}")
        pages += [GUIDE.url(g.slug, lang) for g in read.topic(item.slug, lang).guides]
    return pages


def _check_guides(content) -> None:
    from .loader import cross_check_guides

    cross_check_guides(content)


GUIDE = Kind(
    name="guide", folder="guides", noun="guide",
    source_schema=SourceGuide(), translation_schema=TranslatedGuide(),
    shared_fields=SHARED_FIELDS, translatable=("title", "summary", "cost", "duration"),
    apply=_apply_guide, words=_guide_words,
    web_url="/{lang}/guides/{slug}", api_url="/api/v1/guides/{slug}?lang={lang}",
    links_to=("guide", "glossary"), cross_check=_check_guides, pack_pages=_guide_pack_pages,
    export_order=(
        ("title", "summary", "topic", "order", "last_checked", "cost", "duration",
         "where_to_go", "related", "sources"),
        ("title", "summary", "cost", "duration", "translation", "source_revision"),
    ),
)


def _apply_term(item, data: dict, topics: dict) -> None:
    item.topic = None
    item.position = 100
    item.last_checked = data["last_checked"]
    item.where_to_go = []
    item.related = data["see_also"]
    item.sources = data["sources"]
    item.facts = {"term": data["term"], "also": data["also"],
                  "keep_portuguese": data["keep_portuguese"]}
    item.published = True


def plain_text(body_html: str | None, limit: int = 400) -> str:
    """The explanation as one line of text (API summaries, previews)."""
    text = re.sub(r"</?(p|li|br|h\d|ul|ol|blockquote)\b[^>]*>", " ", body_html or "")
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _term_words(data: dict, rendered: Rendered) -> dict:
    return {"title": data["term"], "summary": plain_text(rendered.html), "cost": "", "duration": ""}


GLOSSARY = Kind(
    name="glossary", folder="glossary", noun="glossary term",
    source_schema=SourceTerm(), translation_schema=TranslatedTerm(),
    shared_fields=TERM_SHARED_FIELDS, translatable=("term",),
    apply=_apply_term, words=_term_words,
    web_url="/{lang}/glossary/{slug}", api_url="/api/v1/glossary/{slug}?lang={lang}",
    links_to=("guide",), cross_check=glossary.cross_check, pack_pages=glossary.pack_pages,
    export_order=(
        ("term", "also", "keep_portuguese", "see_also", "sources", "last_checked"),
        ("term", "translation", "source_revision"),
    ),
    # Explanations are short and plain: markup that would be stripped from a
    # guide (with a warning) is refused here, so nothing is silently lost.
    body_errors=("raw HTML removed", "link removed"),
)

# Order matters: guides first, so other kinds can check links to them.
KINDS: dict[str, Kind] = {kind.name: kind for kind in (GUIDE, GLOSSARY)}
