"""Translatable segments of a Markdown-per-language item, and the way back.

A source file (``pt.md``) becomes a list of segments: its translatable
front-matter fields, then one segment per heading, paragraph, list item,
step (ordered list item), table cell and warning (a quoted block). Blocks
are found with the same Markdown parser as the editors' checks
(:mod:`portal.content.text_units`), so "a unit" means the same thing there
and here.

Inline markup becomes numbered placeholders that translation tools protect:
``<a1>text</a1>`` for a link, ``<b2>…</b2>`` for bold, ``<i3>…</i3>`` for
emphasis, ``<s4>…</s4>`` for strikethrough and ``<x5/>`` for code, images,
inline HTML and hard line breaks. The link address, the code and the markup characters stay
in the source; a translation only moves the placeholders.

:func:`rebuild` puts translated segments back into the source's skeleton:
the same blocks, list markers, heading anchors (``{#steps}``) and table
layout, in the translator's words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text_units import _md

ANCHOR = re.compile(r"\s*\{#[A-Za-z0-9_-]+\}\s*$")
TAG = re.compile(r"<(/?)([abisx])(\d+)(/?)>")
# What is left after our placeholders: any HTML tag, comment or declaration.
HTML = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?")
EVENT_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.I)
PAIRED = {"link": "a", "strong": "b", "em": "i", "s": "s"}
HARD_BREAK = "\n"  # until body_segments knows the block's indent


@dataclass
class Segment:
    id: str  # msgctxt / XLIFF unit id: "title", "p-3", "step-5", "td-9"...
    text: str  # what the translator sees, with placeholders
    tags: dict[str, tuple[str, str]] = field(default_factory=dict)  # "a1" -> (open, close) Markdown
    note: str = ""  # for translators: what the placeholders stand for
    # Where it sits in the body (lines from 0; -1 for front-matter fields).
    line: int = -1
    end: int = -1
    prefix: str = ""
    suffix: str = ""
    cell: int = -1  # column, for table cells

    @property
    def kind(self) -> str:
        return self.id.rsplit("-", 1)[0]


def segments(fields: tuple[str, ...], meta: dict, body: str) -> list[Segment]:
    """The translatable segments of one file: ``fields`` of its front matter
    (those it has), then its body."""
    out = [Segment(name, str(meta[name])) for name in fields if meta.get(name)]
    return out + body_segments(body)


def body_segments(body: str) -> list[Segment]:
    lines = body.split("\n")
    out: list[Segment] = []
    stack: list[str] = []
    count = 0
    row_line, column = -1, 0
    for token in _md.parse(body):
        if token.type.endswith("_open"):
            stack.append(token.type[:-5])
            if token.type == "tr_open":
                row_line, column = token.map[0], 0
            if token.type == "ordered_list_open":
                stack[-1] = "ordered_list"
            continue
        if token.type.endswith("_close"):
            if stack:
                opened = stack.pop()
                if opened in ("th", "td"):
                    column += 1
            continue
        if token.type != "inline" or not token.content.strip():
            continue
        count += 1
        context = stack[-1] if stack else "paragraph"
        if context in ("th", "td"):
            kind = "td"
        elif context.startswith("heading"):
            kind = "h"
        elif "blockquote" in stack:
            kind = "warning"
        elif "list_item" in stack:
            lists = [entry for entry in stack if entry in ("bullet_list", "ordered_list")]
            kind = "step" if lists and lists[-1] == "ordered_list" else "li"
        else:
            kind = "p"
        segment = inline_segment(f"{kind}-{count}", token)
        if kind == "td":
            segment.line, segment.end, segment.cell = row_line, row_line + 1, column
        else:
            start, end = token.map
            first = token.content.split("\n", 1)[0]
            at = lines[start].find(first)
            segment.line, segment.end = start, end
            segment.prefix = lines[start][:at] if at >= 0 else ""
            indent = "".join(c if c == ">" else " " for c in segment.prefix)
            for name, (opening, _) in segment.tags.items():
                if opening == HARD_BREAK:
                    segment.tags[name] = ("\\\n" + indent, "")
            if kind == "h":
                anchor = ANCHOR.search(token.content)
                if anchor:
                    segment.suffix = " " + anchor.group(0).strip()
                    segment.text = ANCHOR.sub("", segment.text)
        out.append(segment)
    return out


def inline_segment(segment_id: str, token) -> Segment:
    """Inline tokens as text with numbered placeholders."""
    parts: list[str] = []
    tags: dict[str, tuple[str, str]] = {}
    open_tags: list[str] = []
    notes: list[str] = []
    number = 0
    children = token.children or []
    skip_to_close = False
    for child in children:
        kind = child.type
        if skip_to_close:
            skip_to_close = kind != "link_close"
            continue
        if kind == "text":
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":  # its Markdown needs the block's indent: see body_segments
            number += 1
            tags[f"x{number}"] = (HARD_BREAK, "")
            parts.append(f"<x{number}/>")
            notes.append(f"<x{number}/> = line break")
        elif kind.endswith("_open") and kind[:-5] in PAIRED:
            number += 1
            name = f"{PAIRED[kind[:-5]]}{number}"
            if kind == "link_open":
                href = child.attrGet("href") or ""
                if child.markup == "autolink":
                    tags[f"x{number}"] = (f"<{href}>", "")
                    parts.append(f"<x{number}/>")
                    notes.append(f"<x{number}/> = {href}")
                    skip_to_close = True
                    continue
                title = child.attrGet("title")
                close = f"]({href} \"{title}\")" if title else f"]({href})"
                tags[name] = ("[", close)
                notes.append(f"<{name}> = {href}")
            else:
                tags[name] = (child.markup, child.markup)
            open_tags.append(name)
            parts.append(f"<{name}>")
        elif kind.endswith("_close") and kind[:-6] in PAIRED:
            number_name = open_tags.pop() if open_tags else None
            if number_name:
                parts.append(f"</{number_name}>")
        else:  # code, image, inline HTML: kept whole
            number += 1
            name = f"x{number}"
            if kind == "code_inline":
                markdown = f"{child.markup}{child.content}{child.markup}"
            elif kind == "image":
                markdown = f"![{child.content}]({child.attrGet('src') or ''})"
            else:
                markdown = child.content
            tags[name] = (markdown, "")
            parts.append(f"<{name}/>")
            notes.append(f"<{name}/> = {markdown}")
    text = "".join(parts)
    return Segment(segment_id, text, tags, "; ".join(notes))


def tag_names(text: str) -> list[str]:
    """Placeholders in order, as written: "<a1>", "</a1>", "<x2/>"."""
    return [m.group(0) for m in TAG.finditer(text)]


def problems_in(text: str, source: Segment) -> list[str]:
    """Why a translation of ``source`` cannot be published (empty when it can)."""
    found = []
    rest = TAG.sub("", text)
    html = HTML.search(rest)
    if html:
        found.append(f"HTML is not allowed in a translation: {html.group(0)[:40]!r}")
    elif EVENT_HANDLER.search(rest):
        found.append("looks like an HTML event handler (on...=); remove it")
    wanted, got = sorted(tag_names(source.text)), sorted(tag_names(text))
    if wanted != got:
        missing = [t for t in tag_names(source.text) if t not in got]
        extra = [t for t in tag_names(text) if t not in wanted]
        detail = []
        if missing:
            detail.append(f"missing {' '.join(missing)}")
        if extra:
            detail.append(f"not in the source {' '.join(extra)}")
        found.append(f"placeholders differ from the source ({'; '.join(detail)}); "
                     "keep every <…> placeholder exactly once")
    elif not _nested(tag_names(text)):
        found.append("placeholders are not properly nested: close the inner one first")
    if "\x00" in text:
        found.append("contains a NUL character")
    return found


def _nested(names: list[str]) -> bool:
    stack = []
    for name in names:
        m = TAG.fullmatch(name)
        closing, key, self_closing = m.group(1), m.group(2) + m.group(3), m.group(4)
        if self_closing:
            continue
        if closing:
            if not stack or stack.pop() != key:
                return False
        else:
            stack.append(key)
    return not stack


_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_BLOCK_START = re.compile(r"^(#{1,6}\s|[>+-]\s|\d+[.)]\s)")


def to_markdown(text: str, source: Segment, *, in_table: bool = False) -> str:
    """A translated segment as inline Markdown, its placeholders replaced by
    the source's markup (checked with :func:`problems_in` first)."""
    out = []
    position = 0
    text = " ".join(text.split("\n"))
    for match in TAG.finditer(text):
        out.append(_escape(text[position:match.start()], in_table))
        closing, key, self_closing = match.group(1), match.group(2) + match.group(3), match.group(4)
        opening, close = source.tags.get(key, ("", ""))
        out.append(opening if (self_closing or not closing) else close)
        position = match.end()
    out.append(_escape(text[position:], in_table))
    markdown = "".join(out).strip()
    if not source.prefix and _BLOCK_START.match(markdown):
        markdown = "\\" + markdown  # a paragraph that would read as a heading or list
    return markdown


def _escape(text: str, in_table: bool) -> str:
    text = _ESCAPE.sub(r"\\\1", text)
    return text.replace("|", "\\|") if in_table else text


def rebuild(source_body: str, body_units: list[Segment], translated: dict[str, str]) -> str:
    """The source body with each segment replaced by its translation
    (Markdown from :func:`to_markdown`), keeping every other line."""
    lines = source_body.split("\n")
    replaced: dict[int, tuple[int, str]] = {}
    cells: dict[int, dict[int, str]] = {}
    for unit in body_units:
        text = translated[unit.id]
        if unit.cell >= 0:
            cells.setdefault(unit.line, {})[unit.cell] = text
        else:
            replaced[unit.line] = (unit.end, f"{unit.prefix}{text}{unit.suffix}")
    out = []
    index = 0
    while index < len(lines):
        if index in replaced:
            end, line = replaced[index]
            out.append(line)
            index = end
            continue
        if index in cells:
            out.append(_row(lines[index], cells[index]))
        else:
            out.append(lines[index])
        index += 1
    return "\n".join(out)


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _row(line: str, texts: dict[int, str]) -> str:
    stripped = line.strip()
    lead, trail = stripped.startswith("|"), stripped.endswith("|") and len(stripped) > 1
    inner = stripped[1 if lead else 0: -1 if trail else None]
    cells = _CELL_SPLIT.split(inner)
    cells = [f" {texts[i]} " if i in texts else cell for i, cell in enumerate(cells)]
    return ("|" if lead else "") + "|".join(cells) + ("|" if trail else "")
