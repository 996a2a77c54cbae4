"""The training offer's endpoints: ``/api/v1/programmes``,
``/api/v1/programmes/<id>``, ``/api/v1/sessions`` and ``/api/v1/sessions/<id>``.

They read through :mod:`portal.read.courses`, with the filters of the
courses pages (closed values, strict: nonsense is ``400
invalid_parameters``, not ignored as on the pages). Sessions that have
ended are left out unless ``upcoming=false``; ETags, 304s, HEAD and the
error shape are the Content API's (:mod:`portal.api.contract`).
"""
from __future__ import annotations

from dataclasses import dataclass

from marshmallow import fields, validate

from .. import geo
from ..content.courses import AUDIENCES, CEFR, FORMATS, FREE, PROGRAMME_KINDS
from ..read import courses as read_courses
from . import bp
from .contract import cacheable, success_headers
from .errors import ApiError
from .http import paginated
from .schemas import LangField, LangQuery, PathField, Response, Source
from .views import ROUTE


@dataclass
class SessionPage:
    """One page of sessions, in the shape :func:`portal.api.http.paginated` takes."""

    lang: str
    page: int
    per_page: int
    total: int
    items: list
    last_modified: None = None

    @property
    def last_page(self) -> int:
        return max(1, -(-self.total // self.per_page))


class ProgrammeQuery(LangQuery):
    audience = fields.String(validate=validate.OneOf(AUDIENCES))
    kind = fields.String(validate=validate.OneOf(PROGRAMME_KINDS))
    level = fields.String(validate=validate.OneOf(CEFR), metadata={"description": "A CEFR level: A1 to C2"})


class SessionQuery(ProgrammeQuery):
    programme = fields.String(validate=validate.Length(max=80), metadata={"description": "A programme id"})
    format = fields.String(validate=validate.OneOf(FORMATS))
    district = fields.String(validate=validate.OneOf(geo.districts()),
                             metadata={"description": "A district or autonomous region (Lisboa, Açores)"})
    municipality = fields.String(validate=validate.OneOf(sorted(geo.municipalities())),
                                 metadata={"description": "A municipality, as in Portugal's official list"})
    language = LangField(metadata={"description": "Language of instruction"})
    within = fields.Integer(validate=validate.Range(min=1, max=read_courses.MAX_WEEKS),
                            metadata={"description": "Only sessions starting within this many weeks"})
    upcoming = fields.Boolean(load_default=True, metadata={
        "description": "Leave out sessions that have ended (default); false includes them"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000),
                          metadata={"description": "Page number; a page past the end is empty"})
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class CourseText(Response):
    text = fields.String(required=True)
    lang = LangField(required=True)


class ProgrammeSummary(Response):
    id = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True, attribute="summary.text")
    lang = LangField(required=True, metadata={"description": "Language of the title"})
    audience = fields.String(required=True, validate=validate.OneOf(AUDIENCES))
    kind = fields.String(required=True, validate=validate.OneOf(PROGRAMME_KINDS))
    levels = fields.List(fields.String(validate=validate.OneOf(CEFR)), required=True)
    hours = fields.Integer(allow_none=True, required=True)
    free = fields.String(required=True, validate=validate.OneOf(FREE))
    last_checked = fields.Date(required=True)
    url = PathField("/api/v1/programmes/{obj.id}?lang={obj.requested}")
    web_url = PathField("/{obj.requested}/courses/{obj.id}")
    ics_url = PathField("/{obj.requested}/courses/{obj.id}.ics",
                        metadata={"description": "Calendar feed of its upcoming sessions"})


class ProgrammeList(Response):
    lang = LangField(required=True)
    items = fields.List(fields.Nested(ProgrammeSummary), required=True)


class CourseUnit(Response):
    code = fields.String(required=True)
    level = fields.String(allow_none=True)
    hours = fields.Integer(required=True)
    title = fields.String(required=True, metadata={"description": "Official Portuguese name"})


class CourseContact(Response):
    name = fields.String()
    phone = fields.String()
    email = fields.String()
    url = fields.String()


class Programme(ProgrammeSummary):
    code = fields.String(allow_none=True)
    description_html = fields.String(allow_none=True, attribute="description.text",
                                     metadata={"description": "Sanitized HTML"})
    texts = fields.Method("_texts", metadata={"description": (
        "Each text (cost, eligibility, certifies, accepted_for, providers, how_to_enrol, hours_note, "
        "schedule_note) with the language it is in")})
    please_check = fields.List(fields.Nested(CourseText), required=True, metadata={
        "description": "Facts not confirmed by a source: show them as 'please check'"})
    units = fields.List(fields.Nested(CourseUnit), required=True)
    contact = fields.Nested(CourseContact, required=True)
    guides = fields.Pluck("GuideRef", "slug", many=True, required=True,
                          metadata={"description": "Slugs of the guides that count its certificate"})
    sources = fields.List(fields.Nested(Source), required=True)
    languages = fields.List(LangField(), required=True)

    def _texts(self, obj):
        out = {}
        for name in ("cost", "eligibility", "certifies", "accepted_for", "providers", "how_to_enrol",
                     "hours_note", "schedule_note"):
            found = obj.text(name)
            if found is not None:
                out[name] = {"text": found.text, "lang": found.lang}
        return out


class CoursePlace(Response):
    kind = fields.String(required=True, validate=validate.OneOf(("service-point", "provider", "online")))
    id = fields.String(allow_none=True, metadata={"description": "Service point id in the directory"})
    name = fields.String(required=True)
    municipality = fields.String(allow_none=True)
    district = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    url = fields.String(allow_none=True)


class CourseWeekly(Response):
    day = fields.String(required=True)
    start = fields.String(required=True)
    end = fields.String(required=True)


class CourseMeeting(Response):
    date = fields.Date(required=True)
    start = fields.String(required=True)
    end = fields.String(required=True)


class CourseBreak(Response):
    start = fields.Date(required=True, data_key="from", attribute="from")
    end = fields.Date(required=True, data_key="to", attribute="to")


class CourseEnrol(Response):
    url = fields.String()
    phone = fields.String()
    email = fields.String()


class SessionSummary(Response):
    id = fields.String(required=True)
    programme = fields.String(required=True)
    programme_title = fields.String(required=True)
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
    language = LangField(required=True, metadata={"description": "Language of instruction"})
    levels = fields.List(fields.String(), required=True)
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    place = fields.Nested(CoursePlace, required=True)
    seats = fields.Integer(allow_none=True, required=True)
    enrol_by = fields.Date(allow_none=True, required=True)
    content_hash = fields.String(required=True)
    url = PathField("/api/v1/sessions/{obj.id}?lang={obj.requested}")
    web_url = PathField("/{obj.requested}/courses/{obj.programme}/{obj.id}")
    ics_url = PathField("/{obj.requested}/courses/{obj.programme}/{obj.id}.ics")


class SessionList(Response):
    lang = LangField(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(SessionSummary), required=True)


class Session(SessionSummary):
    schedule = fields.List(fields.Nested(CourseWeekly), required=True)
    meetings = fields.List(fields.Nested(CourseMeeting), required=True)
    breaks = fields.List(fields.Nested(CourseBreak), required=True)
    skip_holidays = fields.Boolean(required=True, attribute="facts.skip_holidays")
    enrol = fields.Nested(CourseEnrol, required=True)
    how_to_enrol = fields.Nested(CourseText, allow_none=True)
    contact = fields.Nested(CourseContact, required=True)
    published_by = fields.String(required=True)
    published_on = fields.Date(required=True)


@bp.route("/programmes", tags=["courses"], **ROUTE)
@bp.arguments(ProgrammeQuery, location="query", as_kwargs=True)
@bp.response(200, ProgrammeList, headers=success_headers())
@cacheable(bp)
@bp.doc(operationId="list_programmes")
def programmes(lang, **filters):
    """Course programmes: what each course is, for whom, at what level, what it certifies"""
    return {"lang": lang, "items": read_courses.programmes(lang, read_courses.Filters(**filters))}


@bp.route("/programmes/<string(maxlength=80):programme_id>", tags=["courses"], **ROUTE)
@bp.arguments(LangQuery, location="query", as_kwargs=True)
@bp.response(200, Programme, headers=success_headers())
@cacheable(bp, 404)
@bp.doc(operationId="get_programme")
def programme(programme_id, lang):
    """One programme: levels, hours and units, cost, who may enrol, certificate, how to enrol, sources"""
    found = read_courses.programme(programme_id, lang)
    if found is None:
        raise ApiError(404, "programme_not_found", f"No published programme {programme_id!r}.",
                       {"id": programme_id})
    return found


@bp.route("/sessions", tags=["courses"], **ROUTE)
@bp.arguments(SessionQuery, location="query", as_kwargs=True)
@bp.response(200, SessionList, headers=success_headers("X-Total-Count", "Link"))
@cacheable(bp)
@bp.doc(operationId="list_sessions")
def sessions(lang, upcoming, page, per_page, programme=None, **filters):
    """Dated runs of the programmes, soonest first, paginated; only those not yet ended unless upcoming=false"""
    found = read_courses.sessions(lang, read_courses.Filters(**filters), programme_id=programme,
                                  upcoming=upcoming)
    return paginated(SessionPage(lang, page, per_page, len(found),
                                 found[(page - 1) * per_page: page * per_page]))


@bp.route("/sessions/<string(maxlength=80):session_id>", tags=["courses"], **ROUTE)
@bp.arguments(LangQuery, location="query", as_kwargs=True)
@bp.response(200, Session, headers=success_headers())
@cacheable(bp, 404)
@bp.doc(operationId="get_session")
def session(session_id, lang):
    """One session: place, dates, weekly schedule or meetings, seats, how to enrol, contact"""
    found = read_courses.session(session_id, lang)
    if found is None:
        raise ApiError(404, "session_not_found", f"No upcoming session {session_id!r}.", {"id": session_id})
    return found
