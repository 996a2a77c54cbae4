"""The starter content in content/ is valid, complete and sourced."""
import pytest

from portal.config import ROOT
from portal.content.loader import load
from portal.i18n import LANGUAGES

CONTENT = load(ROOT / "content")


def test_starter_content_has_no_errors_or_warnings():
    """Plain-language and consistency warnings are listed and explained in
    docs/editors.md; nothing else may be reported."""
    assert [str(p) for p in CONTENT.problems if p.rule != "plain-language" or not p.warning] == []


def test_at_least_16_guides_across_8_topics():
    topics = {files["pt"].data["topic"] for files in CONTENT.guides.values()}
    assert len(CONTENT.guides) >= 16
    assert len(topics) >= 8


@pytest.mark.parametrize("slug", sorted(CONTENT.guides))
def test_every_guide_is_in_every_language_with_steps_and_sources(slug):
    files = CONTENT.guides[slug]
    assert set(files) == set(LANGUAGES)
    source = files["pt"]
    assert source.data["sources"] and all(s["url"].startswith("https://") for s in source.data["sources"])
    for guide_file in files.values():
        assert guide_file.rendered.parts["steps"], f"{guide_file.path} has no steps"
        if not guide_file.is_source:
            assert guide_file.data["translation"] in ("human", "machine", "machine-reviewed")
            anchors = {s["id"] for s in guide_file.rendered.parts["sections"]} & {"steps", "bring", "where", "rights"}
            source_anchors = {s["id"] for s in source.rendered.parts["sections"]} & {"steps", "bring", "where", "rights"}
            assert anchors == source_anchors, guide_file.path
