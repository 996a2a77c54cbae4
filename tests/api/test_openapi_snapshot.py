"""The OpenAPI document is a reviewed contract: any change to it shows up as
a diff against the committed snapshot.

After an intended change, refresh the snapshot and review the diff:
    UPDATE_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi_snapshot.py
"""
from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
CACHEABLE = ["list_languages", "list_topics", "list_guides", "get_guide", "get_changes", "get_offline_pack"]


def _text(spec: dict) -> str:
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield path, method, item, operation


def test_openapi_matches_the_snapshot(client):
    current = _text(client.get("/api/v1/openapi.json").get_json())
    if os.environ.get("UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    committed = SNAPSHOT.read_text(encoding="utf-8")
    if current != committed:
        diff = "".join(difflib.unified_diff(
            committed.splitlines(True), current.splitlines(True), "openapi.snapshot.json", "live"))
        raise AssertionError(
            "The OpenAPI document changed. If intended, run UPDATE_SNAPSHOT=1 .venv/bin/pytest "
            f"tests/api/test_openapi_snapshot.py and commit the snapshot.\n{diff}")


def test_every_operation_declares_what_it_answers(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    ids = {operation["operationId"] for *_, operation in _operations(spec)}
    assert set(CACHEABLE) <= ids
    for path, method, item, operation in _operations(spec):
        responses = operation["responses"]
        assert "default" not in responses, (path, method)
        assert {"200", "304", "400", "406", "429"} <= set(responses), (path, method)
        assert {"$ref": "#/components/parameters/IF_NONE_MATCH"} in item["parameters"]
        assert operation["tags"] and "`" not in operation["summary"]
    assert {method for *_, method, _, _ in _operations(spec)} == {"get", "head"}


def test_components_are_used_and_errors_are_closed(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    text = json.dumps(spec["paths"]) + json.dumps(spec["components"]["responses"])
    schemas = spec["components"]["schemas"]
    assert "PaginationMetadata" not in schemas
    referenced = {name for name in schemas if f'"#/components/schemas/{name}"' in json.dumps(spec)}
    assert referenced == set(schemas)
    assert "Retry-After" in json.dumps(spec["components"]["responses"]["TOO_MANY_REQUESTS"])
    assert "#/components/headers/Last-Modified" in text
    from portal.api.errors import ERROR_CODES

    assert schemas["ErrorBody"]["properties"]["code"]["enum"] == ERROR_CODES
    assert "status" in schemas["GuideSummary"]["required"] and "status" in schemas["Guide"]["required"]
    assert all("additionalProperties" not in schemas[name] for name in ("Guide", "ChangeFeed", "Error"))
