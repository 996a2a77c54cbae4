"""The training offer's reader pages and calendar files. They only read.

The courses list and a programme's page read their filters from the query
string (a plain GET form: no JavaScript needed); filters that make no sense
are ignored with a message, never an error. Sessions drop off every page
the day after they end, with no publish: pages are cached per content
version, and the version names the day (:mod:`portal.read.version`).
"""
from __future__ import annotations

from babel.dates import get_day_names
from flask import abort, current_app, g, make_response, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import calendar
from ..content.courses import WEEKDAYS, tel_uri
from ..i18n import LANGUAGES
from ..read import courses as read_courses
from ..read import places as read_places
from ..vocab import COURSE_AUDIENCES, COURSE_FORMATS, COURSE_FREE, COURSE_KINDS
from . import bp
from .pages import page, public_url

PER_PAGE = 40


@bp.app_context_processor
def course_helpers():
    return {
        "course_audience": lambda key: COURSE_AUDIENCES.get(key, key),
        "course_kind": lambda key: COURSE_KINDS.get(key, key),
        "course_format": lambda key: COURSE_FORMATS.get(key, key),
        "course_free": lambda key: COURSE_FREE.get(key, key),
        "tel_uri": tel_uri,
        "weekday_name": weekday_name,
    }


def weekday_name(day: str) -> str:
    """``"mon"`` as the reader's language writes Monday (Babel)."""
    return get_day_names("wide", locale=get_locale())[WEEKDAYS.index(day)]


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 1 <= int(value) <= 10_000 else 1


@bp.get("/<lang>/courses")
def courses():
    """Programmes and upcoming sessions, filtered; providers of a district."""
    filters, bad = read_courses.parse_filters(request.args)
    programmes = read_courses.programmes(g.lang, filters)
    sessions = read_courses.sessions(g.lang, filters)
    number = _page_number()
    last = max(1, -(-len(sessions) // PER_PAGE))
    number = min(number, last)
    shown = sessions[(number - 1) * PER_PAGE: number * PER_PAGE]
    providers = read_courses.providers(filters.district, g.lang) if filters.district else []
    return page("courses.html", filters=filters, bad=bad, programmes=programmes, sessions=shown,
                total=len(sessions), page_number=number, last_page=last, providers=providers,
                choices=read_courses.choices(), municipality_groups=read_places.municipalities_by_district())


@bp.get("/<lang>/courses/<slug>")
def course_programme(slug):
    filters, bad = read_courses.parse_filters(request.args)
    found = read_courses.programme(slug, g.lang, district=filters.district)
    if found is None:
        abort(404)
    return page("course_programme.html", programme=found, district=filters.district,
                districts=read_courses.choices()["district"])


@bp.get("/<lang>/courses/<slug>/<session_id>")
def course_session(slug, session_id):
    found = read_courses.session(session_id, g.lang)
    if found is None or found.programme != slug:
        abort(404)
    return page("course_session.html", session=found)


def _domain() -> str:
    from urllib.parse import urlsplit

    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "acolher"


def _events(session):
    """The VEVENTs of a session, described in the reader's language."""
    where = session.place
    if where.kind == "online":
        location = _("Online")
    else:
        location = where.label()
    url = public_url(url_for("web.course_session", slug=session.programme, session_id=session.id))
    format_label, language_label = _("Format"), _("Language of instruction")
    lines = [session.programme_title,
             f"{format_label}: {COURSE_FORMATS[session.format]}",
             f"{language_label}: {LANGUAGES[session.language].native_name}"]
    if session.enrol.get("phone"):
        lines.append(_("Enrol by phone: %(phone)s", phone=session.enrol["phone"]))
    if session.enrol.get("url"):
        lines.append(_("Enrol online: %(url)s", url=session.enrol["url"]))
    lines.append(url)
    return calendar.session_events(session, _domain(), session.programme_title, "\n".join(lines), location, url)


def _ics(body: bytes, filename: str):
    response = make_response(body)
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "public, max-age=0, s-maxage=3600, must-revalidate"
    return response


@bp.get("/<lang>/courses/<slug>/<session_id>.ics")
def course_session_ics(slug, session_id):
    """One session for a calendar app: 404 (in the reader's language) when
    it is unknown or has ended."""
    found = read_courses.session(session_id, g.lang)
    if found is None or found.programme != slug:
        abort(404)
    return _ics(calendar.calendar(_events(found)), f"{found.id}.ics")


@bp.get("/<lang>/courses/<slug>.ics")
def course_programme_ics(slug):
    """Every upcoming session of a programme: a feed calendar apps can
    subscribe to."""
    found = read_courses.programme(slug, g.lang)
    if found is None:
        abort(404)
    events = [event for session in found.sessions for event in _events(session)]
    return _ics(calendar.calendar(events, name=f"{found.title} · Acolher"), f"{found.id}.ics")


@bp.get("/<lang>/courses/sessions/<session_id>")
def course_session_by_id(session_id):
    """A session's address by its id alone (the kind's address in the
    registry): redirects to the page under its programme."""
    found = read_courses.session(session_id, g.lang)
    if found is None:
        abort(404)
    return redirect(url_for("web.course_session", slug=found.programme, session_id=found.id), code=301)
