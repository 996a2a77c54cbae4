"""The glossary kind (registered in :mod:`portal.content.kinds`): rows,
revision text, checks and offline pages of glossary terms.

A glossary term explains a Portuguese word a reader meets on signs and
documents. Its checks run after every kind is loaded, so they can look at
guides, and guides can look at terms.
"""
from __future__ import annotations

import html
import re

from ..i18n import SOURCE_LANGUAGE
from .guides import unknown_guide_links, unknown_guides
from .render import Rendered


def apply(item, data: dict, topics: dict) -> None:
    """A term has no topic; its other forms go in ``facts``, its "see also"
    guides in ``related``."""
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


def words(data: dict, rendered: Rendered) -> dict:
    """``title`` is the term; ``summary`` the explanation as text, for lists
    and the API."""
    return {"title": data["term"], "summary": plain_text(rendered.html), "cost": "", "duration": ""}


def search_terms(item) -> list[str]:
    """Search finds a term by its Portuguese name and forms in every language."""
    facts = item.facts or {}
    return [facts.get("term", ""), *facts.get("also", [])]


def cross_check(content) -> None:
    """Duplicate terms, "see also" guides that do not exist, links to
    unknown guides, and translations that drop a name kept in Portuguese."""
    from .loader import Problem

    guides = set(content.guides)
    seen: dict[str, str] = {}
    for _slug, files in sorted(content.items.get("glossary", {}).items()):
        source = files[SOURCE_LANGUAGE]
        data = source.data
        key = data["term"].casefold()
        if key in seen:
            content.problems.append(Problem(
                source.path, source.lines.get("term", 2), "term",
                f"duplicate term {data['term']!r}: also in {seen[key]}"))
        else:
            seen[key] = source.path
        unknown_guides(content, source, "see_also", guides)
        for term_file in files.values():
            unknown_guide_links(content, term_file, guides)
            for line, target in term_file.rendered.glossary_links:
                content.problems.append(Problem(
                    term_file.path, line, "body",
                    f"'glossary:{target}': an explanation links to guides, not to other terms"))
            if data["keep_portuguese"] and not term_file.is_source:
                _check_kept(content, term_file, data["term"])


def _check_kept(content, term_file, portuguese: str) -> None:
    """Office names stay in Portuguese: readers see them on signs."""
    from .loader import Problem

    wanted = portuguese.casefold()
    if wanted not in term_file.body.casefold() and wanted not in term_file.data["term"].casefold():
        content.problems.append(Problem(
            term_file.path, term_file.lines.get("term", 2), "term",
            f"keep the Portuguese name {portuguese!r} in the explanation or the term "
            "(readers see it on signs)", warning=True))


def pack_pages(lang: str, topic: str | None) -> list[str]:
    """Every language's pack carries the whole glossary of that language, so
    a term tapped in a saved guide opens offline."""
    from ..read.glossary import entries

    found = entries(lang)
    if not found:
        return []
    return [f"/{lang}/glossary", *(f"/{lang}/glossary/{entry.slug}" for entry in found)]
