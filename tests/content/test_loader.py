"""Every bad input is reported as path:line: field: message, all at once."""
import os

import pytest

from portal.content.loader import load
from tests.conftest import guide_text


def messages(tree):
    """Problems other than the editors' plain-language checks (tests/content/test_checks.py)."""
    return [str(p) for p in load(tree.root).problems if not p.rule]


def test_valid_tree_has_no_problems(tree):
    tree.guide("tax-number")
    content = load(tree.root)
    assert [p for p in content.problems if not p.rule] == []
    assert list(content.guides) == ["tax-number"]
    assert content.guides["tax-number"]["pt"].rendered.parts["steps"] == ["Vá às Finanças.", "Peça o NIF."]


def test_malformed_yaml_names_file_and_line(tree):
    tree.guide("bad", text="---\ntitle: Ok\nsummary: [unclosed\ncost: x\n---\nbody\n")
    [problem] = messages(tree)
    assert problem.startswith("guides/bad/pt.md:")
    assert "front matter: invalid YAML" in problem
    line = int(problem.split(":")[1])
    assert line in (3, 4, 5)


def test_missing_front_matter(tree):
    tree.guide("bad", text="# Just a heading\n\nText.\n")
    assert messages(tree) == ["guides/bad/pt.md:1: front matter: missing: the file must start with a line '---'"]


def test_front_matter_not_a_mapping(tree):
    tree.guide("bad", text="---\n- a\n- b\n---\nText\n")
    assert messages(tree) == ["guides/bad/pt.md:2: front matter: must be a mapping of 'field: value' lines"]


def test_wrong_types_and_missing_title_reported_together(tree):
    tree.guide("bad", title=None, order="first", last_checked="27/11/2026",
               sources="\n  - title: Old site\n    url: http://example.pt/")
    found = messages(tree)
    assert "guides/bad/pt.md:2: title: Missing data for required field." in found
    assert any(m.startswith("guides/bad/pt.md:") and ": order: Not a valid integer." in m for m in found)
    assert any(": last_checked: not a valid date: write it as YYYY-MM-DD" in m for m in found)
    assert any(": sources[0].url: must be an https:// address" in m for m in found)
    line_of = {m.split(": ")[1]: int(m.split(":")[1]) for m in found}
    text = (tree.root / "guides/bad/pt.md").read_text().splitlines()
    assert text[line_of["last_checked"] - 1].startswith("last_checked:")
    assert text[line_of["sources[0].url"] - 1].strip().startswith("url:")


def test_unknown_topic(tree):
    tree.guide("bad", topic="nowhere")
    [problem] = messages(tree)
    assert problem.startswith("guides/bad/pt.md:4: topic: unknown topic 'nowhere'")


def test_duplicate_slug_in_topics(tree):
    tree.write("topics.yaml", "- {slug: a, icon: heart, title: {pt: A}}\n- {slug: a, icon: heart, title: {pt: B}}\n")
    found = [m for m in messages(tree) if "duplicate" in m]
    assert found == ["topics.yaml:2: topics[1].slug: duplicate slug 'a'"]


def test_duplicate_guide_slug_by_case(tree):
    tree.guide("tax-number")
    tree.write("guides/Tax-Number/pt.md", guide_text())
    assert any("guides/Tax-Number:1: slug:" in m for m in messages(tree))


def test_file_in_unknown_language(tree):
    tree.guide("ok")
    tree.guide("ok", lang="xx", text="anything")
    assert messages(tree) == [
        "guides/ok/xx.md:1: language: unknown language 'xx'; known: pt, en, es, fr, ar, ur, uk, ru, hi, ne, bn, zh"
    ]


def test_translation_may_not_set_shared_fields(tree):
    tree.guide("ok")
    tree.guide("ok", lang="en", text="---\ntitle: T\nsummary: S\ncost: C\nduration: D\n"
               "translation: human\nsource_revision: 0123456789abcdef\ntopic: health\n---\nx\n")
    assert messages(tree) == ["guides/ok/en.md:8: topic: set only in pt.md; translations take it from there"]


def test_broken_internal_link_and_related(tree):
    tree.guide("ok", related="[missing-guide]", body="See [this](guide:nowhere).\n")
    found = messages(tree)
    assert "guides/ok/pt.md:11: related[0]: no guide with slug 'missing-guide'" in found
    assert any(m.startswith("guides/ok/pt.md:") and "body: link to unknown guide 'guide:nowhere'" in m for m in found)


def test_script_and_event_handlers_are_stripped_with_warnings(tree):
    body = 'Hi <img src=x onerror="alert(1)">\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n'
    tree.guide("ok", body=body)
    content = load(tree.root)
    assert content.errors == []
    warnings = [str(w) for w in content.warnings if not w.rule]
    assert len(warnings) == 3 and all(": body: warning: " in w for w in warnings)
    html = content.guides["ok"]["pt"].rendered.html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html.split("[x]")[0]
    assert "<a " not in html


def test_ten_megabyte_file_is_rejected(tree):
    tree.guide("big", text=guide_text() + "x" * (10 * 1024 * 1024))
    [problem] = messages(tree)
    assert problem.startswith("guides/big/pt.md:1: file: too large (10")
    assert "the limit is 512 KiB" in problem


def test_non_utf8_bytes_name_the_line(tree):
    tree.guide("latin", text="")
    (tree.root / "guides/latin/pt.md").write_bytes(guide_text().encode() + "Ol\u00e1\n".encode("latin-1"))
    [problem] = messages(tree)
    assert problem.startswith("guides/latin/pt.md:19: file: not UTF-8 text (byte 0xe1)")


def test_symlink_outside_content_is_refused(tree, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text(guide_text())
    (tree.root / "guides/linked").mkdir(parents=True)
    os.symlink(outside, tree.root / "guides/linked/pt.md")
    assert messages(tree) == ["guides/linked/pt.md:1: file: refused: a link to a file outside content/"]


def test_translation_without_source(tree):
    tree.guide("orphan", lang="en", text="---\ntitle: T\n---\nx\n")
    assert any("guides/orphan:1: language: no pt.md" in m for m in messages(tree))


@pytest.mark.parametrize("slug", ["Bad_Slug", "ação"])
def test_bad_folder_names(tree, slug):
    tree.write(f"guides/{slug}/pt.md", guide_text())
    assert any(f"guides/{slug}:1: slug:" in m for m in messages(tree))


def test_future_check_date_and_yes_no_words(tree):
    tree.guide("bad", last_checked="2999-01-01", cost="No")
    found = messages(tree)
    assert "guides/bad/pt.md:5: last_checked: cannot be in the future: it is the day the facts were checked" in found
    assert any(m.startswith("guides/bad/pt.md:6: cost: must be text; put it in quotes") for m in found)
