"""The read layer of the training offer: programmes, their sessions and
the filters of the courses pages and API. It never writes.

A programme's and a session's facts (``Guide.facts``) hold the
language-independent part of the record; its text in each language is that
language's revision (its ``meta``, and the body for a programme's
description), falling back to Portuguese. A session whose end date has passed (in
Lisbon) is kept in the database for history but returned by nothing here
except :func:`session` with ``include_past=True`` (editors' export).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import load_only

from ..content.courses import AUDIENCES, CEFR, FORMATS, ONLINE, PROGRAMME_KINDS, occurrences
from ..extensions import db
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation
from .version import today

PROGRAMME = "programme"
SESSION = "session"
MAX_WEEKS = 104
FILTERS = ("audience", "kind", "level", "format", "district", "municipality", "language", "within")


@dataclass
class Text:
    """One reader text and the language it is in."""

    text: str
    lang: str


@dataclass
class ProgrammeView:
    id: str
    lang: str  # the language the title is in
    requested: str
    title: str
    summary: Text
    audience: str
    kind: str
    levels: list[str]
    hours: int | None
    free: str
    last_checked: date
    content_hash: str
    facts: dict = field(repr=False, default_factory=dict)
    texts: dict = field(repr=False, default_factory=dict)  # lang -> (meta, body_html, method)
    guides: list = field(default_factory=list)  # GuideSummary of the guides that count the certificate
    sessions: list = field(default_factory=list)  # upcoming SessionView, nearest first
    languages: list = field(default_factory=list)

    def text(self, name: str) -> Text | None:
        """A translatable field in the reader's language (or Portuguese)."""
        return _text(self.texts, name, self.requested)

    @property
    def description(self) -> Text | None:
        return _body(self.texts, self.requested)

    @property
    def please_check(self) -> list[Text]:
        found = self.text("please_check")
        if found is None:
            return []
        return [Text(line.strip(), found.lang) for line in found.text.splitlines() if line.strip()]

    @property
    def machine(self) -> bool:
        """The text in the reader's language is a machine translation."""
        return self.requested in self.facts.get("machine_translated", [])

    @property
    def complete(self) -> bool:
        """The page's main text (its description) is in the reader's language."""
        found = self.description
        return found is None or found.lang == self.requested

    @property
    def units(self) -> list[dict]:
        return self.facts.get("units", [])

    @property
    def contact(self) -> dict:
        return self.facts.get("contact", {})

    @property
    def sources(self) -> list[dict]:
        return self.facts.get("sources", [])

    @property
    def code(self) -> str | None:
        return self.facts.get("code")


@dataclass
class PlaceView:
    """Where a session meets: a service point of the directory, a provider
    not in it, or online."""

    kind: str  # service-point / provider / online
    name: str
    municipality: str | None = None
    district: str | None = None
    address: str | None = None
    id: str | None = None  # the service point's id
    phone: str | None = None
    email: str | None = None
    url: str | None = None

    def label(self) -> str:
        return ", ".join(part for part in (self.name, self.address, self.municipality) if part)


@dataclass
class SessionView:
    id: str
    programme: str
    programme_title: str
    programme_lang: str
    format: str
    language: str
    levels: list[str]
    start: date
    end: date
    place: PlaceView
    seats: int | None
    enrol_by: date | None
    published_by: str
    published_on: date
    sequence: int
    content_hash: str
    requested: str
    facts: dict = field(repr=False, default_factory=dict)
    texts: dict = field(repr=False, default_factory=dict)  # lang -> (meta, body_html, method)

    @property
    def enrol(self) -> dict:
        return self.facts.get("enrol", {})

    @property
    def contact(self) -> dict:
        return self.facts.get("contact", {})

    @property
    def notes(self) -> Text | None:
        return _body(self.texts, self.requested)

    @property
    def how_to_enrol(self) -> Text | None:
        return _text(self.texts, "how_to_enrol", self.requested)

    @property
    def schedule(self) -> list[dict]:
        return self.facts.get("schedule", [])

    @property
    def meetings(self) -> list[dict]:
        return self.facts.get("meetings", [])

    @property
    def breaks(self) -> list[dict]:
        return self.facts.get("breaks", [])

    def next_meetings(self, count: int = 5):
        day = today()
        return [o for o in occurrences(self.facts) if o.day >= day][:count]

    @property
    def meeting_count(self) -> int:
        return len(occurrences(self.facts))

    def started(self) -> bool:
        return self.start <= today()


def _text(texts: dict, name: str, lang: str) -> Text | None:
    for code in (lang, SOURCE_LANGUAGE):
        entry = texts.get(code)
        if entry and entry[0].get(name):
            return Text(entry[0][name], code)
    return None


def _body(texts: dict, lang: str) -> Text | None:
    """The rendered body (HTML, sanitized at publish) in ``lang`` or Portuguese."""
    for code in (lang, SOURCE_LANGUAGE):
        entry = texts.get(code)
        if entry and entry[1]:
            return Text(entry[1], code)
    return None


def _texts(item_ids: list[int], langs: set[str]) -> dict[int, dict]:
    """{item id: {lang: (meta, body_html, method)}} of published translations."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        db.select(Translation.guide_id, Translation.lang, Revision.meta, Revision.body_html, Revision.method)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Translation.guide_id.in_(item_ids), Translation.published.is_(True),
               Translation.lang.in_(sorted(langs)))
    ).all()
    out: dict[int, dict] = {}
    for guide_id, lang, meta, body_html, method in rows:
        out.setdefault(guide_id, {})[lang] = (meta or {}, body_html, method)
    return out


def _languages(item_ids: list[int]) -> dict[int, list[str]]:
    rows = db.session.execute(
        db.select(Translation.guide_id, Translation.lang)
        .where(Translation.guide_id.in_(item_ids), Translation.published.is_(True))).all()
    out: dict[int, list[str]] = {}
    for guide_id, lang in rows:
        out.setdefault(guide_id, []).append(lang)
    return {key: [code for code in LANGUAGES if code in value] for key, value in out.items()}


@dataclass
class Filters:
    audience: str | None = None
    kind: str | None = None
    level: str | None = None
    format: str | None = None
    district: str | None = None
    municipality: str | None = None
    language: str | None = None
    within: int | None = None  # weeks

    def active(self) -> bool:
        return any(getattr(self, name) is not None for name in FILTERS)

    def query(self) -> dict:
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name) is not None}


def choices() -> dict[str, tuple]:
    """The closed values of every filter (districts and municipalities come
    from the directory's reference data)."""
    from . import places

    return {"audience": AUDIENCES, "kind": PROGRAMME_KINDS, "level": CEFR, "format": FORMATS,
            "district": places.districts(), "municipality": places.municipalities(),
            "language": tuple(LANGUAGES)}


def parse_filters(args) -> tuple[Filters, list[str]]:
    """Filters from a reader page's query string, and the names of those
    that made no sense (they are ignored: the page shows everything with a
    message, never an error)."""
    found, bad = Filters(), []
    allowed = choices()
    for name in FILTERS:
        values = [v for v in args.getlist(name) if v != ""]
        if not values:
            continue
        value = values[0]
        if len(values) > 1:
            bad.append(name)
        if name == "within":
            if value.isdigit() and 1 <= int(value) <= MAX_WEEKS:
                found.within = int(value)
            else:
                bad.append(name)
            continue
        if value in allowed[name]:
            setattr(found, name, value)
        else:
            bad.append(name)
    return found, sorted(set(bad))


def _rows(kind: str) -> list[Guide]:
    return list(db.session.execute(
        db.select(Guide).where(Guide.kind == kind, Guide.published.is_(True))
        .options(load_only(Guide.id, Guide.slug, Guide.facts, Guide.last_checked))
        .order_by(Guide.slug)
    ).scalars())


def _programme(row: Guide, lang: str, texts: dict) -> ProgrammeView:
    facts = row.facts or {}
    title = _text(texts, "title", lang) or Text(row.slug, SOURCE_LANGUAGE)
    return ProgrammeView(
        id=row.slug, lang=title.lang, requested=lang, title=title.text,
        summary=_text(texts, "summary", lang) or Text("", SOURCE_LANGUAGE),
        audience=facts.get("audience", ""), kind=facts.get("kind", ""), levels=facts.get("levels", []),
        hours=facts.get("hours"), free=facts.get("free", "unknown"),
        last_checked=row.last_checked, content_hash="", facts=facts, texts=texts,
    )


def _programme_views(rows: list[Guide], lang: str) -> list[ProgrammeView]:
    texts = _texts([row.id for row in rows], {lang, SOURCE_LANGUAGE})
    return [_programme(row, lang, texts.get(row.id, {})) for row in rows]


def programmes(lang: str, filters: Filters | None = None) -> list[ProgrammeView]:
    """Published programmes matching the filters that apply to programmes
    (audience, kind, level): newcomers' courses first, then by title."""
    filters = filters or Filters()
    found = []
    for view in _programme_views(_rows(PROGRAMME), lang):
        if filters.audience and view.audience != filters.audience:
            continue
        if filters.kind and view.kind != filters.kind:
            continue
        if filters.level and filters.level not in view.levels:
            continue
        found.append(view)
    return sorted(found, key=lambda p: (p.audience != "newcomers", p.kind != "portuguese", p.id))


def programme(slug: str, lang: str, district: str | None = None) -> ProgrammeView | None:
    """One published programme with the guides that count it and its
    upcoming sessions (those in ``district`` first)."""
    row = db.session.execute(
        db.select(Guide).where(Guide.kind == PROGRAMME, Guide.slug == slug, Guide.published.is_(True))
    ).scalar_one_or_none()
    if row is None:
        return None
    view = _programme_views([row], lang)[0]
    view.languages = _languages([row.id]).get(row.id, [])
    from .guides import summaries

    wanted = set(view.facts.get("guides", []))
    if wanted:
        view.guides = [g for g in summaries(lang) if g.slug in wanted]
    found = sessions(lang, Filters(), programme_id=slug)
    if district:
        from . import places

        # The district's sessions first, then the others nearest first
        # (from the district's capital), online ones last.
        found.sort(key=lambda s: (s.place.district != district,
                                  places.distance_from(district, s.place), s.start, s.id))
    view.sessions = found
    return view


def programmes_for_guide(guide_slug: str, lang: str) -> list[ProgrammeView]:
    """The programmes that name ``guide_slug`` among their guides."""
    return [p for p in programmes(lang) if guide_slug in p.facts.get("guides", [])]


def _session(row, lang: str, titles: dict, place_views: dict, source: tuple) -> SessionView:
    facts = row.facts
    title, title_lang = titles.get(facts["programme"], (facts["programme"], SOURCE_LANGUAGE))
    return SessionView(
        id=row.slug, programme=facts["programme"], programme_title=title, programme_lang=title_lang,
        format=facts["format"], language=facts["language"], levels=facts.get("levels", []),
        start=facts["start"], end=facts["end"], place=_place(facts, place_views),
        seats=facts.get("seats"), enrol_by=facts.get("enrol_by"),
        published_by=facts["published_by"], published_on=facts["published_on"],
        sequence=source[0], content_hash=source[1],
        requested=lang, facts=facts,
    )


def _place(facts: dict, place_views: dict) -> PlaceView:
    from . import places

    if facts.get("provider"):
        provider = facts["provider"]
        return PlaceView(
            kind="provider", name=provider["name"], municipality=provider["municipality"],
            district=places.district_of(provider["municipality"], provider.get("district")), address=provider.get("address"),
            phone=provider.get("phone"), email=provider.get("email"), url=provider.get("url"))
    if facts.get("place") in (None, ONLINE):
        return PlaceView(kind="online", name="online")
    return place_views.get(facts["place"]) or PlaceView(kind="service-point", name=facts["place"],
                                                         id=facts["place"])


def _hydrate(facts: dict) -> dict:
    """Dates back from the JSON they are stored in."""
    out = dict(facts)
    for name in ("start", "end", "enrol_by", "published_on"):
        if out.get(name):
            out[name] = date.fromisoformat(out[name])
    out["meetings"] = [{**m, "date": date.fromisoformat(m["date"])} for m in out.get("meetings", [])]
    out["breaks"] = [{"from": date.fromisoformat(b["from"]), "to": date.fromisoformat(b["to"])}
                     for b in out.get("breaks", [])]
    return out


def sessions(lang: str, filters: Filters | None = None, programme_id: str | None = None,
             upcoming: bool = True) -> list[SessionView]:
    """Sessions matching ``filters``, soonest first. ``upcoming`` (the
    default everywhere readers look) leaves out those that have ended."""
    from . import places

    filters = filters or Filters()
    day = today()
    rows = _rows(SESSION)
    if programme_id:
        rows = [r for r in rows if r.facts.get("programme") == programme_id]
    if upcoming:
        rows = [r for r in rows if r.facts["end"] >= day.isoformat()]
    if filters.within:
        last = (day + timedelta(weeks=filters.within)).isoformat()
        rows = [r for r in rows if r.facts["start"] <= last]
    for name in ("format", "language"):
        wanted = getattr(filters, name)
        if wanted:
            rows = [r for r in rows if r.facts.get(name) == wanted]
    if filters.level:
        rows = [r for r in rows if filters.level in r.facts.get("levels", [])]
    programme_rows = {p.slug: p for p in _rows(PROGRAMME)}
    if filters.audience or filters.kind or (filters.level and not programme_id):
        keep = {p.id for p in programmes(lang, Filters(audience=filters.audience, kind=filters.kind))}
        rows = [r for r in rows if r.facts["programme"] in keep]
    titles = {p.id: (p.title, p.lang) for p in _programme_views(list(programme_rows.values()), lang)}
    sources = _sources([r.id for r in rows])
    place_views = places.service_points({r.facts["place"] for r in rows if r.facts.get("place") not in (None, ONLINE)},
                                        lang)
    found = []
    for row in rows:
        row_view = _session(_Row(row.slug, _hydrate(row.facts)), lang, titles, place_views,
                            sources.get(row.id, (1, "")))
        if filters.district and row_view.place.district != filters.district:
            continue
        if filters.municipality and row_view.place.municipality != filters.municipality:
            continue
        found.append(row_view)
    return sorted(found, key=lambda s: (s.start, s.id))


@dataclass
class _Row:
    slug: str
    facts: dict


def _sources(item_ids: list[int]) -> dict[int, tuple[int, str]]:
    """{item id: (revision number, content hash)} of the Portuguese source:
    the iCalendar SEQUENCE and the API's hash."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        db.select(Translation.guide_id, Revision.number, Revision.content_hash)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Translation.guide_id.in_(item_ids), Translation.lang == SOURCE_LANGUAGE)).all()
    return {guide_id: (number, digest) for guide_id, number, digest in rows}


def session(slug: str, lang: str, include_past: bool = False) -> SessionView | None:
    """One session; ``None`` when it is unknown, unpublished or has ended."""
    from . import places

    row = db.session.execute(
        db.select(Guide).where(Guide.kind == SESSION, Guide.slug == slug, Guide.published.is_(True))
    ).scalar_one_or_none()
    if row is None or (not include_past and row.facts["end"] < today().isoformat()):
        return None
    facts = _hydrate(row.facts)
    prog = db.session.execute(
        db.select(Guide).where(Guide.kind == PROGRAMME, Guide.slug == facts["programme"])
    ).scalar_one_or_none()
    titles = {}
    if prog is not None:
        view = _programme_views([prog], lang)[0]
        titles[view.id] = (view.title, view.lang)
    place_ids = {facts["place"]} if facts.get("place") not in (None, ONLINE) else set()
    found = _session(_Row(row.slug, facts), lang, titles, places.service_points(place_ids, lang),
                     _sources([row.id]).get(row.id, (1, "")))
    found.texts = _texts([row.id], {lang, SOURCE_LANGUAGE}).get(row.id, {})
    return found


def providers(district: str, lang: str) -> list[PlaceView]:
    """Where to look for a course in a district: the directory's service
    points there that are the place of an upcoming session or that list
    Portuguese classes among their services, then the district's support
    centres that help find one."""
    from . import places

    hosting = {s.place.id for s in sessions(lang, Filters(district=district)) if s.place.id}
    return places.course_places(district, hosting, lang)
