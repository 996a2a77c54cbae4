"""Edit forms built from each kind's schema (``portal/content/kinds.py``),
not one hand-written form per kind: a text field per string, a date field
per date, a number, a checkbox, a YAML box for lists and maps (sources,
opening hours, per-language texts), and a plain ``<textarea>`` for the
Markdown body. Values become the entry's file text, checked by the loader,
so a form refuses exactly what ``content publish`` would."""
from __future__ import annotations

from dataclasses import dataclass

import yaml
from marshmallow import fields as mf

from ..i18n import SOURCE_LANGUAGE
from .drafts import fields_of

BODY = "body"
SKIP = {"minor", "source_revision"}  # set by the workspace itself


@dataclass(frozen=True)
class Spec:
    name: str
    widget: str  # text, date, number, check, yaml, body, choice
    required: bool = False
    maximum: int | None = None
    choices: tuple[str, ...] = ()


def _maximum(field) -> int | None:
    for validator in getattr(field, "validators", []) or []:
        if getattr(validator, "max", None) is not None:
            return validator.max
    return None


def specs(kind, lang: str) -> list[Spec]:
    """The fields of ``kind``'s file in ``lang`` (records: the whole record)."""
    if kind.layout == "records":
        schema, lang = kind.source_schema, SOURCE_LANGUAGE
    else:
        schema = kind.source_schema if lang == SOURCE_LANGUAGE else kind.translation_schema
    out = []
    for name, field in schema.fields.items():
        if name in SKIP:
            continue
        if isinstance(field, mf.Boolean):
            widget = "check"
        elif isinstance(field, mf.Date):
            widget = "date"
        elif isinstance(field, mf.Integer):
            widget = "number"
        elif isinstance(field, mf.String) and name == "translation":
            out.append(Spec(name, "choice", True, None, ("human", "machine-reviewed")))
            continue
        elif isinstance(field, mf.String):
            widget = "text"
        else:
            widget = "yaml"
        out.append(Spec(name, widget, bool(field.required), _maximum(field)))
    if kind.layout != "records":
        out.append(Spec(BODY, "body"))
    return out


def _shown(value, spec: Spec) -> str:
    if value is None:
        return ""
    if spec.widget == "yaml":
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000).strip()
    if spec.widget == "check":
        return "1" if value else ""
    return str(value)


def values_from_text(kind, lang: str, text: str) -> dict[str, str]:
    data = fields_of(kind, text) if text else {}
    return {spec.name: _shown(data.get(spec.name), spec) for spec in specs(kind, lang)}


def text_from_values(kind, lang: str, values: dict[str, str], source_hash: str | None = None
                     ) -> tuple[str, dict[str, str]]:
    """(file text, field errors that stop before the content checks)."""
    data, errors, body = {}, {}, ""
    for spec in specs(kind, lang):
        raw = (values.get(spec.name) or "").replace("\r\n", "\n")
        if spec.widget == "body":
            body = raw.strip("\n") + "\n" if raw.strip() else ""
            continue
        if spec.widget == "check":
            if raw:
                data[spec.name] = True
            continue
        if not raw.strip():
            continue
        if spec.widget == "yaml":
            try:
                data[spec.name] = yaml.safe_load(raw)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" (line {mark.line + 1})" if mark is not None else ""
                errors[spec.name] = f"not valid YAML{where}"
            continue
        if spec.widget == "number":
            try:
                data[spec.name] = int(raw)
            except ValueError:
                errors[spec.name] = "a whole number"
            continue
        data[spec.name] = raw.strip() if spec.widget != "text" else raw.strip()
    if kind.layout != "records" and lang != SOURCE_LANGUAGE:
        data["source_revision"] = source_hash
    order = kind.export_order[0 if (kind.layout == "records" or lang == SOURCE_LANGUAGE) else 1]
    data = {key: data[key] for key in order if key in data} | {
        key: value for key, value in data.items() if key not in order}
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    if kind.layout == "records":
        return dumped, errors
    return f"---\n{dumped}---\n\n{body}", errors


def field_of(problem_field: str) -> str:
    """``sources[0].url`` → ``sources``: the form field a problem belongs to."""
    for stop in ".[":
        problem_field = problem_field.split(stop, 1)[0]
    return problem_field
