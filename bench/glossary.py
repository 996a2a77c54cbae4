"""Glossary cost: publish of the scale set with and without a 40-term
glossary, and what term links add to guide pages.

    .venv/bin/python bench/glossary.py [--guides 2000] [--terms 40]

Publish is timed as wall time and as the publish process's CPU time, which a
busy shared machine distorts less. Page figures: every starter guide page in
all 12 languages, rendered with and without term links (response cache
off), on the starter content plus generated terms made from administrative
words the guides use.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import scale
from common import BIN, ROOT, flask, scratch

LANGS = scale.LANGS[1:]
WORDS = [
    "AIMA", "Finanças", "Segurança Social", "NISS", "SNS", "Loja do Cidadão", "IRN", "IEFP", "ACT",
    "CNAIM", "CLAIM", "passaporte", "autorização de residência", "atestado de residência",
    "número de utente", "contrato de trabalho", "recibo de vencimento", "IRS", "Espaço Cidadão",
    "Portal das Finanças", "e-balcão", "visto", "manifestação de interesse", "proteção temporária",
    "asilo", "CPLP", "IMT", "carta de condução", "senhorio", "contrato de arrendamento", "caução",
    "fiador", "PSP", "GNR", "SNS 24", "urgência", "farmácia", "Chave Móvel Digital",
    "Cartão de Cidadão", "comprovativo de morada", "balcão de atendimento", "documentos",
]


def write_terms(root: Path, words: list[str], see_also: str) -> None:
    """One term per word, in Portuguese and the 11 other languages."""
    for n, word in enumerate(words):
        folder = root / "glossary" / f"bench-{n:02d}"
        folder.mkdir(parents=True)
        (folder / "pt.md").write_text(
            f'---\nterm: "{word}"\nalso: ["forma {n}"]\nkeep_portuguese: true\nsee_also: [{see_also}]\n'
            f"last_checked: 2026-11-27\n---\n{word}: uma explicação curta.\n", encoding="utf-8")
        for lang in LANGS:
            (folder / f"{lang}.md").write_text(
                f'---\nterm: "{word}"\ntranslation: machine\nsource_revision: pending\n---\n'
                f"{word}: a short explanation.\n", encoding="utf-8")


def timed_publish(env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``flask content publish`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(BIN / "python"), "-c", scale.PUBLISH], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def publish_figures(guides: int, terms: int) -> list[str]:
    lines = []
    for label, count in (("without glossary", 0), (f"with {terms} terms", terms)):
        env = scratch()
        root = Path(env["FLASK_CONTENT_DIR"])
        shutil.rmtree(root / "glossary", ignore_errors=True)
        scale.generate(root, guides)
        if count:
            write_terms(root, WORDS[:count], "gen-0000")
            flask(env, "content", "stamp")
        first = timed_publish(env)
        again = timed_publish(env)
        lines.append(f"  {guides} guides x 12, {label}: first publish {first[0]:.1f} s "
                     f"(CPU {first[1]:.1f} s), unchanged republish {again[0]:.1f} s (CPU {again[1]:.1f} s)")
    return lines


def page_figures(terms: int) -> list[str]:
    content = Path(scratch()["FLASK_CONTENT_DIR"])
    write_terms(content, WORDS[:terms], "arriving-first-steps")
    env = scratch(content)
    flask(env, "content", "stamp")
    flask(env, "content", "publish")
    os.environ.update({k: v for k, v in env.items() if k != "FLASK_APP"})
    import portal.read.glossary as read_glossary
    from portal import create_app

    client = create_app({"RESPONSE_CACHE": False}).test_client()
    marked, plain = read_glossary.mark_terms, (lambda html, *args: html)
    urls = [f"/{lang}/guides/{p.name}" for lang in scale.LANGS for p in sorted((content / "guides").iterdir())]

    def brotli_size(url):
        return len(client.get(url, headers={"Accept-Encoding": "br"}).get_data())

    deltas = []
    for url in urls:
        read_glossary.mark_terms = marked
        with_links = brotli_size(url)
        read_glossary.mark_terms = plain
        deltas.append((with_links - brotli_size(url), url))

    def render_ms(mark):
        read_glossary.mark_terms = mark
        samples = []
        for url in urls * 3:
            start = time.perf_counter()
            client.get(url, headers={"Accept-Encoding": "identity"})
            samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples)

    without, with_links = render_ms(plain), render_ms(marked)
    read_glossary.mark_terms = marked
    worst = max(deltas)
    return [
        f"  {len(urls)} guide pages, {terms} extra terms: term links add {statistics.mean(d for d, _ in deltas):.0f} B "
        f"(Brotli) on average, {worst[0]} B at most ({worst[1]})",
        f"  guide page render, median: {without:.1f} ms without term links, {with_links:.1f} ms with",
    ]


def main(argv=None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=2000)
    parser.add_argument("--terms", type=int, default=40)
    args = parser.parse_args(argv)
    return ["Glossary:", *publish_figures(args.guides, args.terms), *page_figures(args.terms)]


if __name__ == "__main__":
    print("\n".join(main()))
