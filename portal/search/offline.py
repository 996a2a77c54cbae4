"""The compact search index saved with each language's offline pack
(``/<lang>/search-index.json``), searched on the device by MiniSearch
(``portal/static/js/search.js``).

It is built from the same documents as the server's index, so synonyms,
glossary forms and normalisation are already applied: for each document its
address, kind, title and summary (shown), and its normalised title, terms,
summary and the body's distinct words not already in those (searched).
Arabic-script words that start with the article ال are also given without
it, since the device matches word starts only. Cached per content version.
"""
from __future__ import annotations

import json

from ..http import LRU
from ..read import content_version
from ..read.search import offline_documents

FORMAT = 1
_built = LRU(24)


def _words(text: str) -> list[str]:
    out = []
    for word in text.split():
        out.append(word)
        if len(word) > 4 and word.startswith("\u0627\u0644"):  # ال
            out.append(word[2:])
    return out


def build(lang: str) -> dict:
    docs = []
    for doc in offline_documents(lang):
        head = _words(doc.title_n) + _words(doc.terms_n) + _words(doc.summary_n)
        seen = set(head)
        body = []
        for word in _words(doc.body_n):
            if word not in seen and (len(word) > 1 or not word.isascii()):
                seen.add(word)
                body.append(word)
        docs.append([doc.url, doc.kind, doc.title, doc.summary, " ".join(_words(doc.title_n)),
                     " ".join(_words(doc.terms_n)), " ".join(_words(doc.summary_n)), " ".join(body), doc.weight])
    return {"format": FORMAT, "lang": lang,
            "fields": ["url", "kind", "title", "summary", "t", "x", "s", "b", "weight"], "docs": docs}


def index_json(lang: str) -> bytes | None:
    version = content_version()
    key = (lang, version)
    body = _built.get(key)
    if body is None:
        body = json.dumps(build(lang), ensure_ascii=False, separators=(",", ":")).encode()
        _built.put(key, body)
    return body
