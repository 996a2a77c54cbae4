"""Typo tolerance: a query word that no indexed word starts with is
replaced by the closest indexed word of that language ("nfi" → "nif").

Neither engine's fuzzy matching catches short transpositions (trigram
similarity of "nfi" and "nif" is 0.14), so both share this: the words of
every title, term and summary, with each word's one-letter deletions as
keys (symmetric-delete lookup), and the Damerau-Levenshtein distance to
choose, 1 for words of up to 5 letters and 2 beyond. Built once per
language and content version.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select

from ..extensions import db
from ..http import LRU
from ..models import SearchDoc

_vocabularies = LRU(32)


class Vocabulary:
    def __init__(self, texts):
        self.counts: Counter = Counter()
        for text in texts:
            self.counts.update(word for word in text.split() if len(word) > 1)
        self.sorted = sorted(self.counts)
        self.deletes: dict[str, set[str]] = defaultdict(set)
        for word in self.counts:
            if len(word) >= 3:
                for variant in _deletes(word):
                    self.deletes[variant].add(word)

    def known(self, part: str) -> bool:
        """A word, or the start of one."""
        from bisect import bisect_left

        index = bisect_left(self.sorted, part)
        return index < len(self.sorted) and self.sorted[index].startswith(part)

    def correct(self, part: str) -> str | None:
        if len(part) < 3 or self.known(part):
            return None
        limit = 1 if len(part) <= 5 else 2
        candidates = set(self.deletes.get(part, ()))
        for variant in _deletes(part):
            candidates |= self.deletes.get(variant, set())
            if variant in self.counts:
                candidates.add(variant)
        best = None
        for word in candidates:
            distance = damerau(part, word)
            if distance <= limit:
                key = (distance, -self.counts[word], word)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def damerau(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition counts as one)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def vocabulary(lang: str, version: str) -> Vocabulary:
    key = (lang, version)
    found = _vocabularies.get(key)
    if found is None:
        rows = db.session.execute(
            select(SearchDoc.title_n, SearchDoc.terms_n, SearchDoc.summary_n).where(SearchDoc.lang == lang))
        found = Vocabulary(" ".join(row) for row in rows)
        _vocabularies.put(key, found)
    return found
