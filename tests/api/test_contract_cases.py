"""Hostile and odd input: always a status the OpenAPI document declares for
the operation, with the declared schema; never a 500."""
from __future__ import annotations

import base64
import logging

import pytest

from portal.api.changes import _check, encode_cursor
from tests.api.test_bad_input import assert_error_shape


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).rstrip(b"=").decode()


def _declared(api, url: str, status: int, method: str = "get") -> bool:
    spec = api.get("/api/v1/openapi.json").get_json()
    path = url.split("?")[0]
    for template, item in spec["paths"].items():
        prefix = template.split("{")[0]
        if path == template or ("{" in template and path.startswith(prefix) and "/" not in path[len(prefix):]):
            return str(status) in item[method]["responses"]
    return False


ERRORS = [
    ("/api/v1/changes?since=0", 400, "invalid_parameters"),
    ("/api/v1/changes?since=" + _cursor(f"{2**31}.{_check(2**31, 'x')}"), 400, "invalid_cursor"),
    ("/api/v1/changes?since=" + _cursor(f"{2**63}.{_check(2**63, 'x')}"), 400, "invalid_cursor"),
    ("/api/v1/changes?since=" + _cursor(f"{10**19 - 1}.0123456789ab"), 400, "invalid_cursor"),
    ("/api/v1/changes?since=" + _cursor("-5.0123456789ab"), 400, "invalid_cursor"),
    ("/api/v1/changes?since=" + "A" * 43, 400, "invalid_cursor"),
    ("/api/v1/changes?since=" + "A" * 44, 400, "invalid_parameters"),
    ("/api/v1/guides?changed_since=0001-01-01T00:00:00%2B14:00", 400, "invalid_parameters"),
    ("/api/v1/guides?changed_since=9999-12-31T23:59:59-14:00", 400, "invalid_parameters"),
    ("/api/v1/guides?lang=pt&lang=xx", 400, "invalid_parameters"),
    ("/api/v1/guides?lang=pt&lang=pt", 400, "invalid_parameters"),
    ("/api/v1/changes?limit=5&limit=6", 400, "invalid_parameters"),
    ("/api/v1/guides?page=0", 400, "invalid_parameters"),
    (f"/api/v1/guides?page={10**9}", 400, "invalid_parameters"),
    ("/api/v1/guides?per_page=101", 400, "invalid_parameters"),
    ("/api/v1/guides?per_page=0", 400, "invalid_parameters"),
]


@pytest.mark.parametrize("url, status, code", ERRORS)
def test_refused_with_a_declared_error(api, caplog, url, status, code):
    with caplog.at_level(logging.INFO):
        response = api.get(url)
    assert_error_shape(response, status, code)
    assert _declared(api, url, status)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_repeated_parameter_names_itself(api):
    details = api.get("/api/v1/topics?lang=pt&lang=xx").get_json()["error"]["details"]
    assert details == {"lang": ["Give this parameter once."]}


def test_cursor_truncated_or_from_another_feed(api, api_app):
    with api_app.app_context():
        from portal import read

        last = read.change_event(read.latest_event_id())
    cursor = encode_cursor(last)
    assert api.get(f"/api/v1/changes?since={cursor}").status_code == 200
    for bad in (cursor[:-2], encode_cursor(None)[:-1] + "A" * 4, _cursor(f"{last.id}.{'0' * 12}")):
        response = api.get(f"/api/v1/changes?since={bad}")
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] in ("invalid_cursor", "invalid_parameters")


@pytest.mark.parametrize("accept", ["application/xml", "text/html", "image/*", "foo", "application/json;q=0"])
def test_unacceptable_accept_is_a_declared_406(api, accept):
    response = api.get("/api/v1/guides", headers={"Accept": accept})
    assert_error_shape(response, 406, "not_acceptable")
    assert _declared(api, "/api/v1/guides", 406)


def _etag(api, url):
    return api.get(url, headers={"Accept-Encoding": "identity"}).headers["ETag"]


@pytest.mark.parametrize("header, status", [
    ('"0123456789abcdef0123456789abcdef"', 200),  # stale
    ('no quotes, at all,,', 200),  # malformed
    ('W/"0123456789abcdef"', 200),  # weak, not ours
    ('W/{current}', 304),  # weak form of the current tag: weak comparison matches
    ('"stale", {current}', 304),  # a list holding the current tag
    ('"stale", "older"', 200),
    ("*", 304),
])
def test_if_none_match_variants(api, header, status):
    url = "/api/v1/guides/tax-number?lang=ar"
    current = _etag(api, url)
    response = api.get(url, headers={"Accept-Encoding": "identity",
                                     "If-None-Match": header.format(current=current)})
    assert response.status_code == status
    assert _declared(api, url, status)
    if status == 304:
        assert response.data == b"" and response.headers["ETag"] == current
    else:
        assert response.get_json()["slug"] == "tax-number"


def test_page_past_the_end_links_back_to_the_last_page(api):
    response = api.get("/api/v1/guides?per_page=1&page=7")
    assert response.status_code == 200 and response.get_json()["items"] == []
    assert response.headers["Link"] == '</api/v1/guides?page=2&per_page=1>; rel="prev"'
    middle = api.get("/api/v1/guides?per_page=1&page=2").headers["Link"]
    assert 'rel="next"' not in middle and 'page=1&per_page=1>; rel="prev"' in middle


def test_head_is_served_and_declared(api):
    response = api.head("/api/v1/guides/tax-number?lang=ar")
    assert response.status_code == 200 and response.data == b"" and response.headers["ETag"]
    assert _declared(api, "/api/v1/guides/tax-number", 200, method="head")


def test_exposed_headers_are_the_ones_sent(api):
    spec = api.get("/api/v1/openapi.json").get_json()
    declared = set(spec["components"]["headers"]) - {"Cache-Control"}  # safelisted
    exposed = {h.strip() for h in api.get("/api/v1/guides").headers["Access-Control-Expose-Headers"].split(",")}
    assert exposed == declared
