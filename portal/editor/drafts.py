"""Drafts and their review: save (with optimistic locking), submit, send
back, approve — which publishes through the one publish service
(:func:`portal.content.publish.publish`), the same as ``flask content
publish``: same validation, one transaction, same change events.

A draft holds the entry's file text (see :class:`~portal.editor.models.Draft`).
Approving writes the published state (``content export``) to a temporary
folder, puts the draft's file in it and publishes that folder: everything
else is unchanged, so only the draft's entry gets new revisions, and every
cross-check (links, topics, sessions' places) runs as on the command line.
The draft's new state is committed in the publish's own transaction.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask_babel import gettext as _

from ..content.records import PROVENANCE
from ..extensions import db
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation, utcnow
from . import audit
from .diffs import unified
from .models import OPEN_STATES, Draft, User


class Conflict(Exception):
    """Someone else saved or published this entry since it was opened."""

    def __init__(self, message: str, theirs: str, mine: str):
        super().__init__(message)
        self.theirs, self.mine = theirs, mine


class Refused(Exception):
    """The text does not pass the content checks (``path:line: field: message``)."""

    def __init__(self, problems: list):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def entry_path(kind, slug: str, lang: str) -> str:
    """Where the entry's file lives under ``content/``."""
    if kind.layout == "records":
        return f"{kind.folder}/{slug}.yaml"
    return f"{kind.folder}/{slug}/{lang}.md"


def entry_lang(kind, lang: str) -> str:
    """The language a draft of this entry is filed under: its own. A
    record's file holds every language; its Portuguese draft edits the whole
    record, a draft in another language only that language's texts (see
    :func:`is_record_translation`)."""
    return lang


def is_record_translation(kind, lang: str) -> bool:
    return kind.layout == "records" and lang != SOURCE_LANGUAGE


# --- one language's texts of a record ---------------------------------------------------------

def _record(text: str | None) -> dict:
    try:
        data = yaml.safe_load(text or "") or {}
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _text_in(data: dict, name: str, lang: str) -> str | None:
    value = data.get(name)
    if isinstance(value, str):  # a bare string is the Portuguese text
        value = {SOURCE_LANGUAGE: value}
    if not isinstance(value, dict):
        return None
    found = value.get(lang)
    return found.strip() if isinstance(found, str) and found.strip() else None


def _method_in(data: dict, lang: str) -> str:
    methods = data.get(PROVENANCE)
    return (methods.get(lang) if isinstance(methods, dict) else None) or "human"


def language_texts(kind, text: str | None, lang: str) -> tuple[dict[str, str | None], str]:
    """({field: text or None}, provenance) of ``lang`` in a record's file text."""
    data = _record(text)
    return {name: _text_in(data, name, lang) for name in kind.translatable}, _method_in(data, lang)


def _set_language(kind, data: dict, lang: str, texts: dict, method: str | None) -> dict:
    data = dict(data)
    for name in kind.translatable:
        value = data.get(name)
        value = {SOURCE_LANGUAGE: value} if isinstance(value, str) else dict(value or {})
        new = texts.get(name)
        new = new.replace("\r\n", "\n").strip() if isinstance(new, str) else None
        if new:
            value[lang] = new
        else:
            value.pop(lang, None)
        ordered = {code: value[code] for code in LANGUAGES if code in value}
        ordered.update({code: text for code, text in value.items() if code not in ordered})
        if ordered:
            data[name] = ordered
        else:
            data.pop(name, None)
    if method is not None:
        methods = dict(data.get(PROVENANCE) or {})
        if method == "human":
            methods.pop(lang, None)
        else:
            methods[lang] = method
        methods = {code: methods[code] for code in LANGUAGES if code in methods}
        if methods:
            data[PROVENANCE] = methods
        else:
            data.pop(PROVENANCE, None)
    order = kind.export_order[0]
    return {key: data[key] for key in order if key in data} | {
        key: value for key, value in data.items() if key not in order}


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def with_language(kind, text: str, lang: str, texts: dict, method: str | None) -> str:
    """``text`` (a whole record) with ``lang``'s texts replaced by ``texts``
    (empty or missing: that language has no text for the field) and its
    provenance by ``method``; every other language and every fact as in
    ``text``. The only way a record translation's text is made."""
    return _dump(_set_language(kind, _record(text), lang, texts, method))


def rebased(draft: Draft, live_text: str | None) -> str:
    """A record translation draft's language applied onto the live record."""
    from ..content.kinds import KINDS

    kind = KINDS[draft.kind]
    texts, method = language_texts(kind, draft.text, draft.lang)
    return with_language(kind, live_text or draft.text, draft.lang, texts, method)


def proposed(draft: Draft) -> str:
    """What approving ``draft`` would publish (for the review's diff)."""
    from ..content.kinds import KINDS

    kind = KINDS.get(draft.kind)
    if kind is not None and is_record_translation(kind, draft.lang):
        return rebased(draft, live(kind, draft.slug, draft.lang)[0])
    return draft.text


def live_item(kind, slug: str) -> Guide | None:
    return db.session.execute(
        db.select(Guide).where(Guide.kind == kind.name, Guide.slug == slug)).scalar()


def live(kind, slug: str, lang: str) -> tuple[str | None, str | None]:
    """(file text, content hash) of the published entry, or (None, None)."""
    from ..content.export import markdown_text, record_text

    item = live_item(kind, slug)
    if item is None or not item.published:
        return None, None
    by_lang = {t.lang: t for t in item.translations if t.published and t.current is not None}
    if kind.layout == "records":
        source = by_lang.get(SOURCE_LANGUAGE)
        return (record_text(kind, item), source.current.content_hash) if source else (None, None)
    translation = by_lang.get(lang)
    if translation is None:
        return None, None
    return markdown_text(kind, lang, translation.current), translation.current.content_hash


def open_draft(kind, slug: str, lang: str) -> Draft | None:
    return db.session.execute(
        db.select(Draft).where(Draft.kind == kind.name, Draft.slug == slug,
                               Draft.lang == entry_lang(kind, lang), Draft.status.in_(OPEN_STATES))
        .order_by(Draft.id.desc())).scalars().first()


@dataclass
class Opened:
    """What an edit form starts from: the open draft, else the live file."""

    text: str
    base_hash: str | None
    draft: Draft | None

    @property
    def version(self) -> int:
        return self.draft.version if self.draft else 0


def opened(kind, slug: str, lang: str) -> Opened:
    draft = open_draft(kind, slug, lang)
    if draft is not None:
        return Opened(draft.text, draft.base_hash, draft)
    text, digest = live(kind, slug, lang)
    return Opened(text or "", digest, None)


def check_text(kind, slug: str, lang: str, text: str):
    """Check one entry's file on its own (schema, front matter, rendering),
    as the loader does: ``(problems, files by language)``. Links to other
    entries are checked at approval, with everything else."""
    from ..content.loader import ContentSet, _load_guide_file, _record_files, load_record
    from ..content.publish import published_parts

    lang = entry_lang(kind, lang)
    with tempfile.TemporaryDirectory(prefix="acolher-draft-") as tmp:
        root = Path(tmp)
        shown = entry_path(kind, slug, lang)
        path = root / shown
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        content = ContentSet(root=root, published=published_parts(kind.name, slug))
        if kind.layout == "records":
            loaded = load_record(content, kind, path, shown)
            files = {}
            if loaded is not None:
                data, lines = loaded
                if str(data.get(kind.id_field)) != slug:
                    from ..content.loader import Problem

                    content.problems.append(Problem(shown, lines.get(kind.id_field, 1), kind.id_field,
                                                    f"must be {slug!r}, the entry's id"))
                else:
                    files = _record_files(content, kind, data, lines, shown, slug, path)
        else:
            found = _load_guide_file(content, kind, path, shown, slug, lang)
            files = {lang: found} if found is not None else {}
    return content.problems, files


def _user(user) -> User | None:
    user = user._get_current_object() if hasattr(user, "_get_current_object") else user
    return user if isinstance(user, User) else None


def save(kind, slug: str, lang: str, text: str, *, user, version: int, base_hash: str | None,
         comment: str = "", minor: bool = False) -> Draft:
    """Save a draft. ``version`` and ``base_hash`` are what the form was
    opened with: when another save or a publish came in between, nothing is
    saved and :class:`Conflict` carries both texts for a diff. Invalid text
    raises :class:`Refused` (nothing saved)."""
    user = _user(user)
    lang = entry_lang(kind, lang)
    text = text.replace("\r\n", "\n")
    draft = open_draft(kind, slug, lang)
    live_text, live_hash = live(kind, slug, lang)
    translating = is_record_translation(kind, lang)
    if translating:
        # Only this language's texts are taken from what was sent: the
        # facts and every other language come from the record as opened.
        opened_text = draft.text if draft is not None else live_text
        if opened_text is None:
            raise Conflict(_("this entry is not published: translate it once it is"), "", text)
        texts, method = language_texts(kind, text, lang)
        text = with_language(kind, opened_text, lang, texts, method)
    problems, _files = check_text(kind, slug, lang, text)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise Refused(errors)
    if draft is not None:
        if draft.version != version:
            raise Conflict(f"{draft.author or '?'} saved this entry after you opened it "
                           f"(version {draft.version}, yours {version})", draft.text, text)
        if draft.status == "in-review" and draft.author_id != (user.id if user else None):
            pass  # a reviewer may correct what is in review; it stays in review
    else:
        # A translation never conflicts with a new Portuguese text: it is
        # laid onto the live record again when approved (see approve).
        if version != 0 or (live_hash != base_hash and not translating):
            raise Conflict("this entry was published again after you opened it",
                           live_text or "", text)
        draft = Draft(kind=kind.name, slug=slug, lang=lang, base_hash=live_hash, version=0,
                      author_id=user.id if user else None, author=user.username if user else None,
                      status="draft")
        db.session.add(draft)
    draft.text, draft.version = text, draft.version + 1
    draft.comment, draft.minor = (comment or "")[:500] or None, bool(minor)
    draft.updated_at = utcnow()
    if draft.status == "changes-requested":
        draft.status = "draft"
    audit.record("draft-saved", audit.target(kind.name, slug, lang), {"version": draft.version}, user=user)
    db.session.commit()
    return draft


def submit(draft: Draft, *, user, version: int) -> Draft:
    _locked(draft, version)
    draft.status, draft.updated_at = "in-review", utcnow()
    draft.version += 1
    audit.record("submitted", audit.target(draft.kind, draft.slug, draft.lang), user=_user(user))
    db.session.commit()
    return draft


def send_back(draft: Draft, *, user, version: int, comment: str) -> Draft:
    _locked(draft, version)
    user = _user(user)
    draft.status, draft.review_comment = "changes-requested", (comment or "")[:1000]
    draft.reviewer, draft.updated_at = user.username if user else None, utcnow()
    draft.version += 1
    audit.record("changes-requested", audit.target(draft.kind, draft.slug, draft.lang),
                 {"comment": draft.review_comment[:200]}, user=user)
    db.session.commit()
    return draft


def _locked(draft: Draft, version: int) -> None:
    if draft.version != version:
        raise Conflict(f"the draft changed since you opened it (version {draft.version}, yours {version})",
                       draft.text, draft.text)


def approve(draft: Draft, *, user, version: int, action: str = "approved"):
    """Publish the draft through the one publish service. Returns the
    :class:`~portal.content.publish.PublishResult`; when it is not
    published (a check failed), nothing changed and the draft stays."""
    from ..content.export import export
    from ..content.kinds import KINDS
    from ..content.publish import publish

    _locked(draft, version)
    kind = KINDS[draft.kind]
    user = _user(user)
    live_text, live_hash = live(kind, draft.slug, draft.lang)
    text = draft.text
    if is_record_translation(kind, draft.lang):
        # Rebase: this language's texts onto the record as it is now.
        if live_text is None:
            raise Conflict(_("this entry is no longer published"), "", draft.text)
        text = rebased(draft, live_text)
    elif live_hash != draft.base_hash:
        raise Conflict("this entry was published again since the draft began: "
                       "open it again to merge the changes", live_text or "", draft.text)
    elif kind.layout == "records" and live_text is not None:
        text = keep_translations(kind, draft, live_text)
    with tempfile.TemporaryDirectory(prefix="acolher-approve-") as tmp:
        root = Path(tmp)
        export(root)
        path = root / entry_path(kind, draft.slug, draft.lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if text != draft.text:
            draft.text, draft.base_hash = text, live_hash

        def mark(result):
            files = result.content.items[kind.name].get(draft.slug, {})
            draft.status, draft.version = "published", draft.version + 1
            draft.published_hash = files[draft.lang].content_hash if draft.lang in files else None
            draft.published_at = draft.updated_at = utcnow()
            draft.reviewer = user.username if user else None
            audit.record(action, audit.target(draft.kind, draft.slug, draft.lang),
                         {"draft": draft.id, "minor": draft.minor}, user=user)

        result = publish(root, author=draft.author or (user.username if user else None),
                         minor=draft.minor, before_commit=mark)
    if not result.published:
        db.session.rollback()
    return result


def _revision_texts(kind, revision: Revision | None) -> tuple[dict[str, str | None], str]:
    """({field: text or None}, provenance) of one language's revision of a record."""
    from ..content.freshness import record_texts

    return record_texts(kind, revision), ((revision.meta or {}).get(PROVENANCE) if revision else None) or "human"


def keep_translations(kind, draft: Draft, live_text: str) -> str:
    """A Portuguese (whole-record) draft of a record, with the texts of the
    other languages published since it began put back: for each language
    and field, the live text wins where the draft still holds the text it
    began from; the draft wins where nobody published another text since;
    both changed raises :class:`Conflict` naming them."""
    item = live_item(kind, draft.slug)
    mine = _record(draft.text)
    if item is None or not mine:
        return draft.text
    translations = {t.lang: t for t in item.translations if t.lang != SOURCE_LANGUAGE}
    merged, clashes, changed = mine, [], False
    for lang, translation in translations.items():
        # What the language held when the draft's Portuguese base went live:
        # its first revision made against that base (every Portuguese
        # publish gives each language a revision naming it).
        first = db.session.execute(
            db.select(Revision).where(Revision.translation_id == translation.id,
                                      Revision.source_hash == draft.base_hash)
            .order_by(Revision.number)).scalars().first()
        before, before_method = _revision_texts(kind, first)
        ours, our_method = language_texts(kind, draft.text, lang)
        theirs, their_method = language_texts(kind, live_text, lang)
        texts, keep = dict(ours), False
        for name in kind.translatable:
            if theirs[name] == before[name] or ours[name] == theirs[name]:
                continue
            if ours[name] == before[name]:
                texts[name], keep = theirs[name], True
            else:
                clashes.append(f"{name} ({lang})")
        method = our_method
        if their_method != before_method and our_method == before_method:
            method, keep = their_method, True
        if keep:
            merged, changed = _set_language(kind, merged, lang, texts, method), True
    if clashes:
        raise Conflict(_("translations were published since this draft began and the draft changes "
                         "them too: %(fields)s. Open the entry again and redo your change",
                         fields=", ".join(clashes)), live_text, draft.text)
    return _dump(merged) if changed else draft.text


def publish_now(kind, slug: str, lang: str, text: str, *, user, version: int, base_hash: str | None,
                comment: str = "", minor: bool = False):
    """Save and publish at once, for edits that need no review (a
    reviewer's own, or a field an admin lets a coordinator publish)."""
    draft = save(kind, slug, lang, text, user=user, version=version, base_hash=base_hash,
                 comment=comment, minor=minor)
    return draft, approve(draft, user=user, version=draft.version, action="published-directly")


def discard(draft: Draft, *, user, version: int) -> None:
    _locked(draft, version)
    draft.status, draft.version = "discarded", draft.version + 1
    audit.record("draft-discarded", audit.target(draft.kind, draft.slug, draft.lang), user=_user(user))
    db.session.commit()


def fields_of(kind, text: str) -> dict:
    """The entry's fields (front matter or record, plus ``body``) for a
    field-level diff; text that is not YAML is one ``text`` field."""
    try:
        if kind.layout == "records":
            data = yaml.safe_load(text) or {}
            return data if isinstance(data, dict) else {"text": text}
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            header, body = text[4:].split("\n---\n", 1)
            data = yaml.safe_load(header) or {}
            if isinstance(data, dict):
                return {**data, "body": body.lstrip("\n")}
    except yaml.YAMLError:
        pass
    return {"text": text}


def conflict_diff(conflict: Conflict) -> str:
    return unified(conflict.theirs, conflict.mine, "saved", "yours")


def workflow_states() -> dict:
    """For the dashboard: (kind, slug, lang) -> (state, author) of open drafts."""
    rows = db.session.execute(db.select(Draft.kind, Draft.slug, Draft.lang, Draft.status, Draft.author)
                              .where(Draft.status.in_(OPEN_STATES)))
    return {(kind, slug, lang): (status, author) for kind, slug, lang, status, author in rows}


def translations_of(item: Guide) -> dict[str, Translation]:
    return {t.lang: t for t in item.translations}
