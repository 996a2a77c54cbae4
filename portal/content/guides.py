"""The guide kind (registered in :mod:`portal.content.kinds`): how a guide's
source becomes row columns and revision text, its checks across kinds, and
its pages in an offline pack."""
from __future__ import annotations

from ..i18n import SOURCE_LANGUAGE
from .render import Rendered


def apply(item, data: dict, topics: dict) -> None:
    """The language-independent facts, set from pt.md only."""
    item.topic = topics[data["topic"]]
    item.position = data["order"]
    item.last_checked = data["last_checked"]
    item.where_to_go = data["where_to_go"]
    item.related = data["related"]
    item.sources = data["sources"]
    item.published = True


def words(data: dict, rendered: Rendered) -> dict:
    """A revision's text columns."""
    return {"title": data["title"], "summary": data["summary"],
            "cost": data["cost"], "duration": data["duration"]}


def pack_pages(lang: str, topic: str | None) -> list[str]:
    """The guides' part of a pack: home, offline page, topics and guides."""
    from .. import read

    topics = read.topics(lang)
    if topic is not None:
        topics = [t for t in topics if t.slug == topic]
    pages = [f"/{lang}/", f"/{lang}/offline"]
    for item in topics:
        pages.append(f"/{lang}/topics/{item.slug}")
        pages += [f"/{lang}/guides/{g.slug}" for g in read.topic(item.slug, lang).guides]
    return pages


def unknown_guides(content, source, name: str, slugs: set[str]) -> None:
    """Report each slug in the list field ``name`` of ``source`` that names no guide."""
    from .loader import Problem

    for index, other in enumerate(source.data[name]):
        if other not in slugs:
            content.problems.append(Problem(
                source.path, source.lines.get(f"{name}[{index}]", source.lines.get(name, 2)),
                f"{name}[{index}]", f"no guide with slug {other!r}"))


def unknown_guide_links(content, item_file, slugs: set[str]) -> None:
    """Report each ``guide:`` link in a body that names no guide."""
    from .loader import Problem

    for line, target in item_file.rendered.guide_links:
        if target not in slugs:
            content.problems.append(Problem(
                item_file.path, line, "body", f"link to unknown guide 'guide:{target}'"))


def cross_check(content) -> None:
    """Topics, related guides and links from guide bodies to guides and
    glossary terms (a removed term names both files)."""
    from .loader import Problem

    topics = {t["slug"] for t in content.topics}
    slugs = set(content.guides)
    for files in content.guides.values():
        source = files[SOURCE_LANGUAGE]
        if source.data["topic"] not in topics:
            content.problems.append(Problem(
                source.path, source.lines.get("topic", 2), "topic",
                f"unknown topic {source.data['topic']!r}; topics.yaml has: {', '.join(sorted(topics))}"))
        unknown_guides(content, source, "related", slugs)
        for guide_file in files.values():
            unknown_guide_links(content, guide_file, slugs)
            for line, target in guide_file.rendered.glossary_links:
                if target not in content.glossary:
                    content.problems.append(Problem(
                        guide_file.path, line, "body",
                        f"link to unknown glossary term 'glossary:{target}': "
                        f"glossary/{target}/{SOURCE_LANGUAGE}.md does not exist"))
