"""Checks and offline pages of the glossary kind (registered in
:mod:`portal.content.kinds`).

A glossary term explains a Portuguese word a reader meets on signs and
documents. Its checks run after every kind is loaded, so they can look at
guides, and guides can look at terms.
"""
from __future__ import annotations

from ..i18n import SOURCE_LANGUAGE


def cross_check(content) -> None:
    """Duplicate terms, "see also" guides that do not exist, links to
    unknown guides, and translations that drop a name kept in Portuguese."""
    from .loader import Problem

    guides = set(content.guides)
    seen: dict[str, str] = {}
    for slug, files in sorted(content.items.get("glossary", {}).items()):
        source = files[SOURCE_LANGUAGE]
        data = source.data
        key = data["term"].casefold()
        if key in seen:
            content.problems.append(Problem(
                source.path, source.lines.get("term", 2), "term",
                f"duplicate term {data['term']!r}: also in {seen[key]}"))
        else:
            seen[key] = source.path
        for index, target in enumerate(data["see_also"]):
            if target not in guides:
                content.problems.append(Problem(
                    source.path, source.lines.get(f"see_also[{index}]", source.lines.get("see_also", 2)),
                    f"see_also[{index}]", f"no guide with slug {target!r}"))
        for term_file in files.values():
            for line, target in term_file.rendered.guide_links:
                if target not in guides:
                    content.problems.append(Problem(
                        term_file.path, line, "body", f"link to unknown guide 'guide:{target}'"))
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
    from ..read_glossary import entries

    found = entries(lang)
    if not found:
        return []
    return [f"/{lang}/glossary", *(f"/{lang}/glossary/{entry.slug}" for entry in found)]
