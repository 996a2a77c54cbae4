"""Translation freshness, per language."""
from __future__ import annotations

from collections import Counter

from ..extensions import db
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation


def freshness_counts(kind: str = "guide") -> dict[str, Counter]:
    """{lang: Counter(up-to-date=, outdated=, missing=)} over published items
    of ``kind`` (guides unless told otherwise)."""
    total = db.session.execute(
        db.select(db.func.count()).select_from(Guide)
        .where(Guide.kind == kind, Guide.published.is_(True))
    ).scalar()
    rows = db.session.execute(
        db.select(Translation.lang, Translation.outdated_since.is_not(None), db.func.count())
        .join(Guide)
        .where(Guide.kind == kind, Guide.published.is_(True), Translation.published.is_(True))
        .group_by(Translation.lang, Translation.outdated_since.is_not(None))
    )
    counts = {code: Counter() for code in LANGUAGES}
    for lang, outdated, number in rows:
        if lang in counts:
            counts[lang]["outdated" if outdated and lang != SOURCE_LANGUAGE else "up-to-date"] += number
    for counter in counts.values():
        counter["missing"] = total - counter["up-to-date"] - counter["outdated"]
    return counts


def freshness_table(kind: str = "guide") -> list[str]:
    lines = [f"{'lang':<5}{'up to date':>11}{'outdated':>10}{'missing':>9}"]
    for code, counter in freshness_counts(kind).items():
        lines.append(f"{code:<5}{counter['up-to-date']:>11}{counter['outdated']:>10}{counter['missing']:>9}")
    return lines


def term_states(lang: str) -> list[str]:
    """One line per published glossary term: its state in ``lang``."""
    from ..read.glossary import entries

    order = {"outdated": 0, "missing": 1, "up-to-date": 2}
    return [f"{item.status:<11} {item.slug}"
            for item in sorted(entries(lang), key=lambda t: (order[t.status], t.slug))]


def guide_states(lang: str) -> list[str]:
    """One line per published guide: its state in ``lang``, outdated ones first."""
    from ..read import summaries

    order = {"outdated": 0, "missing": 1, "up-to-date": 2}
    rows = db.session.execute(
        db.select(Guide.slug, Translation.outdated_since)
        .join(Translation).where(Guide.kind == "guide", Guide.published.is_(True),
                                 Translation.published.is_(True),
                                 Translation.lang == lang)
    ).all()
    since = dict(rows)
    lines = []
    for item in sorted(summaries(lang), key=lambda s: (order[s.status], s.slug)):
        note = f" (original changed {since[item.slug]:%Y-%m-%d})" if item.status == "outdated" else ""
        lines.append(f"{item.status:<11} {item.slug}{note}")
    return lines


def revision_history(slug: str, lang: str, kind: str = "guide") -> list[str]:
    """One line per revision: number, time, hash, how it was made, author."""
    rows = db.session.execute(
        db.select(Revision, Translation.current_revision_id)
        .join(Translation, Translation.id == Revision.translation_id)
        .join(Guide, Guide.id == Translation.guide_id)
        .where(Guide.kind == kind, Guide.slug == slug, Translation.lang == lang)
        .order_by(Revision.number)
    ).all()
    lines = []
    for revision, current_id in rows:
        flags = [revision.method]
        if revision.minor:
            flags.append("minor")
        if revision.id == current_id:
            flags.append("current")
        lines.append(f"{revision.number:>3}  {revision.created_at:%Y-%m-%d %H:%M}  {revision.content_hash}  "
                     f"{', '.join(flags):<28} {revision.author or '-'}  {revision.title}")
    return lines
