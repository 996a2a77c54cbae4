"""Search: server p95 with 2,000 guides x 12 languages (generated here, never
in content/) on SQLite and on PostgreSQL, in-process; the offline index's
share of each language pack; and query time on the device in Chromium.

    .venv/bin/python bench/search.py [--pg URL] [--skip-pg] [--guides N]

The generated guides take their words from the starter content of each
language (so every script is exercised with a realistic spread of words);
the starter content itself is published with them. Queries: words and
pairs of words from generated titles and bodies, Chinese pairs of
characters, typos, and words that match nothing.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

LANGS = ["pt", "en", "es", "fr", "ar", "ur", "uk", "ru", "hi", "ne", "bn", "zh"]
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def vocabulary(lang: str) -> list[str]:
    from portal.search.normalise import TOKEN_RE

    words = []
    for path in sorted((ROOT / "content" / "guides").glob(f"*/{lang}.md")):
        text = path.read_text(encoding="utf-8").split("---", 2)[-1]
        text = re.sub(r"\(https?://[^)]*\)|\{#\w+\}|guide:[\w-]+|glossary:[\w-]+", " ", text)
        words += [w for w in TOKEN_RE.findall(text) if not w.isdigit()]
    return words


def sentence(rng: random.Random, words: list[str], size: int, lang: str) -> str:
    picked = [rng.choice(words) for _ in range(size)]
    return ("" if lang == "zh" else " ").join(picked)


def generate(root: Path, count: int) -> dict:
    """The starter content plus ``count`` generated guides in 12 languages."""
    from portal.content.loader import load

    shutil.copytree(ROOT / "content", root)
    rng = random.Random(13)
    words = {lang: vocabulary(lang) for lang in LANGS}
    topics = ["first-steps", "residence", "health", "work", "housing", "money", "protection"]
    texts = {}
    for n in range(count):
        slug = f"gen-{n:04d}"
        folder = root / "guides" / slug
        folder.mkdir(parents=True)
        for lang in LANGS:
            title = sentence(rng, words[lang], 5, lang)
            summary = sentence(rng, words[lang], 18, lang)
            body = "\n\n".join(sentence(rng, words[lang], 40, lang) for _ in range(6))
            texts[slug, lang] = (title, summary, body)
        title, summary, body = texts[slug, "pt"]
        (folder / "pt.md").write_text(
            f"---\ntitle: {title!r}\nsummary: {summary!r}\ntopic: {topics[n % len(topics)]}\n"
            f"order: {100 + n}\nlast_checked: 2026-11-27\ncost: Gratuito.\nduration: Um dia.\n"
            f"sources:\n  - title: Fonte\n    url: https://www.gov.pt/\n---\n\n{body}\n\n"
            "## Passos {#steps}\n\n1. Passo.\n", encoding="utf-8")
    hashes = {slug: files["pt"].content_hash for slug, files in load(root).guides.items() if slug.startswith("gen-")}
    for slug, digest in hashes.items():
        for lang in LANGS[1:]:
            title, summary, body = texts[slug, lang]
            (root / "guides" / slug / f"{lang}.md").write_text(
                f"---\ntitle: {title!r}\nsummary: {summary!r}\ncost: Free.\nduration: One day.\n"
                f"translation: machine\nsource_revision: \"{digest}\"\n---\n\n{body}\n\n## Steps {{#steps}}\n\n1. Step.\n",
                encoding="utf-8")
    return texts


def queries(texts: dict, rng: random.Random) -> list[tuple[str, str]]:
    from portal.search.normalise import TOKEN_RE

    found = []
    keys = sorted(texts)
    for _ in range(600):
        slug, lang = rng.choice(keys)
        title, _summary, body = texts[slug, lang]
        source = title if rng.random() < 0.5 else body
        if lang == "zh":
            chars = [c for c in source if "\u4e00" <= c <= "\u9fff"]
            start = rng.randrange(max(1, len(chars) - 1))
            found.append((lang, "".join(chars[start:start + 2])))
            continue
        words = TOKEN_RE.findall(source)
        kind = rng.random()
        if kind < 0.45:
            query = rng.choice(words)
        elif kind < 0.8:
            start = rng.randrange(max(1, len(words) - 1))
            query = " ".join(words[start:start + 2])
        elif kind < 0.9:  # a typo: two letters swapped
            word = rng.choice([w for w in words if len(w) > 3] or words)
            i = rng.randrange(len(word) - 1) if len(word) > 1 else 0
            query = word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:]
        else:
            query = "zqxv" + str(rng.randrange(1000))
        found.append((lang, query))
    return found


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def server(url: str, root: Path, base: Path, texts: dict, label: str) -> list[str]:
    os.environ["ACOLHER_INSTANCE_PATH"] = str(base / "instance")
    from portal import create_app
    from portal.content.publish import publish
    from portal.extensions import db
    from portal.read.search import search

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RESPONSE_CACHE": False,
                      "ASSET_BUILD_DIR": str(base / "static"), "CONTENT_CHECK_CACHE": str(base / "checks.json")})
    lines = []
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = time.perf_counter()
        result = publish(root)
        assert result.published, [str(p) for p in result.content.errors][:5]
        lines.append(f"  {label}: publish with indexing {time.perf_counter() - start:.0f} s")
        rng = random.Random(7)
        cases = queries(texts, rng)
        for lang in LANGS:  # first query per language builds its spelling vocabulary
            search("warm up", lang)
        samples, empty = [], 0
        client = app.test_client()
        for lang, query in cases:
            begin = time.perf_counter()
            response = client.get("/api/v1/search", query_string={"q": query, "lang": lang})
            samples.append((time.perf_counter() - begin) * 1000)
            empty += not response.get_json()["items"]
        lines.append(f"  {label}: GET /api/v1/search, {len(samples)} queries in 12 languages: "
                     f"p50 {statistics.median(samples):.1f} ms, p95 {percentile(samples, 0.95):.1f} ms "
                     f"(target < 50 ms); {empty} found nothing")
        pt = [s for (lang, _q), s in zip(cases, samples, strict=True) if lang == "zh"]
        lines.append(f"  {label}: of which Chinese: p95 {percentile(pt, 0.95):.1f} ms")
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return lines


def pack_shares() -> list[str]:
    """The offline index's share of each language pack (starter content)."""
    base = Path(tempfile.mkdtemp(prefix="acolher-bench-search-"))
    os.environ["ACOLHER_INSTANCE_PATH"] = str(base / "instance")
    from portal import create_app
    from portal.content.publish import publish
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'packs.sqlite3'}", "SECRET_KEY": "bench",
                      "ASSET_BUILD_DIR": str(base / "static"), "CONTENT_CHECK_CACHE": str(base / "checks.json")})
    lines = ["Offline index in each language pack (starter content, Brotli sizes):"]
    with app.app_context():
        db.create_all()
        assert publish(ROOT / "content").published
        client = app.test_client()
        shares = []
        for lang in LANGS:
            pack = client.get(f"/api/v1/offline-packs/{lang}").get_json()
            search = sum(e["size"] for e in pack["entries"]
                         if e["url"].endswith("search-index.json") or "/js/search." in e["url"]
                         or "minisearch" in e["url"] or e["url"].endswith("/search"))
            index = next(e["size"] for e in pack["entries"] if e["url"].endswith("search-index.json"))
            without = pack["total_size"] - search
            shares.append(search / without)
            lines.append(f"  {lang}: pack {pack['total_size'] / 1024:.0f} kB, index {index / 1024:.1f} kB, "
                         f"index + page + scripts add {100 * search / without:.1f}% (target <= 25%)")
        lines.append(f"  largest share: {100 * max(shares):.1f}%")
    return lines, app, base


def device(app, base: Path) -> list[str]:
    """Query time on the device: Chromium runs the page's own code."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(HERE))
    from common import free_port, start, stop, wait_port

    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "FLASK_APP": "wsgi",
           "FLASK_ASSET_BUILD_DIR": str(base / "static"), "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": "0"}
    port = free_port()
    process = start([sys.executable, "-m", "flask", "run", "--port", str(port)], env, port)
    lines = ["On-device search in Chromium (starter content, the page's own code, 4x CPU slowdown):"]
    try:
        wait_port(port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            for lang, words in (("uk", ["NIF", "податковий номер", "податк", "лікар", "житло оренда"]),
                                ("zh", ["税号", "医生", "住房"]), ("ar", ["ضريبي", "طبيب", "سكن"]),
                                ("pt", ["nif", "nfi", "contribuinte", "saúde", "arrendamento casa"])):
                page.goto(f"http://127.0.0.1:{port}/{lang}/search")
                page.wait_for_function("() => window.AcolherSearch && window.MiniSearch")
                timing = page.evaluate("""async (words) => {
                    const data = await (await fetch(document.getElementById('search-results').dataset.index)).json();
                    let started = performance.now();
                    const engine = AcolherSearch.build(data);
                    const built = performance.now() - started;
                    const samples = [];
                    for (let round = 0; round < 20; round++) {
                        for (const word of words) {
                            started = performance.now();
                            AcolherSearch.find(engine, word);
                            samples.push(performance.now() - started);
                        }
                    }
                    samples.sort((a, b) => a - b);
                    return { built, docs: data.docs.length, p50: samples[Math.floor(samples.length / 2)],
                             p95: samples[Math.floor(samples.length * 0.95) - 1], max: samples[samples.length - 1] };
                }""", words)
                lines.append(f"  {lang}: {timing['docs']} documents, index built in {timing['built']:.0f} ms; "
                             f"query p50 {timing['p50']:.1f} ms, p95 {timing['p95']:.1f} ms, "
                             f"max {timing['max']:.1f} ms (target < 30 ms)")
            browser.close()
    finally:
        stop(process)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guides", type=int, default=2000)
    parser.add_argument("--pg", default=os.environ.get("DATABASE_TEST_URL_PG", PG_DEFAULT))
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-device", action="store_true")
    args = parser.parse_args()
    lines, app, base = pack_shares()
    print("\n".join(lines), flush=True)
    if not args.skip_device:
        print("\n".join(device(app, base)), flush=True)
    work = Path(tempfile.mkdtemp(prefix="acolher-bench-search-"))
    texts = generate(work / "content", args.guides)
    print(f"Server search, {args.guides} generated guides x 12 languages + the starter content (in-process):",
          flush=True)
    print("\n".join(server(f"sqlite:///{work / 'search.sqlite3'}", work / "content", work, texts, "SQLite")),
          flush=True)
    if not args.skip_pg:
        import psycopg

        schema = f"acolher_bench_{os.getpid()}"
        dsn = args.pg.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        try:
            url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema},public"
            print("\n".join(server(url, work / "content", work, texts, "PostgreSQL")), flush=True)
        finally:
            with psycopg.connect(dsn, autocommit=True) as connection:
                connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
