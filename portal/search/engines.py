"""The database's own full-text engine, behind one small interface.

An engine answers one question: which documents of one language match
these query parts, best first? (:meth:`Engine.match`). Everything else
(normalisation, synonyms, spelling, ranking by field, snippets) is shared
by both engines in :mod:`portal.search`.

- SQLite: two FTS5 tables over ``search_doc``'s normalised columns (rowid =
  ``search_doc.id``): ``search_fts`` (``unicode61 remove_diacritics 2``:
  whole words and prefixes, CJK as phrases of characters) and
  ``search_tri`` (``trigram``: a part found inside a longer word, such as
  ضريبي in الضريبي).
- PostgreSQL: a stored generated ``tsvector`` column ``tsv`` with a GIN
  index (``simple`` configuration; titles and terms weigh A, summaries B,
  bodies C) and a ``pg_trgm`` GIN index for the substring matches.

Both are made by :func:`create` (called by the migration and, for tests,
when the tables are created) and removed by :func:`drop`.
"""
from __future__ import annotations

from sqlalchemy import event, text

from ..models import SearchDoc

FIELDS = ("title_n", "terms_n", "summary_n", "body_n")
MAX_CANDIDATES = 100

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "lang, title, terms, summary, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_tri USING fts5("
    "lang, title, terms, summary, tokenize = 'trigram')",
)
SQLITE_DROP = ("DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_tri")
# Tables FTS5 makes for itself: not in the models, so schema comparisons skip them.
SQLITE_TABLES = ("search_fts", "search_tri")

PG_VECTOR = ("(setweight(to_tsvector('simple'::regconfig, title_n || ' ' || terms_n), 'A') || "
             "setweight(to_tsvector('simple'::regconfig, summary_n), 'B') || "
             "setweight(to_tsvector('simple'::regconfig, body_n), 'C'))")
PG_SHORT = "(title_n || ' ' || terms_n || ' ' || summary_n)"
PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Stored, so ranking reads it instead of parsing every matching body again.
    f"ALTER TABLE search_doc ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS {PG_VECTOR} STORED",
    "CREATE INDEX IF NOT EXISTS ix_search_doc_fts ON search_doc USING gin (tsv)",
    f"CREATE INDEX IF NOT EXISTS ix_search_doc_trgm ON search_doc USING gin ({PG_SHORT} gin_trgm_ops)",
)
PG_DROP = ("DROP INDEX IF EXISTS ix_search_doc_fts", "DROP INDEX IF EXISTS ix_search_doc_trgm",
           "ALTER TABLE search_doc DROP COLUMN IF EXISTS tsv")
PG_INDEXES = ("ix_search_doc_fts", "ix_search_doc_trgm")


def create(connection) -> None:
    """The engine's own structures over ``search_doc``."""
    name = connection.dialect.name
    for statement in SQLITE_DDL if name == "sqlite" else PG_DDL if name == "postgresql" else ():
        connection.execute(text(statement))


def drop(connection) -> None:
    name = connection.dialect.name
    for statement in SQLITE_DROP if name == "sqlite" else PG_DROP if name == "postgresql" else ():
        connection.execute(text(statement))


def include_name(name, type_, parent_names) -> bool:
    """For schema comparisons (Alembic autogenerate, the migration test):
    the engine's own tables and indexes are not in the models."""
    if type_ == "table":
        return not any(name == t or name.startswith(t + "_") for t in SQLITE_TABLES)
    if type_ == "index":
        return name not in PG_INDEXES
    if type_ == "column":
        return not (name == "tsv" and parent_names.get("table_name") == "search_doc")
    return True


event.listen(SearchDoc.__table__, "after_create", lambda target, connection, **kw: create(connection))
event.listen(SearchDoc.__table__, "before_drop", lambda target, connection, **kw: drop(connection))


class Engine:
    """Which documents match, best first: a list of ``search_doc`` ids."""

    def __init__(self, session):
        self.session = session

    def write(self, docs: list[SearchDoc]) -> None:
        """Called after ``docs`` were flushed (they have ids)."""

    def remove(self, ids: list[int]) -> None:
        """Called before the rows ``ids`` are deleted."""

    def match(self, lang: str, parts: list[str], any_part: bool = False,
              kinds: tuple[str, ...] | None = None) -> list[int]:
        raise NotImplementedError


def _kinds_clause(kinds, params, column="d.kind") -> str:
    if not kinds:
        return ""
    names = []
    for index, kind in enumerate(kinds):
        params[f"k{index}"] = kind
        names.append(f":k{index}")
    return f" AND {column} IN ({', '.join(names)})"


class SqliteEngine(Engine):
    def write(self, docs):
        rows = [{"id": d.id, "lang": "lng" + d.lang, "title": d.title_n, "terms": d.terms_n,
                 "summary": d.summary_n, "body": d.body_n} for d in docs]
        if not rows:
            return
        self.remove([d.id for d in docs])
        self.session.execute(text(
            "INSERT INTO search_fts (rowid, lang, title, terms, summary, body) "
            "VALUES (:id, :lang, :title, :terms, :summary, :body)"), rows)
        self.session.execute(text(
            "INSERT INTO search_tri (rowid, lang, title, terms, summary) "
            "VALUES (:id, :lang, :title, :terms, :summary)"), rows)

    def remove(self, ids):
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join(str(int(i)) for i in chunk)
            self.session.execute(text(f"DELETE FROM search_fts WHERE rowid IN ({marks})"))
            self.session.execute(text(f"DELETE FROM search_tri WHERE rowid IN ({marks})"))

    def match(self, lang, parts, any_part=False, kinds=None):
        if not parts:
            return []
        joiner = " OR " if any_part else " AND "
        words = joiner.join(f'"{p}"' if " " in p else f'"{p}"*' for p in parts)
        params = {"q": f'lang : "lng{lang}" AND {{title terms summary body}} : ({words})'}
        kind_sql = _kinds_clause(kinds, params)
        found = [row[0] for row in self.session.execute(text(
            "SELECT f.rowid FROM search_fts f JOIN search_doc d ON d.id = f.rowid "
            f"WHERE search_fts MATCH :q{kind_sql} "
            "ORDER BY bm25(search_fts, 0, 10, 8, 3, 1) LIMIT :n"), {**params, "n": MAX_CANDIDATES})]
        inner = [p for p in parts if " " not in p and len(p) >= 3]
        if inner and (any_part or len(inner) == len(parts)):
            subs = joiner.join(f'"{p}"' for p in inner)
            params["q"] = f'lang : "lng{lang}" AND {{title terms summary}} : ({subs})'
            seen = set(found)
            found += [row[0] for row in self.session.execute(text(
                "SELECT f.rowid FROM search_tri f JOIN search_doc d ON d.id = f.rowid "
                f"WHERE search_tri MATCH :q{kind_sql} "
                "ORDER BY bm25(search_tri, 0, 10, 8, 3) LIMIT :n"), {**params, "n": MAX_CANDIDATES})
                if row[0] not in seen]
        return found


class PostgresEngine(Engine):
    def match(self, lang, parts, any_part=False, kinds=None):
        if not parts:
            return []
        joiner = " | " if any_part else " & "
        lexemes = []
        for part in parts:
            if " " in part:
                lexemes.append("(" + " <-> ".join(f"'{c}'" for c in part.split()) + ")")
            else:
                lexemes.append(f"'{part}':*")
        params = {"lang": lang, "q": joiner.join(lexemes), "n": MAX_CANDIDATES}
        kind_sql = _kinds_clause(kinds, params)
        found = [row[0] for row in self.session.execute(text(
            f"SELECT d.id FROM search_doc d, to_tsquery('simple'::regconfig, :q) query "
            f"WHERE d.lang = :lang{kind_sql} AND d.tsv @@ query "
            f"ORDER BY ts_rank(d.tsv, query) DESC, d.id LIMIT :n"), params)]
        inner = [p for p in parts if " " not in p and len(p) >= 3]
        if inner and (any_part or len(inner) == len(parts)):
            likes = []
            for index, part in enumerate(inner):
                params[f"p{index}"] = f"%{part}%"
                likes.append(f"{PG_SHORT} LIKE :p{index}")
            seen = set(found)
            found += [row[0] for row in self.session.execute(text(
                f"SELECT d.id FROM search_doc d WHERE d.lang = :lang{kind_sql} "
                f"AND ({(' OR ' if any_part else ' AND ').join(likes)}) ORDER BY d.id LIMIT :n"), params)
                if row[0] not in seen]
        return found


def engine_for(session) -> Engine:
    name = session.get_bind().dialect.name
    return PostgresEngine(session) if name == "postgresql" else SqliteEngine(session)
