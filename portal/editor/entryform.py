"""Edit forms derived from each kind's marshmallow schema
(``portal/content/kinds.py``), never one hand-written form per kind.

:func:`specs` walks the schema recursively into a tree of :class:`Spec`:

- ``String`` with a ``OneOf`` validator: ``choice`` (a ``<select>``, with an
  empty choice when not required); ``String``: ``text`` (``long``, a
  textarea, over 300 characters); ``Email``: ``email``; ``Url``: ``url``;
  ``Date``: ``date``; ``Integer``: ``number``; ``Float``: ``decimal``;
  ``Boolean``: ``check``;
- ``List`` of strings: ``lines`` (a textarea, one item per line);
- ``Nested``: ``group`` (a fieldset of its fields);
- ``List(Nested)``: ``rows`` (a fieldset per item, plus two empty ones to add
  more; an empty row is dropped, and so is a row whose "remove" box is ticked);
- a per-language text map (``LangText``, ``courses.text_map``): ``langtext``,
  the Portuguese text; the other languages' texts are kept as they are in
  the opened record (translators change them in the translation view);
- ``opening_hours``: ``hours``, a weekly table (:mod:`.hoursform`);
- the Markdown body of guides and glossary terms: ``body``;
- a record's ``translation`` map (how each language's text was made):
  ``keep``, not shown and kept as it is (set in the translation view);
- ``yaml``, a YAML box, for a field none of the above can show (none today).

Form field names are flat and stable: a field's key in the file, joined to
its parents' with ``-`` and with a row's position: ``name`` (the Portuguese
text), ``coordinates-lat``, ``source-urls``, ``phones-0-number``,
``phones-0-remove``, ``closures-1-from``, ``opening_hours-fr-0-to``. The
widget of a field has the id ``f-<name>``, its error ``e-<name>``; a
problem the loader reports at ``phones[1].number`` belongs to
``phones-1-number`` (:func:`widget_of`).

Values travel as a flat ``{name: text}`` mapping: :func:`values_from_text`
(the opened file), :func:`posted` (a submitted form, rows renumbered) and
:func:`text_from_values` (back to the file's text, checked by the loader,
so a form refuses exactly what ``content publish`` would).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import yaml
from marshmallow import fields as mf
from marshmallow import validate as mv

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from . import hoursform
from .drafts import fields_of

BODY = "body"
SKIP = {"minor", "source_revision"}  # set by the workspace itself
HOURS = {"opening_hours"}  # OpenStreetMap opening_hours expressions
EXTRA_ROWS = 2
LONG_TEXT = 300


@dataclass(frozen=True)
class Spec:
    name: str  # the key in the file
    path: str  # dotted, for labels: ``phones.number``
    widget: str  # see the module docstring
    required: bool = False
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    children: tuple[Spec, ...] = ()
    default: bool = False  # check: the value when the file leaves it out


def _maximum(field) -> int | None:
    for validator in getattr(field, "validators", []) or []:
        if getattr(validator, "max", None) is not None:
            return validator.max
    return None


def _choices(field) -> tuple[str, ...]:
    for validator in getattr(field, "validators", []) or []:
        if isinstance(validator, mv.OneOf):
            return tuple(str(choice) for choice in validator.choices)
    return ()


def _spec(key: str, path: str, field) -> Spec:
    required = bool(field.required)
    if isinstance(field, mf.Nested):
        return Spec(key, path, "group", required, children=_walk(field.schema, path))
    if isinstance(field, mf.List):
        inner = field.inner
        if isinstance(inner, mf.Nested):
            return Spec(key, path, "rows", required, children=_walk(inner.schema, path))
        if isinstance(inner, (mf.String, mf.Integer, mf.Float)):
            return Spec(key, path, "lines", required, _maximum(inner), _choices(inner))
    elif isinstance(field, mf.Dict) and isinstance(field.value_field, mf.String):
        return Spec(key, path, "langtext", required, _maximum(field.value_field))
    elif isinstance(field, mf.Boolean):
        default = field.load_default if isinstance(field.load_default, bool) else False
        return Spec(key, path, "check", required, default=default)
    elif isinstance(field, mf.Date):
        return Spec(key, path, "date", required)
    elif isinstance(field, mf.Integer):
        return Spec(key, path, "number", required)
    elif isinstance(field, mf.Float):
        return Spec(key, path, "decimal", required)
    elif isinstance(field, mf.Email):
        return Spec(key, path, "email", required, _maximum(field))
    elif isinstance(field, mf.Url):
        return Spec(key, path, "url", required, _maximum(field))
    elif isinstance(field, mf.String):
        if key in HOURS:
            return Spec(key, path, "hours", required, _maximum(field))
        choices = _choices(field)
        if choices:
            return Spec(key, path, "choice", required, choices=choices)
        maximum = _maximum(field)
        return Spec(key, path, "long" if maximum and maximum > LONG_TEXT else "text", required, maximum)
    return Spec(key, path, "yaml", required)


def _walk(schema, parent: str = "") -> tuple[Spec, ...]:
    out = []
    for attr, field in schema.fields.items():
        key = field.data_key or attr
        out.append(_spec(key, f"{parent}.{key}" if parent else key, field))
    return tuple(out)


def specs(kind, lang: str) -> list[Spec]:
    """The fields of ``kind``'s file in ``lang`` (records: the whole record)."""
    if kind.layout == "records":
        schema, lang = kind.source_schema, SOURCE_LANGUAGE
    else:
        schema = kind.source_schema if lang == SOURCE_LANGUAGE else kind.translation_schema
    out = []
    for spec in _walk(schema):
        if spec.name in SKIP:
            continue
        if spec.name == "translation" and kind.layout == "records":
            # how each language's text was made: set in the translation view, kept here
            spec = Spec(spec.name, spec.path, "keep")
        elif spec.name == "translation":
            spec = Spec(spec.name, spec.path, "choice", True, choices=("human", "machine-reviewed"))
        out.append(spec)
    if kind.layout != "records":
        out.append(Spec(BODY, BODY, "body"))
    return out


# ---------------------------------------------------------------- file -> form

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _show(items, data, prefix: str, out: dict[str, str]) -> None:
    data = data if isinstance(data, dict) else {}
    for spec in items:
        name, value = prefix + spec.name, data.get(spec.name)
        if spec.widget == "group":
            _show(spec.children, value, name + "-", out)
        elif spec.widget == "rows":
            for index, row in enumerate(value if isinstance(value, list) else []):
                _show(spec.children, row, f"{name}-{index}-", out)
                out[f"{name}-{index}-was"] = str(index)
        elif spec.widget == "keep":
            continue
        elif spec.widget == "langtext":
            out[name] = value.get(SOURCE_LANGUAGE, "") if isinstance(value, dict) else _text(value)
        elif spec.widget == "hours":
            out.update(hoursform.form_values(value if isinstance(value, str) else _text(value), name))
        elif spec.widget == "check":
            out[name] = "1" if (spec.default if value is None else value) else ""
        elif spec.widget == "lines":
            out[name] = "\n".join(_text(item) for item in value) if isinstance(value, list) else _text(value)
        elif spec.widget == "yaml":
            out[name] = "" if value is None else yaml.safe_dump(
                value, allow_unicode=True, sort_keys=False, width=1000).strip()
        else:
            out[name] = _text(value)


def values_from_text(kind, lang: str, text: str) -> dict[str, str]:
    data = fields_of(kind, text) if text else {}
    out: dict[str, str] = {}
    _show(specs(kind, lang), data, "", out)
    return out


def row_indices(values: dict[str, str], name: str) -> list[int]:
    """The rows of a ``rows`` field to show: those in ``values``, then two empty ones."""
    pattern = re.compile(re.escape(name) + r"-(\d+)-")
    found = {int(m.group(1)) for key in values for m in [pattern.match(key)] if m}
    count = max(found) + 1 if found else 0
    return list(range(count + EXTRA_ROWS))


def _indices(values: dict[str, str], name: str) -> list[int]:
    pattern = re.compile(re.escape(name) + r"-(\d+)-")
    return sorted({int(m.group(1)) for key in values for m in [pattern.match(key)] if m})


def _row_empty(values: dict[str, str], prefix: str) -> bool:
    return not any((value or "").strip() for key, value in values.items()
                   if key.startswith(prefix) and not key.endswith(("-was", "-remove")))


# ---------------------------------------------------------------- form -> form

def _compact(items, values, prefix: str, out: dict[str, str]) -> None:
    for spec in items:
        name = prefix + spec.name
        if spec.widget == "group":
            _compact(spec.children, values, name + "-", out)
        elif spec.widget == "rows":
            kept = 0
            for index in _indices(values, name):
                old = f"{name}-{index}-"
                if values.get(old + "remove") or _row_empty(values, old):
                    continue
                row: dict[str, str] = {}
                _compact(spec.children, values, old, row)
                new = f"{name}-{kept}-"
                out.update({new + key[len(old):]: value for key, value in row.items()})
                out[new + "was"] = values.get(old + "was", "")
                kept += 1
        elif spec.widget == "hours":
            out.update({key: value for key, value in values.items() if key.startswith(name + "-")})
        else:
            out[name] = values.get(name, "")


def posted(kind, lang: str, form) -> dict[str, str]:
    """The submitted form's values, CRLF as LF, rows left empty or marked
    "remove" dropped and the rest numbered from 0 (so the loader's
    ``phones[1]`` is the second row shown)."""
    values = {key: (form.get(key) or "").replace("\r\n", "\n") for key in form}
    out: dict[str, str] = {}
    _compact(specs(kind, lang), values, "", out)
    return out


# ---------------------------------------------------------------- form -> file

def _same_or(typed: str, before):
    """What was typed, or the file's own value when it differs only in
    surrounding white space (a block of text's final line break)."""
    if isinstance(before, str) and before.strip() == typed:
        return before
    return typed


def _scalar(spec: Spec, raw: str, before):
    if spec.widget == "number":
        return int(raw) if re.fullmatch(r"[-+]?\d+", raw) else raw
    if spec.widget == "decimal":
        if re.fullmatch(r"[-+]?\d+", raw):
            return int(raw)
        try:
            return float(raw)
        except ValueError:
            return raw
    if spec.widget == "date":
        try:
            return before if isinstance(before, str) and before == raw else date.fromisoformat(raw)
        except ValueError:
            return raw
    return _same_or(raw, before)


def _build(items, values, prefix: str, before, errors: dict[str, str]) -> dict:
    before = before if isinstance(before, dict) else {}
    data = {}
    for spec in items:
        name, old = prefix + spec.name, before.get(spec.name)
        raw = (values.get(name) or "").replace("\r\n", "\n")
        if spec.widget == "group":
            found = _build(spec.children, values, name + "-", old, errors)
            if found:
                data[spec.name] = found
            elif old == {}:
                data[spec.name] = {}
        elif spec.widget == "rows":
            rows, previous = [], old if isinstance(old, list) else []
            for index in _indices(values, name):
                row = f"{name}-{index}-"
                if values.get(row + "remove") or _row_empty(values, row):
                    continue
                was = values.get(row + "was") or ""
                source = previous[int(was)] if was.isdigit() and int(was) < len(previous) else {}
                rows.append(_build(spec.children, values, row, source, errors))
            if rows or old == []:
                data[spec.name] = rows
        elif spec.widget == "keep":
            if spec.name in before:
                data[spec.name] = old
        elif spec.widget == "langtext":
            typed = raw.strip()
            others = {code: text for code, text in old.items() if code != SOURCE_LANGUAGE} if isinstance(
                old, dict) else {}
            if isinstance(old, str) and typed and not others:
                data[spec.name] = _same_or(typed, old)
            elif typed or others:
                texts = {SOURCE_LANGUAGE: _same_or(typed, old.get(SOURCE_LANGUAGE) if isinstance(
                    old, dict) else old)} if typed else {}
                texts.update(others)
                order = list(old) if isinstance(old, dict) else []
                data[spec.name] = dict(sorted(texts.items(), key=lambda item: (
                    order.index(item[0]) if item[0] in order else len(order) + LANGUAGES.index(item[0])
                    if item[0] in LANGUAGES else 99)))
            elif old == {}:
                data[spec.name] = {}
        elif spec.widget == "hours":
            found, problem = hoursform.expression(values, name)
            if problem:
                errors[name] = problem
            elif found:
                data[spec.name] = _same_or(found, old)
        elif spec.widget == "check":
            checked = bool(raw)
            if checked != spec.default or spec.name in before:
                data[spec.name] = checked
        elif spec.widget == "lines":
            items_typed = [line.strip() for line in raw.split("\n") if line.strip()]
            inner = Spec(spec.name, spec.path, "text")
            olds = old if isinstance(old, list) else []
            found = [olds[i] if i < len(olds) and _text(olds[i]) == item else _scalar(inner, item, None)
                     for i, item in enumerate(items_typed)]
            if found or old == []:
                data[spec.name] = found
        elif spec.widget == "yaml":
            if raw.strip():
                try:
                    data[spec.name] = yaml.safe_load(raw)
                except yaml.YAMLError as exc:
                    mark = getattr(exc, "problem_mark", None)
                    where = f" (line {mark.line + 1})" if mark is not None else ""
                    errors[name] = f"not valid YAML{where}"
        elif spec.widget == "body":
            continue
        elif raw.strip():
            data[spec.name] = _scalar(spec, raw.strip(), old)
        elif old == "":
            data[spec.name] = ""
    return data


def text_from_values(kind, lang: str, values: dict[str, str], source_hash: str | None = None,
                     opened: str = "") -> tuple[str, dict[str, str]]:
    """(file text, field errors that stop before the content checks).

    ``opened`` is the file the form was opened from: the other languages'
    texts of a record are taken from it unchanged."""
    before = fields_of(kind, opened) if opened else {}
    errors: dict[str, str] = {}
    data = _build(specs(kind, lang), values, "", before, errors)
    if kind.layout != "records" and lang != SOURCE_LANGUAGE:
        data["source_revision"] = source_hash
    order = kind.export_order[0 if (kind.layout == "records" or lang == SOURCE_LANGUAGE) else 1]
    data = {key: data[key] for key in order if key in data} | {
        key: value for key, value in data.items() if key not in order}
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    if kind.layout == "records":
        return dumped, errors
    raw = (values.get(BODY) or "").replace("\r\n", "\n")
    body = raw.strip("\n") + "\n" if raw.strip() else ""
    return f"---\n{dumped}---\n\n{body}", errors


def field_of(problem_field: str) -> str:
    """``sources[0].url`` → ``sources``: the top-level field a problem belongs to."""
    for stop in ".[":
        problem_field = problem_field.split(stop, 1)[0]
    return problem_field


def widget_of(problem_field: str, known) -> str | None:
    """``phones[1].number`` → ``phones-1-number``: the widget a problem the
    loader reports belongs to, or its nearest enclosing field in ``known``
    (``name.en`` → ``name``); ``None`` when the form has no such field."""
    name = re.sub(r"\[(\d+)\]", r"-\1", problem_field).replace(".", "-")
    while name not in known and "-" in name:
        name = name.rsplit("-", 1)[0]
    return name if name in known else None


def names(kind, lang: str, values: dict[str, str]) -> set[str]:
    """Every widget and fieldset name of the form showing ``values``."""
    found: set[str] = set()

    def walk(items, prefix):
        for spec in items:
            name = prefix + spec.name
            found.add(name)
            if spec.widget == "group":
                walk(spec.children, name + "-")
            elif spec.widget == "rows":
                found.add(name)
                for index in row_indices(values, name):
                    found.add(f"{name}-{index}")
                    walk(spec.children, f"{name}-{index}-")
    walk(specs(kind, lang), "")
    return found


def label_path(name: str) -> str:
    """``phones-1-number`` → ``phones.number``: the path ``labels`` names."""
    return ".".join(part for part in name.split("-") if not part.isdigit())


def translations(kind, text: str) -> dict[str, list[str]]:
    """{widget name: languages other than Portuguese with a text} of a record's
    per-language fields, for the note beside each."""
    if kind.layout != "records" or not text:
        return {}
    out: dict[str, list[str]] = {}

    def walk(items, data, prefix):
        data = data if isinstance(data, dict) else {}
        for spec in items:
            name, value = prefix + spec.name, data.get(spec.name)
            if spec.widget == "langtext" and isinstance(value, dict):
                out[name] = [code for code in LANGUAGES if code != SOURCE_LANGUAGE and value.get(code)]
            elif spec.widget == "group":
                walk(spec.children, value, name + "-")
            elif spec.widget == "rows" and isinstance(value, list):
                for index, row in enumerate(value):
                    walk(spec.children, row, f"{name}-{index}-")
    walk(specs(kind, SOURCE_LANGUAGE), fields_of(kind, text), "")
    return out
