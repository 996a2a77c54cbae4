"""Every bad input: a clear 4xx in the one error shape, nothing at error level."""
import base64
import logging

import pytest

from portal.api.changes import encode_cursor

# Event 999999 with a made-up check: not an event of this feed.
FORGED = base64.urlsafe_b64encode(b"999999.0123456789ab").rstrip(b"=").decode()

CASES = [
    ("/api/v1/guides?lang=xx", 400, "invalid_parameters", "lang"),
    ("/api/v1/guides?per_page=0", 400, "invalid_parameters", "per_page"),
    ("/api/v1/guides?per_page=100000", 400, "invalid_parameters", "per_page"),
    ("/api/v1/guides?page=-1", 400, "invalid_parameters", "page"),
    ("/api/v1/guides?page=abc", 400, "invalid_parameters", "page"),
    ("/api/v1/guides?changed_since=yesterday", 400, "invalid_parameters", "changed_since"),
    ("/api/v1/guides?changed_since=2026-11-27T10:00:00", 400, "invalid_parameters", "changed_since"),
    ("/api/v1/guides?colour=red", 400, "invalid_parameters", "colour"),
    ("/api/v1/topics?lang=klingon", 400, "invalid_parameters", "lang"),
    ("/api/v1/changes?since=not-a-cursor", 400, "invalid_parameters", "since"),
    ("/api/v1/changes?since=not-a-cursor-but-long-enough", 400, "invalid_cursor", "since"),
    ("/api/v1/changes?since=" + encode_cursor(None)[:-3], 400, "invalid_parameters", "since"),
    ("/api/v1/changes?since=" + FORGED, 400, "invalid_cursor", "since"),
    ("/api/v1/changes?limit=0", 400, "invalid_parameters", "limit"),
    ("/api/v1/guides/" + "a" * 300, 404, "not_found", None),
    ("/api/v1/guides/nope", 404, "guide_not_found", "slug"),
    ("/api/v1/guides/%2e%2e", 404, None, None),
    ("/api/v1/guides/%2e%2e%2fsecrets", 404, None, None),
    ("/api/v1/guides/caf%C3%A9", 404, "guide_not_found", "slug"),
    ("/api/v1/offline-packs/xx", 404, "language_not_found", "lang"),
    ("/api/v1/guides?topic=nowhere", 404, "topic_not_found", "topic"),
    ("/api/v1/languages?lang=pt", 400, "invalid_parameters", "lang"),
    ("/api/v1/offline-packs/ar?topic=nope", 404, "topic_not_found", "topic"),
    ("/api/v1/nothing-here", 404, "not_found", None),
]


def assert_error_shape(response, status, code=None, detail=None):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    assert "Traceback" not in response.get_data(as_text=True)
    if code:
        assert body["error"]["code"] == code
    if detail:
        assert detail in body["error"]["details"]


@pytest.mark.parametrize("url, status, code, detail", CASES)
def test_bad_input(api, caplog, url, status, code, detail):
    with caplog.at_level(logging.INFO):
        response = api.get(url)
    assert_error_shape(response, status, code, detail)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_write_methods_are_405(api, method):
    response = api.open("/api/v1/guides", method=method)
    assert_error_shape(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_html_only_accept_is_406(api):
    assert_error_shape(api.get("/api/v1/guides", headers={"Accept": "text/html"}), 406, "not_acceptable")


def test_browser_accept_header_is_fine(api):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert api.get("/api/v1/guides", headers={"Accept": accept}).status_code == 200


def test_server_error_is_json_without_internals(api_app, monkeypatch, caplog):
    import portal.read as read

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(read, "topics", boom)
    api_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = api_app.test_client().get("/api/v1/topics")
    assert_error_shape(response, 500, "internal_error")
    assert "secret internals" not in response.get_data(as_text=True)


def test_rate_limit_answers_429_in_the_error_shape(make_app, sample):
    from tests.api.conftest import publish_tree

    app = make_app(API_RATE_LIMIT="3 per minute")
    publish_tree(app, sample)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/api/v1/languages").status_code == 200
    response = client.get("/api/v1/languages")
    assert_error_shape(response, 429, "rate_limited")
    assert response.headers["Retry-After"]
    assert client.get("/pt/").status_code == 200, "reader pages are not limited"


def test_errors_and_preflight_carry_cors(api):
    for response in (api.get("/api/v1/nothing"), api.post("/api/v1/guides"),
                     api.get("/api/v1/openapi.json")):
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_is_never_rate_limited(make_app, sample):
    from tests.api.conftest import publish_tree

    app = make_app(API_RATE_LIMIT="1 per minute")
    publish_tree(app, sample)
    client = app.test_client()
    for _ in range(3):
        assert client.options("/api/v1/guides").status_code == 200


def test_rate_limit_counters_are_shared_through_redis(make_app, sample, tmp_path):
    """Two processes (two apps here) share one allowance when counters live in Redis."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server answers at 127.0.0.1:6379")
    from tests.api.conftest import publish_tree

    first = make_app(API_RATE_LIMIT="2 per minute", RATELIMIT_STORAGE_URI=url, SECRET_KEY="shared")
    publish_tree(first, sample)
    second = make_app(f"sqlite:///{tmp_path / 'second.sqlite3'}", API_RATE_LIMIT="2 per minute",
                      RATELIMIT_STORAGE_URI=url, SECRET_KEY="shared")
    assert first.test_client().get("/api/v1/languages").status_code == 200
    assert second.test_client().get("/api/v1/languages").status_code == 200
    assert second.test_client().get("/api/v1/languages").status_code == 429
    redis.Redis.from_url(url).flushdb()
