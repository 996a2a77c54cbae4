"""The training offer with 500 generated upcoming sessions (written into a
scratch copy of the content, never into content/): the courses list page,
an .ics of a 30-meeting session and how much a language's offline pack
grows, all as the server sends them (Brotli for pages, raw for .ics).

Budgets: list page <= 30 KB compressed HTML, 30-meeting .ics <= 8 KB,
pack growth <= 20 KB compressed for 500 sessions.
"""
from __future__ import annotations

import os
import random
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import yaml
from common import ROOT, kb

SESSIONS = 500
TODAY = date(2027, 1, 4)
PROGRAMMES = ("pla-a1-a2", "pla-b1-b2", "plnm-school", "portuguese-online", "staff-training-iom")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat")


def generated_sessions(root: Path, count: int, places: list[str], seed: int = 11) -> None:
    """``count`` upcoming sessions, a mix of places, formats, schedules."""
    rng = random.Random(seed)
    folder = root / "courses" / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        start = TODAY + timedelta(days=rng.randrange(1, 200))
        end = start + timedelta(days=rng.randrange(20, 180))
        fmt = rng.choice(("in-person", "in-person", "online", "blended"))
        data = {"id": f"bench-{number:04d}", "programme": rng.choice(PROGRAMMES), "format": fmt,
                "language": rng.choice(("pt", "pt", "pt", "en", "ar", "uk")),
                "start": start.isoformat(), "end": end.isoformat(),
                "published_by": "Benchmark", "published_on": "2026-11-30"}
        data["place"] = "online" if fmt == "online" else rng.choice(places)
        if rng.random() < 0.3:
            data["meetings"] = [{"date": (start + timedelta(days=7 * i)).isoformat(), "start": "18:00",
                                 "end": "21:00"} for i in range((end - start).days // 7 + 1)]
        else:
            data["schedule"] = [{"day": day, "start": "18:30", "end": "21:30"}
                                for day in rng.sample(DAYS, rng.randrange(1, 3))]
        if rng.random() < 0.5:
            data["enrol"] = {"phone": "+351 218 106 100"}
        (folder / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def thirty_meetings(root: Path, place: str) -> None:
    start = TODAY + timedelta(days=7)
    data = {"id": "bench-thirty", "programme": "pla-a1-a2", "place": place, "format": "in-person",
            "language": "pt", "start": start.isoformat(), "end": (start + timedelta(days=30 * 3)).isoformat(),
            "meetings": [{"date": (start + timedelta(days=3 * i)).isoformat(),
                          "start": "18:30" if i % 4 else "10:00", "end": "21:30" if i % 4 else "13:00"}
                         for i in range(30)],
            "enrol": {"phone": "+351 218 106 100", "url": "https://example.org/inscricao"},
            "how_to_enrol": {"pt": "Inscrição na secretaria da escola, com documento de identificação."},
            "published_by": "Benchmark", "published_on": "2026-11-30"}
    folder = root / "courses" / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench-thirty.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def _site(count: int):
    base = Path(tempfile.mkdtemp(prefix="acolher-bench-courses-"))
    root = base / "content"
    shutil.copytree(ROOT / "content", root)
    places = sorted(p.stem for p in (root / "services").glob("*.yaml"))
    if count:
        generated_sessions(root, count, places)
        thirty_meetings(root, "cnaim-lisboa")
    os.environ["ACOLHER_INSTANCE_PATH"] = str(base / "instance")
    from portal import create_app
    from portal.content.publish import publish
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'bench.sqlite3'}", "CONTENT_DIR": str(root),
                      "ASSET_BUILD_DIR": str(base / "static"), "TODAY": TODAY.isoformat(),
                      "CONTENT_CHECK_CACHE": str(base / "checks.json"), "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        result = publish(root)
        assert result.published, [str(p) for p in result.problems if not p.warning][:5]
    return app


def measure() -> dict:
    empty = _site(0).test_client()
    full = _site(SESSIONS).test_client()
    br = {"Accept-Encoding": "br"}
    figures = {}
    for lang in ("pt", "ar"):
        page = full.get(f"/{lang}/courses", headers=br)
        figures[f"list_{lang}"] = len(page.get_data())
    figures["list_filtered"] = len(full.get("/pt/courses?district=Lisboa", headers=br).get_data())
    figures["programme"] = max(len(full.get(f"/pt/courses/{p}", headers=br).get_data()) for p in PROGRAMMES)
    ics = full.get("/pt/courses/pla-a1-a2/bench-thirty.ics")
    assert ics.status_code == 200
    figures["ics_30"] = len(ics.get_data())
    figures["ics_30_br"] = len(full.get("/pt/courses/pla-a1-a2/bench-thirty.ics", headers=br).get_data())
    figures["feed"] = len(full.get("/pt/courses/pla-a1-a2.ics", headers=br).get_data())
    for lang in ("pt", "ar"):
        before = empty.get(f"/api/v1/offline-packs/{lang}").get_json()["total_size"]
        after = full.get(f"/api/v1/offline-packs/{lang}").get_json()["total_size"]
        figures[f"pack_{lang}"] = after - before
    return figures


def main() -> list[str]:
    f = measure()
    ok = lambda value, budget: "ok" if value <= budget else "OVER BUDGET"  # noqa: E731
    return [
        f"Courses with {SESSIONS} generated upcoming sessions (python bench/courses.py):",
        f"  /pt/courses list page, Brotli: {kb(f['list_pt'])}, /ar/courses {kb(f['list_ar'])} "
        f"(budget 30 KB: {ok(max(f['list_pt'], f['list_ar']), 30 * 1024)}); "
        f"filtered to Lisboa {kb(f['list_filtered'])}; heaviest programme page {kb(f['programme'])}",
        f"  .ics of a 30-meeting session: {kb(f['ics_30'])} raw, {kb(f['ics_30_br'])} Brotli "
        f"(budget 8 KB: {ok(f['ics_30'], 8 * 1024)}); programme feed (~100 sessions) {kb(f['feed'])} Brotli",
        f"  offline pack growth: pt {kb(f['pack_pt'])}, ar {kb(f['pack_ar'])} compressed "
        f"(budget 20 KB: {ok(max(f['pack_pt'], f['pack_ar']), 20 * 1024)})",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
