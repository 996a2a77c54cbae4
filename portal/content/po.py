"""Guides and glossary terms through PO and XLIFF files.

``po-export`` writes, per item of every kind in the registry, one file of
segments (:mod:`portal.content.segments`) of the Portuguese source, each
pre-filled with the current translation:

* a segment whose source is unchanged since the revision the translation
  was made from keeps its translation;
* a changed segment keeps the old translation, marked fuzzy, with the old
  source as ``#| msgid``;
* a new segment is empty, or pre-filled (fuzzy) from a segment with the same
  source text translated elsewhere (translation memory), with a comment
  naming where.

``po-import`` checks every file, rebuilds the translated Markdown in the
source's skeleton, writes it into the content folder and publishes through
the normal publish, all or nothing: on any problem nothing is written, and
when publish refuses, the files are restored.

A fuzzy or empty segment is never published as final: it keeps the
translation the page already has, and the page then keeps its old
``source_revision`` and provenance, so it still reads "outdated" and
"drafted by machine" until every segment is done. A segment with no earlier
translation to keep makes the import stop.
"""
from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from marshmallow import ValidationError

from ..extensions import db
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation
from .kinds import KINDS, Kind
from .loader import content_hash, refusal, split_front_matter
from .segments import Segment, problems_in, rebuild, segments, tag_names, to_markdown

LAYOUTS = ("markdown",)  # po_layout values this module knows
PROVENANCE = ("human", "machine-reviewed")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
ACOLHER_NS = "https://acolher.pt/ns/xliff"
DEFAULT_TRANSLATOR = "FULL NAME <EMAIL@ADDRESS>"


@dataclass
class Doc:
    meta: dict
    body: str
    content_hash: str = ""
    source_hash: str | None = None
    method: str = ""
    outdated: bool = False


@dataclass
class Entry:
    segment: Segment
    string: str = ""
    fuzzy: bool = False
    previous: str | None = None
    origin: str = ""  # "translation", "memory", or "" (nothing to start from)
    comment: str = ""


def po_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.po_layout in LAYOUTS]


def source_segments(kind: Kind, doc: Doc) -> list[Segment]:
    """Segments of one file (shared, never modified: the same Portuguese
    file is split once when several languages are exported together)."""
    return _segments(kind.translatable, tuple(str(doc.meta.get(name) or "") for name in kind.translatable),
                     doc.body)


@lru_cache(maxsize=8192)
def _segments(fields: tuple[str, ...], values: tuple[str, ...], body: str) -> list[Segment]:
    return segments(fields, dict(zip(fields, values, strict=True)), body)


# --- drafting: what a translator starts from -------------------------------

def draft(kind: Kind, source: Doc, translation: Doc | None, old_source: Doc | None) -> list[Entry]:
    """Entries for ``source``'s segments, pre-filled from ``translation``
    (made from ``old_source``; the current source when that is unknown)."""
    new = source_segments(kind, source)
    entries = [Entry(segment) for segment in new]
    if translation is None:
        return entries
    old = source_segments(kind, old_source) if old_source is not None else new
    done = _pair(old, source_segments(kind, translation))
    matcher = SequenceMatcher(None, [(s.kind, s.text) for s in old], [(s.kind, s.text) for s in new],
                              autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                _fill(entries[j1 + k], done.get(i1 + k), None)
        elif op == "replace":
            olds = list(range(i1, i2))
            for j in range(j1, j2):
                match = next((i for i in olds if old[i].kind == new[j].kind), None)
                if match is None:
                    continue
                olds = olds[olds.index(match) + 1:]
                _fill(entries[j], done.get(match), old[match].text)
    return entries


def _pair(old: list[Segment], done: list[Segment]) -> dict[int, Segment]:
    """Source segment index -> the translation's segment in the same place
    (blocks of the same kinds in the same order)."""
    matcher = SequenceMatcher(None, [s.kind for s in old], [s.kind for s in done], autojunk=False)
    paired = {}
    for op, i1, i2, j1, _ in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                paired[i1 + k] = done[j1 + k]
    return paired


def _fill(entry: Entry, done: Segment | None, previous: str | None) -> None:
    if done is None or not done.text.strip():
        return
    entry.string, entry.origin = done.text, "translation"
    if previous is not None:
        entry.fuzzy, entry.previous = True, previous
    elif sorted(tag_names(done.text)) != sorted(tag_names(entry.segment.text)):
        entry.fuzzy = True
        entry.comment = "the markup of the current translation differs from the source: check the placeholders"


def apply_memory(drafts: dict[tuple[str, str], list[Entry]]) -> None:
    """Fill empty entries from segments with the same source translated
    (and up to date) in another item, as fuzzy suggestions naming where."""
    memory: dict[str, tuple[str, str]] = {}
    for (kind_name, slug), entries in sorted(drafts.items()):
        for entry in entries:
            if entry.origin == "translation" and not entry.fuzzy:
                memory.setdefault(entry.segment.text, (entry.string, f"{kind_name} {slug}"))
    for (kind_name, slug), entries in drafts.items():
        for entry in entries:
            found = memory.get(entry.segment.text)
            if not entry.string and found and found[1] != f"{kind_name} {slug}":
                entry.string, entry.fuzzy, entry.origin = found[0], True, "memory"
                entry.comment = f"translation memory: from {found[1]}"


# --- reading the published state -------------------------------------------

def published_docs(kind: Kind, lang: str) -> dict[str, dict[str, Doc]]:
    """{slug: {"pt": Doc, lang: Doc, "old": Doc}} for every published item
    of ``kind``; "old" is the source revision the translation was made from
    when it is not the current one."""
    rows = db.session.execute(
        db.select(Guide.slug, Translation.id, Translation.lang, Translation.outdated_since, Revision.meta,
                  Revision.body_md, Revision.content_hash, Revision.source_hash, Revision.method)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.kind == kind.name, Guide.published.is_(True), Translation.published.is_(True),
               Translation.lang.in_((SOURCE_LANGUAGE, lang)))
    ).all()
    docs: dict[str, dict[str, Doc]] = {}
    source_ids = {}
    for row in rows:
        docs.setdefault(row.slug, {})[row.lang] = Doc(
            row.meta or {}, row.body_md or "", row.content_hash, row.source_hash, row.method,
            row.outdated_since is not None)
        if row.lang == SOURCE_LANGUAGE:
            source_ids[row.slug] = row.id
    wanted = {(source_ids[slug], item[lang].source_hash): slug for slug, item in docs.items()
              if lang in item and SOURCE_LANGUAGE in item
              and item[lang].source_hash != item[SOURCE_LANGUAGE].content_hash}
    if wanted:
        old_rows = db.session.execute(
            db.select(Revision.translation_id, Revision.content_hash, Revision.meta, Revision.body_md)
            .where(Revision.translation_id.in_({key[0] for key in wanted}),
                   Revision.content_hash.in_({key[1] for key in wanted}))
        ).all()
        for row in old_rows:
            slug = wanted.get((row.translation_id, row.content_hash))
            if slug:
                docs[slug]["old"] = Doc(row.meta or {}, row.body_md or "", row.content_hash)
    return {slug: item for slug, item in docs.items() if SOURCE_LANGUAGE in item}


def old_source(kind: Kind, slug: str, source_hash: str | None) -> Doc | None:
    """A published source revision of one item, by hash."""
    if not source_hash:
        return None
    row = db.session.execute(
        db.select(Revision.meta, Revision.body_md)
        .join(Translation, Translation.id == Revision.translation_id)
        .join(Guide, Guide.id == Translation.guide_id)
        .where(Guide.kind == kind.name, Guide.slug == slug, Translation.lang == SOURCE_LANGUAGE,
               Revision.content_hash == source_hash)
        .limit(1)
    ).first()
    return Doc(row.meta or {}, row.body_md or "", source_hash) if row else None


# --- export ------------------------------------------------------------------

@dataclass
class Exported:
    files: int = 0
    fuzzy: int = 0
    empty: int = 0
    segments: int = 0


def export(lang: str, dest: Path, outdated_only: bool = False, fmt: str = "po") -> Exported:
    """Write one file per item of every PO-capable kind into ``dest/<folder>/``."""
    counts = Exported()
    for kind in po_kinds():
        docs = published_docs(kind, lang)
        drafts = {}
        for slug, item in docs.items():
            translation = item.get(lang)
            entries = draft(kind, item[SOURCE_LANGUAGE], translation, item.get("old") if translation else None)
            if translation and translation.outdated and "old" not in item:
                # The Portuguese it was made from is unknown: nothing can be trusted as unchanged.
                for entry in entries:
                    if entry.string and not entry.fuzzy:
                        entry.fuzzy = True
                        entry.comment = "the Portuguese this was translated from is unknown: check it"
            drafts[(kind.name, slug)] = entries
        apply_memory(drafts)
        folder = dest / kind.folder
        folder.mkdir(parents=True, exist_ok=True)
        for (_, slug), entries in sorted(drafts.items()):
            translation = docs[slug].get(lang)
            if outdated_only and not (translation and translation.outdated):
                continue
            source = docs[slug][SOURCE_LANGUAGE]
            header = {
                "kind": kind.name, "slug": slug, "revision": source.content_hash,
                "provenance": "human", "page": kind.url(slug, lang),
                "current": translation.method if translation else "missing",
            }
            if fmt == "xliff":
                data = write_xliff(lang, header, entries)
                (folder / f"{slug}.{lang}.xlf").write_bytes(data)
            else:
                data = write_po_file(lang, header, entries)
                (folder / f"{slug}.{lang}.po").write_bytes(data)
            counts.files += 1
            counts.segments += len(entries)
            counts.fuzzy += sum(e.fuzzy for e in entries)
            counts.empty += sum(not e.string for e in entries)
    return counts


HEADER_FIELDS = (("kind", "X-Acolher-Kind"), ("slug", "X-Acolher-Slug"),
                 ("revision", "X-Acolher-Source-Revision"), ("provenance", "X-Acolher-Provenance"),
                 ("page", "X-Acolher-Page"), ("current", "X-Acolher-Current-Translation"))


def write_po_file(lang: str, header: dict, entries: list[Entry]) -> bytes:
    catalog = Catalog(locale=lang, project=f"Acolher {header['kind']} {header['slug']}",
                      charset="utf-8", fuzzy=False)
    catalog.header_comment = (
        f"# {header['kind']} {header['slug']} ({header['page']}), from its Portuguese revision "
        f"{header['revision']}.\n"
        "# Translate every entry and clear the fuzzy flags. Keep each <...> placeholder.\n"
        "# Set X-Acolher-Provenance to machine-reviewed if you reviewed a machine translation,\n"
        "# and your name in Last-Translator.")
    for entry in entries:
        catalog.add(entry.segment.text, entry.string, context=entry.segment.id,
                    auto_comments=[entry.segment.note] if entry.segment.note else [],
                    user_comments=[entry.comment] if entry.comment else [],
                    flags=["fuzzy"] if entry.fuzzy else [],
                    previous_id=entry.previous or ())
    for message in catalog:  # segments are prose, not format strings
        message.flags.discard("python-format")
        message.flags.discard("python-brace-format")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=None, include_previous=True)
    extra = "".join(f'"{name}: {header[key]}\\n"\n' for key, name in HEADER_FIELDS)
    text = buffer.getvalue().decode("utf-8")
    marker = '"Content-Transfer-Encoding: 8bit\\n"\n'
    return text.replace(marker, marker + extra, 1).encode("utf-8")


def write_xliff(lang: str, header: dict, entries: list[Entry]) -> bytes:
    ET.register_namespace("", XLIFF_NS)
    ET.register_namespace("acolher", ACOLHER_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", {"version": "2.0", "srcLang": LANGUAGES[SOURCE_LANGUAGE].tag,
                                               "trgLang": LANGUAGES[lang].tag})
    attrs = {"id": f"{header['kind']}-{header['slug']}", "original": header["page"]}
    for key, _ in HEADER_FIELDS:
        attrs[f"{{{ACOLHER_NS}}}{key}"] = header[key]
    attrs[f"{{{ACOLHER_NS}}}translator"] = ""
    file_element = ET.SubElement(root, f"{{{XLIFF_NS}}}file", attrs)
    for entry in entries:
        unit = ET.SubElement(file_element, f"{{{XLIFF_NS}}}unit", {"id": entry.segment.id})
        notes = [(c, t) for c, t in (("placeholders", entry.segment.note), ("previous-source", entry.previous),
                                     ("comment", entry.comment)) if t]
        if notes:
            notes_element = ET.SubElement(unit, f"{{{XLIFF_NS}}}notes")
            for category, text in notes:
                ET.SubElement(notes_element, f"{{{XLIFF_NS}}}note", {"category": category}).text = text
        state = "initial" if entry.fuzzy or not entry.string else "translated"
        segment = ET.SubElement(unit, f"{{{XLIFF_NS}}}segment", {"state": state})
        _inline_to_xml(ET.SubElement(segment, f"{{{XLIFF_NS}}}source"), entry.segment.text)
        if entry.string:
            _inline_to_xml(ET.SubElement(segment, f"{{{XLIFF_NS}}}target"), entry.string)
    _indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _indent(element, level: int = 0) -> None:
    """Indent the structure, never the text a translator sees."""
    if element.tag.rsplit("}", 1)[-1] in ("source", "target", "note"):
        return
    children = list(element)
    if children:
        element.text = "\n" + "  " * (level + 1)
        for child in children:
            _indent(child, level + 1)
            child.tail = "\n" + "  " * (level + 1)
        children[-1].tail = "\n" + "  " * level


_TAG = re.compile(r"<(/?)([abisx]\d+)(/?)>")


def _inline_to_xml(element, text: str) -> None:
    """Placeholders as XLIFF inline codes: <pc id="a1">…</pc>, <ph id="x2"/>."""
    stack = [[element, None]]  # [parent, its last child so far]

    def add_text(piece: str) -> None:
        parent, last = stack[-1]
        if last is None:
            parent.text = (parent.text or "") + piece
        else:
            last.tail = (last.tail or "") + piece

    position = 0
    for match in _TAG.finditer(text):
        add_text(text[position:match.start()])
        closing, name, self_closing = match.groups()
        if self_closing:
            stack[-1][1] = ET.SubElement(stack[-1][0], f"{{{XLIFF_NS}}}ph", {"id": name})
        elif not closing:
            child = ET.SubElement(stack[-1][0], f"{{{XLIFF_NS}}}pc", {"id": name})
            stack[-1][1] = child
            stack.append([child, None])
        elif len(stack) > 1:
            stack.pop()
        position = match.end()
    add_text(text[position:])


def _xml_to_inline(element) -> str:
    parts = [element.text or ""]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        ident = child.get("id", "")
        if name == "ph":
            parts.append(f"<{ident}/>")
        elif name == "pc":
            parts.append(f"<{ident}>{_xml_to_inline(child)}</{ident}>")
        else:
            raise ValueError(f"inline element <{name}> is not allowed (only <pc> and <ph>)")
        parts.append(child.tail or "")
    return "".join(parts)


# --- import ------------------------------------------------------------------

@dataclass
class Unit:
    id: str
    source: str
    target: str
    fuzzy: bool
    line: int


@dataclass
class Incoming:
    path: str
    lang: str | None
    kind: str
    slug: str
    revision: str
    provenance: str
    translator: str | None
    units: list[Unit] = field(default_factory=list)
    label: str = "msgctxt"  # how the file names an entry ("unit" in XLIFF)


def read_file(path: Path, problems: list[str]) -> Incoming | None:
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(f"{shown}:1: file: cannot be read ({exc.strerror})")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        problems.append(f"{shown}:{line}: encoding: not UTF-8 (byte {exc.start}); save the file as UTF-8")
        return None
    if path.suffix in (".xlf", ".xliff"):
        return _read_xliff(shown, text, problems)
    return _read_po(shown, raw, text, problems)


def _po_header(text: str) -> dict[str, str]:
    match = re.search(r'^msgid ""\nmsgstr ""\n((?:".*"\n)+)', text, re.M)
    fields = {}
    if match:
        joined = "".join(line[1:-1] for line in match.group(1).splitlines()).replace("\\n", "\n")
        for line in joined.split("\n"):
            if ":" in line:
                key, value = line.split(":", 1)
                fields[key.strip().lower()] = value.strip()
    return fields


def _read_po(shown: str, raw: bytes, text: str, problems: list[str]) -> Incoming | None:
    header = _po_header(text)
    charset = re.search(r"charset=([\w-]+)", header.get("content-type", "charset=utf-8"))
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        problems.append(f"{shown}:1: header: charset is {charset.group(1)}; save the file as UTF-8")
        return None
    try:
        catalog = read_po(io.BytesIO(raw), abort_invalid=True, charset="utf-8")
    except PoFileError as exc:
        problems.append(f"{shown}:{_po_error_line(str(exc))}: syntax: {exc}")
        return None
    # A PO reader keeps one of two entries with the same context and source; count them first.
    contexts = [(m.group(1), text[:m.start()].count("\n") + 1)
                for m in re.finditer(r'^msgctxt "(.*)"$', text, re.M)]
    counted = Counter(name for name, _ in contexts)
    repeated = [(name, line) for name, line in contexts if counted[name] > 1]
    if repeated:
        name, line = repeated[-1]
        problems.append(f"{shown}:{line}: msgctxt {name!r}: segment appears {counted[name]} times")
        return None
    incoming = Incoming(shown, header.get("language"), header.get("x-acolher-kind", ""),
                        header.get("x-acolher-slug", ""), header.get("x-acolher-source-revision", ""),
                        header.get("x-acolher-provenance", "human"), header.get("last-translator"))
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            problems.append(f"{shown}:{message.lineno}: msgid {message.id[0]!r}: plural entries are not segments")
            continue
        incoming.units.append(Unit(message.context or "", message.id, message.string or "",
                                   message.fuzzy, message.lineno or 1))
    return incoming


def _po_error_line(message: str) -> int:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1


def _read_xliff(shown: str, text: str, problems: list[str]) -> Incoming | None:
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.I):
        problems.append(f"{shown}:1: xliff: a DOCTYPE or ENTITY is not allowed")
        return None
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        problems.append(f"{shown}:{exc.position[0]}: syntax: {exc}")
        return None
    ns = {"x": XLIFF_NS}
    file_element = root.find("x:file", ns)
    if root.tag != f"{{{XLIFF_NS}}}xliff" or root.get("version") != "2.0" or file_element is None:
        problems.append(f"{shown}:1: xliff: not an XLIFF 2.0 file with a <file> element")
        return None
    tags = {language.tag: code for code, language in LANGUAGES.items()}
    target = root.get("trgLang", "")

    def acolher(key, default=""):
        return file_element.get(f"{{{ACOLHER_NS}}}{key}", default)

    incoming = Incoming(shown, tags.get(target, target), acolher("kind"), acolher("slug"), acolher("revision"),
                        acolher("provenance", "human"), acolher("translator") or None, label="unit")
    for unit in file_element.findall("x:unit", ns):
        segment = unit.find("x:segment", ns)
        source = segment.find("x:source", ns) if segment is not None else None
        if source is None:
            problems.append(f"{shown}:1: unit {unit.get('id')!r}: no <segment><source>")
            continue
        target_element = segment.find("x:target", ns)
        try:
            source_text = _xml_to_inline(source)
            target_text = _xml_to_inline(target_element) if target_element is not None else ""
        except ValueError as exc:
            problems.append(f"{shown}:1: unit {unit.get('id')!r}: {exc}")
            continue
        state = segment.get("state", "initial")
        incoming.units.append(Unit(unit.get("id", ""), source_text, target_text,
                                   state == "initial" and bool(target_text), 1))
    return incoming


@dataclass
class Planned:
    path: Path
    text: str
    translator: str | None
    partial: bool


def _read_doc(kind: Kind, path: Path, source: bool) -> Doc | None:
    if not path.is_file():
        return None
    split = split_front_matter(path.read_text(encoding="utf-8"), str(path), [])
    if split is None:
        return None
    data, _, body, _ = split
    schema = kind.source_schema if source else kind.translation_schema
    try:
        loaded = schema.load({k: v for k, v in data.items() if source or k not in kind.shared_fields})
    except ValidationError:
        return None
    return Doc(data, body, content_hash(loaded, body), data.get("source_revision"), data.get("translation", ""))


def plan(root: Path, lang: str, incoming: Incoming, problems: list[str]) -> Planned | None:
    """The translated file ``incoming`` becomes, or None with problems."""
    shown = incoming.path
    before = len(problems)
    if incoming.lang != lang:
        problems.append(f"{shown}:1: header: Language is {incoming.lang!r}, not {lang!r}: "
                        f"this file is for another language")
        return None
    kind = KINDS.get(incoming.kind)
    if kind is None or kind.po_layout not in LAYOUTS:
        problems.append(f"{shown}:1: header: X-Acolher-Kind {incoming.kind!r} is not a kind of content "
                        f"({', '.join(k.name for k in po_kinds())})")
        return None
    if incoming.provenance not in PROVENANCE:
        problems.append(f"{shown}:1: header: X-Acolher-Provenance must be one of {', '.join(PROVENANCE)}")
        return None
    folder = root / kind.folder / incoming.slug
    usable = re.fullmatch(r"[a-z0-9-]{1,80}", incoming.slug) and folder.is_dir() and not refusal(folder, root)
    source = _read_doc(kind, folder / f"{SOURCE_LANGUAGE}.md", True) if usable else None
    if source is None:
        problems.append(f"{shown}:1: header: no valid {kind.noun} {incoming.slug!r} in "
                        f"{root / kind.folder}: it was removed or renamed; nothing imported")
        return None
    if incoming.revision != source.content_hash:
        problems.append(f"{shown}:1: header: exported from Portuguese revision {incoming.revision!r}, but the "
                        f"source is now {source.content_hash}: export again with po-export and carry the "
                        "translations over (unchanged segments come pre-filled)")
        return None
    target = folder / f"{lang}.md"
    refused = refusal(target, root) if target.exists() or target.is_symlink() else None
    if refused:
        problems.append(f"{shown}:1: header: {target}: {refused}")
        return None
    current = _read_doc(kind, target, False)
    old = old_source(kind, incoming.slug, current.source_hash) if current else None
    fallback = {e.segment.id: e for e in draft(kind, source, current, old)}
    wanted = source_segments(kind, source)
    by_id = {segment.id: segment for segment in wanted}
    seen = Counter(unit.id for unit in incoming.units)
    for unit in incoming.units:
        if unit.id not in by_id:
            problems.append(f"{shown}:{unit.line}: {incoming.label} {unit.id!r}: segment not in the source "
                            "(added or renamed); remove it")
        elif seen[unit.id] > 1:
            problems.append(f"{shown}:{unit.line}: {incoming.label} {unit.id!r}: segment appears {seen[unit.id]} times")
            seen[unit.id] = 0
    for segment in wanted:
        if segment.id not in seen:
            problems.append(f"{shown}:1: {incoming.label} {segment.id!r}: segment missing (deleted?); "
                            "export again to get it back")
    if len(problems) > before:
        return None
    order = [unit.id for unit in incoming.units]
    if order != [segment.id for segment in wanted]:
        first = next(i for i, (a, b) in enumerate(zip(order, [s.id for s in wanted], strict=True)) if a != b)
        problems.append(f"{shown}:{incoming.units[first].line}: {incoming.label} {order[first]!r}: segments reordered; "
                        f"{wanted[first].id!r} comes here in the source")
        return None
    translated: dict[str, str] = {}
    partial = False
    for unit in incoming.units:
        segment = by_id[unit.id]
        where = f"{shown}:{unit.line}: {incoming.label} {unit.id!r}"
        if unit.source != segment.text:
            problems.append(f"{where}: source text changed ({unit.source[:40]!r}); the Portuguese is "
                            f"{segment.text[:40]!r}: never edit the source, translate the target")
            continue
        text = unit.target
        if unit.fuzzy or not text.strip():
            kept = fallback.get(unit.id)
            if kept is None or kept.origin != "translation" or problems_in(kept.string, segment):
                state = "fuzzy" if unit.fuzzy else "not translated"
                problems.append(f"{where}: {state}, and the page has no earlier translation of it to keep: "
                                "translate it and clear the fuzzy flag")
                continue
            text, partial = kept.string, True
        for message in problems_in(text, segment):
            problems.append(f"{where}: {message}")
        translated[unit.id] = text
    if len(problems) > before:
        return None
    meta = {name: " ".join(translated[name].split()) for name in kind.translatable if name in translated}
    body_units = [s for s in wanted if s.line >= 0]
    body = rebuild(source.body, body_units,
                   {s.id: to_markdown(translated[s.id], s, in_table=s.cell >= 0) for s in body_units})
    if partial:
        meta["translation"] = current.method or "machine"
        meta["source_revision"] = current.source_hash
    else:
        meta["translation"] = incoming.provenance
        meta["source_revision"] = source.content_hash
    order_keys = kind.export_order[1]
    ordered = {key: meta[key] for key in order_keys if key in meta}
    # Text fields double-quoted, as translators are asked to write them.
    header = "".join(f"{key}: {json.dumps(value, ensure_ascii=False) if key in kind.translatable else value}\n"
                     for key, value in ordered.items())
    translator = incoming.translator if incoming.translator and incoming.translator != DEFAULT_TRANSLATOR else None
    return Planned(folder / f"{lang}.md", f"---\n{header}---\n\n{body.rstrip()}\n", translator, partial)


def import_files(root: Path, lang: str, paths: list[Path]) -> tuple[list[Planned], list[str]]:
    """Read and check every file; the Markdown each one becomes."""
    problems: list[str] = []
    planned: list[Planned] = []
    targets: dict[Path, str] = {}
    for path in paths:
        incoming = read_file(path, problems)
        if incoming is None:
            continue
        result = plan(root, lang, incoming, problems)
        if result is None:
            continue
        if result.path in targets:
            problems.append(f"{path}:1: header: {incoming.kind} {incoming.slug!r} is also in {targets[result.path]}")
            continue
        targets[result.path] = str(path)
        planned.append(result)
    return planned, problems


def write_and_publish(root: Path, planned: list[Planned], publish):
    """Write the files, then ``publish(authors)``; restore every file when
    it does not publish (or fails), so nothing changes."""
    saved = {item.path: (item.path.read_bytes() if item.path.exists() else None) for item in planned}
    authors = {item.path.relative_to(root).as_posix(): item.translator for item in planned if item.translator}
    published = False
    try:
        for item in planned:
            item.path.write_text(item.text, encoding="utf-8")
        result = publish(authors)
        published = result.published
        return result
    finally:
        if not published:
            for path, data in saved.items():
                if data is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(data)
