"""The public JSON contract of /api/v1, as marshmallow schemas.

These schemas validate the query, dump the read layer's view objects, and
are the source of the OpenAPI document. Query schemas are closed (unknown
parameters are refused); response schemas are open, because v1 may gain
fields (see docs/api.md, "Evolution").
"""
from __future__ import annotations

from datetime import timezone

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

from ..content.kinds import KINDS
from ..i18n import LANGUAGES
from .errors import ERROR_CODES

LANG_DESCRIPTION = "Language code; see /api/v1/languages"


class EnumRef(fields.String):
    """A string from a fixed list, documented once as a named component
    (``COMPONENTS``) so that generated clients share one enum type."""

    component = ""
    choices: tuple[str, ...] = ()

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value not in self.choices:
            raise ValidationError(f"Must be one of: {', '.join(self.choices)}.")
        return value


class LangField(EnumRef):
    component = "Lang"
    choices = tuple(LANGUAGES)


class StatusField(EnumRef):
    component = "Status"
    choices = ("up-to-date", "outdated", "missing")


COMPONENTS = {
    "Lang": {"type": "string", "enum": list(LangField.choices), "description": LANG_DESCRIPTION},
    "Status": {"type": "string", "enum": list(StatusField.choices),
               "description": "Freshness of the text in the requested language; 'missing' "
               "means the Portuguese original is given instead"},
}


def enum_component(self, field, **kwargs) -> dict:
    """apispec attribute function: an EnumRef is a reference to its component."""
    if not isinstance(field, EnumRef):
        return {}
    ref = {"$ref": f"#/components/schemas/{field.component}"}
    return {"anyOf": [ref, {"type": "null"}]} if field.allow_none else ref


class PathField(fields.String):
    """A path built from the dumped object: ``template.format(obj=...)``.

    Formatted directly: url_for is the slowest part of a 50-item page; slugs
    and language codes are validated ASCII, so nothing needs quoting.
    """

    def __init__(self, template: str, **kwargs):
        super().__init__(required=True, dump_only=True, **kwargs)
        self.template = template

    def serialize(self, attr, obj, accessor=None, **kwargs):
        return self.template.format(obj=obj)


class UTCDateTime(fields.DateTime):
    """Stored times are UTC without a zone; say so on the wire (RFC 3339)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class UTCQueryDateTime(fields.AwareDateTime):
    """A date-time with a zone, loaded as naive UTC like the stored times.

    Times near the ends of the calendar cannot be moved to UTC
    (``0001-01-01T00:00:00+14:00``): they are refused, not a 500.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        aware = super()._deserialize(value, attr, data, **kwargs)
        try:
            return aware.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError as exc:
            raise ValidationError("Out of range once converted to UTC.") from exc


class Query(Schema):
    class Meta:
        unknown = RAISE


class Response(Schema):
    """Open for additive evolution: no ``additionalProperties: false``."""

    class Meta:
        unknown = EXCLUDE


class NoQuery(Query):
    """Endpoints without parameters still refuse unknown ones."""


class LangQuery(Query):
    lang = LangField(load_default="pt", metadata={"description": LANG_DESCRIPTION})


class GuideListQuery(LangQuery):
    topic = fields.String(validate=validate.Length(max=80),
                          metadata={"description": "Only this topic's guides (a topic slug)"})
    changed_since = UTCQueryDateTime(
        default_timezone=None,
        metadata={"description": "Only guides changed after this time: ISO 8601 date-time with "
                  "a time zone, e.g. 2026-11-27T10:00:00Z (write + as %2B)"},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000),
                          metadata={"description": "Page number; a page past the end is empty"})
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


CURSOR_PATTERN = r"^[A-Za-z0-9_-]{19,43}$"


class ChangesQuery(Query):
    since = fields.String(
        validate=validate.Regexp(CURSOR_PATTERN, error="Not a cursor."),
        metadata={"description": "Opaque cursor: the next_cursor of your last call, exactly as "
                  "received. Omit it to start from the beginning. Only values this feed issued "
                  "are accepted: another string of this shape is 400 invalid_cursor."},
    )
    limit = fields.Integer(load_default=500, validate=validate.Range(min=1, max=1000),
                           metadata={"description": "Events per response"})


class PackQuery(Query):
    topic = fields.String(validate=validate.Length(max=80),
                          metadata={"description": "Only this topic's pages (a topic slug)"})


class Language(Response):
    code = LangField(required=True)
    native_name = fields.String(required=True)
    tag = fields.String(required=True, metadata={"description": "BCP 47 tag, for lang attributes"})
    direction = fields.String(required=True, validate=validate.OneOf(["ltr", "rtl"]))
    guides_available = fields.Float(required=True, metadata={"description": "Share (0-1) of guides translated"})
    guides_up_to_date = fields.Float(required=True, metadata={"description": "Share (0-1) of guides translated and up to date"})


class LanguageList(Response):
    items = fields.List(fields.Nested(Language), required=True)


class Topic(Response):
    slug = fields.String(required=True)
    icon = fields.String(required=True)
    title = fields.String(required=True)
    guide_count = fields.Integer(required=True)
    url = PathField("/{obj.lang}/topics/{obj.slug}", metadata={"description": "Reader page"})


class TopicList(Response):
    lang = LangField(required=True)
    items = fields.List(fields.Nested(Topic), required=True)


class Translation(Response):
    lang = LangField(required=True)
    url = PathField("/api/v1/guides/{obj.slug}?lang={obj.lang}",
                    metadata={"description": "API path of the guide in this language"})
    web_url = PathField("/{obj.lang}/guides/{obj.slug}", metadata={"description": "Reader page"})


class GuideSummary(Response):
    slug = fields.String(required=True)
    lang = LangField(required=True, metadata={
        "description": "Language of the text (may differ from the one asked for)"})
    title = fields.String(required=True)
    summary = fields.String(required=True)
    topic = fields.String(required=True, metadata={"description": "Topic slug"})
    status = StatusField(required=True)
    content_hash = fields.String(required=True)
    updated_at = UTCDateTime(required=True)
    url = PathField("/api/v1/guides/{obj.slug}?lang={obj.requested}", metadata={"description": "API path"})
    web_url = PathField("/{obj.requested}/guides/{obj.slug}", metadata={"description": "Reader page"})
    translations = fields.List(fields.Nested(Translation), required=True)


class GuideList(Response):
    lang = LangField(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(GuideSummary), required=True)


class Source(Response):
    title = fields.String(required=True)
    url = fields.String(required=True)


class Section(Response):
    id = fields.String(required=True)
    title = fields.String(required=True)


class Place(Response):
    type = fields.String(required=True, metadata={"description": "Service point type key"})
    name = fields.String(required=True, metadata={"description": "Its name in the requested language"})


class Provenance(Response):
    method = fields.String(required=True, validate=validate.OneOf(["source", "human", "machine", "machine-reviewed"]))
    source_revision = fields.String(allow_none=True, required=True)
    outdated = fields.Boolean(required=True)
    outdated_since = UTCDateTime(allow_none=True, required=True)


class Guide(GuideSummary):
    title = fields.String(required=True, attribute="revision.title")
    summary = fields.String(required=True, attribute="revision.summary")
    topic = fields.String(required=True, attribute="topic.slug", metadata={"description": "Topic slug"})
    cost = fields.String(required=True, attribute="revision.cost")
    duration = fields.String(required=True, attribute="revision.duration")
    last_checked = fields.Date(required=True)
    body_html = fields.String(required=True, metadata={
        "description": "Sanitized HTML; the partner guide (/api/v1/docs/guide) lists the elements "
        "and attributes"})
    steps = fields.List(fields.String(), required=True, attribute="revision.steps")
    bring = fields.List(fields.String(), required=True, attribute="revision.bring",
                        metadata={"description": "Documents to bring"})
    sections = fields.List(fields.Nested(Section), required=True, attribute="revision.sections")
    sources = fields.List(fields.Nested(Source), required=True)
    where_to_go = fields.List(fields.Nested(Place), required=True, attribute="places")
    related = fields.List(fields.Pluck(GuideSummary, "slug"), required=True,
                          metadata={"description": "Slugs of related published guides"})
    provenance = fields.Nested(Provenance, required=True)


ACTIONS = ["created", "updated", "unpublished"]


class Change(Response):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    item_type = fields.String(required=True, validate=validate.OneOf(["topic", *KINDS]))
    slug = fields.String(required=True)
    lang = LangField(allow_none=True, required=True, metadata={"description": "null for topics"})
    content_hash = fields.String(allow_none=True, required=True)
    at = UTCDateTime(required=True)


class ChangeFeed(Response):
    items = fields.List(fields.Nested(Change), required=True)
    next_cursor = fields.String(required=True, metadata={"description": "Opaque: pass it as since= next time"})
    has_more = fields.Boolean(required=True)


class PackEntry(Response):
    url = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["page", "asset"]))
    hash = fields.String(required=True, metadata={"description": "Changes whenever the bytes change"})
    size = fields.Integer(required=True, metadata={"description": "Bytes on the wire (Brotli)"})


class OfflinePack(Response):
    lang = LangField(required=True)
    topic = fields.String(allow_none=True, required=True)
    version = fields.String(required=True)
    total_size = fields.Integer(required=True)
    entries = fields.List(fields.Nested(PackEntry), required=True)


class ErrorBody(Response):
    code = fields.String(required=True, validate=validate.OneOf(ERROR_CODES),
                         metadata={"description": "Stable machine-readable code"})
    message = fields.String(required=True, metadata={"description": "English, for developers"})
    details = fields.Dict(required=True)


class Error(Response):
    error = fields.Nested(ErrorBody, required=True)
