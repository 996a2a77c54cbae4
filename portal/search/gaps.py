"""What readers do not find: searches with no result in the reader's
language, counted per day, language and normalised query.

Nothing personal is kept: no address, no cookie, no time of day, and a
query that looks like personal data is not stored at all: a run of five or
more digits (document, tax and phone numbers, even written with spaces,
dots or dashes), an e-mail address, or a phone number written with "+".
Counts older than ``SEARCH_GAP_RETENTION_DAYS`` (90) are deleted.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..extensions import db
from ..models import SearchGap
from .normalise import TOKEN_RE, normalise

MAX_STORED = 100
DIGITS = re.compile(r"\d(?:[\s.\-/()]*\d){4,}")
EMAIL = re.compile(r"\S@\S|@\w")
PHONE = re.compile(r"\+\s*\d")
_last_purge: dict[str, date] = {}


def personal(query: str) -> bool:
    """Whether ``query`` looks like personal data (checked on the
    normalised text, so full-width or Arabic-Indic digits count too)."""
    text = normalise(query)
    return bool(DIGITS.search(text) or EMAIL.search(text) or PHONE.search(text))


def key(query: str) -> str:
    """The stored form: normalised words, single spaces, at most 100 characters."""
    return " ".join(TOKEN_RE.findall(normalise(query)))[:MAX_STORED]


def record(query: str, lang: str) -> None:
    """Count one search that found nothing. Never fails a reader's page:
    a database error is logged and the count skipped."""
    if personal(query):
        return
    text = key(query)
    if not text:
        return
    today = date.today()
    try:
        for _attempt in range(2):
            changed = db.session.execute(
                update(SearchGap).where(SearchGap.day == today, SearchGap.lang == lang, SearchGap.query == text)
                .values(count=SearchGap.count + 1)).rowcount
            if not changed:
                db.session.add(SearchGap(day=today, lang=lang, query=text, count=1))
            try:
                db.session.commit()
                break
            except IntegrityError:  # another process counted the same query first
                db.session.rollback()
        if _last_purge.get("day") != today:
            purge()
            _last_purge["day"] = today
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("search: a zero-result count could not be written", exc_info=True)


def retention_days() -> int:
    return int(current_app.config.get("SEARCH_GAP_RETENTION_DAYS", 90))


def purge(days: int | None = None) -> int:
    """Delete counts older than the retention; returns how many rows went."""
    cutoff = date.today() - timedelta(days=retention_days() if days is None else days)
    deleted = db.session.execute(delete(SearchGap).where(SearchGap.day < cutoff)).rowcount
    db.session.commit()
    return deleted or 0


def top(lang: str | None = None, days: int = 30, limit: int = 50) -> list[tuple[str, str, int]]:
    """(lang, query, searches) most often unanswered in the last ``days``."""
    since = date.today() - timedelta(days=days - 1)
    total = func.sum(SearchGap.count).label("total")
    query = select(SearchGap.lang, SearchGap.query, total).where(SearchGap.day >= since)
    if lang:
        query = query.where(SearchGap.lang == lang)
    query = query.group_by(SearchGap.lang, SearchGap.query).order_by(total.desc(), SearchGap.query).limit(limit)
    return [(row.lang, row.query, int(row.total)) for row in db.session.execute(query)]
