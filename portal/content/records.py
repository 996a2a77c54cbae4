"""The *records* layout of a content kind: one YAML file per item
(``content/<folder>/<id>.yaml``) holding the language-independent facts and,
for each translatable field, a map of language -> text (``name: {pt: ..., en:
...}``), Portuguese first and the fallback.

A record becomes one file per language for the rest of the pipeline (hash,
revision, change event, freshness): the Portuguese one carries the facts and
the Portuguese text; each other language its own text and, as its
``source_revision``, the Portuguese hash (the text sits in the same file, so a
translation can never be older than its source). Any kind can use it by
setting ``layout="records"`` in :mod:`portal.content.kinds`.
"""
from __future__ import annotations

from datetime import date

from marshmallow import fields as schema_fields

from ..i18n import LANGUAGES, SOURCE_LANGUAGE


def languages(kind, data: dict) -> list[str]:
    """Portuguese, then every language any translatable field has text in."""
    found = {SOURCE_LANGUAGE}
    for name in kind.translatable:
        found.update((data.get(name) or {}).keys())
    return [code for code in LANGUAGES if code in found]


def split(kind, data: dict) -> dict[str, tuple[dict, str]]:
    """{lang: (fields, body)}: the record as one file per language."""
    out = {}
    for lang in languages(kind, data):
        words = {name: data[name][lang] for name in kind.translatable
                 if data.get(name) and lang in data[name]}
        if lang == SOURCE_LANGUAGE:
            fields = {key: value for key, value in data.items() if key not in kind.translatable}
            fields.update(words)
        else:
            fields = words
        body = fields.pop(kind.body_field, "") if kind.body_field else ""
        out[lang] = (fields, body)
    return out


def join(kind, metas: dict[str, tuple[dict, str]]) -> dict:
    """The inverse of :func:`split`: one record from its languages' stored
    fields and bodies (for export), in the kind's field order."""
    source, source_body = metas[SOURCE_LANGUAGE]
    record = {key: value for key, value in source.items() if key not in kind.translatable}
    for name in kind.translatable:
        values = {}
        for lang in LANGUAGES:
            if lang not in metas:
                continue
            fields, body = metas[lang]
            text = body.strip() if name == kind.body_field else fields.get(name)
            if text:
                values[lang] = text
        if values:
            record[name] = values
    record = _clean(record)
    for name, declared in kind.source_schema.fields.items():
        if isinstance(declared, schema_fields.Date) and isinstance(record.get(name), str):
            record[name] = date.fromisoformat(record[name])  # written unquoted, as editors do
    order = kind.export_order[0]
    return {key: record[key] for key in order if key in record} | {
        key: value for key, value in record.items() if key not in order}


def _clean(value):
    """Without the empty values the schema filled in (``None``, ``[]``, ``{}``)."""
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value
