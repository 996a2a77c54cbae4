"""Finding glossary terms in text: whole words, longest form first, scripts
without spaces, no overlaps."""
from portal.read.glossary import _build


def test_whole_words_case_insensitive_longest_form_first():
    found = _build({"centro de saúde": "cs", "centro": "c", "nif": "nif", "usf": "cs"})
    text = "O Centro de Saúde e o centro; NIFs não, NIF sim, USF."
    hits = [(text[a:b], slug) for a, b, slug in found.find(text)]
    assert hits == [("Centro de Saúde", "cs"), ("centro", "c"), ("NIF", "nif"), ("USF", "cs")]


def test_chinese_terms_are_found_inside_text_without_spaces():
    found = _build({"卫生中心": "cs", "nif": "nif"})
    text = "请去卫生中心申请，带上NIF。"
    assert [(text[a:b], slug) for a, b, slug in found.find(text)] == [("卫生中心", "cs"), ("NIF", "nif")]


def test_text_whose_lower_case_changes_length_is_left_alone():
    assert _build({"nif": "nif"}).find("İstanbul NIF") == []


def test_acronyms_match_only_in_capitals():
    found = _build({"act": "act", "claim": "claim", "centro": "c"},
                   exact={"act": "ACT", "claim": "CLAIM"})
    text = "An act to claim help: ask a CLAIM or the ACT at the Centro."
    hits = [(text[a:b], slug) for a, b, slug in found.find(text)]
    assert hits == [("CLAIM", "claim"), ("ACT", "act"), ("Centro", "c")]
