"""Service-point endpoints: ``/api/v1/service-points`` (filters, pages,
and a GeoJSON variant for partners' maps) and
``/api/v1/service-points/<id>``.

They read through :mod:`portal.read.services` and dump its view objects;
ETags, 304s, HEAD and the error shape are those of every operation
(:mod:`portal.api.contract`). "Open now" is worked out at request time in
Lisbon time; answers are cached for at most a minute (:mod:`portal.http`).
"""
from __future__ import annotations

import json
from datetime import datetime

from flask import make_response, request
from marshmallow import fields, validate

from .. import geo
from ..content.services import CONFIDENCE, POINT_KINDS
from ..directory import hours as opening
from ..read import GuidePage
from ..read import services as directory
from ..read.guides import last_publish
from . import bp
from .contract import cacheable, success_headers
from .errors import ApiError
from .http import last_modified, paginated
from .schemas import LangField, LangQuery, PathField, Response, UTCDateTime
from .views import ROUTE

GEOJSON = "application/geo+json"
DISTRICTS = [*geo.districts(), *geo.REGION_NAMES]


class ServicePointQuery(LangQuery):
    district = fields.String(validate=validate.OneOf(DISTRICTS), metadata={
        "description": "District or autonomous region, as in the list of Portugal's municipalities"})
    municipality = fields.String(validate=[validate.Length(max=100), validate.OneOf(sorted(geo.municipalities()))],
                                 metadata={"description": "One of Portugal's 308 municipalities"})
    kind = fields.String(validate=validate.OneOf(POINT_KINDS))
    service = fields.String(validate=[validate.Length(max=100), validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$")],
                            metadata={"description": "A guide topic slug (see /api/v1/topics)"})
    language = fields.String(validate=[validate.Length(max=100), validate.Regexp(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")], metadata={
        "description": "Language spoken (BCP-47; matched on its primary subtag)"})
    open = fields.Boolean(metadata={"description": "Only points open now (Europe/Lisbon time)"})
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "geojson")), metadata={
        "description": "geojson: a GeoJSON FeatureCollection (also with Accept: application/geo+json)"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class Location(Response):
    lat = fields.Float(required=True)
    lon = fields.Float(required=True)
    approximate = fields.Boolean(required=True, metadata={
        "description": "true: the municipality centre (GeoNames), not the address"})
    source = fields.String(required=True, attribute="location_source")


class PhoneOut(Response):
    number = fields.String(required=True, metadata={"description": "As the source writes it"})
    e164 = fields.String(required=True, metadata={"description": "For tel: links"})
    display = fields.String(required=True)
    cost = fields.String(required=True, metadata={
        "description": "free, shared-cost, premium, standard, mobile, or empty when not known"})
    note = fields.String(allow_none=True, required=True)


class TextOut(Response):
    text = fields.String(required=True)
    lang = LangField(required=True)


class OpenNow(Response):
    state = fields.String(required=True, validate=validate.OneOf(("open", "closed", "unknown")))
    changes_at = fields.DateTime(allow_none=True, required=True, attribute="change", metadata={
        "description": "When it closes (open) or next opens (closed), Europe/Lisbon offset"})
    holiday = fields.String(required=True)


class SourceOut(Response):
    urls = fields.List(fields.String(), required=True, attribute="source_urls")
    date = fields.String(allow_none=True, required=True, attribute="source_date",
                         metadata={"description": "As the source dates it"})
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE))
    confirmed_by = fields.String(allow_none=True, required=True)


class Closure(Response):
    start = fields.String(required=True, data_key="from")
    end = fields.String(required=True, data_key="to")


class ServicePoint(Response):
    id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(POINT_KINDS))
    name = fields.Nested(TextOut, required=True)
    operator = fields.String(allow_none=True, required=True)
    address = fields.String(allow_none=True, required=True)
    postcode = fields.String(allow_none=True, required=True)
    municipality = fields.String(allow_none=True, required=True)
    district = fields.String(allow_none=True, required=True)
    location = fields.Method("_location", required=True, metadata={
        "description": "null when neither the source nor the municipality gives one"})
    phones = fields.List(fields.Nested(PhoneOut), required=True)
    email = fields.List(fields.String(), required=True)
    website = fields.List(fields.String(), required=True)
    opening_hours = fields.String(allow_none=True, required=True, metadata={
        "description": "OpenStreetMap opening_hours syntax"})
    hours = fields.Nested(TextOut, allow_none=True, required=True, metadata={
        "description": "The hours in the source's own words"})
    open_now = fields.Method("_open_now", required=True)
    appointment = fields.String(allow_none=True, required=True)
    languages = fields.List(fields.String(), required=True, metadata={"description": "BCP-47 tags"})
    languages_note = fields.String(allow_none=True, required=True)
    services = fields.Nested(TextOut, allow_none=True, required=True)
    topics = fields.List(fields.String(), required=True)
    source = fields.Function(lambda obj: SourceOut().dump(obj), required=True)
    last_confirmed = fields.Date(allow_none=True, required=True)
    to_confirm = fields.Boolean(required=True, metadata={
        "description": "Partial, undated or old details: show 'to be confirmed'"})
    content_hash = fields.String(required=True)
    updated_at = UTCDateTime(required=True)
    url = PathField("/api/v1/service-points/{obj.id}?lang={obj.requested}")
    web_url = PathField("/{obj.requested}/services/{obj.id}")

    def _location(self, obj):
        return None if obj.lat is None else Location().dump(obj)

    def _open_now(self, obj):
        return OpenNow().dump(obj.status(self.context_now()))

    @staticmethod
    def context_now() -> datetime:
        return datetime.now(opening.LISBON)


class ServicePointDetail(ServicePoint):
    closures = fields.List(fields.Dict(), required=True)
    booking = fields.Nested(TextOut, allow_none=True, required=True)
    accessibility = fields.Nested(TextOut, allow_none=True, required=True)
    how_to_get_there = fields.Nested(TextOut, allow_none=True, required=True)
    notes_html = fields.Nested(TextOut, allow_none=True, required=True)
    translations = fields.List(LangField(), required=True)


class ServicePointList(Response):
    lang = LangField(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(ServicePoint), required=True)


GEOJSON_DOC = {"responses": {200: {"content": {GEOJSON: {"schema": {
    "type": "object", "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "id": {"type": "string"},
                "geometry": {"anyOf": [{"type": "null"}, {
                    "type": "object", "required": ["type", "coordinates"],
                    "properties": {"type": {"type": "string", "enum": ["Point"]},
                                   "coordinates": {"type": "array", "items": {"type": "number"},
                                                   "minItems": 2, "maxItems": 2}}}]},
                "properties": {"type": "object"},
            }}},
    }}}}}}}


def _wants_geojson(fmt: str) -> bool:
    if fmt == "geojson":
        return True
    best = request.accept_mimetypes.best_match(["application/json", GEOJSON])
    return best == GEOJSON and request.accept_mimetypes[GEOJSON] > request.accept_mimetypes["application/json"]


@bp.route("/service-points", tags=["service-points"], **ROUTE)
@bp.arguments(ServicePointQuery, location="query", as_kwargs=True)
@bp.response(200, ServicePointList, headers=success_headers("Last-Modified", "X-Total-Count", "Link"))
@cacheable(bp)
@bp.doc(operationId="list_service_points", **GEOJSON_DOC)
def service_points(lang, page, per_page, format, **filters):
    """Service points (centres, desks, helplines), filtered, paginated; GeoJSON on request"""
    wanted = directory.parse_filters({k: ("1" if v is True else v) for k, v in filters.items()
                                      if v not in (None, False)}, None)
    if wanted.ignored:
        raise ApiError(400, "invalid_parameters", "Some parameters are not valid.",
                       {name: ["Unknown value."] for name in wanted.ignored})
    everything = directory.points(lang)
    found = directory.select(everything, wanted, datetime.now(opening.LISBON))
    newest = max((p.updated_at for p in everything), default=None) or last_publish()
    if _wants_geojson(format):
        response = make_response(json.dumps(_feature_collection(found), ensure_ascii=False,
                                            separators=(",", ":")))
        response.mimetype = GEOJSON
        response.headers.update(last_modified(newest))
        response.headers["X-Total-Count"] = str(len(found))
        return response
    start = (page - 1) * per_page
    return paginated(GuidePage(lang, page, per_page, len(found), found[start:start + per_page], newest))


def _feature_collection(found) -> dict:
    now = datetime.now(opening.LISBON)
    return {"type": "FeatureCollection", "features": [{
        "type": "Feature", "id": item.id,
        "geometry": None if item.lat is None else {"type": "Point", "coordinates": [item.lon, item.lat]},
        "properties": {
            "name": item.name.text, "kind": item.kind, "municipality": item.municipality,
            "district": item.district, "approximate": item.approximate,
            "location_source": item.location_source,
            "phone": item.phones[0].e164 if item.phones else None,
            "opening_hours": item.opening_hours, "open_now": item.status(now).state,
            "to_confirm": item.to_confirm,
            "url": f"/api/v1/service-points/{item.id}", "web_url": f"/{item.requested}/services/{item.id}",
        }} for item in found]}


@bp.route("/service-points/<string(maxlength=80):ident>", tags=["service-points"], **ROUTE)
@bp.arguments(LangQuery, location="query", as_kwargs=True)
@bp.response(200, ServicePointDetail, headers=success_headers("Last-Modified"))
@cacheable(bp, 404)
@bp.doc(operationId="get_service_point")
def service_point(ident, lang):
    """One service point: contact, location, hours and open now, languages, provenance"""
    found = directory.point(ident, lang)
    if found is None:
        raise ApiError(404, "service_point_not_found", f"No published service point {ident!r}.", {"id": ident})
    return found, 200, last_modified(found.updated_at)
