"""The glossary goes through the one publish: revisions, freshness, change
events naming the kind, export round trip, and refusals of bad input.

Every test here runs on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import pytest

from portal.content.export import export
from portal.content.publish import publish
from portal.extensions import db
from portal.models import ChangeEvent, Guide


@pytest.fixture
def app(make_app, database_url):
    return make_app(database_url)


def _events(app, kind):
    with app.app_context():
        return db.session.execute(
            db.select(ChangeEvent.action, ChangeEvent.slug, ChangeEvent.lang)
            .where(ChangeEvent.item_type == kind)).all()


def test_terms_are_published_as_their_own_kind_with_change_events(glossary_published, app):
    assert ("created", "centro-de-saude", "ur") in _events(app, "glossary")
    assert ("created", "nif", "pt") in _events(app, "glossary")
    with app.app_context():
        term = db.session.execute(db.select(Guide).where(Guide.kind == "glossary", Guide.slug == "nif")).scalar_one()
        assert term.facts["also"] == ["número de identificação fiscal", "número de contribuinte"]
        assert term.related == ["tax-number"] and term.topic is None


def test_republish_is_a_no_op_and_export_round_trips(glossary_published, app, tmp_path):
    before = len(_events(app, "glossary"))
    assert glossary_published.publish().published
    assert len(_events(app, "glossary")) == before
    with app.app_context():
        export(tmp_path / "out")
        assert (tmp_path / "out/glossary/centro-de-saude/ur.md").exists()
        result = publish(tmp_path / "out")
    assert result.published and not result.content.errors
    assert len(_events(app, "glossary")) == before


def test_changed_source_outdates_translated_terms(glossary_published, app, client):
    path = glossary_published.tree.root / "glossary/nif/pt.md"
    path.write_text(path.read_text(encoding="utf-8").replace("contribuinte.", "contribuinte fiscal."),
                    encoding="utf-8")
    with app.app_context():
        assert publish(glossary_published.tree.root).published
    assert ("updated", "nif", "en") in _events(app, "glossary")
    page = client.get("/en/glossary/nif").get_data(as_text=True)
    assert "This translation may be out of date" in page
    assert 'href="/pt/glossary/nif"' in page


BAD = {
    "no Portuguese term": (
        "glossary/nif/pt.md", lambda t: t.replace('term: "NIF"\n', ""),
        "glossary/nif/pt.md:2: term: Missing data for required field."),
    "duplicate term": (
        "glossary/nif/pt.md", lambda t: t.replace('term: "NIF"', 'term: "Centro de Saúde"'),
        "glossary/nif/pt.md:2: term: duplicate term 'Centro de Saúde': also in glossary/centro-de-saude/pt.md"),
    "see-also guide missing": (
        "glossary/nif/pt.md", lambda t: t.replace("see_also: [tax-number]", "see_also: [tax-number, no-such-guide]"),
        "glossary/nif/pt.md:4: see_also[1]: no guide with slug 'no-such-guide'"),
    "HTML in an explanation": (
        "glossary/nif/pt.md", lambda t: t + "\nO NIF <b>é</b> seu.\n",
        "glossary/nif/pt.md:12: body: raw HTML removed: <b>"),
    "script in an explanation": (
        "glossary/nif/en.md", lambda t: t + "\n<script>alert(1)</script>\n",
        "glossary/nif/en.md:8: body: raw HTML removed"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_glossary_input_is_refused_and_nothing_is_published(glossary_published, app, client, case):
    relative, change, expected = BAD[case]
    path = glossary_published.tree.root / relative
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    glossary_published.tree.guide("new-guide")  # would be glossary_published if anything were
    with app.app_context():
        result = publish(glossary_published.tree.root)
    assert not result.published
    assert expected in [str(p) for p in result.content.errors]
    assert client.get("/pt/guides/new-guide").status_code == 404
    assert "contribuinte" in client.get("/pt/glossary/nif").get_data(as_text=True)


def test_translation_of_an_unknown_term_is_refused(glossary_published, app):
    glossary_published.tree.write("glossary/ghost/en.md", "---\nterm: ghost\ntranslation: human\n"
                         "source_revision: 0123456789abcdef\n---\nA ghost.\n")
    with app.app_context():
        result = publish(glossary_published.tree.root)
    assert not result.published
    assert ("glossary/ghost/en.md:1: term: translation of an unknown glossary term: "
            "glossary/ghost/pt.md does not exist") in [str(p) for p in result.content.errors]


def test_guide_linking_a_removed_term_names_both_files(glossary_published, app, client):
    glossary_published.tree.guide("tax-number", body="Peça o [número](glossary:nif) nas Finanças.\n")
    assert glossary_published.publish().published
    assert 'href="/pt/glossary/nif"' in client.get("/pt/guides/tax-number").get_data(as_text=True)
    glossary_published.tree.remove("glossary/nif")
    with app.app_context():
        result = publish(glossary_published.tree.root)
    assert not result.published
    assert ("guides/tax-number/pt.md:13: body: link to unknown glossary term 'glossary:nif': "
            "glossary/nif/pt.md does not exist") in [str(p) for p in result.content.errors]
    assert client.get("/pt/glossary/nif").status_code == 200


def test_translation_that_drops_a_kept_portuguese_name_is_warned(glossary_tree, app):
    glossary_tree.tree.write("glossary/centro-de-saude/fr.md", "---\nterm: centre de santé\ntranslation: machine\n"
                        "source_revision: pending\n---\nLe centre de santé de votre quartier.\n")
    result = glossary_tree.publish()
    assert result.published
    assert any(str(p).startswith("glossary/centro-de-saude/fr.md:2: term: warning: keep the Portuguese name")
               for p in result.content.warnings)


def test_cli_status_counts_terms_after_guides(glossary_published, app):
    runner = app.test_cli_runner()
    table = runner.invoke(args=["content", "status"]).output
    assert "Glossary terms:" in table
    assert table.split("Glossary terms:")[1].splitlines()[2].split() == ["pt", "2", "0", "0"]
    listing = runner.invoke(args=["content", "status", "--lang", "fr"]).output
    assert listing.split("Glossary terms:")[1].split() == ["missing", "centro-de-saude", "missing", "nif"]
