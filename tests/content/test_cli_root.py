"""``content check|publish`` take the content folder from --root, an
argument or CONTENT_DIR, and say clearly when there is none."""
from tests.conftest import guide_text


def test_root_option_and_argument_both_work(app, tree):
    tree.guide("tax-number", text=guide_text())
    runner = app.test_cli_runner()
    by_option = runner.invoke(args=["content", "check", "--root", str(tree.root)])
    by_argument = runner.invoke(args=["content", "check", str(tree.root)])
    assert by_option.exit_code == by_argument.exit_code == 0
    assert "OK: 2 topics, 1 guides" in by_option.output


def test_no_content_folder_is_a_usage_error(make_app, tmp_path):
    app = make_app(CONTENT_DIR=None)
    result = app.test_cli_runner().invoke(args=["content", "publish"])
    assert result.exit_code == 2
    assert "No content folder: name one with --root PATH" in result.output
    missing = app.test_cli_runner().invoke(args=["content", "check", "--root", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "No content folder at" in missing.output


def test_two_different_folders_are_refused(app, tree, tmp_path):
    result = app.test_cli_runner().invoke(args=["content", "check", str(tree.root), "--root", str(tmp_path)])
    assert result.exit_code == 2 and "Give the content folder once" in result.output
