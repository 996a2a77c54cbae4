"""Write the published state back to files that ``publish`` reads again
unchanged (publish -> export -> publish is a no-op)."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..extensions import db
from ..models import Guide, Topic

SOURCE_ORDER = ("title", "summary", "topic", "order", "last_checked", "cost",
                "duration", "where_to_go", "related", "sources")
TRANSLATION_ORDER = ("title", "summary", "cost", "duration", "translation", "source_revision")


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _ordered(meta: dict) -> dict:
    order = SOURCE_ORDER if "topic" in meta else TRANSLATION_ORDER
    return {key: meta[key] for key in order if key in meta}


def export(dest: Path) -> tuple[int, int]:
    """Write topics.yaml and every published guide translation; return counts."""
    dest.mkdir(parents=True, exist_ok=True)
    topics = db.session.execute(
        db.select(Topic).where(Topic.published.is_(True)).order_by(Topic.position)
    ).scalars()
    entries = [{"slug": t.slug, "icon": t.icon, "title": t.titles} for t in topics]
    (dest / "topics.yaml").write_text(_dump(entries), encoding="utf-8")
    guides = db.session.execute(db.select(Guide).where(Guide.published.is_(True))).scalars()
    written = 0
    for guide in guides:
        for translation in guide.translations:
            if not translation.published or translation.current is None:
                continue
            revision = translation.current
            folder = dest / "guides" / guide.slug
            folder.mkdir(parents=True, exist_ok=True)
            text = f"---\n{_dump(_ordered(revision.meta))}---\n\n{revision.body_md}"
            (folder / f"{translation.lang}.md").write_text(text, encoding="utf-8")
            written += 1
    return len(entries), written
