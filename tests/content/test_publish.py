"""Publish is all-or-nothing, idempotent, keeps history and tracks freshness.

Every test here runs on SQLite and on PostgreSQL.
"""
import pytest

from portal.content.loader import load
from portal.content.publish import publish
from portal.extensions import db
from portal.models import ChangeEvent, Guide, Revision, Translation
from tests.conftest import guide_text, translation_text


@pytest.fixture
def app(make_app, database_url):
    return make_app(database_url)


def source_hash(tree, slug="tax-number"):
    return load(tree.root).guides[slug]["pt"].content_hash


def run(app, tree, **kwargs):
    with app.app_context():
        return publish(tree.root, **kwargs)


def translation(app, slug, lang):
    with app.app_context():
        return db.session.execute(
            db.select(Translation).join(Guide).where(Guide.slug == slug, Translation.lang == lang)
        ).scalar_one_or_none()


def test_publish_then_republish_is_a_no_op(app, tree):
    tree.guide("tax-number")
    tree.guide("tax-number", lang="en", text=translation_text(source_hash(tree)))
    first = run(app, tree)
    assert first.published
    assert first.counts["pt"]["added"] == 1 and first.counts["en"]["added"] == 1
    second = run(app, tree)
    assert second.counts["pt"]["unchanged"] == 1 and second.counts["en"]["unchanged"] == 1
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Revision.id))).scalar() == 2
        assert db.session.execute(db.select(db.func.count(ChangeEvent.id))).scalar() == 4  # 2 topics + 2


def test_invalid_content_changes_nothing_and_keeps_previous_version(app, tree, client):
    tree.guide("tax-number", title="Versão boa")
    assert run(app, tree).published
    tree.guide("tax-number", title="Versão nova")
    tree.guide("broken", text="---\ntitle: [oops\n---\n")
    result = run(app, tree)
    assert not result.published
    assert any("guides/broken/pt.md" in str(p) for p in result.content.errors)
    page = client.get("/pt/guides/tax-number").get_data(as_text=True)
    assert "Versão boa" in page and "Versão nova" not in page
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Revision.id))).scalar() == 1


def test_a_failure_while_writing_rolls_everything_back(app, tree, client, monkeypatch):
    tree.guide("tax-number", title="Antes")
    run(app, tree)
    tree.guide("tax-number", title="Depois")
    tree.guide("second")
    import portal.content.publish as service

    def explode(guides):
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "update_freshness", explode)
    with pytest.raises(RuntimeError):
        run(app, tree)
    assert "Antes" in client.get("/pt/guides/tax-number").get_data(as_text=True)
    assert client.get("/pt/guides/second").status_code == 404


def test_changed_source_outdates_translation_until_restamped(app, tree, client):
    tree.guide("tax-number", title="Original")
    tree.guide("tax-number", lang="en", text=translation_text(source_hash(tree)))
    run(app, tree)
    assert translation(app, "tax-number", "en").outdated_since is None
    tree.guide("tax-number", title="Original, corrigido")
    run(app, tree)
    assert translation(app, "tax-number", "en").outdated_since is not None
    page = client.get("/en/guides/tax-number").get_data(as_text=True)
    assert "This translation may be out of date" in page
    assert 'href="/pt/guides/tax-number"' in page
    tree.guide("tax-number", lang="en", text=translation_text(source_hash(tree), title="Get it"))
    run(app, tree)
    assert translation(app, "tax-number", "en").outdated_since is None


def test_minor_source_edit_keeps_translations_up_to_date(app, tree):
    tree.guide("tax-number", title="Original")
    tree.guide("tax-number", lang="en", text=translation_text(source_hash(tree)))
    run(app, tree)
    tree.guide("tax-number", title="Original (gralha corrigida)")
    run(app, tree, minor=True)
    assert translation(app, "tax-number", "en").outdated_since is None
    tree.guide("tax-number", title="Outra mudança", extra="minor: true")
    run(app, tree)
    assert translation(app, "tax-number", "en").outdated_since is None


def test_unknown_source_revision_is_refused(app, tree):
    tree.guide("tax-number")
    tree.guide("tax-number", lang="en", text=translation_text("0123456789abcdef"))
    result = run(app, tree)
    assert not result.published
    assert [str(p) for p in result.content.errors] == [
        "guides/tax-number/en.md:7: source_revision: no Portuguese revision '0123456789abcdef' exists for this guide"
    ]


def test_removed_guides_and_translations_are_unpublished_not_deleted(app, tree, client):
    tree.guide("tax-number")
    tree.guide("tax-number", lang="en", text=translation_text(source_hash(tree)))
    tree.guide("second")
    run(app, tree)
    tree.remove("guides/second")
    tree.remove("guides/tax-number/en.md")
    result = run(app, tree)
    assert result.counts["pt"]["unpublished"] == 1 and result.counts["en"]["unpublished"] == 1
    assert client.get("/pt/guides/second").status_code == 404
    english = client.get("/en/guides/tax-number").get_data(as_text=True)
    assert "not yet available in your language" in english
    with app.app_context():
        assert db.session.execute(db.select(Guide).where(Guide.slug == "second")).scalar_one()
        events = db.session.execute(db.select(ChangeEvent.action, ChangeEvent.slug, ChangeEvent.lang)
                                    .where(ChangeEvent.action == "unpublished")).all()
        assert sorted(events) == [("unpublished", "second", "pt"), ("unpublished", "tax-number", "en")]
    tree.guide("second")
    assert run(app, tree).counts["pt"]["added"] == 1
    assert client.get("/pt/guides/second").status_code == 200


def test_revisions_keep_history(app, tree):
    for title in ("Um", "Dois", "Três"):
        tree.guide("tax-number", title=title)
        run(app, tree, author="editor@centro")
    with app.app_context():
        revisions = db.session.execute(db.select(Revision).order_by(Revision.number)).scalars().all()
        assert [r.title for r in revisions] == ["Um", "Dois", "Três"]
        assert [r.number for r in revisions] == [1, 2, 3]
        assert {r.author for r in revisions} == {"editor@centro"}


def test_export_then_publish_is_a_no_op(app, tree, tmp_path):
    tree.guide("tax-number", body="Intro.\n\n## Passos {#steps}\n\n1. Um *passo*.\n", related="[second]",
               where_to_go="[tax-office]")
    tree.guide("tax-number", lang="ar", text=translation_text(source_hash(tree), title="الحصول على الرقم"))
    tree.guide("second", order=5)
    run(app, tree)
    exported = tmp_path / "exported"
    with app.app_context():
        from portal.content.export import export

        export(exported)
    result = run(app, _Tree(exported))
    assert result.published
    assert sum(c["added"] + c["changed"] for c in result.counts.values()) == 0
    assert result.counts["pt"]["unchanged"] == 2 and result.counts["ar"]["unchanged"] == 1


class _Tree:
    """Just a root folder, for publishing an exported tree."""

    def __init__(self, root):
        self.root = root


def test_cli_publish_prints_summary_and_fails_on_errors(app, tree):
    runner = app.test_cli_runner()
    tree.guide("tax-number")
    ok = runner.invoke(args=["content", "publish", str(tree.root), "--author", "ana"])
    assert ok.exit_code == 0, ok.output
    assert " pt: 1 added, 0 changed, 0 unchanged, 0 unpublished" in ok.output
    tree.guide("bad", topic="nowhere")
    bad = runner.invoke(args=["content", "publish", str(tree.root)])
    assert bad.exit_code == 1
    assert "guides/bad/pt.md:4: topic: unknown topic 'nowhere'" in bad.output
    assert "nothing was published" in bad.output
    check = runner.invoke(args=["content", "check", str(tree.root)])
    assert check.exit_code == 1


def test_cli_status_table(app, tree):
    tree.guide("tax-number")
    tree.guide("tax-number", lang="en", text=translation_text(source_hash(tree)))
    run(app, tree)
    output = app.test_cli_runner().invoke(args=["content", "status"]).output
    lines = {line.split()[0]: line.split()[1:] for line in output.splitlines()[1:]}
    assert lines["en"] == ["1", "0", "0"]
    assert lines["ar"] == ["0", "0", "1"]


def test_cli_stamp_fills_pending_source_revisions_only(app, tree):
    tree.guide("tax-number")
    pending = tree.guide("tax-number", lang="en", text=translation_text("pending"))
    kept = tree.guide("tax-number", lang="fr", text=translation_text("0123456789abcdef"))
    with app.app_context():
        app.config["CONTENT_DIR"] = str(tree.root)
    output = app.test_cli_runner().invoke(args=["content", "stamp"]).output
    assert "Stamped 1 translation files." in output
    assert f"source_revision: {source_hash(tree)}" in pending.read_text()
    assert "source_revision: 0123456789abcdef" in kept.read_text()


def test_unchanged_files_keep_their_checks(app, tree):
    """Unchanged files are not rendered again, yet their links and warnings
    are still checked against the rest of the content."""
    tree.guide("tax-number", body="Ver [o outro](guide:second).\n\n<b>raw</b>\n")
    tree.guide("second")
    assert run(app, tree).published
    with app.app_context():
        from portal.content.publish import check

        warnings = [str(w) for w in check(tree.root).warnings]
    assert any("guides/tax-number/pt.md" in w and "raw HTML removed" in w for w in warnings)
    tree.remove("guides/second")
    result = run(app, tree)
    assert not result.published
    assert any("link to unknown guide 'guide:second'" in str(p) for p in result.content.errors)


def test_cli_status_lists_guides_for_one_language(app, tree):
    tree.guide("tax-number", title="Original")
    tree.guide("tax-number", lang="en", text=translation_text(source_hash(tree)))
    tree.guide("second")
    run(app, tree)
    tree.guide("tax-number", title="Mudou")
    run(app, tree)
    output = app.test_cli_runner().invoke(args=["content", "status", "--lang", "en"]).output
    lines = output.splitlines()
    assert lines[0].startswith("outdated    tax-number (original changed 20")
    assert lines[1] == "missing     second"


def test_cli_check_before_migrations_says_what_to_do(make_app, tree, tmp_path):
    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                      "ASSET_BUILD_DIR": str(tmp_path / "s"), "CONTENT_DIR": str(tree.root)})
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert "run 'flask --app wsgi db upgrade' first" in result.output
    with app.app_context():
        db.engine.dispose()


BAD_FILES = {
    "malformed YAML": ("guides/tax-number/pt.md", "---\ntitle: [oops\n---\nx\n"),
    "missing front matter": ("guides/tax-number/pt.md", "# Título\n\nTexto.\n"),
    "wrong types": ("guides/tax-number/pt.md", guide_text(order="primeiro")),
    "unknown topic": ("guides/tax-number/pt.md", guide_text(topic="nowhere")),
    "unknown language": ("guides/tax-number/xx.md", "---\ntitle: x\n---\n"),
    "10 MB file": ("guides/tax-number/pt.md", guide_text() + "x" * (10 * 1024 * 1024)),
    "non-UTF-8 bytes": ("guides/tax-number/pt.md", guide_text().encode("utf-8") + "ã".encode("latin-1")),
    "duplicate slug": ("guides/Tax-Number/pt.md", guide_text()),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_every_bad_input_leaves_the_live_version_unchanged(app, tree, client, case):
    tree.guide("tax-number", title="Versão publicada")
    assert run(app, tree).published
    before = client.get("/pt/guides/tax-number").get_data()
    path, text = BAD_FILES[case]
    tree.write(path, text)
    result = run(app, tree)
    assert not result.published
    assert result.content.errors, case
    assert all(str(p).split(":")[0].startswith("guides/") for p in result.content.errors)
    assert client.get("/pt/guides/tax-number").get_data() == before


def test_symlink_outside_content_leaves_the_live_version_unchanged(app, tree, client, tmp_path):
    import os

    tree.guide("tax-number", title="Versão publicada")
    assert run(app, tree).published
    outside = tmp_path / "elsewhere.md"
    outside.write_text(guide_text(title="Intruso"))
    os.symlink(outside, tree.root / "guides" / "tax-number" / "en.md")
    result = run(app, tree)
    assert not result.published
    assert "Intruso" not in client.get("/en/guides/tax-number").get_data(as_text=True)


def test_cli_history_lists_revisions(app, tree):
    for title in ("Um", "Dois"):
        tree.guide("tax-number", title=title)
        run(app, tree, author="ana")
    output = app.test_cli_runner().invoke(args=["content", "history", "tax-number"]).output
    first, second = output.splitlines()
    assert first.startswith("  1  ") and first.endswith("ana  Um")
    assert "current" in second and second.endswith("ana  Dois")
    missing = app.test_cli_runner().invoke(args=["content", "history", "nope"])
    assert missing.exit_code == 1 and "No revisions of 'nope'" in missing.output
