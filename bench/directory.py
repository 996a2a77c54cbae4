"""Directory benchmarks with a generated set of 500 service points (made
here, in a scratch folder: not real, never in content/):

- list page for all points, Brotli-compressed KB (budget 30);
- compact directory data in the offline pack, Brotli KB (budget 40);
- "open now" for the whole list, server side, ms (budget 20);
- nearest-to-me sort of 500 points in Chromium, ms (budget 50).

Run: .venv/bin/python bench/directory.py
"""
from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import brotli
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, scratch  # noqa: E402

HOURS = ["Mo-Fr 09:00-17:00", "Mo-Fr 08:30-19:30; Sa 08:30-14:00", "Mo-Fr 09:30-13:00,14:00-17:30; PH off",
         "Mo,Th 09:00-12:30", "24/7", None]


def generate(folder: Path, count: int = 500) -> None:
    from portal import geo

    rng = random.Random(10)
    seats = sorted(geo.seats().items())
    (folder / "services").mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (municipality, district), seat = seats[rng.randrange(len(seats))]
        record = {
            "id": f"bench-{number:03d}", "kind": rng.choice(["local-centre", "citizen-shop", "aima-desk"]),
            "name": {"pt": f"Centro de teste {number} de {municipality}"},
            "municipality": municipality, "district": district,
            "phones": [{"number": f"21{rng.randrange(1, 9)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}"}],
            "languages": rng.sample(["pt", "en", "ar", "uk", "hi", "ne", "bn", "zh"], 3),
            "source": {"urls": ["https://example.pt/bench"], "confidence": "sourced"},
        }
        if rng.random() < 0.5:
            record["coordinates"] = {"lat": round(seat.lat + rng.uniform(-0.02, 0.02), 5),
                                     "lon": round(seat.lon + rng.uniform(-0.02, 0.02), 5)}
        hours = rng.choice(HOURS)
        if hours:
            record["opening_hours"] = hours
        (folder / "services" / f"{record['id']}.yaml").write_text(
            yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="acolher-directory-"))
    content = base / "content"
    content.mkdir()
    (content / "topics.yaml").write_text((ROOT / "content" / "topics.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    generate(content)
    env = scratch(content)
    os.environ.update(env)
    from portal import create_app
    from portal.content.publish import publish
    from portal.read import services as directory

    app = create_app({"CONTENT_DIR": env["FLASK_CONTENT_DIR"], "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    with app.app_context():
        result = publish(Path(env["FLASK_CONTENT_DIR"]))
        assert result.published, [str(p) for p in result.content.errors][:5]
        client = app.test_client()
        page = client.get("/pt/services", headers={"Accept-Encoding": "br"})
        data = client.get("/pt/services/directory.json", headers={"Accept-Encoding": "identity"}).get_data()
        points = directory.points("pt")
        from datetime import datetime

        from portal.directory.hours import LISBON
        runs = []
        for _ in range(20):
            started = time.perf_counter()
            now = datetime.now(LISBON)
            for item in points:
                item.status(now)
            runs.append((time.perf_counter() - started) * 1000)
    print(f"points: {len(points)}")
    print(f"list page /pt/services: {len(page.get_data()) / 1024:.1f} KB br (budget 30)")
    print(f"compact directory in the pack: {len(brotli.compress(data)) / 1024:.1f} KB br "
          f"({len(data) / 1024:.0f} KB raw; budget 40)")
    print(f"open now for the whole list: median {statistics.median(runs):.1f} ms (budget 20)")
    print(f"nearest sort in Chromium: median {nearest_ms(ROOT / 'portal/static/js/nearest.js', data):.2f} ms (budget 50)")


def nearest_ms(script: Path, data: bytes) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content('<div id="nearest" hidden data-button="x"></div>')
        page.add_script_tag(content=script.read_text(encoding="utf-8"))
        timings = page.evaluate("""(data) => {
            const now = {date: "2026-12-02", day: 2, minute: 600}, out = [];
            for (let i = 0; i < 30; i++) {
                const t = performance.now();
                window.acolherNearest(data, 38.72, -9.14, now, 10);
                out.push(performance.now() - t);
            }
            return out;
        }""", json.loads(data))
        browser.close()
    return statistics.median(timings)


if __name__ == "__main__":
    main()
