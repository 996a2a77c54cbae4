"""Directory pages: filters as a plain GET form, grouping by district,
nonsense filters never a 500, a point's page with tel/mailto/geo links and
open-now, the helplines page, and the guide's "find one near you"."""
from __future__ import annotations

import pytest

from portal.content.publish import publish
from tests.conftest import guide_text
from tests.services_support import point_text


@pytest.fixture
def client(app, tree):
    tree.guide("nif", text=guide_text(extra="where_to_go: [claim, tax-office]"))
    tree.write("services/claim-teste.yaml", point_text())
    tree.write("services/claim-lisboa.yaml", point_text(
        id="claim-lisboa", name={"pt": "CLAIM de Lisboa"}, municipality="Lisboa", district="Lisboa",
        coordinates=None, languages=["pt", "uk"], postcode=None, address=None))
    tree.write("services/linha.yaml", point_text(
        id="linha", kind="helpline", name={"pt": "Linha de Teste"}, municipality=None, district=None,
        coordinates=None, address=None, postcode=None, phones=[{"number": "800 202 148"}],
        opening_hours="24/7"))
    with app.app_context():
        assert publish(tree.root).published
    return app.test_client()


def test_filters_work_as_a_plain_get_form_grouped_by_district(client):
    page = client.get("/ar/services?district=Faro&kind=local-centre&language=ar").get_data(as_text=True)
    assert 'dir="rtl"' in page and 'href="/ar/services/claim-teste"' in page
    assert "claim-lisboa" not in page and '<form class="filters" method="get"' in page
    everything = client.get("/pt/services").get_data(as_text=True)
    assert everything.index(">Faro</h2>") < everything.index(">Lisboa</h2>")
    assert "linha" in everything


@pytest.mark.parametrize("query", ["district=%3Cscript%3E", "municipality=" + "x" * 10000, "kind=zzz",
                                   "language=%00", "open=maybe", "service=nowhere"])
def test_nonsense_filters_show_everything_with_a_message(client, query):
    response = client.get(f"/en/services?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "claim-teste" in page and "claim-lisboa" in page and "<script>" not in page.split("<main")[1]
    assert "were not recognised" in page


def test_a_point_page_has_call_mail_and_map_links_and_the_week(client):
    page = client.get("/en/services/claim-teste").get_data(as_text=True)
    assert 'href="tel:+351289000000"' in page and 'href="mailto:claim@example.pt"' in page
    assert 'href="geo:37.01940,-7.93040"' in page
    assert "Monday" in page and "Test local centre" in page and "Bring your passport." in page
    approximate = client.get("/pt/services/claim-lisboa").get_data(as_text=True)
    assert "geo:38.72509,-9.14980" in approximate and "GeoNames" in approximate


def test_helplines_page_and_its_link_from_every_page(client):
    page = client.get("/pt/help").get_data(as_text=True)
    assert "Linha de Teste" in page and 'href="tel:+351800202148"' in page
    assert 'href="/pt/help"' in client.get("/pt/").get_data(as_text=True)


def test_a_guide_sends_its_reader_to_the_matching_points(client):
    page = client.get("/en/guides/nif").get_data(as_text=True)
    assert 'href="/en/services?kind=local-centre"' in page


def test_the_compact_directory_for_the_device(client):
    data = client.get("/pt/services/directory.json").get_json()
    rows = {row[0]: row for row in data["points"]}
    assert rows["claim-lisboa"][7] == 1  # approximate: the municipality seat
    assert rows["claim-teste"][8] == "+351289000000"
    assert data["weeks"][rows["claim-teste"][10]][0] == [0, 540, 1020]


def test_every_language_pack_carries_the_directory(client):
    urls = {e["url"] for e in client.get("/api/v1/offline-packs/ar").get_json()["entries"]}
    assert {"/ar/services", "/ar/help", "/ar/services/directory.json"} <= urls
    assert any(u.startswith("/static/js/nearest.") for u in urls)
    topic = {e["url"] for e in client.get("/api/v1/offline-packs/ar?topic=papers").get_json()["entries"]}
    assert "/ar/services/directory.json" not in topic
