"""Run every benchmark and print the figures (``make bench``).

Each part can also run alone: ``python bench/pages.py`` and so on.
Benchmarks are scripts, not tests: they measure, they do not assert.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from common import flask, scratch

HERE = Path(__file__).resolve().parent


def publish_times() -> list[str]:
    env = scratch()
    start = time.perf_counter()
    flask(env, "content", "publish")
    first = time.perf_counter() - start
    start = time.perf_counter()
    flask(env, "content", "publish")
    again = time.perf_counter() - start
    return [f"Publishing the starter content (CLI, process start included): first {first:.1f} s "
            f"(target < 10 s), unchanged {again:.1f} s (target < 2 s)"]


def main() -> None:
    sys.path.insert(0, str(HERE))
    import courses
    import offline
    import pages
    import scale
    import throughput

    for part in (pages.main, publish_times, throughput.main, offline.main, scale.main, courses.main):
        print("\n".join(part()), flush=True)
        print(flush=True)


if __name__ == "__main__":
    main()
