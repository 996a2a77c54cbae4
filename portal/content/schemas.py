"""marshmallow schemas for content files; every message names the field."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..vocab import PLACE_TYPES

SLUG = validate.Regexp(
    r"^[a-z0-9]+(-[a-z0-9]+)*$", error="must be lowercase letters, digits and hyphens"
)
ICONS = ("compass", "id-card", "heart", "school", "book", "briefcase", "home", "wallet", "shield")
METHODS = ("human", "machine", "machine-reviewed")
# Facts that do not depend on language: set once, in the source file.
SHARED_FIELDS = ("topic", "order", "last_checked", "where_to_go", "related", "sources")


TEXT_ERRORS = {"invalid": "must be text; put it in quotes (YAML reads words like No or On as yes/no)"}


def _text(maximum: int, **kwargs):
    return fields.String(
        required=True, validate=validate.Length(min=1, max=maximum),
        error_messages=TEXT_ERRORS, **kwargs
    )


def not_in_future(value: date) -> None:
    if value > date.today():
        raise ValidationError("cannot be in the future: it is the day the facts were checked")


# What RFC 3986 allows in a URL; anything else (quotes, <, >, spaces,
# backslashes) must be percent-encoded, so it is refused rather than carried
# into pages and the API.
URL_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


def plain_url(value: str) -> None:
    if not URL_CHARACTERS.match(value) or re.search(r"%(?![0-9A-Fa-f]{2})", value):
        raise ValidationError(
            "contains characters a web address cannot have (quotes, spaces, < or >); "
            "copy the address from the browser's address bar")
    parts = urlsplit(value)
    if not parts.hostname or "." not in parts.hostname:
        raise ValidationError("must be an https:// address with a host name")
def _method():
    return fields.String(required=True, validate=validate.OneOf(METHODS))


def _source_revision():
    return fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[0-9a-f]{16}$",
            error="must be the 16-character hash of a Portuguese revision "
            "(fill it in with: flask --app wsgi content stamp)",
        ),
    )


def _last_checked():
    return fields.Date(
        required=True, format="%Y-%m-%d", validate=not_in_future,
        error_messages={"invalid": "not a valid date: write it as YYYY-MM-DD, e.g. 2026-11-27"},
    )


class SourceLink(Schema):
    class Meta:
        unknown = RAISE

    title = _text(200)
    url = fields.Url(required=True, schemes={"https"}, validate=plain_url, error_messages={
        "invalid": "must be an https:// address"})


class _Words(Schema):
    """The translatable words every language version has."""

    class Meta:
        unknown = RAISE

    title = _text(200)
    summary = _text(200)
    cost = _text(200)
    duration = _text(200)


class SourceGuide(_Words):
    topic = fields.String(required=True, validate=SLUG)
    order = fields.Integer(load_default=100, strict=True)
    last_checked = _last_checked()
    where_to_go = fields.List(
        fields.String(validate=validate.OneOf(sorted(PLACE_TYPES))), load_default=list
    )
    related = fields.List(fields.String(validate=SLUG), load_default=list)
    sources = fields.List(
        fields.Nested(SourceLink), required=True, validate=validate.Length(min=1)
    )
    minor = fields.Boolean(load_default=False)


class TranslatedGuide(_Words):
    translation = _method()
    source_revision = _source_revision()


# Glossary terms (docs/content-format.md, "Glossary"): what a reader sees on
# signs and documents, explained. Shared facts live only in pt.md.
TERM_SHARED_FIELDS = ("also", "keep_portuguese", "see_also", "sources", "last_checked")


class SourceTerm(Schema):
    class Meta:
        unknown = RAISE

    term = _text(120)
    also = fields.List(fields.String(validate=validate.Length(min=1, max=120)), load_default=list)
    keep_portuguese = fields.Boolean(load_default=False)
    see_also = fields.List(
        fields.String(validate=SLUG), required=True,
        validate=validate.Length(min=1, error="name at least one guide"),
    )
    sources = fields.List(fields.Nested(SourceLink), load_default=list)
    last_checked = _last_checked()
    minor = fields.Boolean(load_default=False)


class TranslatedTerm(Schema):
    class Meta:
        unknown = RAISE

    term = _text(120)
    translation = _method()
    source_revision = _source_revision()


class TopicEntry(Schema):
    class Meta:
        unknown = RAISE

    slug = fields.String(required=True, validate=[SLUG, validate.Length(max=80)])
    icon = fields.String(required=True, validate=validate.OneOf(ICONS))
    title = fields.Dict(
        keys=fields.String(validate=validate.OneOf(list(LANGUAGES))),
        values=fields.String(validate=validate.Length(min=1, max=80)),
        required=True,
    )

    @validates("title")
    def has_source_title(self, value, **kwargs):
        if SOURCE_LANGUAGE not in value:
            raise ValidationError(f"needs a title in {SOURCE_LANGUAGE!r}, the source language")


def json_safe(value):
    """Dates as ISO text, also inside lists and mappings: what is stored as
    JSON (revision ``meta``, ``guide.facts``)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_safe(item) for item in value]
    return value


def flatten(messages, prefix: str = "") -> list[tuple[str, str]]:
    """marshmallow's nested error dict as (``sources[1].url``, message) pairs."""
    out = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            elif key == "_schema":
                name = prefix
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out += flatten(value, name)
    elif isinstance(messages, list):
        for message in messages:
            out += flatten(message, prefix) if not isinstance(message, str) else [(prefix, message)]
    else:
        out.append((prefix, str(messages)))
    return out
