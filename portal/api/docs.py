"""Documentation served by the API itself, so partners need no access to
the repository: a reference at /api/v1/docs, rendered on the server from
the generated OpenAPI document, and the partner guide (``docs/api.md``) at
/api/v1/docs/guide. No third-party script, style or font, no JavaScript.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import nh3
from flask import Blueprint, current_app, g, render_template
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

from .. import resources

docs_bp = Blueprint("api_docs", __name__)

GUIDE_TAGS = {
    "h1", "h2", "h3", "h4", "p", "ol", "ul", "li", "strong", "em", "a", "blockquote", "code",
    "pre", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
GUIDE_ATTRIBUTES = {"a": {"href"}, "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
                    "th": {"style"}, "td": {"style"}}
_md = MarkdownIt("commonmark", {"html": False}).enable("table").use(anchors_plugin, max_level=4)


def guide_path() -> Path:
    """Where the partner guide lives: ``docs/api.md``, the one source of it."""
    return Path(current_app.config.get("API_GUIDE_PATH") or resources.path("api.md"))


@lru_cache(maxsize=4)
def _render(path: str, mtime: float) -> str:
    html = _md.render(Path(path).read_text(encoding="utf-8"))
    return nh3.clean(html, tags=GUIDE_TAGS, attributes=GUIDE_ATTRIBUTES,
                     url_schemes={"https", "http", "mailto"}, link_rel=None,
                     filter_style_properties={"text-align"})


def guide_html() -> str:
    """docs/api.md as sanitized HTML, headings with GitHub-style ids so the
    guide's own #links work."""
    path = guide_path()
    return _render(str(path), path.stat().st_mtime)


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
                code: _resolve(spec, response)
                for code, response in sorted(operation.get("responses", {}).items())
            }
            operations.append({"path": path, "method": method.upper(), "op": operation,
                               "parameters": shared + [_resolve(spec, p) for p in operation.get("parameters", [])],
                               "responses": responses})
    schemas = spec.get("components", {}).get("schemas", {})
    return render_template("api_docs.html", spec=spec, operations=operations, schemas=schemas)


@docs_bp.get("/api/v1/docs/guide")
def guide():
    g.lang = "en"
    return render_template("api_guide.html", body=guide_html())
