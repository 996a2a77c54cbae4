"""The rate limit never takes the API down: without its storage it fails open."""
import logging
import socket

import pytest


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def redis_down_app(make_app):
    return make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port()}/0",
                    API_RATE_LIMIT="2 per minute", RESPONSE_CACHE=False)


def test_redis_down_serves_logs_once_and_counts(redis_down_app, caplog):
    client = redis_down_app.test_client()
    with caplog.at_level(logging.WARNING, logger="portal.api.limits"):
        answers = [client.get("/api/v1/languages") for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert answers[0].is_json and answers[0].headers["Access-Control-Allow-Origin"] == "*"
    assert answers[0].headers["X-Content-Type-Options"] == "nosniff"
    warnings = [r for r in caplog.records if "rate limit storage unreachable" in r.getMessage()]
    assert len(warnings) == 1
    metrics = redis_down_app.extensions["metrics"]
    assert metrics["rate_limit_storage_errors"] == 1  # then it waits before trying again
    assert metrics["rate_limit_unchecked"] == 5


def test_the_storage_is_tried_again_and_the_limit_comes_back(make_app, caplog):
    app = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port()}/0",
                   API_RATE_LIMIT="2 per minute", RATELIMIT_RETRY=0, RESPONSE_CACHE=False)
    client = app.test_client()
    assert client.get("/api/v1/languages").status_code == 200
    assert app.extensions["metrics"]["rate_limit_storage_errors"] == 1
    from limits import storage

    limiter = next(m for m in _middlewares(app) if hasattr(m, "limiter"))
    limiter.limiter.storage = storage.MemoryStorage()  # the storage answers again
    with caplog.at_level(logging.WARNING, logger="portal.api.limits"):
        codes = [client.get("/api/v1/languages").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert any("reachable again" in r.getMessage() for r in caplog.records)


def _middlewares(app):
    layer = app.wsgi_app
    while layer is not None:
        yield layer
        layer = getattr(layer, "wsgi_app", None)
