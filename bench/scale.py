"""Scale: publish 2,000 guides x 12 languages generated here, then measure
publish time and memory, API latency in-process (p50/p95) and guide page
latency at 100 and at 24,000 translations."""
from __future__ import annotations

import os
import random
import statistics
import subprocess
import time
from pathlib import Path

from common import BIN, ROOT, scratch

LANGS = ["pt", "en", "es", "fr", "ar", "ur", "uk", "ru", "hi", "ne", "bn", "zh"]
BODY = """Texto de introdução para o guia {n}. Explica o que fazer e onde ir.

## Passos {{#steps}}

1. Junte os documentos da lista.
2. Vá ao balcão e peça o serviço {n}.
3. Guarde o comprovativo.

## O que levar {{#bring}}

- Passaporte.
- Comprovativo de morada.

## Onde ir {{#where}}

Um balcão de atendimento. Veja também [o guia seguinte](guide:gen-{next:04d}).
"""


def generate(root: Path, count: int) -> None:
    """Write ``count`` guides in Portuguese, then their 11 translations,
    beside the starter content (whose glossary, directory and courses link
    to its guides, so those stay)."""
    topics = ["first-steps", "residence", "health", "education", "language", "work", "housing", "money", "protection"]
    for n in range(count):
        folder = root / "guides" / f"gen-{n:04d}"
        folder.mkdir(parents=True)
        (folder / "pt.md").write_text(
            f"---\ntitle: Guia gerado {n}\nsummary: Um resumo curto do guia {n}.\n"
            f"topic: {topics[n % len(topics)]}\norder: {n}\nlast_checked: 2026-11-27\n"
            f"cost: Gratuito.\nduration: Um dia.\nsources:\n  - title: Fonte\n    url: https://www.gov.pt/\n"
            f"---\n\n" + BODY.format(n=n, next=(n + 1) % count), encoding="utf-8")
    from portal.content.loader import load

    hashes = {slug: files["pt"].content_hash for slug, files in load(root).guides.items()
              if slug.startswith("gen-")}
    for slug, digest in hashes.items():
        for lang in LANGS[1:]:
            (root / "guides" / slug / f"{lang}.md").write_text(
                f"---\ntitle: Generated guide {slug} ({lang})\nsummary: A short summary.\n"
                f"cost: Free.\nduration: One day.\ntranslation: machine\nsource_revision: {digest}\n---\n\n"
                + BODY.format(n=0, next=1).replace("gen-0001", slug), encoding="utf-8")


PUBLISH = """
import resource, sys
from flask.cli import main
sys.argv = ["flask", "content", "publish"]
try:
    main()
except SystemExit as exit:
    if exit.code:
        raise
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def timed_publish(env: dict) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one ``flask content publish`` process."""
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "python"), "-c", PUBLISH], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True)
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return time.perf_counter() - start, peak_kb / 1024


def latencies(client, urls: list[str], encoding: str = "br") -> tuple[float, float]:
    samples = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url, headers={"Accept-Encoding": encoding})
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def app_for(env: dict):
    os.environ.update({k: v for k, v in env.items() if k != "FLASK_APP"})
    from portal import create_app

    # Uncached: every request does its queries, rendering and compression.
    return create_app({"RESPONSE_CACHE": False})


def measure(count: int, label: str, lines: list[str]) -> None:
    env = scratch()
    generate(Path(env["FLASK_CONTENT_DIR"]), count)
    seconds, peak = timed_publish(env)
    again, _ = timed_publish(env)
    lines.append(f"{label}: first publish {seconds:.1f} s (peak {peak:.0f} MB), unchanged republish {again:.1f} s")
    client = app_for(env).test_client()
    rng = random.Random(1)
    slugs = [f"gen-{rng.randrange(count):04d}" for _ in range(200)]
    pages = max(1, count // 50)
    cases = {
        "guide page": [f"/ar/guides/{s}" for s in slugs],
        "API list": [f"/api/v1/guides?lang=ar&page={rng.randrange(1, pages + 1)}" for _ in range(200)],
        "API detail": [f"/api/v1/guides/{s}?lang=ar" for s in slugs],
    }
    for name, urls in cases.items():
        p50, p95 = latencies(client, urls)
        lines.append(f"  {name:<11} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    # Without compression: what queries and templates cost, apart from the
    # first Brotli pass over each page (which the response cache keeps).
    p50, p95 = latencies(client, cases["guide page"], "identity")
    lines.append(f"  guide page, identity encoding: p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")


def main() -> list[str]:
    lines = ["Scale (in-process, response cache off):"]
    measure(9, "starter content + 100 translations (9 guides x 12)", lines)
    measure(2000, "starter content + 24,000 translations (2,000 guides x 12)", lines)
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
