"""The index follows publish in its transaction; synonyms are checked like
other content; zero-result counts keep no personal data."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.content.publish import check, publish
from portal.extensions import db
from portal.models import SearchDoc, SearchGap
from portal.read.search import search
from portal.search import gaps, indexer


@pytest.fixture
def db_app(make_app, database_url):
    return make_app(database_url)


def slugs(app, query, lang="pt"):
    with app.app_context():
        return [hit.slug for hit in search(query, lang).items]


def test_published_found_removed_gone_failed_publish_changes_nothing(db_app, tree, monkeypatch):
    tree.guide("tax-number", title="Pedir o NIF")
    tree.guide("health-number", topic="health", title="Número de utente")
    with db_app.app_context():
        assert publish(tree.root).published
    assert slugs(db_app, "utente") == ["health-number"]
    tree.remove("guides/health-number")
    tree.guide("tax-number", title="Pedir o NIF hoje")

    def broken(result):
        raise RuntimeError("disk full")

    monkeypatch.setattr(indexer, "update", broken)
    with db_app.app_context(), pytest.raises(RuntimeError):
        publish(tree.root)
    assert slugs(db_app, "utente") == ["health-number"]  # rolled back with the content
    assert slugs(db_app, "hoje") == []
    monkeypatch.undo()
    with db_app.app_context():
        assert publish(tree.root).published
    assert slugs(db_app, "utente") == []
    assert slugs(db_app, "hoje") == ["tax-number"]


def test_synonyms_are_published_and_expand_the_documents(db_app, tree):
    tree.guide("tax-number", title="Pedir o NIF")
    with db_app.app_context():
        assert publish(tree.root).published
    assert slugs(db_app, "contribuinte") == []
    tree.write("synonyms/pt.yaml", "- [NIF, número de contribuinte]\n")
    with db_app.app_context():
        assert publish(tree.root).published
        version_with = __import__("portal.read", fromlist=["content_version"]).content_version()
    assert slugs(db_app, "contribuinte") == ["tax-number"]
    tree.remove("synonyms/pt.yaml")
    with db_app.app_context():
        assert publish(tree.root).published
        from portal.read import content_version

        assert content_version() != version_with  # cached pages and packs follow
    assert slugs(db_app, "contribuinte") == []


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("pt.yaml", "- [NIF]\n", "synonyms/pt.yaml:1: synonyms[0]: a group is a list of at least two"),
    ("pt.yaml", "- [NIF, x]\n- just words\n", "synonyms/pt.yaml:2: synonyms[1]: a group is a list"),
    ("pt.yaml", "nif: tax\n", "synonyms/pt.yaml:1: synonyms: must be a list of groups"),
    ("pt.yaml", "- [NIF, '']\n", "synonyms/pt.yaml:1: synonyms[0][1]: must be 1 to 100 characters"),
    ("pt.yaml", "- [NIF, '***']\n", "synonyms/pt.yaml:1: synonyms[0][1]: has no letters or digits"),
    ("pt.yaml", "- [NIF, [a]]\n", "synonyms/pt.yaml:1: synonyms[0][1]: must be a word or phrase"),
    ("xx.yaml", "- [a, b]\n", "synonyms/xx.yaml:1: file: unexpected file"),
    ("pt.yaml", "- &a [NIF, x]\n- *a\n", "synonyms/pt.yaml:1: synonyms: "),
])
def test_bad_synonyms_are_reported_and_nothing_is_published(app, tree, name, text, expected):
    tree.guide("tax-number")
    tree.write(f"synonyms/{name}", text)
    with app.app_context():
        problems = [str(p) for p in check(tree.root).errors]
        assert any(p.startswith(expected) for p in problems), problems
        assert not publish(tree.root).published
        assert db.session.execute(db.select(SearchDoc)).first() is None


@pytest.mark.parametrize("query", [
    "123456789", "NIF 123 456 789", "passaporte CB1234567", "912-345-678", "+351 21 000", "ana@example.pt",
    "email me at x@y", "１２３４５６", "٠١٢٣٤٥٦",
])
def test_queries_that_look_like_personal_data_are_not_counted(app, query):
    assert gaps.personal(query)
    with app.app_context():
        gaps.record(query, "pt")
        assert db.session.execute(db.select(SearchGap)).first() is None


@pytest.mark.parametrize("query", ["nif", "IRS 2024", "autorização de residência", "税号"])
def test_ordinary_queries_are_not_personal(query):
    assert not gaps.personal(query)


def test_zero_results_are_counted_per_day_and_language_and_listed(make_app, database_url, tree):
    app = make_app(database_url)
    tree.guide("tax-number")
    with app.app_context():
        assert publish(tree.root).published
    client = app.test_client()
    for query in ("Cartão  Europeu", "cartao europeu", "nif", "ana@example.pt"):
        client.get("/pt/search", query_string={"q": query})
    client.get("/api/v1/search", query_string={"q": "cartão europeu", "lang": "en"})
    with app.app_context():
        rows = {(r.lang, r.query, r.count) for r in db.session.execute(db.select(SearchGap)).scalars()}
        assert rows == {("pt", "cartao europeu", 2), ("en", "cartao europeu", 1)}
    result = app.test_cli_runner().invoke(args=["search", "gaps", "--lang", "pt"])
    assert result.exit_code == 0 and "       2  pt    cartao europeu" in result.output
    assert "ana" not in result.output


def test_counts_older_than_the_retention_are_deleted(make_app, database_url):
    app = make_app(database_url, SEARCH_GAP_RETENTION_DAYS=90)
    with app.app_context():
        today = date.today()
        db.session.add_all([SearchGap(day=today - timedelta(days=91), lang="pt", query="old", count=3),
                            SearchGap(day=today - timedelta(days=89), lang="pt", query="recent", count=1)])
        db.session.commit()
        assert gaps.purge() == 1
        assert [g.query for g in db.session.execute(db.select(SearchGap)).scalars()] == ["recent"]
    result = app.test_cli_runner().invoke(args=["search", "gaps", "--days", "90"])
    assert "recent" in result.output


def test_reindex_command_rebuilds_the_index(app, tree):
    tree.guide("tax-number", title="Pedir o NIF")
    with app.app_context():
        assert publish(tree.root).published
        db.session.execute(db.delete(SearchDoc))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert slugs(app, "nif") == ["tax-number"]
