"""One source of truth: the database holds what is published; files in
``content/`` are how content enters and leaves it in bulk.

The workspace publishes through the same service as ``flask content
publish``. So that a publish from files made before a web edit cannot
silently overwrite it, ``content export`` writes ``.workspace-base`` naming
the newest workspace publication the files contain. ``publish`` refuses
(unless ``--force``) every entry whose live revision was published from the
workspace after that base and that the files would change or remove,
naming it and showing the diff.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..extensions import db
from .diffs import unified
from .models import Draft

BASE_FILE = ".workspace-base"
BASE_LINE = re.compile(r"^workspace-publication:\s*(\d+)\s*$", re.M)


def base_marker() -> str:
    newest = db.session.execute(
        db.select(db.func.max(Draft.id)).where(Draft.status == "published")).scalar() or 0
    return ("# The newest workspace publication these files contain (written by\n"
            "# flask content export; publish compares it with the workspace's).\n"
            f"workspace-publication: {newest}\n")


def read_base(root: Path) -> int:
    """The base written by export; 0 (no workspace edit included) without one."""
    path = root / BASE_FILE
    try:
        match = BASE_LINE.search(path.read_text(encoding="utf-8")[:1000])
    except (OSError, UnicodeDecodeError):
        return 0
    return int(match.group(1)) if match else 0


@dataclass
class Overwrite:
    kind: str
    slug: str
    lang: str
    path: str
    draft: Draft
    workspace_text: str
    file_text: str | None  # None: the files would unpublish it

    @property
    def problem(self):
        from ..content.loader import Problem

        when = f"{self.draft.published_at:%Y-%m-%d %H:%M} UTC" if self.draft.published_at else "?"
        what = "remove" if self.file_text is None else "overwrite"
        return Problem(self.path, 1, "workspace",
                       f"edited in the workspace by {self.draft.author or '?'} on {when} after these "
                       f"files' base revision; publishing would {what} it. Export the workspace "
                       "first (flask content export), or publish with --force")

    def diff(self) -> str:
        return unified(self.workspace_text, self.file_text or "", f"workspace ({self.path})",
                       f"files ({self.path})")


def workspace_conflicts(content) -> list[Overwrite]:
    from ..content.kinds import KINDS
    from ..content.publish import published_parts
    from .drafts import entry_path, live

    base = read_base(content.root)
    drafts = db.session.execute(
        db.select(Draft).where(Draft.status == "published", Draft.id > base).order_by(Draft.id.desc())
    ).scalars().all()
    if not drafts:
        return []
    live_hashes = {key: value[0] for key, value in published_parts().items()}
    found, seen = [], set()
    for draft in drafts:
        key = (draft.kind, draft.slug, draft.lang)
        kind = KINDS.get(draft.kind)
        if key in seen or kind is None:
            continue
        seen.add(key)
        live_hash = live_hashes.get(key)
        if live_hash is None or live_hash != draft.published_hash:
            continue  # replaced since (by --force, or a later workspace edit is newer)
        files = content.items[kind.name].get(draft.slug) or {}
        in_files = files.get(draft.lang)
        if in_files is not None and in_files.content_hash == live_hash:
            continue
        path = entry_path(kind, draft.slug, draft.lang)
        file_path = content.root / path
        file_text = file_path.read_text(encoding="utf-8") if file_path.is_file() else None
        text, _digest = live(kind, draft.slug, draft.lang)
        found.append(Overwrite(draft.kind, draft.slug, draft.lang, path, draft, text or "", file_text))
    return found
