"""Page weight on first visit, per page type: HTML, CSS and JS, compressed
as the server sends them (Brotli), against the 30 KB / 14 KB budgets."""
from __future__ import annotations

import os
import re
from pathlib import Path

from common import flask, kb, scratch

BUDGET_TOTAL = 30 * 1024
BUDGET_HTML = 14 * 1024
PAGES = {
    "home": "/{lang}/",
    "topic": "/{lang}/topics/first-steps",
    "guide": "/{lang}/guides/{slug}",
    "glossary": "/{lang}/glossary",
    "glossary term": "/{lang}/glossary/{term}",
    "courses": "/{lang}/courses",
    "programme": "/{lang}/courses/pla-a1-a2",
    "offline": "/{lang}/offline",
    "translations": "/{lang}/translations",
    "search": "/{lang}/search?q=nif",
    "not found": "/{lang}/no-such-page",
}


def measure() -> list[dict]:
    env = scratch()
    flask(env, "content", "publish")
    os.environ.update({k: v for k, v in env.items() if k not in ("FLASK_APP",)})
    from portal import create_app

    app = create_app()
    client = app.test_client()
    headers = {"Accept-Encoding": "br"}

    def size(url: str) -> int:
        response = client.get(url, headers=headers)
        data = len(response.get_data())
        response.close()
        return data

    slugs = sorted(p.name for p in (Path(app.config["CONTENT_DIR"]) / "guides").iterdir())
    terms = sorted(p.name for p in (Path(app.config["CONTENT_DIR"]) / "glossary").iterdir())
    rows = []
    for kind, pattern in PAGES.items():
        worst = None
        for lang in ("pt", "en", "ar", "ur", "hi", "bn", "zh", "uk"):
            for slug in {"guide": slugs, "glossary term": terms}.get(kind, [None]):
                url = pattern.format(lang=lang, slug=slug, term=slug)
                response = client.get(url, headers=headers)
                html = response.get_data()
                text = client.get(url, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
                assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', text)
                asset_bytes = sum(size(a) for a in assets)
                row = {"type": kind, "url": url, "html": len(html), "css_js": asset_bytes,
                       "total": len(html) + asset_bytes}
                if worst is None or row["total"] > worst["total"]:
                    worst = row
        rows.append(worst)
    sw = size("/sw.js")
    rows.append({"type": "service worker (/sw.js, after load)", "url": "/sw.js", "html": 0, "css_js": sw, "total": sw})
    return rows


def main() -> list[str]:
    lines = ["Page weight, first visit, Brotli (heaviest language/page of each type):",
             f"{'type':<14}{'HTML':>10}{'CSS+JS':>10}{'total':>10}  worst URL"]
    ok = True
    for row in measure():
        flag = ""
        if row["url"] != "/sw.js":
            if row["total"] > BUDGET_TOTAL or row["html"] > BUDGET_HTML:
                flag, ok = "  OVER BUDGET", False
        lines.append(f"{row['type']:<14}{kb(row['html']):>10}{kb(row['css_js']):>10}{kb(row['total']):>10}  {row['url']}{flag}")
    lines.append("budgets: HTML <= 14 KB, HTML+CSS+JS <= 30 KB: " + ("met" if ok else "NOT met"))
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
