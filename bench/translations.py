"""Translators' files at scale: ``content po-export`` of all 11 languages
and ``content po-import`` of one language, for 2,000 generated guides x 12
languages (plus the starter glossary), in a scratch folder and database.

Targets: export of 11 languages < 60 s, import of one language < 90 s.
Run: ``.venv/bin/python bench/translations.py``.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BIN, ROOT, scratch
from scale import LANGS, generate, timed_publish

COUNT = 2000


def timed(env: dict, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "flask"), *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    return time.perf_counter() - start, done.stdout.strip().splitlines()[-1]


def keep_glossary(env: dict, root: Path) -> None:
    """The starter glossary, its guide links pointed at a generated guide
    (the starter guides are replaced), translations stamped again."""
    for path in (root / "glossary").glob("*/pt.md"):
        text = re.sub(r"^see_also: .*$", "see_also: [gen-0000]", path.read_text(encoding="utf-8"), flags=re.M)
        path.write_text(re.sub(r"\(guide:[a-z0-9-]+", "(guide:gen-0000", text), encoding="utf-8")
    timed(env, "content", "stamp", "--force")


def main(count: int = COUNT) -> list[str]:
    env = scratch()
    root = Path(env["FLASK_CONTENT_DIR"])
    generate(root, count)
    keep_glossary(env, root)
    publish_seconds, _ = timed_publish(env)
    lines = [f"Translators' files, {count:,} guides x 12 languages (publish first: {publish_seconds:.0f} s):"]
    out = Path(tempfile.mkdtemp(prefix="acolher-po-"))
    total = 0.0
    slowest = (0.0, "")
    for lang in LANGS[1:]:
        seconds, summary = timed(env, "content", "po-export", lang, str(out / lang))
        total += seconds
        slowest = max(slowest, (seconds, lang))
    lines.append(f"  po-export, 11 languages (one CLI process each): {total:.1f} s in all "
                 f"(target < 60 s); slowest {slowest[1]} {slowest[0]:.1f} s; last: {summary}")
    seconds, summary = timed(env, "content", "po-export", "all", str(out / "all"))
    lines.append(f"  po-export all (11 languages, one process): {seconds:.1f} s (target < 60 s)")
    seconds, summary = timed(env, "content", "po-export", "ar", "--format", "xliff", str(out / "ar-xliff"))
    lines.append(f"  po-export ar as XLIFF: {seconds:.1f} s")
    files = sorted(str(p) for p in (out / "ar").rglob("*.po"))
    seconds, summary = timed(env, "content", "po-import", "ar", *files)
    lines.append(f"  po-import ar, {len(files):,} files, rebuilt and published (every file changes: "
                 f"provenance becomes human): {seconds:.1f} s (target < 90 s)")
    seconds, summary = timed(env, "content", "po-import", "ar", *files)
    lines.append(f"  po-import ar again, nothing changed: {seconds:.1f} s")
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    print("\n".join(main(int(sys.argv[1]) if len(sys.argv) > 1 else COUNT)))
