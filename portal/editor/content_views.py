"""Workspace pages for content: edit (with preview), side-by-side
translation, review, history with diffs and restore."""
from __future__ import annotations

import re

from babel.dates import get_day_names
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..content.kinds import KINDS
from ..content.loader import SLUG_RE as SLUG
from ..content.segments import segments
from ..extensions import db
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation
from . import audit, bp, dashboard, diffs, drafts, hoursform, labels
from .access import can, editor_required, require
from .entryform import field_of as problem_field
from .entryform import (
    label_path,
    names,
    posted,
    row_indices,
    specs,
    text_from_values,
    translations,
    values_from_text,
    widget_of,
)
from .forms import ActionForm
from .labels import hint, label
from .models import OPEN_STATES, Draft

MAX_COMMENT = 500


def _kind(name: str, lang: str):
    kind = KINDS.get(name)
    if kind is None or lang not in LANGUAGES:
        abort(404)
    return kind


def _edit_url(kind: str, slug: str, lang: str) -> str | None:
    known = KINDS.get(kind)
    if known is None:
        return None
    return url_for("editor.edit", kind=kind, slug=slug, lang=drafts.entry_lang(known, lang))


dashboard.register_workflow(drafts.workflow_states)


@bp.app_template_filter("diff_html")
def _diff_html(pieces) -> Markup:
    return diffs.html(pieces)


@bp.context_processor
def _field_names():
    """Fields and choices named for editors (``portal/editor/labels.py``)."""
    return {"field_label": labels.label, "field_hint": labels.hint, "choice_label": labels.choice_label,
            "describe_field": labels.describe}


def _message(kind, problem, widget: str | None = None) -> str:
    """A problem's message; one about a part of a field shown next to the
    whole field (``name.en`` next to ``name``) says which part."""
    flat = re.sub(r"\[(\d+)\]", r"-\1", problem.field or "").replace(".", "-")
    if problem.field and flat != widget and problem.field != problem_field(problem.field):
        return f"{labels.describe(kind.name, problem.field)}: {problem.message}"
    return problem.message

dashboard.register_edit_url(_edit_url)


def _translation(kind, slug: str, lang: str) -> Translation | None:
    return db.session.execute(
        db.select(Translation).join(Guide).where(Guide.kind == kind.name, Guide.slug == slug,
                                                 Translation.lang == lang)).scalar()


def _source_side(kind, slug: str, lang: str):
    """Translations of Markdown kinds: the Portuguese segments (as in
    ``content po-export``), each marked when it changed since the revision
    the translation was made from, with a word diff."""
    if kind.layout == "records" or lang == SOURCE_LANGUAGE or kind.po_layout != "markdown":
        return None
    source = _translation(kind, slug, SOURCE_LANGUAGE)
    if source is None or source.current is None:
        return None
    translation = _translation(kind, slug, lang)
    old = None
    if translation is not None and translation.current is not None and translation.current.source_hash:
        old = db.session.execute(db.select(Revision).where(
            Revision.translation_id == source.id,
            Revision.content_hash == translation.current.source_hash)).scalars().first()
    now = source.current
    new_segments = segments(kind.translatable, now.meta, now.body_md)
    before = {s.id: s.text for s in segments(kind.translatable, old.meta, old.body_md)} if old else {}
    old_texts = list(before.values())
    rows = []
    for segment in new_segments:
        previous = before.get(segment.id)
        if previous is None or previous != segment.text:
            # the same words may sit at another position after an insertion
            if segment.text in old_texts:
                rows.append((segment, False, None))
                continue
        if translation is None or previous == segment.text:
            rows.append((segment, False, None))
        else:
            rows.append((segment, True, diffs.text_html(previous or "", segment.text)))
    return {"rows": rows, "hash": now.content_hash, "known": old is not None,
            "changed": sum(1 for _s, changed, _d in rows if changed)}


def _preview(kind, lang: str, values: dict, text: str) -> Markup | None:
    """The body as readers would get it: the publish renderer and sanitizer."""
    if kind.layout == "records":
        fields = drafts.fields_of(kind, text)
        body = (fields.get(kind.body_field) or {}).get(SOURCE_LANGUAGE, "") if kind.body_field else ""
        if not isinstance(body, str):
            return None
    else:
        body = values.get("body", "")
    return Markup(kind.render(body, lang, 0).html or "")


@bp.route("/edit/<kind>/<slug>/<lang>", methods=["GET", "POST"])
@editor_required
def edit(kind: str, slug: str, lang: str):
    kind_name = kind
    kind = _kind(kind, lang)
    if drafts.is_record_translation(kind, lang):
        from .record_translation import translate

        return translate(kind, slug, lang)
    lang = drafts.entry_lang(kind, lang)
    opened = drafts.opened(kind, slug, lang)
    # A new entry: its scope is decided by what it says (a session's
    # programme and place), checked again when it is saved.
    new = not opened.text and opened.draft is None and drafts.live_item(kind, slug) is None
    if new and (lang != SOURCE_LANGUAGE or not SLUG.fullmatch(slug)):
        abort(404)
    scoped_new = new and kind.name == "session" and current_user.role in ("coordinator", "provider")
    if not scoped_new:
        require("edit", kind.name, None if new else slug, lang)
    source = _source_side(kind, slug, lang)
    form = ActionForm()
    field_specs = specs(kind, lang)
    values = values_from_text(kind, lang, opened.text)
    if new and kind.layout == "records":
        values[kind.id_field] = slug
    if source is not None and not values.get("translation"):
        values["translation"] = "human"
    errors: dict[str, list[str]] = {}
    warnings, preview, conflict, status = [], None, None, 200
    version, base = opened.version, opened.base_hash
    comment, minor = (opened.draft.comment or "") if opened.draft else "", bool(opened.draft and opened.draft.minor)
    if request.method == "POST":
        values = posted(kind, lang, request.form)
        comment = request.form.get("comment", "")[:MAX_COMMENT]
        minor = bool(request.form.get("minor"))
        try:
            version = int(request.form.get("version", "0"))
        except ValueError:
            abort(400)
        base = request.form.get("base") or None
        action = request.form.get("action", "preview")
        text, early = text_from_values(kind, lang, values, source["hash"] if source else None,
                                       opened=opened.text or "")
        if scoped_new:
            proposed = drafts.fields_of(kind, text)
            require("edit", kind.name, None, lang, fields=proposed if isinstance(proposed, dict) else {})
        for name, message in early.items():
            errors.setdefault(name, []).append(message)
        known = names(kind, lang, values)
        if not errors:
            problems, _files = drafts.check_text(kind, slug, lang, text)
            for problem in problems:
                name = widget_of(problem.field, known) or field_specs[0].name
                if problem.warning:
                    warnings.append(f"{labels.describe(kind.name, problem.field)}: {problem.message}"
                                    if problem.field else problem.message)
                else:
                    errors.setdefault(name, []).append(_message(kind, problem, name))
        preview = _preview(kind, lang, values, text)
        if errors:
            status = 422
        elif action in ("save", "submit", "publish"):
            try:
                draft = drafts.save(kind, slug, lang, text, user=current_user, version=version,
                                    base_hash=base, comment=comment, minor=minor)
                if action == "submit":
                    drafts.submit(draft, user=current_user, version=draft.version)
                    flash(_("Sent for review."))
                elif action == "publish" and not _may_publish(kind, slug, lang, text):
                    drafts.submit(draft, user=current_user, version=draft.version)
                    flash(_("Sent for review: only changes to %(fields)s go live without review.",
                            fields=", ".join(labels.label(kind.name, name) for name in current_user.scoped(
                                "publish_fields")) or "—"))
                elif action == "publish":
                    result = drafts.approve(draft, user=current_user, version=draft.version,
                                            action="published-directly")
                    if not result.published:
                        flash(_("Not published: %(problems)s", problems="; ".join(
                            str(p) for p in result.problems if not p.warning)[:600]))
                        return redirect(url_for("editor.edit", kind=kind_name, slug=slug, lang=lang))
                    flash(_("Published."))
                else:
                    flash(_("Draft saved."))
                return redirect(url_for("editor.edit", kind=kind_name, slug=slug, lang=lang))
            except drafts.Conflict as exc:
                db.session.rollback()
                conflict = {"message": str(exc), "diff": diffs.text_html(exc.theirs, exc.mine)}
                status = 409
            except drafts.Refused as exc:
                db.session.rollback()
                known = names(kind, lang, values)
                for problem in exc.problems:
                    name = widget_of(problem.field, known) or field_specs[0].name
                    errors.setdefault(name, []).append(_message(kind, problem, name))
                status = 422
    draft = drafts.open_draft(kind, slug, lang)
    return render_template(
        "editor/edit.html", kind=kind, slug=slug, lang=lang, specs=field_specs, values=values,
        errors=errors, warnings=warnings, preview=preview, conflict=conflict, form=form,
        version=version, base=base or "", comment=comment, minor=minor, draft=draft, source=source, new=new,
        label=lambda path: label(kind.name, path), hint=lambda path: hint(kind.name, path),
        label_path=label_path, row_indices=row_indices, translated=translations(kind, opened.text or ""),
        days=_day_names(), error_title=lambda name: _error_title(kind.name, name),
        may_publish=can(current_user, "publish", kind.name, slug, lang) or bool(
            current_user.scoped("publish_fields")),
        may_discard=_may_discard(draft),
    ), status


def _error_title(kind_name: str, name: str) -> str:
    """``phones-1-number`` → "Phones (2) › Phone number": a widget as the
    summary of errors names it, as :func:`labels.describe` names a problem."""
    path = ""
    for part in name.split("-"):
        if part.isdigit():
            path += f"[{part}]"
            continue
        if path.startswith("opening_hours"):
            break  # the hours table and its advanced box are one field
        path += f".{part}" if path else part
    return labels.describe(kind_name, path)


def _day_names() -> list[tuple[str, str]]:
    """(form code, weekday name in the interface language), Monday first."""
    names_ = get_day_names("wide", locale=get_locale() or "en")
    return [(code.lower(), names_[index]) for index, code in enumerate(hoursform.DAYS)]


def _may_publish(kind, slug: str, lang: str, text: str) -> bool:
    """Reviewers and admins publish; a coordinator or course provider
    publishes without review only when every changed field is one an admin
    allowed for them (``publish_fields`` in their scope: opening hours,
    closures…)."""
    if can(current_user, "publish", kind.name, slug, lang):
        return True
    allowed = set(current_user.scoped("publish_fields"))
    if not allowed:
        return False
    live_text, _hash = drafts.live(kind, slug, lang)
    changed = {problem_field(change.field) for change in diffs.field_diff(
        drafts.fields_of(kind, live_text or ""), drafts.fields_of(kind, text))}
    return bool(changed) and changed <= allowed and live_text is not None


@bp.route("/new", methods=["GET"])
@editor_required
def new_entry():
    """Start a new entry: a kind and an id, then the edit form."""
    kind = request.args.get("kind", "")
    slug = (request.args.get("slug") or "").strip().lower()
    error = None
    if kind in KINDS and slug:
        if not SLUG.fullmatch(slug):
            error = _("Use lower-case letters, digits and hyphens (e.g. tax-number-nif).")
        elif drafts.live_item(KINDS[kind], slug) is not None:
            error = _("This id is taken.")
        else:
            return redirect(url_for("editor.edit", kind=kind, slug=slug, lang=SOURCE_LANGUAGE))
    return render_template("editor/new.html", kinds=list(KINDS), kind=kind, slug=slug, error=error), (
        422 if error else 200)


def _draft_or_404(draft_id: int) -> Draft:
    draft = db.session.get(Draft, draft_id)
    if draft is None or draft.kind not in KINDS:
        abort(404)
    return draft


@bp.route("/review/<int:draft_id>", methods=["GET", "POST"])
@editor_required
def review(draft_id: int):
    draft = _draft_or_404(draft_id)
    kind = KINDS[draft.kind]
    require("view", draft.kind, draft.slug, draft.lang)
    form = ActionForm()
    problems = []
    if request.method == "POST":
        require("review", draft.kind, draft.slug, draft.lang)
        try:
            version = int(request.form.get("version", "0"))
        except ValueError:
            abort(400)
        try:
            if request.form.get("action") == "approve":
                result = drafts.approve(draft, user=current_user, version=version)
                if result.published:
                    flash(_("Approved and published."))
                    return redirect(url_for("editor.review", draft_id=draft.id))
                problems = [str(p) for p in result.problems if not p.warning]
                draft = _draft_or_404(draft_id)
            elif request.form.get("action") == "send-back":
                drafts.send_back(draft, user=current_user, version=version,
                                 comment=request.form.get("review_comment", "")[:1000])
                flash(_("Sent back with your comment."))
                return redirect(url_for("editor.review", draft_id=draft.id))
        except drafts.Conflict as exc:
            db.session.rollback()
            flash(str(exc))
            return redirect(url_for("editor.review", draft_id=draft.id)), 303
    live_text, _hash = drafts.live(kind, draft.slug, draft.lang)
    changes = diffs.field_diff(drafts.fields_of(kind, live_text or ""),
                               drafts.fields_of(kind, drafts.proposed(draft)))
    return render_template("editor/review.html", draft=draft, kind=kind, changes=changes, form=form,
                           problems=problems, may_discard=_may_discard(draft), may_review=can(current_user, "review", draft.kind, draft.slug,
                                                             draft.lang)), (422 if problems else 200)


DISCARDERS = ("admin", "editor", "reviewer")


def _may_discard(draft: Draft | None) -> bool:
    """An open draft may be thrown away by whoever may edit its entry and
    is its author, an editor, a reviewer or an administrator."""
    if draft is None or draft.status not in OPEN_STATES:
        return False
    if not can(current_user, "edit", draft.kind, draft.slug, draft.lang):
        return False
    return draft.author_id == current_user.id or current_user.role in DISCARDERS


@bp.route("/discard/<int:draft_id>", methods=["GET", "POST"])
@editor_required
def discard(draft_id: int):
    """Throw a draft away, after a confirmation (a checkbox in the same
    form; without it, this page asks again). The live text stays as it is."""
    draft = _draft_or_404(draft_id)
    require("view", draft.kind, draft.slug, draft.lang)
    kind = KINDS[draft.kind]
    if not _may_discard(draft):
        if draft.status not in OPEN_STATES:
            flash(_("This draft is no longer open: nothing to discard."))
            return redirect(url_for("editor.edit", kind=draft.kind, slug=draft.slug, lang=draft.lang))
        db.session.rollback()
        audit.record_now("access-refused", audit.target(draft.kind, draft.slug, draft.lang),
                         {"action": "discard", "path": request.path[:200]})
        abort(403)
    form = ActionForm()
    error, status = None, 200
    version = draft.version
    if request.method == "POST":
        try:
            version = int(request.form.get("version", "0"))
        except ValueError:
            abort(400)
        if request.form.get("confirm") != "yes":
            error, status = _("Tick the box to confirm: the draft cannot be brought back."), 422
        else:
            try:
                drafts.discard(draft, user=current_user, version=version)
            except drafts.Conflict:
                db.session.rollback()
                draft = _draft_or_404(draft_id)
                error, status = _("Not discarded: the draft changed since you opened it. "
                                  "Look at it again before you discard it."), 409
                version = draft.version
            else:
                flash(_("The draft is discarded. The published text is unchanged."))
                if drafts.live_item(kind, draft.slug) is None:
                    return redirect(url_for("editor.dashboard"))
                return redirect(url_for("editor.edit", kind=draft.kind, slug=draft.slug, lang=draft.lang))
    return render_template("editor/discard.html", draft=draft, kind=kind, form=form, error=error,
                           version=version), status


def _revision_fields(kind, revision: Revision) -> dict:
    """A revision's fields for a diff: for records, named as in the file
    (the body under its own field name), without the bookkeeping of
    translations (``source_revision`` changes with every Portuguese edit)."""
    meta = dict(revision.meta or {})
    if kind.layout == "records":
        meta.pop("source_revision", None)
        if kind.body_field:
            meta[kind.body_field] = revision.body_md
        return meta
    return {**meta, "body": revision.body_md}


def _restored_text(kind, slug: str, lang: str, old: Revision) -> str:
    """The entry's file with ``lang``'s part as in revision ``old``. A
    record is rebuilt from its live languages (``records.join``) with only
    ``lang`` replaced: for Portuguese the facts and the Portuguese text, for
    another language that language's text."""
    from ..content.export import _dump, markdown_text
    from ..content.records import join

    if kind.layout != "records":
        return markdown_text(kind, lang, old)
    item = drafts.live_item(kind, slug)
    metas = {t.lang: (t.current.meta, t.current.body_md) for t in (item.translations if item else [])
             if t.published and t.current is not None}
    metas[lang] = (old.meta or {}, old.body_md or "")
    if SOURCE_LANGUAGE not in metas:
        abort(404)
    return _dump(join(kind, metas))


def _history_langs(kind, slug: str) -> list[str]:
    """The languages the entry has a history in, in the portal's order."""
    item = drafts.live_item(kind, slug)
    have = {t.lang for t in (item.translations if item else []) if t.current_revision_id is not None}
    return [code for code in LANGUAGES if code in have]


@bp.route("/history/<kind>/<slug>/<lang>", methods=["GET", "POST"])
@editor_required
def history(kind: str, slug: str, lang: str):
    kind = _kind(kind, lang)
    require("view", kind.name, slug, lang)
    translation = _translation(kind, slug, lang)
    if translation is None:
        abort(404)
    revisions = list(db.session.execute(
        db.select(Revision).where(Revision.translation_id == translation.id).order_by(Revision.number)
    ).scalars())
    by_number = {r.number: r for r in revisions}
    comments = {d.published_hash: d for d in db.session.execute(db.select(Draft).where(
        Draft.kind == kind.name, Draft.slug == slug, Draft.status == "published")).scalars()}
    form = ActionForm()
    if request.method == "POST":
        require("edit", kind.name, slug, lang)
        old = by_number.get(request.form.get("number", type=int))
        if old is None:
            abort(404)
        opened = drafts.opened(kind, slug, lang)
        # the version the page showed: a draft saved since then is never replaced unseen
        version = request.form.get("version", type=int)
        try:
            draft = drafts.save(kind, slug, lang, _restored_text(kind, slug, lang, old), user=current_user,
                                version=opened.version if version is None else version,
                                base_hash=opened.base_hash,
                                comment=_("Restored revision %(number)s", number=old.number))
        except (drafts.Conflict, drafts.Refused) as exc:
            db.session.rollback()
            flash(str(exc)[:600])
            return redirect(url_for("editor.history", kind=kind.name, slug=slug, lang=lang))
        audit.record("restored", audit.target(kind.name, slug, lang), {"revision": old.number})
        db.session.commit()
        flash(_("Revision %(number)s is a new draft: submit it for review to publish it.", number=old.number))
        return redirect(url_for("editor.edit", kind=kind.name, slug=slug, lang=drafts.entry_lang(kind, lang),
                                _anchor="main") if draft else url_for("editor.dashboard"))
    a = by_number.get(request.args.get("a", type=int)) or (revisions[-2] if len(revisions) > 1 else None)
    b = by_number.get(request.args.get("b", type=int)) or (revisions[-1] if revisions else None)
    changes = diffs.field_diff(_revision_fields(kind, a), _revision_fields(kind, b)) if a and b else []
    return render_template("editor/history.html", kind=kind, slug=slug, lang=lang, revisions=revisions,
                           comments=comments, a=a, b=b, changes=changes, form=form,
                           langs=_history_langs(kind, slug), languages=LANGUAGES,
                           open_draft=drafts.open_draft(kind, slug, lang),
                           may_restore=can(current_user, "edit", kind.name, slug, lang))
