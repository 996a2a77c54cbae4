"""Write the published state back to files that ``publish`` reads again
unchanged (publish -> export -> publish is a no-op)."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..extensions import db
from ..i18n import SOURCE_LANGUAGE
from ..models import Guide, SearchSynonyms, Topic
from .kinds import KINDS
from .records import join


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _ordered(meta: dict, order: tuple[str, ...]) -> dict:
    return {key: meta[key] for key in order if key in meta}


def export(dest: Path) -> tuple[int, int]:
    """Write topics.yaml and every published translation of every kind;
    return (topics, files)."""
    dest.mkdir(parents=True, exist_ok=True)
    topics = db.session.execute(
        db.select(Topic).where(Topic.published.is_(True)).order_by(Topic.position)
    ).scalars()
    entries = [{"slug": t.slug, "icon": t.icon, "title": t.titles} for t in topics]
    (dest / "topics.yaml").write_text(_dump(entries), encoding="utf-8")
    guides = db.session.execute(db.select(Guide).where(Guide.published.is_(True))).scalars()
    written = 0
    for guide in guides:
        kind = KINDS[guide.kind]
        if kind.layout == "records":
            written += _export_record(dest, kind, guide)
            continue
        for translation in guide.translations:
            if not translation.published or translation.current is None:
                continue
            folder = dest / kind.folder / guide.slug
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{translation.lang}.md").write_text(
                markdown_text(kind, translation.lang, translation.current), encoding="utf-8")
            written += 1
    _export_synonyms(dest)
    _write_base(dest)
    return len(entries), written


def _write_base(dest: Path) -> None:
    """Name the workspace state these files hold (see
    :mod:`portal.editor.truth`): ``publish`` refuses to overwrite workspace
    edits made after it."""
    from ..editor.truth import BASE_FILE, base_marker

    (dest / BASE_FILE).write_text(base_marker(), encoding="utf-8")


def _export_synonyms(dest: Path) -> None:
    rows = db.session.execute(db.select(SearchSynonyms).order_by(SearchSynonyms.lang)).scalars()
    for row in rows:
        folder = dest / "synonyms"
        folder.mkdir(parents=True, exist_ok=True)
        text = "".join(yaml.safe_dump([group], allow_unicode=True, default_flow_style=None, width=1000)
                       for group in row.groups)
        (folder / f"{row.lang}.yaml").write_text(text or "[]\n", encoding="utf-8")


def markdown_text(kind, lang: str, revision) -> str:
    """A folders-layout file (``<lang>.md``) as export writes it."""
    order = kind.export_order[0 if lang == SOURCE_LANGUAGE else 1]
    return f"---\n{_dump(_ordered(revision.meta, order))}---\n\n{revision.body_md}"


def record_text(kind, guide: Guide) -> str | None:
    """A records-layout file (``<id>.yaml``) as export writes it."""
    metas = {t.lang: (t.current.meta, t.current.body_md) for t in guide.translations
             if t.published and t.current is not None}
    if SOURCE_LANGUAGE not in metas:
        return None
    return _dump(join(kind, metas))


def _export_record(dest: Path, kind, guide: Guide) -> int:
    """One YAML file from the record's languages (see ``records.join``)."""
    text = record_text(kind, guide)
    if text is None:
        return 0
    folder = dest / kind.folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{guide.slug}.yaml").write_text(text, encoding="utf-8")
    return 1
