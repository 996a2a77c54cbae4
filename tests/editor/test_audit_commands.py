"""Publishing and imports from the command line are in the audit log too."""
from __future__ import annotations

from portal.editor import audit
from portal.extensions import db
from tests.editor.conftest import events


def test_a_publish_that_changes_something_is_logged(editor_app, tree):
    tree.guide("nif")
    runner = editor_app.test_cli_runner()
    result = runner.invoke(args=["content", "publish", "--root", str(tree.root), "--author", "Rita"])
    assert result.exit_code == 0, result.output
    logged = events(editor_app, "published")
    assert logged == [("published", None, "content", {"author": "Rita", "counts": {"pt": {"added": 1}}})]
    runner.invoke(args=["content", "publish", "--root", str(tree.root), "--author", "Rita"])
    assert len(events(editor_app, "published")) == 1  # nothing changed: nothing logged


def test_an_import_without_a_database_is_reported_not_fatal(make_app, capsys):
    app = make_app()
    with app.app_context():
        db.drop_all()
        assert audit.record_command("import", "services", {"added": 1}) is False
    assert "not in the audit log" in capsys.readouterr().err
