"""The editors' dashboard: server time of GET /editor/ (p50/p95, in-process,
the whole request: session, query, states, template) with 2,000 generated
guides in 12 languages (rows written straight into a scratch database here,
never content/), on SQLite and on PostgreSQL.

    .venv/bin/python bench/dashboard.py [--guides 2000] [--runs 40] [--pg URL] [--skip-pg]

Languages are in a spread of states: up to date, outdated, machine-drafted,
missing. Requests accept Brotli, as browsers do (the size printed is what
is sent). Pages measured: the whole dashboard as an admin, "outdated" filtered,
and a translator's "my work".
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def fill(guides: int) -> None:
    from portal.extensions import db
    from portal.i18n import LANGUAGES
    from portal.models import Guide, Revision, Translation

    rng = random.Random(14)
    now = datetime(2026, 11, 30, 12, 0)
    guide_rows = [{"id": n + 1, "kind": "guide", "slug": f"gen-{n:04d}", "position": n, "published": True,
                   "last_checked": date(2026, 11, 1), "where_to_go": [], "related": [], "sources": []}
                  for n in range(guides)]
    db.session.execute(db.insert(Guide), guide_rows)
    translations, revisions = [], []
    next_id = 1
    for n in range(guides):
        for lang in LANGUAGES:
            roll = rng.random()
            if lang != "pt" and roll < 0.15:
                continue  # missing
            translations.append({"id": next_id, "guide_id": n + 1, "lang": lang, "published": True,
                                 "outdated_since": now if lang != "pt" and roll < 0.35 else None})
            revisions.append({"id": next_id, "translation_id": next_id, "number": 1, "content_hash": "x" * 64,
                              "title": f"Guia gerado {n}" if lang == "pt" else f"Generated guide {n}",
                              "summary": "", "cost": "", "duration": "", "body_md": "", "body_html": "",
                              "parts": {}, "meta": {}, "method": "machine" if roll > 0.7 else "human",
                              "minor": False, "created_at": now})
            next_id += 1
    db.session.execute(db.insert(Translation), translations)
    db.session.execute(db.insert(Revision), revisions)
    db.session.execute(db.update(Translation).values(current_revision_id=Translation.id))
    db.session.commit()


def measure(url: str, guides: int, runs: int) -> dict:
    from portal import create_app
    from portal.editor import accounts
    from portal.extensions import db
    from portal.read import workspace

    base = tempfile.mkdtemp(prefix="bench-dashboard-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
                      "ASSET_BUILD_DIR": os.path.join(base, "static")},
                     instance_path=base)
    with app.app_context():
        db.drop_all()
        db.create_all()
        fill(guides)
        accounts.create("admin", "editor", password="bench password 1")
        accounts.create("tariq", "translator", {"languages": ["ar"]}, password="bench password 2")
        db.session.commit()
    results = {}
    for user, password, page in (("admin", "bench password 1", "/editor/"),
                                 ("admin", "bench password 1", "/editor/?state=outdated"),
                                 ("tariq", "bench password 2", "/editor/?mine=1")):
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          client.get("/editor/login").get_data(as_text=True)).group(1)
        response = client.post("/editor/login", data={"username": user, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        assert client.get(page).status_code == 200  # warm up
        for cached in (False, True):
            times = []
            for _ in range(runs):
                if not cached:
                    workspace._KEPT.clear()  # as after a publish: the states are read again
                start = time.perf_counter()
                response = client.get(page, headers={"Accept-Encoding": "br, gzip"})
                response.get_data()
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            times.sort()
            label = f"{page} ({'kept states' if cached else 'after a publish'})"
            results[label] = (statistics.median(times), times[int(0.95 * (len(times) - 1))], len(response.data))
    with app.app_context():
        if url.startswith("postgresql"):
            db.drop_all()
        db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--pg", default=os.environ.get("DATABASE_TEST_URL_PG", PG_DEFAULT))
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("FLASK_CHECK_CATALOGS", "false")
    targets = [("SQLite", f"sqlite:///{tempfile.mkdtemp(prefix='bench-dashboard-db-')}/bench.sqlite3")]
    schema = f"acolher_bench_{os.getpid()}"  # a schema of its own: other runs may share the database
    dsn = args.pg.replace("postgresql+psycopg://", "postgresql://")
    if not args.skip_pg:
        try:
            import psycopg

            with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as connection:
                connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            targets.append(("PostgreSQL", f"{args.pg}{'&' if '?' in args.pg else '?'}"
                                          f"options=-csearch_path%3D{schema},public"))
        except Exception as exc:
            print(f"PostgreSQL: skipped ({exc.__class__.__name__}: {exc})")
    print(f"dashboard, {args.guides} guides x 12 languages, {args.runs} runs each (ms, in-process)")
    for name, url in targets:
        try:
            results = measure(url, args.guides, args.runs)
        except Exception as exc:  # a database that is not there: say so, go on
            print(f"{name}: skipped ({exc.__class__.__name__}: {exc})")
            continue
        for page, (p50, p95, size) in results.items():
            print(f"{name:<11} {page:<50} p50 {p50:6.1f}  p95 {p95:6.1f}  ({size / 1024:.1f} KB compressed)")
    if len(targets) > 1:
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
