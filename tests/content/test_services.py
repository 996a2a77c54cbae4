"""Service points are records (one YAML file each) in the one pipeline:
revisions per language, change events, export round trip, and every bad
input refused with ``file:line: field: message`` while nothing changes."""
from __future__ import annotations

import pytest

from portal.content.export import export
from portal.content.publish import publish
from portal.extensions import db
from portal.models import ChangeEvent, Guide, Translation
from tests.services_support import point_text


@pytest.fixture
def app(make_app, database_url):
    return make_app(database_url)


def _publish(app, root):
    with app.app_context():
        return publish(root)


def _errors(result):
    return [str(p) for p in result.problems if not p.warning]


def test_a_record_is_published_once_per_language_with_events(app, tree):
    tree.write("services/claim-teste.yaml", point_text())
    result = _publish(app, tree.root)
    assert result.published, _errors(result)
    with app.app_context():
        item = db.session.execute(db.select(Guide).where(Guide.kind == "service")).scalar_one()
        assert item.facts["municipality"] == "Faro" and item.facts["phones"] == [{"number": "289 000 000", "note": None}]
        langs = {t.lang: t.current for t in item.translations}
        assert set(langs) == {"pt", "en"}
        assert langs["pt"].title == "CLAIM de Teste" and langs["en"].title == "Test local centre"
        assert langs["en"].body_md.strip() == "Bring your passport."
        assert langs["en"].source_hash == langs["pt"].content_hash
        events = db.session.execute(db.select(ChangeEvent.action, ChangeEvent.lang)
                                    .where(ChangeEvent.item_type == "service")).all()
        assert sorted(events) == [("created", "en"), ("created", "pt")]


def test_republish_is_a_no_op_and_export_round_trips(app, tree, tmp_path):
    tree.write("services/claim-teste.yaml", point_text())
    assert _publish(app, tree.root).published
    with app.app_context():
        export(tmp_path / "out")
    again = _publish(app, tmp_path / "out")
    assert again.published
    assert all(c["changed"] == 0 and c["added"] == 0 for c in again.counts.values())


def test_a_changed_phone_changes_every_language_page(app, tree):
    tree.write("services/claim-teste.yaml", point_text())
    assert _publish(app, tree.root).published
    tree.write("services/claim-teste.yaml", point_text(phones=[{"number": "289 111 111"}]))
    result = _publish(app, tree.root)
    assert result.counts["pt"]["changed"] == 1 and result.counts["en"]["changed"] == 1


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"opening_hours": "Mo-Fr nine to five"}, "opening_hours", "not valid opening_hours syntax"),
    ({"opening_hours": "Mo-Fr 09:00-25:00"}, "opening_hours", "impossible time 25:00"),
    ({"opening_hours": "Mo-Fr 17:00-09:00"}, "opening_hours", "ends before it starts"),
    ({"coordinates": {"lat": 40.4168, "lon": -3.7038}}, "coordinates", "outside Portugal"),
    ({"coordinates": {"lat": 28.1, "lon": -15.4}}, "coordinates", "outside Portugal"),
    ({"phones": [{"number": "12 34"}]}, "phones[0].number", "not a valid"),
    ({"municipality": "Farol"}, "municipality", "unknown municipality 'Farol'"),
    ({"district": "Lisboa"}, "district", "Faro is in Faro, not Lisboa"),
    ({"email": ["claim at example"]}, "email[0]", "not an email address"),
    ({"languages": ["Arabic"]}, "languages[0]", "BCP-47"),
    ({"name": {"en": "Only English"}}, "name", "Portuguese"),
])
def test_bad_records_are_refused_with_their_line_and_nothing_changes(app, tree, changes, field, message):
    tree.write("services/claim-teste.yaml", point_text())
    assert _publish(app, tree.root).published
    tree.write("services/claim-teste.yaml", point_text(**changes, address="Rua Nova, 2"))
    result = _publish(app, tree.root)
    assert not result.published
    found = [e for e in _errors(result) if e.startswith("services/claim-teste.yaml:")]
    assert any(f": {field}: " in e and message in e for e in found), found
    line = int(found[0].split(":")[1])
    assert line > 1 or field == "name"
    with app.app_context():
        item = db.session.execute(db.select(Guide).where(Guide.kind == "service")).scalar_one()
        assert item.facts["address"] == "Rua de Teste, 1"


def test_island_coordinates_are_in_portugal(app, tree):
    tree.write("services/claim-teste.yaml", point_text(
        municipality="Ponta Delgada", district="Região Autónoma dos Açores",
        coordinates={"lat": 37.7395, "lon": -25.6687}))
    assert _publish(app, tree.root).published


def test_duplicate_ids_and_ids_that_are_not_the_file_name_are_refused(app, tree):
    tree.write("services/claim-teste.yaml", point_text())
    tree.write("services/claim-outro.yaml", point_text())
    result = _publish(app, tree.root)
    assert not result.published
    errors = _errors(result)
    assert "services/claim-teste.yaml:1: id: duplicate id 'claim-teste': also services/claim-outro.yaml" in errors
    assert any(e.startswith("services/claim-outro.yaml:1: id: 'claim-teste' must be the file name") for e in errors)
    with app.app_context():
        assert db.session.execute(db.select(Translation)).first() is None


def test_unknown_topics_are_refused(app, tree):
    tree.write("services/claim-teste.yaml", point_text(topics=["nowhere"]))
    result = _publish(app, tree.root)
    assert any(": topics[0]: unknown topic 'nowhere'" in e for e in _errors(result))


def test_a_point_linked_from_a_guide_cannot_be_removed(app, tree):
    from tests.conftest import guide_text

    tree.write("services/claim-teste.yaml", point_text())
    tree.guide("nif", text=guide_text(body="Vá ao [CLAIM](service:claim-teste).\n"))
    assert _publish(app, tree.root).published
    with app.app_context():
        html = db.session.execute(db.select(Guide).where(Guide.slug == "nif")).scalar_one().translations[0].current.body_html
    assert 'href="/pt/services/claim-teste"' in html
    tree.remove("services/claim-teste.yaml")
    result = _publish(app, tree.root)
    assert not result.published
    assert any(e.startswith("guides/nif/pt.md:") and "unknown service point 'service:claim-teste'" in e
               for e in _errors(result))
