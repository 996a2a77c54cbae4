"""Save-and-preview in the editors' workspace: server time (p50/p95,
in-process, the whole request: session, CSRF, form to file text, the
loader's checks, rendering with the publish renderer and sanitizer, the
draft written and committed, the page rendered) for the Portuguese
tax-number guide and for a local centre whose Friday hours change in the
weekly table, from the starter content published into a scratch SQLite
database (never touching the checkout).

    .venv/bin/python bench/editing.py [--runs 40]

Two round trips are measured: "preview" (check and render, nothing saved)
and "save" (a draft saved under optimistic locking, then the edit page
again, with its preview).
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("FLASK_CHECK_CATALOGS", "false")
    from portal import create_app
    from portal.content.publish import publish
    from portal.editor import accounts
    from portal.extensions import db

    base = tempfile.mkdtemp(prefix="bench-editing-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{base}/bench.sqlite3", "SECRET_KEY": "bench",
                      "TESTING": True, "ASSET_BUILD_DIR": os.path.join(base, "static"),
                      "CONTENT_CHECK_CACHE": os.path.join(base, "checks.json")}, instance_path=base)
    with app.app_context():
        db.create_all()
        assert publish(ROOT / "content").published
        accounts.create("edna", "editor", password="bench password 1")
        db.session.commit()
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/editor/login").get_data(as_text=True)).group(1)
    assert client.post("/editor/login", data={"username": "edna", "password": "bench password 1",
                                              "csrf_token": token}).status_code == 302
    from portal.content.kinds import KINDS
    from portal.editor import drafts, entryform

    def opened_values(kind_name: str, slug: str) -> dict[str, str]:
        """The form's fields as the edit page shows them."""
        with app.app_context():
            kind = KINDS[kind_name]
            return entryform.values_from_text(kind, "pt", drafts.opened(kind, slug, "pt").text)

    guide = opened_values("guide", "tax-number-nif")
    centre = opened_values("service", "claim-fcl")
    cases = (
        ("guide", "/editor/edit/guide/tax-number-nif/pt",
         lambda run: {**guide, "body": guide["body"] + f"\n\nParágrafo de ensaio {run}.\n"}),
        ("centre", "/editor/edit/service/claim-fcl/pt",
         lambda run: {**centre, "opening_hours-fr-1-to": f"17:{run % 60:02d}"}),
    )
    for name, url, values in cases:
        page = client.get(url).get_data(as_text=True)
        hidden = dict(re.findall(r'name="(version|base|csrf_token)" (?:type="hidden" )?value="([^"]*)"', page))
        for action in ("preview", "save"):
            times = []
            for run in range(args.runs + 2):
                current = client.get(url).get_data(as_text=True) if action == "save" else page
                version = re.search(r'name="version" value="(\d+)"', current).group(1)
                data = {**values(run), **hidden, "version": version, "action": action}
                start = time.perf_counter()
                response = client.post(url, data=data)
                if action == "save":
                    assert response.status_code == 302, response.get_data(as_text=True)[:500]
                    response = client.get(url)
                response.get_data()
                elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, response.get_data(as_text=True)[:500]
                if run >= 2:
                    times.append(elapsed)
            times.sort()
            print(f"{name:>7} {action:>8}: p50 {statistics.median(times):6.1f} ms  "
                  f"p95 {times[int(0.95 * (len(times) - 1))]:6.1f} ms  ({args.runs} runs)")

if __name__ == "__main__":
    main()
