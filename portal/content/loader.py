"""Read ``content/`` into validated, rendered objects and a list of problems.

Nothing here writes. Every problem is reported at once, as
``path:line: field: message``, so an editor can fix a whole batch in one go.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from marshmallow import ValidationError

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from . import checks
from .kinds import KINDS, Kind
from .render import Rendered
from .schemas import SLUG, TopicEntry, flatten

MAX_FILE_BYTES = 512 * 1024
# Content needs a few levels (sources[1].url); deeper YAML is a mistake or an
# attack, and is refused before anything walks it recursively.
MAX_YAML_DEPTH = 20
SLUG_RE = re.compile(SLUG.regex.pattern)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    warning: bool = False
    rule: str = ""  # "plain-language" for the editors' checks (--strict makes them errors)

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {self.field}: {kind}{self.message}"


@dataclass
class GuideFile:
    """One language file of an item of any kind (a guide, a glossary term)."""

    slug: str
    lang: str
    path: str
    data: dict
    body: str
    content_hash: str
    lines: dict[str, int]
    rendered: Rendered | None = None
    body_line: int = 0  # lines before the body, for checks that point into it
    file_hash: str = ""  # of the file's bytes: line numbers change with it

    @property
    def is_source(self) -> bool:
        return self.lang == SOURCE_LANGUAGE


@dataclass
class ContentSet:
    root: Path
    topics: list[dict] = field(default_factory=list)
    topic_hashes: dict[str, str] = field(default_factory=dict)
    # items[kind][slug][lang]: the valid files of every kind
    items: dict[str, dict[str, dict[str, GuideFile]]] = field(
        default_factory=lambda: {name: {} for name in KINDS})
    problems: list[Problem] = field(default_factory=list)
    published: dict = field(default_factory=dict)
    # synonyms[lang] = (hash, groups) from content/synonyms/<lang>.yaml (portal.search.synonyms)
    synonyms: dict[str, tuple[str, list]] = field(default_factory=dict)

    @property
    def guides(self) -> dict[str, dict[str, GuideFile]]:
        return self.items["guide"]

    @property
    def glossary(self) -> dict[str, dict[str, GuideFile]]:
        return self.items["glossary"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]


class LazyLines(dict):
    """Line numbers of front-matter fields, worked out only when a problem
    needs one (composing YAML twice for every file is the slow part)."""

    def __init__(self, header: str, first_line: int):
        super().__init__()
        self.header, self.first_line, self.done = header, first_line, False

    def _fill(self):
        if not self.done:
            self.update(_field_lines(self.header, self.first_line))
            self.done = True

    def get(self, key, default=None):
        self._fill()
        return super().get(key, default)

    def __contains__(self, key):
        self._fill()
        return super().__contains__(key)

    def __getitem__(self, key):
        self._fill()
        return super().__getitem__(key)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML that keeps dates as text, so the schema reports bad ones."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def content_hash(data: dict, body: str = "") -> str:
    """The 16-hex-digit hash that identifies a revision (ETag, sync key)."""
    canonical = json.dumps(
        {k: v for k, v in data.items() if k != "minor"},
        sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"),
    )
    return hashlib.sha256(f"{canonical}\n{body}".encode()).hexdigest()[:16]


def _field_lines(text: str, first_line: int) -> dict[str, int]:
    """Line of every key, including nested ones (``sources[1].url``)."""
    lines: dict[str, int] = {}

    def walk(node, prefix):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = f"{prefix}.{key.value}" if prefix else str(key.value)
                lines[name] = key.start_mark.line + first_line
                walk(value, name)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                name = f"{prefix}[{index}]"
                lines[name] = item.start_mark.line + first_line
                walk(item, name)

    with contextlib.suppress(yaml.YAMLError):  # loading reported it already
        walk(yaml.compose(text, Loader=_Loader), "")
    return lines


def _line_for(lines: dict[str, int], name: str, default: int) -> int:
    while name:
        if name in lines:
            return lines[name]
        name = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", name) if re.search(r"[.\[]", name) else ""
    return default


def refusal(path: Path, root: Path) -> str | None:
    """Why ``path`` may not be read as content, or ``None``: only regular
    files and folders inside ``root`` may (links are followed, and must stay
    inside). Looks without opening, since opening a FIFO would block."""
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            return f"refused: a link to a {'folder' if path.is_dir() else 'file'} outside content/"
        mode = path.stat().st_mode
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        return f"refused: cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "refused: not a regular file or folder"
    return None


def read_text(path: Path, root: Path, shown: str, problems: list[Problem]) -> str | None:
    """The file's text, or ``None`` after reporting why it cannot be used."""
    refused = refusal(path, root)
    if refused is None and path.is_dir():
        refused = "refused: a folder where a file was expected"
    if refused:
        problems.append(Problem(shown, 1, "file", refused))
        return None
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(Problem(
            shown, 1, "file",
            f"too large ({size // 1024} KiB); the limit is {MAX_FILE_BYTES // 1024} KiB",
        ))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(
            shown, line, "file", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ))
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.append(Problem(shown, line, "file", "contains a NUL character (byte 0x00); remove it"))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def yaml_shape(text: str) -> tuple[int, str] | None:
    """(0-based line, message) when YAML uses anchors or aliases (they have
    no use in content, and expanding them is how an "alias bomb" grows to
    gigabytes) or nests deeper than ``MAX_YAML_DEPTH``; else ``None``.

    Reads only the parser's event stream, which neither expands aliases nor
    recurses, so it is safe on any input; syntax errors are left to the
    loader that follows, which reports them with their line.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return event.start_mark.line, "anchors and aliases (& and *) are not allowed in content"
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return event.start_mark.line, f"nested more than {MAX_YAML_DEPTH} levels deep"
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def load_yaml(text: str, shown: str, field_name: str, first_line: int, problems: list[Problem]):
    """``(True, data)``, or ``(False, None)`` after reporting a problem."""
    shape = yaml_shape(text)
    if shape is not None:
        problems.append(Problem(shown, shape[0] + first_line, field_name, shape[1]))
        return False, None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + first_line) if mark else 1
        problems.append(Problem(shown, line, field_name, f"invalid YAML: {getattr(exc, 'problem', None) or exc}"))
        return False, None
    if _has_nul(data):
        problems.append(Problem(shown, first_line, field_name,
                                "contains a NUL character (an escape such as \\0 or \\x00); remove it"))
        return False, None
    return True, data


def _has_nul(node) -> bool:
    """A NUL written as a YAML escape (``"\\0"``): the database refuses it.
    Safe to recurse: :func:`yaml_shape` bounded the depth."""
    if isinstance(node, str):
        return "\x00" in node
    if isinstance(node, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in node.items())
    if isinstance(node, list):
        return any(_has_nul(item) for item in node)
    return False


def split_front_matter(text: str, shown: str, problems: list[Problem]):
    """(front matter mapping, its field lines, body, body's first line) or None."""
    if not text.startswith("---\n"):
        problems.append(Problem(
            shown, 1, "front matter", "missing: the file must start with a line '---'"))
        return None
    end = re.search(r"^---[ \t]*$", text[4:], re.M)
    if end is None:
        problems.append(Problem(
            shown, 1, "front matter", "not closed: add a line '---' after the last field"))
        return None
    header = text[4 : 4 + end.start()]
    body = text[4 + end.end():].lstrip("\n").rstrip() + "\n"
    body_line = text[: len(text) - len(text[4 + end.end():].lstrip("\n"))].count("\n")
    ok, data = load_yaml(header, shown, "front matter", 2, problems)
    if not ok:
        return None
    if not isinstance(data, dict):
        problems.append(Problem(
            shown, 2, "front matter", "must be a mapping of 'field: value' lines"))
        return None
    return data, LazyLines(header, 2), body, body_line


def load(root: Path, published: dict | None = None, max_age_days: int | None = None,
         strict: bool = False, check_cache: Path | None = None) -> ContentSet:
    """Load and validate everything under ``root``; never raises on bad input.

    ``published`` maps (kind, slug, lang) to the (hash, parts) already
    live, so files that did not change are not rendered again. Every kind
    is loaded before any cross-kind check runs, then the editors'
    plain-language and consistency checks (warnings; errors when ``strict``).
    """
    content = ContentSet(root=root, published=published or {})
    _load_topics(content)
    for kind in KINDS.values():
        _load_kind(content, kind)
    for kind in KINDS.values():
        kind.cross_check(content)
    from ..search import synonyms

    synonyms.load(content)
    checks.run(content, checks.DEFAULT_MAX_AGE_DAYS if max_age_days is None else max_age_days,
               cache_file=check_cache)
    if strict:
        content.problems = [replace(p, warning=False) if p.rule == checks.RULES else p
                            for p in content.problems]
    return content


def _load_kind(content: ContentSet, kind: Kind) -> None:
    """Every item of one kind: folders (``content/<kind.folder>/<slug>/``)
    or records (``content/<kind.folder>/<id>.yaml``)."""
    if kind.layout == "records":
        _load_records(content, kind)
        return
    root = content.root
    kind_dir = root / kind.folder
    folders = sorted(p for p in kind_dir.iterdir()) if _usable_folder(content, kind_dir) else []
    seen: dict[str, str] = {}
    for folder in folders:
        shown = folder.relative_to(root).as_posix()
        refused = refusal(folder, root)
        if refused:
            content.problems.append(Problem(shown, 1, "file", refused))
            continue
        if not folder.is_dir():
            content.problems.append(Problem(
                shown, 1, "file", f"unexpected file: {kind.folder} entries live in folders"))
            continue
        if not SLUG_RE.match(folder.name) or len(folder.name) > 80:
            content.problems.append(Problem(
                shown, 1, "slug", "folder name must be lowercase letters, digits and hyphens (max 80)"))
            continue
        if folder.name.lower() in seen:
            content.problems.append(Problem(shown, 1, "slug", f"duplicate slug: also {seen[folder.name.lower()]}"))
            continue
        seen[folder.name.lower()] = shown
        _load_guide(content, kind, folder)


def _load_records(content: ContentSet, kind: Kind) -> None:
    """One YAML file per item; its id must be its file name and unique."""
    root = content.root
    kind_dir = root / kind.folder
    paths = sorted(kind_dir.iterdir()) if _usable_folder(content, kind_dir) else []
    seen: dict[str, str] = {}
    for path in paths:
        shown = path.relative_to(root).as_posix()
        refused = refusal(path, root)
        if refused:
            content.problems.append(Problem(shown, 1, "file", refused))
            continue
        if path.is_dir() or path.suffix != ".yaml":
            content.problems.append(Problem(
                shown, 1, "file", f"unexpected {'folder' if path.is_dir() else 'file'}: "
                f"each {kind.noun} is one <{kind.id_field}>.yaml file"))
            continue
        record = load_record(content, kind, path, shown)
        if record is None:
            continue
        data, lines = record
        ident = data[kind.id_field]
        if ident in seen:
            content.problems.append(Problem(
                shown, lines.get(kind.id_field, 1), kind.id_field,
                f"duplicate {kind.id_field} {ident!r}: also {seen[ident]}"))
            continue
        seen[ident] = shown
        if ident != path.stem:
            content.problems.append(Problem(
                shown, lines.get(kind.id_field, 1), kind.id_field,
                f"{ident!r} must be the file name: rename the file to {ident}.yaml"))
            continue
        files = _record_files(content, kind, data, lines, shown, ident, path)
        if files:
            content.items[kind.name][ident] = files


def load_record(content: ContentSet, kind: Kind, path: Path, shown: str):
    """(validated data, field lines) of one record file, or ``None`` after
    reporting its problems as ``path:line: field: message``."""
    problems = content.problems
    text = read_text(path, content.root, shown, problems)
    if text is None:
        return None
    return parse_record(kind, text, shown, problems)


def parse_record(kind: Kind, text: str, shown: str, problems: list[Problem]):
    """Validate one record's YAML text (also used by the spreadsheet import)."""
    ok, data = load_yaml(text, shown, kind.id_field, 1, problems)
    if not ok:
        return None
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, kind.id_field, "must be a mapping of 'field: value' lines"))
        return None
    lines = LazyLines(text, 1)
    try:
        data = kind.source_schema.load(data)
    except ValidationError as exc:
        for name, message in flatten(exc.messages):
            problems.append(Problem(shown, _line_for(lines, name, 1), name or kind.id_field, message))
        return None
    return data, lines


def _record_files(content, kind: Kind, data: dict, lines, shown: str, ident: str,
                  path: Path) -> dict[str, GuideFile]:
    """The record as one file per language (see :mod:`.records`)."""
    from .records import split

    file_hash = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    files: dict[str, GuideFile] = {}
    source_hash = None
    for lang, (fields, body) in split(kind, data).items():
        if lang != SOURCE_LANGUAGE:
            fields = {**fields, "source_revision": source_hash}
        digest = content_hash(fields, body)
        if lang == SOURCE_LANGUAGE:
            source_hash = digest
        body_line = lines.get(f"{kind.body_field}.{lang}", 1) if body else 1
        known = content.published.get((kind.name, ident, lang))
        if known and known[0] == digest and "links" in known[1]:
            parts = known[1]
            rendered = Rendered(None, parts, guide_links=[tuple(x) for x in parts.get("links", [])],
                                glossary_links=[tuple(x) for x in parts.get("terms", [])],
            service_links=[tuple(x) for x in parts.get("services", [])],
                                warnings=[tuple(x) for x in parts.get("warnings", [])])
        else:
            rendered = kind.render(body, lang, body_line - 1)
        for line, message in rendered.warnings:
            refused = message.startswith(kind.body_errors) if kind.body_errors else False
            content.problems.append(Problem(shown, line, kind.body_field or "body", message, warning=not refused))
        files[lang] = GuideFile(ident, lang, shown, fields, body, digest, lines, rendered,
                                body_line - 1, file_hash)
    return files


def _usable_folder(content: ContentSet, folder: Path) -> bool:
    """Whether ``folder`` exists and may be read (reported when it may not)."""
    if not folder.exists() and not folder.is_symlink():
        return False
    refused = refusal(folder, content.root) or (None if folder.is_dir() else "refused: not a folder")
    if refused:
        content.problems.append(Problem(folder.relative_to(content.root).as_posix(), 1, "file", refused))
        return False
    return True


def _load_topics(content: ContentSet) -> None:
    path = content.root / "topics.yaml"
    shown = "topics.yaml"
    if not path.exists():
        content.problems.append(Problem(shown, 1, "file", "missing: topics.yaml lists the topics"))
        return
    text = read_text(path, content.root, shown, content.problems)
    if text is None:
        return
    ok, data = load_yaml(text, shown, "topics", 1, content.problems)
    if not ok:
        return
    if not isinstance(data, list):
        content.problems.append(Problem(shown, 1, "topics", "must be a list of topics"))
        return
    lines = _field_lines(text, 1)
    seen = set()
    for index, entry in enumerate(data):
        try:
            topic = TopicEntry().load(entry if isinstance(entry, dict) else {"_": entry})
        except ValidationError as exc:
            for name, message in flatten(exc.messages):
                full = f"[{index}].{name}" if name else f"[{index}]"
                content.problems.append(Problem(shown, _line_for(lines, full, 1), f"topics{full}", message))
            continue
        if topic["slug"] in seen:
            content.problems.append(Problem(
                shown, _line_for(lines, f"[{index}].slug", 1), f"topics[{index}].slug",
                f"duplicate slug {topic['slug']!r}"))
            continue
        seen.add(topic["slug"])
        missing = [code for code in LANGUAGES if code not in topic["title"]]
        if missing:
            content.problems.append(Problem(
                shown, _line_for(lines, f"[{index}].title", 1), f"topics[{index}].title",
                "no title in " + ", ".join(missing) + " (Portuguese is shown)", warning=True))
        topic["position"] = index
        content.topics.append(topic)
        content.topic_hashes[topic["slug"]] = content_hash(topic)


def _load_guide(content: ContentSet, kind: Kind, folder: Path) -> None:
    """One item's folder: its source and its translations."""
    files = {}
    for path in sorted(folder.iterdir()):
        shown = path.relative_to(content.root).as_posix()
        lang = path.stem
        if path.suffix != ".md" or path.is_dir():
            content.problems.append(Problem(shown, 1, "file", "unexpected file: use <language>.md"))
            continue
        if lang not in LANGUAGES:
            content.problems.append(Problem(
                shown, 1, "language",
                f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}"))
            continue
        loaded = _load_guide_file(content, kind, path, shown, folder.name, lang)
        if loaded:
            files[lang] = loaded
    if SOURCE_LANGUAGE not in files:
        _report_missing_source(content, kind, folder, files)
        return
    content.items[kind.name][folder.name] = files


def _report_missing_source(content: ContentSet, kind: Kind, folder: Path, files: dict) -> None:
    """A folder without its Portuguese source: name the folder, and each
    translation that has nothing to translate."""
    shown = f"{kind.folder}/{folder.name}"
    if not any(p.path.startswith(f"{shown}/{SOURCE_LANGUAGE}.md") for p in content.problems):
        content.problems.append(Problem(
            shown, 1, "language",
            f"no {SOURCE_LANGUAGE}.md: every {kind.noun} needs its Portuguese source"))
        for item_file in files.values():
            content.problems.append(Problem(
                item_file.path, 1, kind.translatable[0],
                f"translation of an unknown {kind.noun}: {shown}/{SOURCE_LANGUAGE}.md does not exist"))


def _load_guide_file(content, kind: Kind, path, shown, slug, lang) -> GuideFile | None:
    problems = content.problems
    text = read_text(path, content.root, shown, problems)
    if text is None:
        return None
    split = split_front_matter(text, shown, problems)
    if split is None:
        return None
    data, lines, body, body_line = split
    before = len(problems)
    if lang != SOURCE_LANGUAGE:
        for name in kind.shared_fields:
            if name in data:
                problems.append(Problem(
                    shown, lines.get(name, 2), name,
                    f"set only in {SOURCE_LANGUAGE}.md; translations take it from there"))
                data.pop(name)
    schema = kind.source_schema if lang == SOURCE_LANGUAGE else kind.translation_schema
    try:
        data = schema.load(data)
    except ValidationError as exc:
        for name, message in flatten(exc.messages):
            problems.append(Problem(shown, _line_for(lines, name, 2), name, message))
    if len(problems) > before:
        return None
    digest = content_hash(data, body)
    known = content.published.get((kind.name, slug, lang))
    if known and known[0] == digest and "links" in known[1]:
        # Published before, byte for byte: reuse what rendering found then.
        parts = known[1]
        rendered = Rendered(
            None, parts,
            guide_links=[tuple(x) for x in parts.get("links", [])],
            glossary_links=[tuple(x) for x in parts.get("terms", [])],
            service_links=[tuple(x) for x in parts.get("services", [])],
            warnings=[tuple(x) for x in parts.get("warnings", [])],
        )
    else:
        rendered = kind.render(body, lang, body_line)
    for line, message in rendered.warnings:
        refused = message.startswith(kind.body_errors) if kind.body_errors else False
        problems.append(Problem(shown, line, "body", message, warning=not refused))
    return GuideFile(slug, lang, shown, data, body, digest, lines, rendered, body_line,
                     hashlib.sha256(text.encode()).hexdigest()[:16])
