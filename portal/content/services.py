"""The service-point kind (registered in :mod:`portal.content.kinds`): one
YAML record per point in ``content/services/<id>.yaml`` (the *records*
layout, :mod:`portal.content.records`), its schema, rows, revision text,
cross-kind checks and offline pages.

Language-independent facts (address, phones, hours, coordinates,
provenance) go in ``guide.facts``; names, hours as written by the source,
services and notes are per-language maps that fall back to Portuguese.
"""
from __future__ import annotations

import re
from datetime import date

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate, validates, validates_schema

from .. import geo
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from .records import provenance_field
from .render import Rendered
from .schemas import SLUG, not_in_future

# Kinds of service point, and the "where to go" place each one is.
POINT_KINDS = ("national-centre", "local-centre", "helpline", "aima-desk", "citizen-shop",
               "health-line", "other")
PLACE_OF_KIND = {"national-centre": "cnaim", "local-centre": "claim", "aima-desk": "aima",
                 "citizen-shop": "citizen-shop"}
KINDS_OF_PLACE = {place: kind for kind, place in PLACE_OF_KIND.items()}
CONFIDENCE = ("sourced", "partial")
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$")
TRANSLATABLE = ("name", "hours", "services", "booking", "accessibility", "how_to_get_there", "notes")
TEXT = {"invalid": "must be text; put it in quotes"}


class LangText(fields.Dict):
    """``{pt: text, en: text}``: text per language code."""

    def __init__(self, maximum: int, required_source: bool = False, **kwargs):
        super().__init__(keys=fields.String(validate=validate.OneOf(LANGUAGES, error="unknown language {input!r}")),
                         values=fields.String(validate=validate.Length(min=1, max=maximum), error_messages=TEXT),
                         **kwargs)
        self.required_source = required_source

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = {SOURCE_LANGUAGE: value}
        result = super()._deserialize(value, attr, data, **kwargs)
        if self.required_source and SOURCE_LANGUAGE not in result:
            raise ValidationError(f"needs the Portuguese text ({SOURCE_LANGUAGE}: ...)")
        return result


class PhoneEntry(Schema):
    class Meta:
        unknown = RAISE

    number = fields.String(required=True, validate=validate.Length(min=3, max=40))
    note = fields.String(load_default=None, validate=validate.Length(max=200))

    @validates("number")
    def _valid(self, value, **kwargs):
        from ..directory.phones import parse

        if parse(value) is None:
            raise ValidationError(f"{value!r} is not a valid Portuguese or international phone number")


class Coordinates(Schema):
    class Meta:
        unknown = RAISE

    lat = fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = fields.Float(required=True, validate=validate.Range(-180, 180))

    @validates_schema
    def _in_portugal(self, data, **kwargs):
        if not geo.in_portugal(data["lat"], data["lon"]):
            raise ValidationError(
                f"{data['lat']}, {data['lon']} is outside Portugal (mainland, Madeira and the Azores)")


class Closure(Schema):
    class Meta:
        unknown = RAISE

    start = fields.Date(data_key="from", required=True, format="%Y-%m-%d")
    end = fields.Date(data_key="to", required=True, format="%Y-%m-%d")
    note = LangText(300, load_default=dict)

    @validates_schema
    def _order(self, data, **kwargs):
        if "start" in data and "end" in data and data["end"] < data["start"]:
            raise ValidationError("'to' is before 'from'", "to")

    @post_load
    def _as_text(self, data, **kwargs):
        return {"from": data["start"].isoformat(), "to": data["end"].isoformat(), "note": data["note"]}


class Source(Schema):
    class Meta:
        unknown = RAISE

    urls = fields.List(fields.String(validate=validate.Regexp(r"^https?://\S+$", error="must be an http(s):// address")),
                       required=True, validate=validate.Length(min=1))
    date = fields.String(load_default=None, validate=validate.Length(max=300))
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE))
    confirmed_by = fields.String(load_default=None, validate=validate.Length(max=200))


class ServicePoint(Schema):
    """One service point: every field is checked, and the municipality and
    district against Portugal's closed list."""

    class Meta:
        unknown = RAISE
        ordered = True

    id = fields.String(required=True, validate=[SLUG, validate.Length(max=80)])
    kind = fields.String(required=True, validate=validate.OneOf(POINT_KINDS))
    name = LangText(300, required=True, required_source=True)
    operator = fields.String(load_default=None, validate=validate.Length(max=300))
    address = fields.String(load_default=None, validate=validate.Length(max=300))
    postcode = fields.String(load_default=None, validate=validate.Regexp(
        r"^\d{4}-\d{3}$", error="must be a Portuguese postcode like 1150-025"))
    municipality = fields.String(load_default=None)
    district = fields.String(load_default=None)
    coordinates = fields.Nested(Coordinates, load_default=None)
    phones = fields.List(fields.Nested(PhoneEntry), load_default=list)
    email = fields.List(fields.Email(error_messages={"invalid": "not an email address"}), load_default=list)
    # As sources write them: "https://…" or a bare "www.example.pt/page".
    website = fields.List(fields.String(validate=validate.Regexp(
        r"^(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$",
        error="must be a web address (https://example.pt or www.example.pt)")), load_default=list)
    opening_hours = fields.String(load_default=None, validate=validate.Length(max=500))
    closures = fields.List(fields.Nested(Closure), load_default=list)
    appointment = fields.String(load_default=None, validate=validate.OneOf(("required", "optional", "none")))
    languages = fields.List(fields.String(validate=validate.Regexp(
        BCP47, error="must be a BCP-47 language tag such as pt, ar or zh-Hans")), load_default=list)
    languages_note = fields.String(load_default=None, validate=validate.Length(max=300))
    topics = fields.List(fields.String(validate=SLUG), load_default=list)
    hours = LangText(500, load_default=dict)
    services = LangText(1000, load_default=dict)
    booking = LangText(500, load_default=dict)
    accessibility = LangText(500, load_default=dict)
    how_to_get_there = LangText(1000, load_default=dict)
    notes = LangText(4000, load_default=dict)
    source = fields.Nested(Source, required=True)
    last_confirmed = fields.Date(load_default=None, format="%Y-%m-%d", validate=not_in_future, error_messages={
        "invalid": "not a valid date: write it as YYYY-MM-DD"})
    # How each language's text was made ({ar: machine-reviewed}; absent: human).
    translation = provenance_field()

    @validates("opening_hours")
    def _hours(self, value, **kwargs):
        from ..directory.hours import problem

        found = problem(value) if value is not None else None
        if found:
            raise ValidationError(found)

    @validates_schema
    def _place(self, data, **kwargs):
        found = geo.district_problem(data.get("municipality"), data.get("district"))
        if found and (data.get("municipality") or data.get("district")):
            raise ValidationError(found[1], found[0])


class ServicePointText(Schema):
    """What a language carries of a record (checked already as part of it)."""

    class Meta:
        unknown = RAISE

    name = fields.String()
    hours = fields.String()
    services = fields.String()
    booking = fields.String()
    accessibility = fields.String()
    how_to_get_there = fields.String()
    source_revision = fields.String()
    translation = fields.String()


def apply(item, data: dict, topics: dict) -> None:
    """The language-independent record goes into ``facts``."""
    item.topic = None
    item.position = 100
    item.last_checked = data.get("last_confirmed") or UNDATED
    item.where_to_go = [PLACE_OF_KIND[data["kind"]]] if data["kind"] in PLACE_OF_KIND else []
    item.related = []
    item.sources = [{"title": data["source"].get("date") or "", "url": url} for url in data["source"]["urls"]]
    facts = {key: value for key, value in data.items() if key not in TRANSLATABLE}
    facts["last_confirmed"] = data["last_confirmed"].isoformat() if data.get("last_confirmed") else None
    item.facts = facts
    item.published = True


# ``guide.last_checked`` cannot be empty; a record whose source gives no
# date stores this and readers see "date unknown".
UNDATED = date(1900, 1, 1)


def words(data: dict, rendered: Rendered) -> dict:
    """Title: the name; summary: a short line (services, else the kind)."""
    summary = data.get("services") or data.get("hours") or ""
    summary = summary if len(summary) <= 200 else summary[:199].rstrip() + "…"
    return {"title": data.get("name", "")[:300], "summary": summary, "cost": "", "duration": ""}


def search_terms(item) -> list[str]:
    """Search finds a service point by its place too ("CLAIM Faro",
    "Odemira"), in every language: municipality and district names stay in
    Portuguese."""
    facts = item.facts or {}
    return [name for name in (facts.get("municipality"), facts.get("district")) if name]


def cross_check(content) -> None:
    """Topics must exist; notes may link only to guides; a ``service:`` link
    in any item must name a point that exists (so a point still linked from
    a guide cannot be removed)."""
    from .guides import unknown_guide_links
    from .loader import Problem

    topics = {t["slug"] for t in content.topics}
    guides = set(content.guides)
    for _slug, files in sorted(content.items.get("service", {}).items()):
        source = files[SOURCE_LANGUAGE]
        for index, topic in enumerate(source.data.get("topics", [])):
            if topic not in topics:
                content.problems.append(Problem(
                    source.path, source.lines.get(f"topics[{index}]", 1), f"topics[{index}]",
                    f"unknown topic {topic!r}; topics.yaml has: {', '.join(sorted(topics))}"))
        for item_file in files.values():
            unknown_guide_links(content, item_file, guides)
    points = content.items.get("service", {})
    for kind_items in content.items.values():
        for files in kind_items.values():
            for item_file in files.values():
                for line, ident in item_file.rendered.service_links:
                    if ident not in points:
                        content.problems.append(Problem(
                            item_file.path, line, "body",
                            f"link to unknown service point 'service:{ident}': "
                            f"services/{ident}.yaml does not exist"))


def pack_pages(lang: str, topic: str | None) -> list[str]:
    """The directory in every language's pack: its list, the helplines and
    the compact data the nearest-to-me search reads on the device (not in
    a single topic's pack)."""
    from ..read.services import has_points

    if topic is not None or not has_points():
        return []
    return [f"/{lang}/services", f"/{lang}/help", f"/{lang}/services/directory.json"]


def pack_assets(lang: str, topic: str | None) -> list[str]:
    return ["js/nearest.js"] if pack_pages(lang, topic) else []
