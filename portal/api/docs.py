"""A readable API reference at /api/v1/docs, rendered on the server from the
generated OpenAPI document: no third-party script, style or font."""
from __future__ import annotations

from flask import Blueprint, g, render_template

docs_bp = Blueprint("api_docs", __name__)


def _resolve(spec: dict, node):
    while isinstance(node, dict) and "$ref" in node:
        path = node["$ref"].lstrip("#/").split("/")
        node = spec
        for part in path:
            node = node[part]
    return node


@docs_bp.get("/api/v1/docs")
def reference():
    from . import api

    g.lang = "en"  # the reference is written in English
    spec = api.spec.to_dict()
    operations = []
    for path, methods in spec["paths"].items():
        shared = [_resolve(spec, p) for p in methods.get("parameters", [])]
        for method, operation in methods.items():
            if method not in ("get", "head", "post", "put", "patch", "delete"):
                continue
            responses = {
                code: _resolve(spec, response) for code, response in operation.get("responses", {}).items()
            }
            operations.append({"path": path, "method": method.upper(), "op": operation,
                               "parameters": shared + [_resolve(spec, p) for p in operation.get("parameters", [])],
                               "responses": responses})
    schemas = spec.get("components", {}).get("schemas", {})
    return render_template("api_docs.html", spec=spec, operations=operations, schemas=schemas)
