"""Search in every script, online and offline (docs/architecture.md, "Search").

- :mod:`.normalise`: the one normalisation of text and queries.
- :mod:`.indexer`: the index, written by publish in its transaction.
- :mod:`.engines`: SQLite FTS5 and PostgreSQL full text + pg_trgm.
- :mod:`.synonyms`: editors' synonyms and the glossary's.
- :mod:`.spelling`: typo tolerance from the index's own words.
- :mod:`.gaps`: what readers do not find, without personal data.
- :mod:`.offline`: the compact index in each language's offline pack.

Queries are answered by :mod:`portal.read.search`.
"""
