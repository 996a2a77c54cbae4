"""One normalisation for every script (portal.search.normalise)."""
import pytest

from portal.search.normalise import index_text, normalise, query_parts, tokens


@pytest.mark.parametrize(("one", "other"), [
    ("saúde", "saude"),  # diacritics
    ("SAÚDE", "saude"),  # case
    ("ＮＩＦ", "nif"),  # full width
    ("ｶﾀｶﾅ", "カタカナ"),  # half-width kana
    ("ٹیکس", "ٹيكس"),  # Urdu yeh and keheh = Arabic yeh and kaf
    ("مستشفى", "مستشفي"),  # alef maksura
    ("ضريبة", "ضريبه"),  # teh marbuta
    ("الضـــريبي", "الضريبي"),  # tatweel
    ("الضَّرِيبِيّ", "الضريبي"),  # harakat
    ("أحمد", "احمد"),  # alef with hamza
    ("क़ानून", "कानून"),  # Devanagari nukta (precomposed)
    ("क़ानून", "कानून"),  # Devanagari nukta (combining)
    ("য়", "য"),  # Bengali nukta
    ("١٢٣ ۴۵ १२", "123 45 12"),  # digits of any script
    ("Їжак ёж", "іжак еж"),  # Cyrillic diacritics
])
def test_variants_meet(one, other):
    assert normalise(one) == normalise(other)


def test_controls_bidi_and_nul_are_spaces():
    assert tokens("a\x00b\u202eevil\u200bx") == ["a", "b", "evil", "x"]


def test_indic_vowel_signs_stay_in_the_word():
    assert tokens("हिंदी में") == ["हिंदी", "में"]
    assert tokens("কর নম্বর") == ["কর", "নম্বর"]


def test_chinese_is_split_into_characters_and_queried_as_a_phrase():
    assert index_text("申请税号（NIF）") == "申 请 税 号 nif"
    assert query_parts("税号 nif") == ["税 号", "nif"]


def test_fts_syntax_is_not_a_token():
    assert query_parts('"NIF"* NEAR(a b) -x ^y col:z') == ["nif", "near", "a", "b", "x", "y", "col", "z"]
