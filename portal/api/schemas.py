"""The public JSON contract of /api/v1, as marshmallow schemas.

These schemas document and validate the API; the OpenAPI document is
generated from them.
"""
from __future__ import annotations

from datetime import timezone

from marshmallow import RAISE, Schema, fields, validate

from ..content.kinds import KINDS
from ..i18n import LANGUAGES

LANG = fields.String(
    load_default="pt", validate=validate.OneOf(list(LANGUAGES)),
    metadata={"description": "Language code; see /api/v1/languages"},
)
STATUS = fields.String(
    validate=validate.OneOf(["up-to-date", "outdated", "missing"]),
    metadata={"description": "Freshness of the text in the requested language; "
              "'missing' means the Portuguese original is given instead"},
)


class UTCDateTime(fields.DateTime):
    """Stored times are UTC without a zone; say so on the wire (RFC 3339)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class Strict(Schema):
    class Meta:
        unknown = RAISE


class NoQuery(Strict):
    """Endpoints without parameters still refuse unknown ones."""


class LangQuery(Strict):
    lang = LANG


class GuideListQuery(Strict):
    lang = LANG
    topic = fields.String(validate=validate.Length(max=80))
    changed_since = fields.AwareDateTime(
        default_timezone=None,
        metadata={"description": "ISO 8601 date-time with time zone, e.g. 2026-11-27T10:00:00Z"},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class ChangesQuery(Strict):
    since = fields.String(
        validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,100}$", error="Not a cursor."),
        metadata={"description": "The next_cursor of your last sync; omit to start from the beginning"},
    )
    limit = fields.Integer(load_default=500, validate=validate.Range(min=1, max=1000))


class PackQuery(Strict):
    topic = fields.String(validate=validate.Length(max=80))


class Language(Schema):
    code = fields.String(required=True)
    native_name = fields.String(required=True)
    tag = fields.String(required=True, metadata={"description": "BCP-47 tag"})
    direction = fields.String(required=True, validate=validate.OneOf(["ltr", "rtl"]))
    guides_available = fields.Float(required=True, metadata={"description": "Share (0-1) of guides translated"})
    guides_up_to_date = fields.Float(required=True, metadata={"description": "Share (0-1) of guides translated and up to date"})


class LanguageList(Schema):
    items = fields.List(fields.Nested(Language), required=True)


class Topic(Schema):
    slug = fields.String(required=True)
    icon = fields.String(required=True)
    title = fields.String(required=True)
    guide_count = fields.Integer(required=True)
    url = fields.String(required=True, metadata={"description": "Reader page"})


class TopicList(Schema):
    lang = fields.String(required=True)
    items = fields.List(fields.Nested(Topic), required=True)


class Translation(Schema):
    lang = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "API URL of the guide in this language"})
    web_url = fields.String(required=True)


class GuideSummary(Schema):
    slug = fields.String(required=True)
    lang = fields.String(required=True, metadata={"description": "Language of title and summary"})
    title = fields.String(required=True)
    summary = fields.String(required=True)
    topic = fields.String(required=True)
    status = STATUS
    content_hash = fields.String(required=True)
    updated_at = UTCDateTime(required=True)
    url = fields.String(required=True)
    web_url = fields.String(required=True)
    translations = fields.List(fields.Nested(Translation), required=True)


class GuideList(Schema):
    lang = fields.String(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(GuideSummary), required=True)


class Source(Schema):
    title = fields.String(required=True)
    url = fields.String(required=True)


class Section(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)


class Place(Schema):
    type = fields.String(required=True, metadata={"description": "Service point type key"})
    name = fields.String(required=True, metadata={"description": "Its name in the requested language"})


class Provenance(Schema):
    method = fields.String(required=True, validate=validate.OneOf(["source", "human", "machine", "machine-reviewed"]))
    source_revision = fields.String(allow_none=True, required=True)
    outdated = fields.Boolean(required=True)
    outdated_since = UTCDateTime(allow_none=True, required=True)


class Guide(GuideSummary):
    cost = fields.String(required=True)
    duration = fields.String(required=True)
    last_checked = fields.Date(required=True)
    body_html = fields.String(required=True, metadata={"description": "Sanitized HTML"})
    steps = fields.List(fields.String(), required=True)
    bring = fields.List(fields.String(), required=True, metadata={"description": "Documents to bring"})
    sections = fields.List(fields.Nested(Section), required=True)
    sources = fields.List(fields.Nested(Source), required=True)
    where_to_go = fields.List(fields.Nested(Place), required=True)
    related = fields.List(fields.String(), required=True)
    provenance = fields.Nested(Provenance, required=True)


class Change(Schema):
    action = fields.String(required=True, validate=validate.OneOf(["created", "updated", "unpublished"]))
    item_type = fields.String(required=True, validate=validate.OneOf(["topic", *KINDS]))
    slug = fields.String(required=True)
    lang = fields.String(allow_none=True, required=True)
    content_hash = fields.String(allow_none=True, required=True)
    at = UTCDateTime(required=True)


class ChangeFeed(Schema):
    items = fields.List(fields.Nested(Change), required=True)
    next_cursor = fields.String(required=True, metadata={"description": "Pass as ?since= next time"})
    has_more = fields.Boolean(required=True)


class PackEntry(Schema):
    url = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["page", "asset"]))
    hash = fields.String(required=True, metadata={"description": "Changes whenever the bytes change"})
    size = fields.Integer(required=True, metadata={"description": "Bytes on the wire (Brotli)"})


class OfflinePack(Schema):
    lang = fields.String(required=True)
    topic = fields.String(allow_none=True, required=True)
    version = fields.String(required=True)
    total_size = fields.Integer(required=True)
    entries = fields.List(fields.Nested(PackEntry), required=True)


class ErrorBody(Schema):
    code = fields.String(required=True, metadata={"description": "Stable machine-readable code"})
    message = fields.String(required=True)
    details = fields.Dict(required=True)


class Error(Schema):
    error = fields.Nested(ErrorBody, required=True)
