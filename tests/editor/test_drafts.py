"""Drafts, review and the one source of truth, without HTTP: save with
optimistic locking, submit, approve through the publish service, and
`content publish` refusing to overwrite workspace edits."""
from __future__ import annotations

import re

import pytest

from portal.content.kinds import KINDS
from portal.editor import diffs, drafts
from portal.editor.models import Draft, User
from portal.extensions import db
from portal.models import ChangeEvent
from tests.conftest import guide_text
from tests.editor.conftest import events, make_user

GUIDE = KINDS["guide"]


@pytest.fixture
def published(editor_app, tree):
    tree.guide("nif", body="Primeiro parágrafo.\n\nVá às Finanças com o passaporte.\n")
    runner = editor_app.test_cli_runner()
    result = runner.invoke(args=["content", "publish", "--root", str(tree.root), "--author", "files"])
    assert result.exit_code == 0, result.output
    make_user(editor_app, "edna", "editor")
    make_user(editor_app, "rui", "reviewer")
    return editor_app


def _user(name):
    return db.session.execute(db.select(User).where(User.username == name)).scalar_one()


def _edited(text: str) -> str:
    return text.replace("com o passaporte", "com o passaporte ou o título de residência")


def test_draft_is_not_live_until_a_reviewer_approves(published, tree):
    client = published.test_client()
    with published.app_context():
        start = drafts.opened(GUIDE, "nif", "pt")
        assert start.draft is None and "passaporte" in start.text
        draft = drafts.save(GUIDE, "nif", "pt", _edited(start.text), user=_user("edna"),
                            version=start.version, base_hash=start.base_hash, comment="Outro documento")
        events_before = db.session.execute(db.select(db.func.count(ChangeEvent.id))).scalar()
        draft = drafts.submit(draft, user=_user("edna"), version=draft.version)
        assert draft.status == "in-review"
    page = client.get("/pt/guides/nif").get_data(as_text=True)
    assert "título de residência" not in page  # drafts never reach readers
    api = client.get("/api/v1/guides/nif?lang=pt").get_data(as_text=True)
    assert "título de residência" not in api
    with published.app_context():
        draft = db.session.get(Draft, draft.id)
        result = drafts.approve(draft, user=_user("rui"), version=draft.version)
        assert result.published, [str(p) for p in result.problems]
        draft = db.session.get(Draft, draft.id)
        assert draft.status == "published" and draft.reviewer == "rui"
        assert draft.published_hash == drafts.live(GUIDE, "nif", "pt")[1]
        added = db.session.execute(db.select(ChangeEvent).where(ChangeEvent.id > events_before)).scalars().all()
        assert [(e.action, e.slug, e.lang) for e in added] == [("updated", "nif", "pt")]
    assert "título de residência" in client.get("/pt/guides/nif").get_data(as_text=True)
    actions = [action for action, *_ in events(published)]
    assert actions[-4:] == ["draft-saved", "submitted", "published", "approved"]


def test_second_save_of_the_same_entry_is_a_conflict_with_both_texts(published):
    with published.app_context():
        start = drafts.opened(GUIDE, "nif", "pt")
        first = drafts.save(GUIDE, "nif", "pt", _edited(start.text), user=_user("edna"),
                            version=start.version, base_hash=start.base_hash)
        assert first.version == 1
        with pytest.raises(drafts.Conflict) as raised:
            drafts.save(GUIDE, "nif", "pt", start.text.replace("Primeiro", "Segundo"), user=_user("rui"),
                        version=start.version, base_hash=start.base_hash)
        diff = drafts.conflict_diff(raised.value)
        assert "título de residência" in diff and "Segundo" in diff
        assert db.session.get(Draft, first.id).text == _edited(start.text)  # never silently overwritten


def test_invalid_text_is_refused_and_nothing_saved(published):
    with published.app_context():
        start = drafts.opened(GUIDE, "nif", "pt")
        bad = start.text.replace("last_checked: '2026-11-27'", "last_checked: 2026-13-45").replace(
            "last_checked: 2026-11-27", "last_checked: 2026-13-45")
        with pytest.raises(drafts.Refused) as raised:
            drafts.save(GUIDE, "nif", "pt", bad, user=_user("edna"), version=0, base_hash=start.base_hash)
        assert any(p.field == "last_checked" for p in raised.value.problems)
        assert db.session.execute(db.select(db.func.count(Draft.id))).scalar() == 0


def test_approval_after_a_publish_from_files_is_a_conflict(published, tree):
    with published.app_context():
        start = drafts.opened(GUIDE, "nif", "pt")
        draft = drafts.save(GUIDE, "nif", "pt", _edited(start.text), user=_user("edna"),
                            version=0, base_hash=start.base_hash)
        version = draft.version
    tree.guide("nif", text=guide_text(title="Pedir o NIF hoje"))
    result = published.test_cli_runner().invoke(args=["content", "publish", "--root", str(tree.root)])
    assert result.exit_code == 0, result.output
    with published.app_context():
        draft = db.session.get(Draft, draft.id)
        with pytest.raises(drafts.Conflict):
            drafts.approve(draft, user=_user("rui"), version=version)


def _publish_from_workspace(app):
    with app.app_context():
        start = drafts.opened(GUIDE, "nif", "pt")
        draft = drafts.save(GUIDE, "nif", "pt", _edited(start.text), user=_user("edna"),
                            version=0, base_hash=start.base_hash)
        result = drafts.approve(draft, user=_user("rui"), version=draft.version)
        assert result.published, [str(p) for p in result.problems]


def test_publish_from_older_files_refuses_names_the_entry_and_shows_the_diff(published, tree):
    _publish_from_workspace(published)
    runner = published.test_cli_runner()
    result = runner.invoke(args=["content", "publish", "--root", str(tree.root)])
    assert result.exit_code == 1
    assert "guides/nif/pt.md:1: workspace: edited in the workspace by edna" in result.output
    assert "-Vá às Finanças com o passaporte ou o título de residência." in result.output
    assert "+Vá às Finanças com o passaporte." in result.output
    with published.app_context():
        assert "título de residência" in drafts.live(GUIDE, "nif", "pt")[0]
    forced = runner.invoke(args=["content", "publish", "--root", str(tree.root), "--force"])
    assert forced.exit_code == 0, forced.output
    with published.app_context():
        assert "título de residência" not in drafts.live(GUIDE, "nif", "pt")[0]


def test_export_then_publish_round_trips_the_workspace_state(published, tmp_path):
    _publish_from_workspace(published)
    runner = published.test_cli_runner()
    out = tmp_path / "exported"
    assert runner.invoke(args=["content", "export", str(out)]).exit_code == 0
    assert "workspace-publication: 1" in (out / ".workspace-base").read_text()
    again = runner.invoke(args=["content", "publish", "--root", str(out)])
    assert again.exit_code == 0, again.output
    assert re.fullmatch(r"Published: 0 added, 0 changed, \d+ unchanged, 0 unpublished\.",
                        again.output.splitlines()[-1])
    # a later edit of the exported files publishes: the files hold the workspace edit
    page = out / "guides/nif/pt.md"
    page.write_text(page.read_text().replace("Primeiro", "Um primeiro"))
    assert runner.invoke(args=["content", "publish", "--root", str(out)]).exit_code == 0


def test_word_diff_marks_words_and_escapes_html():
    html = str(diffs.text_html("Vá <b>às</b> Finanças", "Vá <script>x</script> Finanças"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<del>&lt;b&gt;às&lt;/b&gt;</del>" in html and "<ins>" in html
    changes = diffs.field_diff({"title": "A", "sources": [{"url": "u"}]}, {"title": "B", "sources": [{"url": "u"}]})
    assert [c.field for c in changes] == ["title"]
