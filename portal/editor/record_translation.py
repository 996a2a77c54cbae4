"""Translating a record (service point, course programme, course session)
side by side: ``/editor/edit/<kind>/<id>/<lang>`` for a records-layout kind
and a language other than Portuguese.

Each translatable field (the kind's ``translatable``) shows its Portuguese
text, read-only, next to a box for the language's text, with how the
translation was made (``human`` or ``machine-reviewed``). A field whose
Portuguese changed since the language's text for it was last revised is
marked with a word diff; a field without a text in the language is marked
as not translated yet.

The draft is filed under the language (the dashboard shows its state in
that column) and holds the whole record, but only that language's texts
come from the form: :func:`portal.editor.drafts.save` lays them onto the
record as opened, and :func:`portal.editor.drafts.approve` onto the live
record again when it is approved (so a Portuguese change published in the
meantime is kept).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..content.freshness import record_changes
from ..extensions import db
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation
from . import diffs, drafts
from .access import can, require
from .entryform import field_of
from .forms import ActionForm
from .labels import hint, label

METHODS = ("human", "machine-reviewed")
MAX_COMMENT = 500


@dataclass
class Row:
    """One translatable field: its Portuguese text and this language's."""

    name: str
    label: str
    hint: str | None
    source: str | None  # the live Portuguese text
    value: str  # this language's text, as opened or as typed
    missing: bool  # no published text in this language
    changed: bool  # the Portuguese changed since this language's text was revised
    diff: Markup | None  # old Portuguese -> new, word by word
    long: bool


def _translation(item: Guide, lang: str) -> Translation | None:
    return next((t for t in item.translations if t.lang == lang), None)


def _revisions(translation: Translation | None) -> list[Revision]:
    if translation is None:
        return []
    return list(db.session.execute(db.select(Revision).where(Revision.translation_id == translation.id)
                                   .order_by(Revision.number.desc())).scalars())


def changes_since_translated(kind, item: Guide, lang: str) -> dict[str, tuple[str | None, str | None] | None]:
    """For each translatable field with a published text in ``lang``: the
    (Portuguese then, Portuguese now) when the Portuguese changed since
    that text was last revised (not by minor edits); None when it did not,
    or when it is not known (:func:`portal.content.freshness.record_changes`,
    the same rule that marks the language outdated on the dashboard)."""
    source = _translation(item, SOURCE_LANGUAGE)
    translation = _translation(item, lang)
    if source is None or source.current is None or translation is None or not translation.published:
        return {}
    changes = record_changes(kind, list(reversed(_revisions(source))), list(reversed(_revisions(translation))))
    return {name: (change.then, change.now) if change else None for name, change in changes.items()}


def translate(kind, slug: str, lang: str):
    """The translation view (GET) and its save, submit and publish (POST)."""
    require("edit", kind.name, slug, lang)
    item = drafts.live_item(kind, slug)
    live_text, live_hash = drafts.live(kind, slug, lang)
    if item is None or live_text is None:
        abort(404)
    opened = drafts.opened(kind, slug, lang)
    texts, method = drafts.language_texts(kind, opened.text, lang)
    values = {name: texts[name] or "" for name in kind.translatable}
    method = method if method in METHODS else "human"
    live_texts, _live_method = drafts.language_texts(kind, live_text, lang)
    changes = changes_since_translated(kind, item, lang)
    form = ActionForm()
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    conflict, status = None, 200
    version, base = opened.version, opened.base_hash
    comment = (opened.draft.comment or "") if opened.draft else ""
    if request.method == "POST":
        # Only this language's texts are read; any other field sent is ignored.
        values = {name: request.form.get(name, "") for name in kind.translatable}
        method = request.form.get("translation", "human")
        if method not in METHODS:
            errors.setdefault("translation", []).append(_("Choose one of the offered values."))
        comment = request.form.get("comment", "")[:MAX_COMMENT]
        try:
            version = int(request.form.get("version", "0"))
        except ValueError:
            abort(400)
        base = request.form.get("base") or None
        action = request.form.get("action", "save")
        text = drafts.with_language(kind, opened.text, lang, values, method if method in METHODS else None)
        if not errors:
            problems, _files = drafts.check_text(kind, slug, lang, text)
            for problem in problems:
                if problem.warning:
                    continue
                name = field_of(problem.field)
                if name in values:
                    errors.setdefault(name, []).append(problem.message)
                else:
                    general.append(f"{problem.field}: {problem.message}")
        if errors or general:
            status = 422
        elif action in ("save", "submit", "publish"):
            try:
                draft = drafts.save(kind, slug, lang, text, user=current_user, version=version,
                                    base_hash=base, comment=comment)
                if action == "submit" or (action == "publish" and not can(
                        current_user, "publish", kind.name, slug, lang)):
                    drafts.submit(draft, user=current_user, version=draft.version)
                    flash(_("Sent for review."))
                elif action == "publish":
                    result = drafts.approve(draft, user=current_user, version=draft.version,
                                            action="published-directly")
                    if not result.published:
                        flash(_("Not published: %(problems)s", problems="; ".join(
                            str(p) for p in result.problems if not p.warning)[:600]))
                    else:
                        flash(_("Published."))
                else:
                    flash(_("Draft saved."))
                return redirect(url_for("editor.edit", kind=kind.name, slug=slug, lang=lang))
            except drafts.Conflict as exc:
                db.session.rollback()
                conflict = {"message": str(exc), "diff": diffs.text_html(exc.theirs, exc.mine)}
                status = 409
            except drafts.Refused as exc:
                db.session.rollback()
                for problem in exc.problems:
                    name = field_of(problem.field)
                    if name in values:
                        errors.setdefault(name, []).append(problem.message)
                    else:
                        general.append(f"{problem.field}: {problem.message}")
                status = 422
    source, _method = drafts.language_texts(kind, live_text, SOURCE_LANGUAGE)
    rows = []
    for name in kind.translatable:
        change = changes.get(name)
        rows.append(Row(
            name=name, label=label(kind.name, name), hint=hint(kind.name, name), source=source[name],
            value=values.get(name, ""), missing=live_texts[name] is None and source[name] is not None,
            changed=change is not None,
            diff=diffs.text_html(change[0] or "", change[1] or "") if change is not None else None,
            long=name == kind.body_field or len(source[name] or "") > 120))
    language = LANGUAGES[lang]
    return render_template(
        "editor/translate_record.html", kind=kind, slug=slug, lang=lang, language=language,
        rows=rows, method=method, methods=METHODS, errors=errors, general=general, conflict=conflict,
        form=form, version=version, base=base or live_hash or "", comment=comment,
        draft=drafts.open_draft(kind, slug, lang),
        changed=sum(1 for row in rows if row.changed), missing=sum(1 for row in rows if row.missing),
        may_publish=can(current_user, "publish", kind.name, slug, lang),
    ), status
