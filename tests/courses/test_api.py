"""The training offer in the Content API: filters as on the pages (but
strict), ETags and 304s, HEAD, closed error codes."""
from __future__ import annotations

import pytest


def test_programmes_list_and_filters(courses):
    body = courses.get("/api/v1/programmes?lang=en").get_json()
    ids = [p["id"] for p in body["items"]]
    assert ids[:2] == ["pla-a1-a2", "pla-b1-b2"]
    assert "staff-training-iom" in ids
    staff = courses.get("/api/v1/programmes?audience=staff").get_json()["items"]
    assert [p["id"] for p in staff] == ["staff-training-iom"]
    assert [p["id"] for p in courses.get("/api/v1/programmes?level=C1").get_json()["items"]] == ["plnm-school"]


def test_one_programme_in_nepali_with_its_guides_and_please_check(courses):
    body = courses.get("/api/v1/programmes/pla-a1-a2?lang=ne").get_json()
    assert body["lang"] == "ne"
    assert body["texts"]["accepted_for"]["lang"] == "ne"
    assert "नागरिकता" in body["texts"]["accepted_for"]["text"]
    assert set(body["guides"]) == {"portuguese-courses-pla", "residence-permits-aima", "nationality"}
    assert body["please_check"] and body["levels"] == ["A1", "A2"] and body["hours"] == 150
    assert body["ics_url"] == "/ne/courses/pla-a1-a2.ics"


def test_sessions_upcoming_by_default(courses):
    items = courses.get("/api/v1/sessions").get_json()["items"]
    assert [s["id"] for s in items] == ["lisboa-pla-a1-a2-evening", "online-pla-b1-b2", "porto-provider-pla"]
    everything = courses.get("/api/v1/sessions?upcoming=false").get_json()["items"]
    assert "ended-pla" in [s["id"] for s in everything]
    lisboa = courses.get("/api/v1/sessions?district=Lisboa").get_json()["items"]
    assert [s["place"]["id"] for s in lisboa] == ["cnaim-lisboa"]
    assert lisboa[0]["place"]["district"] == "Lisboa"


def test_one_session(courses):
    body = courses.get("/api/v1/sessions/porto-provider-pla?lang=en").get_json()
    assert body["place"]["kind"] == "provider" and body["place"]["district"] == "Porto"
    assert body["schedule"] == [{"day": "tue", "start": "09:00", "end": "12:00"}]
    assert body["web_url"] == "/en/courses/pla-a1-a2/porto-provider-pla"


@pytest.mark.parametrize("path, code", [
    ("/api/v1/programmes/nope", "programme_not_found"),
    ("/api/v1/sessions/nope", "session_not_found"),
    ("/api/v1/sessions/ended-pla", "session_not_found"),
])
def test_not_found_codes(courses, path, code):
    response = courses.get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == code


@pytest.mark.parametrize("query", ["level=D1", "within=0", "district=Atlantis", "municipality=Nowhere",
                                   "format=online&format=blended", "upcoming=maybe", "colour=red"])
def test_filter_nonsense_is_a_400_with_details(courses, query):
    response = courses.get(f"/api/v1/sessions?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_parameters"


def test_etag_304_and_head(courses):
    first = courses.get("/api/v1/sessions?lang=en")
    again = courses.get("/api/v1/sessions?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    head = courses.head("/api/v1/programmes/pla-a1-a2")
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"]


def test_sessions_are_paginated_with_link_and_total(courses):
    first = courses.get("/api/v1/sessions?per_page=2")
    body = first.get_json()
    assert [body["page"], body["per_page"], body["total"], len(body["items"])] == [1, 2, 3, 2]
    assert first.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in first.headers["Link"]
    second = courses.get("/api/v1/sessions?per_page=2&page=2").get_json()
    assert [s["id"] for s in second["items"]] == ["porto-provider-pla"]
