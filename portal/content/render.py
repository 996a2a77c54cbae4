"""Markdown to safe HTML, plus the structured parts partner apps reuse.

Raw HTML is never trusted: it is dropped from the token stream (and
reported), and the final HTML goes through an allow-list sanitizer anyway.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt

ANCHOR = re.compile(r"\s*\{#([a-z][a-z0-9-]*)\}\s*$")
GUIDE_LINK = re.compile(r"^guide:([a-z0-9-]+)(#[\w-]+)?$")
GLOSSARY_LINK = re.compile(r"^glossary:([a-z0-9-]+)$")
SERVICE_LINK = re.compile(r"^service:([a-z0-9-]+)$")
KNOWN_SECTIONS = ("steps", "bring", "cost", "where", "rights")
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ol", "ul", "li", "strong", "em", "a", "blockquote",
    "code", "pre", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "rel", "hreflang"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
    "ul": {"class"}, "ol": {"start"},
    "th": {"align"}, "td": {"align"},
}
SAFE_SCHEMES = {"https", "http", "tel", "mailto"}

_md = MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass
class Rendered:
    html: str
    parts: dict
    guide_links: list[tuple[int, str]] = field(default_factory=list)  # (line, slug)
    glossary_links: list[tuple[int, str]] = field(default_factory=list)  # (line, slug)
    service_links: list[tuple[int, str]] = field(default_factory=list)  # (line, id)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def slugify(text: str) -> str:
    """A stable anchor from heading text, in any script."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_]+", "-", text).strip("-") or "section"


def _line(token, offset: int) -> int:
    return (token.map[0] if token.map else 0) + offset + 1


def render(body: str, lang: str, line_offset: int = 0) -> Rendered:
    """Render ``body`` for readers in ``lang``; lines are reported as in the file."""
    tokens = _md.parse(body)
    out = Rendered(html="", parts={"sections": [], "steps": [], "bring": []})
    used_ids: set[str] = set()
    section = None
    list_depth = 0
    kept = []
    for index, token in enumerate(tokens):
        if token.type == "html_block":
            out.warnings.append((_line(token, line_offset), "raw HTML removed"))
            continue
        if token.type == "heading_open":
            inline = tokens[index + 1]
            section = _anchor_heading(token, inline, used_ids, out)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            if list_depth == 1 and section == "bring" and token.type == "bullet_list_open":
                token.attrSet("class", "checklist")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "inline":
            _fix_inline(token, lang, line_offset, out)
            if list_depth == 1 and section in ("steps", "bring") and tokens[index - 1].type == "paragraph_open":
                if _is_item_start(tokens, index):
                    out.parts[section].append(_plain(token))
        kept.append(token)
    html = _md.renderer.render(kept, _md.options, {})
    out.html = sanitize(html)
    # Kept with the revision, so an unchanged file need not be rendered again.
    out.parts["links"] = out.guide_links
    out.parts["terms"] = out.glossary_links
    out.parts["services"] = out.service_links
    out.parts["warnings"] = out.warnings
    return out


def _is_item_start(tokens, index: int) -> bool:
    """True for the first paragraph of a top-level list item."""
    return index >= 2 and tokens[index - 2].type == "list_item_open"


def _plain(inline) -> str:
    return "".join(
        child.content for child in inline.children or [] if child.type in ("text", "code_inline")
    ).strip()


def _anchor_heading(token, inline, used_ids: set[str], out: Rendered) -> str | None:
    explicit = None
    if inline.children:
        last = inline.children[-1]
        match = ANCHOR.search(last.content) if last.type == "text" else None
        if match:
            explicit = match.group(1)
            last.content = last.content[: match.start()]
            inline.content = ANCHOR.sub("", inline.content)
    anchor = explicit or slugify(inline.content)
    base, n = anchor, 2
    while anchor in used_ids:
        anchor, n = f"{base}-{n}", n + 1
    used_ids.add(anchor)
    token.attrSet("id", anchor)
    if token.tag == "h2":
        out.parts["sections"].append({"id": anchor, "title": inline.content.strip()})
        return explicit
    return None


def _fix_inline(token, lang: str, offset: int, out: Rendered) -> None:
    """Drop raw HTML, resolve ``guide:``, ``glossary:`` and ``service:`` links and mark
    external ones."""
    children = []
    for child in token.children or []:
        if child.type == "html_inline":
            out.warnings.append((_line(token, offset), f"raw HTML removed: {child.content[:40]}"))
            continue
        if child.type == "link_open":
            _fix_link(child, token, lang, offset, out)
        children.append(child)
    token.children = children
    _report_unsafe_links(token, offset, out)


def _fix_link(child, token, lang: str, offset: int, out: Rendered) -> None:
    href = child.attrGet("href") or ""
    match = GUIDE_LINK.match(href)
    if match:
        out.guide_links.append((_line(token, offset), match.group(1)))
        child.attrSet("href", f"/{lang}/guides/{match.group(1)}{match.group(2) or ''}")
    elif GLOSSARY_LINK.match(href):
        slug = href.split(":", 1)[1]
        out.glossary_links.append((_line(token, offset), slug))
        child.attrSet("href", f"/{lang}/glossary/{slug}")
    elif SERVICE_LINK.match(href):
        ident = href.split(":", 1)[1]
        out.service_links.append((_line(token, offset), ident))
        child.attrSet("href", f"/{lang}/services/{ident}")
    elif href.startswith(("https://", "http://", "//")):
        # "//host" is another site too (protocol-relative), not one of our paths.
        child.attrSet("rel", "external noopener noreferrer")
    elif href.split(":", 1)[0] not in SAFE_SCHEMES and not href.startswith(("#", "/")):
        out.warnings.append((_line(token, offset), f"link removed: unsafe address {href[:40]!r}"))
        child.attrSet("href", "#")


def _report_unsafe_links(token, offset: int, out: Rendered) -> None:
    # markdown-it refuses javascript:/vbscript:/data: links and leaves the
    # source as text; say so rather than publish a dead "[x](javascript:..)".
    if re.search(r"\]\(\s*(javascript|vbscript|data):", token.content, re.I):
        out.warnings.append((_line(token, offset), "link removed: unsafe address"))


def sanitize(html: str) -> str:
    """Allow-list sanitizer: the last word on what reaches a reader."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
