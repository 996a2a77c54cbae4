"""Hostile or broken content is refused by ``check`` before anything walks,
expands or opens it, and ``publish`` refuses exactly what ``check`` does."""
import os
import threading
import time

import pytest

from portal.content.loader import load
from portal.content.publish import check, publish
from tests.conftest import TOPICS, guide_text

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)


def messages(root):
    return [str(p) for p in load(root).problems]


def timed(function, *args, limit=5.0):
    started = time.monotonic()
    value = function(*args)
    assert time.monotonic() - started < limit
    return value


def test_an_alias_bomb_in_topics_is_refused_at_once(tree):
    tree.write("topics.yaml", TOPICS + "- slug: bomb\n  icon: heart\n  title: {pt: x}\n  extra:\n"
               + "".join("    " + line + "\n" for line in BOMB.splitlines()))
    found = timed(messages, tree.root)
    assert any(m.startswith("topics.yaml:") and "anchors and aliases" in m for m in found), found


def test_an_alias_bomb_in_front_matter_is_refused_at_once(tree):
    tree.guide("bomb", text="---\n" + BOMB + "---\n\nTexto.\n")
    found = timed(messages, tree.root)
    assert found[0].startswith("guides/bomb/pt.md:2: front matter: anchors and aliases"), found


def test_a_single_anchor_is_refused_too(tree):
    tree.guide("tax-number", text=guide_text().replace("title: Pedir o NIF", "title: &t Pedir o NIF"))
    assert "anchors and aliases" in messages(tree.root)[0]


@pytest.mark.parametrize("depth", [21, 990, 5000])
def test_deep_nesting_is_refused_without_recursion_error(tree, depth):
    nested = "[" * depth + "]" * depth
    tree.write("topics.yaml", TOPICS + f"- slug: deep\n  icon: heart\n  title: {{pt: x}}\n  x: {nested}\n")
    tree.guide("deep", text=f"---\nsources: {nested}\n---\n\nTexto.\n")
    found = messages(tree.root)
    # libyaml itself stops at 1,000 levels with its own message.
    deep = ("nested more than 20 levels", "exceeded maximum nesting depth")
    assert any(m.startswith("topics.yaml:") and any(d in m for d in deep) for m in found), found
    assert any(m.startswith("guides/deep/pt.md:2: front matter:") and any(d in m for d in deep)
               for m in found), found


def test_a_symlinked_guide_folder_pointing_outside_is_refused(tree, tmp_path):
    outside = tmp_path / "elsewhere" / "secret"
    outside.mkdir(parents=True)
    (outside / "pt.md").write_text(guide_text(), encoding="utf-8")
    (tree.root / "guides").mkdir()
    os.symlink(outside, tree.root / "guides" / "secret")
    content = load(tree.root)
    assert "secret" not in content.guides
    assert [str(p) for p in content.errors] == [
        "guides/secret:1: file: refused: a link to a folder outside content/"]


def test_a_symlinked_guides_folder_pointing_outside_is_refused(tree, tmp_path):
    outside = tmp_path / "elsewhere"
    (outside / "tax-number").mkdir(parents=True)
    (outside / "tax-number" / "pt.md").write_text(guide_text(), encoding="utf-8")
    os.symlink(outside, tree.root / "guides")
    content = load(tree.root)
    assert content.guides == {}
    assert [str(p) for p in content.errors] == ["guides:1: file: refused: a link to a folder outside content/"]


def test_links_inside_content_still_work(tree):
    tree.guide("tax-number")
    os.symlink(tree.root / "guides" / "tax-number", tree.root / "guides" / "tax-number-alias")
    assert set(load(tree.root).guides) == {"tax-number", "tax-number-alias"}


def test_a_fifo_named_like_a_guide_is_refused_without_hanging(tree):
    tree.guide("tax-number")
    folder = tree.root / "guides" / "piped"
    folder.mkdir()
    os.mkfifo(folder / "pt.md")
    found = []
    worker = threading.Thread(target=lambda: found.extend(messages(tree.root)), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "reading content blocked on a FIFO"
    assert "guides/piped/pt.md:1: file: refused: not a regular file or folder" in found


@pytest.mark.parametrize("where", ["front matter", "body"])
def test_a_nul_byte_is_reported_with_its_line(tree, where):
    text = guide_text(summary="Um\x00resumo.") if where == "front matter" else guide_text(body="Texto\x00.\n")
    tree.guide("tax-number", text=text)
    [problem] = messages(tree.root)
    line = text[: text.index("\x00")].count("\n") + 1
    assert problem == f"guides/tax-number/pt.md:{line}: file: contains a NUL character (byte 0x00); remove it"


def test_source_urls_are_validated_as_urls(tree):
    tree.guide("tax-number", sources='\n  - title: Portal\n    url: "https://www.portal.gov.pt/a\\"><script>alert(1)</script>"')
    [problem] = messages(tree.root)
    assert problem.startswith("guides/tax-number/pt.md:") and "sources[0].url: contains characters" in problem


def test_topic_slugs_fit_the_database_column(tree):
    tree.write("topics.yaml", TOPICS + f"- slug: {'a' * 81}\n  icon: heart\n  title: {{pt: x}}\n")
    assert any("topics[2].slug: Longer than maximum length 80" in m for m in messages(tree.root))


class TestPublishRefusesWhatCheckRefuses:
    """On SQLite and PostgreSQL: no DataError, no truncation, nothing written."""

    @pytest.fixture
    def app(self, make_app, database_url):
        return make_app(database_url)

    def test_nul_byte(self, app, tree):
        tree.guide("tax-number", text=guide_text(body="Texto\x00.\n"))
        with app.app_context():
            assert any("NUL character" in str(p) for p in check(tree.root).errors)
            result = publish(tree.root)
        assert not result.published

    def test_author_longer_than_the_column(self, app, tree):
        tree.guide("tax-number")
        with app.app_context():
            assert [str(p) for p in check(tree.root, author="x" * 201).errors] == [
                "--author:1: author: too long (201 characters); the limit is 200"]
            assert not publish(tree.root, author="x" * 201).published
            assert publish(tree.root, author="x" * 200).published
        runner = app.test_cli_runner()
        refused = runner.invoke(args=["content", "check", "--root", str(tree.root), "--author", "y" * 201])
        assert refused.exit_code == 1 and "too long (201 characters)" in refused.output


def test_a_nul_written_as_a_yaml_escape_is_refused(tree):
    tree.guide("tax-number", text=guide_text(summary='"Um\\0resumo."'))
    tree.write("topics.yaml", TOPICS.replace("{pt: Documentos", '{pt: "Docu\\x00mentos"'))
    found = messages(tree.root)
    assert "guides/tax-number/pt.md:2: front matter: contains a NUL character (an escape such as \\0 or \\x00); remove it" in found
    assert any(m.startswith("topics.yaml:1: topics: contains a NUL character") for m in found), found
