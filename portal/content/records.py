"""The *records* layout of a content kind: one YAML file per item
(``content/<folder>/<id>.yaml``) holding the language-independent facts and,
for each translatable field, a map of language -> text (``name: {pt: ..., en:
...}``), Portuguese first and the fallback.

A record becomes one file per language for the rest of the pipeline (hash,
revision, change event, freshness): the Portuguese one carries the facts and
the Portuguese text; each other language its own text and, as its
``source_revision``, the Portuguese hash (the text sits in the same file, so a
translation can never be older than its source). How a language's text was
made is the optional ``translation`` map (``translation: {ar:
machine-reviewed}``; a language not in it: ``human``), carried by that
language's file as its ``translation``, like a guide's translation. Any kind can use it by
setting ``layout="records"`` in :mod:`portal.content.kinds`.
"""
from __future__ import annotations

from datetime import date

from marshmallow import fields as schema_fields

from ..i18n import LANGUAGES, SOURCE_LANGUAGE

PROVENANCE = "translation"  # the record's map of language -> how its text was made


def provenance_field():
    """The ``translation`` map of a records-layout schema."""
    from marshmallow import validate

    from .schemas import METHODS

    return schema_fields.Dict(
        keys=schema_fields.String(validate=validate.OneOf(
            [code for code in LANGUAGES if code != SOURCE_LANGUAGE], error="unknown language {input!r}")),
        values=schema_fields.String(validate=validate.OneOf(METHODS)), load_default=dict)


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
            fields = {key: value for key, value in data.items()
                      if key not in kind.translatable and key != PROVENANCE}
            fields.update(words)
        else:
            fields = words
            method = (data.get(PROVENANCE) or {}).get(lang)
            if method and method != "human":
                fields[PROVENANCE] = method
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
    methods = {lang: metas[lang][0].get(PROVENANCE) for lang in LANGUAGES
               if lang != SOURCE_LANGUAGE and lang in metas}
    methods = {lang: method for lang, method in methods.items() if method and method != "human"}
    record.pop(PROVENANCE, None)
    if methods:
        record[PROVENANCE] = methods
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
