"""Editors' plain-language and consistency checks: each rule fires on a
planted example and stays quiet on a good one, in Portuguese and in the
scripts that split sentences differently (Arabic, Urdu, Hindi, Bengali,
Chinese); warnings point at the right line; --strict publishes nothing."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.content.loader import load
from portal.extensions import db
from portal.models import Revision
from tests.conftest import guide_text, translation_text

LANGS = ("pt", "ar", "ur", "hi", "bn", "zh")
WORD = {"pt": "palavra", "ar": "كلمة", "ur": "لفظ", "hi": "शब्द", "bn": "শব্দ", "zh": "词语"}
STOP = {"pt": ". ", "ar": ". ", "ur": "۔ ", "hi": "। ", "bn": "। ", "zh": "。"}
BODY_LINE = {"pt": 13}  # first body line of guide_text() files; translation_text()'s is 10


def body_line(lang: str) -> int:
    return BODY_LINE.get(lang, 10)
PT_BODY = "Texto.\n\n## Passos {#steps}\n\n1. Vá às Finanças.\n"


def _sentence(lang: str, words: int) -> str:
    if lang == "zh":
        return "你好" * words  # two characters count as one word
    return " ".join([WORD[lang]] * words)


def _paragraph(lang: str, sentences: int, words: int = 4) -> str:
    return STOP[lang].join(_sentence(lang, words) for _ in range(sentences)) + STOP[lang].strip()


def _findings(tree, lang: str, body: str, pt_body: str = PT_BODY, **fields) -> list[str]:
    """The plain-language findings on ``lang``'s file, as printed."""
    fields.setdefault("title", "Pedir o número")
    if lang == "pt":
        tree.guide("g", body=body, **fields)
    else:
        tree.guide("g", body=pt_body, **fields)
        tree.guide("g", lang, text=translation_text("a" * 16, title="A number", body=body))
    content = load(tree.root)
    return [str(p) for p in content.problems if p.rule and p.path.endswith(f"/{lang}.md")]


@pytest.mark.parametrize("lang", LANGS)
def test_long_sentence_warns_and_short_ones_do_not(tree, lang):
    [found] = _findings(tree, lang, "Intro.\n\n" + _sentence(lang, 30) + STOP[lang].strip() + "\n")
    assert found.startswith(f"guides/g/{lang}.md:{body_line(lang) + 2}: body: warning: sentence of 30 words")
    assert _findings(tree, lang, _paragraph(lang, 3) + "\n") == []


@pytest.mark.parametrize("lang", LANGS)
def test_paragraph_over_five_sentences_warns(tree, lang):
    [found] = _findings(tree, lang, _paragraph(lang, 6) + "\n")
    assert f"{lang}.md:{body_line(lang)}: body: warning: paragraph of 6 sentences" in found
    assert _findings(tree, lang, _paragraph(lang, 5) + "\n") == []


def test_list_items_and_table_cells_are_their_own_units_and_headings_are_skipped(tree):
    items = "\n".join(f"- {_paragraph('pt', 3)}" for _ in range(3))
    table = "| a | b |\n|---|---|\n| " + _paragraph("pt", 3) + " | " + _paragraph("pt", 3) + " |"
    heading = "## " + _sentence("pt", 30)
    assert _findings(tree, "pt", f"{items}\n\n{table}\n\n{heading}\n\nFim.\n") == []


def test_markdown_is_stripped_before_counting(tree):
    # A long link address and emphasis are not words.
    body = "Veja **isto** em [o portal](https://example.org/" + "a/" * 40 + ") e `x`.\n"
    assert _findings(tree, "pt", body) == []


ACRONYM_CASES = {
    "pt": ("Vá à XYZW hoje.", "Vá à Agência de Exemplo (XYZW) hoje.", "Vá à XYZW (Agência de Exemplo) hoje."),
    "ar": ("اذهب إلى XYZW اليوم.", "اذهب إلى الوكالة (XYZW) اليوم.", "اذهب إلى XYZW (وكالة الهجرة والاندماج) اليوم."),
    "ur": ("آج XYZW جائیں۔", "آج ایجنسی (XYZW) جائیں۔", "آج XYZW (امیگریشن ایجنسی) جائیں۔"),
    "hi": ("आज XYZW जाएँ।", "आज एजेंसी (XYZW) जाएँ।", "आज XYZW (प्रवास एजेंसी) जाएँ।"),
    "bn": ("আজ XYZW যান।", "আজ সংস্থা (XYZW) যান।", "আজ XYZW (অভিবাসন সংস্থা) যান।"),
    "zh": ("今天去XYZW。", "今天去移民局（XYZW）。", "今天去 XYZW (移民和融合局)。"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_unexplained_acronym_warns_once_per_file(tree, lang):
    bad, explained_before, explained_after = ACRONYM_CASES[lang]
    found = _findings(tree, lang, f"{bad}\n\n{bad}\n")
    assert len(found) == 1 and f"{lang}.md:{body_line(lang)}: body: warning: acronym XYZW" in found[0]
    assert _findings(tree, lang, f"{explained_after}\n\n{bad}\n") == []
    if lang != "zh":  # full-width parentheses are not read as an explanation
        assert _findings(tree, lang, f"{explained_before}\n") == []


def test_acronym_in_the_glossary_needs_no_explanation(tree):
    tree.guide("tax-number", body="Peça o NIF e a USF.\n")
    tree.write("glossary/nif/pt.md", "---\nterm: NIF\nalso: [USF]\nsee_also: [tax-number]\n"
               "last_checked: 2026-11-27\n---\nO NIF (número de identificação fiscal) é o seu número.\n")
    content = load(tree.root)
    assert not [p for p in content.problems if p.rule and "acronym" in p.message]


def test_acronym_explained_with_a_dash_and_roman_numerals_are_fine(tree):
    assert _findings(tree, "pt", "**XYZW – Agência de Exemplo.** Capítulo II.\n") == []


@pytest.mark.parametrize("lang", LANGS)
def test_phone_link_must_show_the_international_number(tree, lang):
    digits = "٨٠٨ ٢٤ ٢٤ ٢٤" if lang in ("ar", "ur") else "808 24 24 24"
    found = _findings(tree, lang, f"[{digits}](tel:+351808242424)\n", pt_body=PT_BODY + "\n+351 808 24 24 24\n")
    assert len(found) == 1 and "phone link" in found[0] and "+351 808 242 424" in found[0]
    good = "[+351 808 24 24 24](tel:+351808242424) [112](tel:112)\n"
    assert _findings(tree, lang, good, pt_body=PT_BODY + "\n" + good) == []


def test_unlinked_portuguese_number_warns_and_short_numbers_do_not(tree):
    [found] = _findings(tree, "pt", "Ligue 912 345 678 hoje.\n")
    assert "pt.md:13: body: warning: phone number '912 345 678'" in found
    assert "[+351 912 345 678](tel:+351912345678)" in found
    quiet = "Ligue 112, 144, 1411, 116 006 ou 3060. Custa 1 000 000 euros. Código 1150-025.\n"
    assert _findings(tree, "pt", quiet) == []


def test_cost_or_time_that_says_nothing_warns_at_its_line(tree):
    found = _findings(tree, "pt", PT_BODY, cost='"-"')
    assert found == ["guides/g/pt.md:6: cost: warning: says nothing: say what it costs, even if it varies"]


def test_old_last_checked_date_warns_and_the_age_is_configurable(tree):
    old = (date.today() - timedelta(days=200)).isoformat()
    tree.guide("g", title="Pedir", last_checked=old, body=PT_BODY)
    [found] = [str(p) for p in load(tree.root).problems if p.rule]
    assert found.startswith("guides/g/pt.md:5: last_checked: warning: last checked")
    assert not [p for p in load(tree.root, max_age_days=365).problems if p.rule]
    tree.write("glossary/nif/pt.md", f"---\nterm: NIF\nsee_also: [g]\nlast_checked: {old}\n---\nO número.\n")
    assert any(p.path == "glossary/nif/pt.md" and p.field == "last_checked"
               for p in load(tree.root).problems)


SOURCE_FACTS = ("Texto.\n\nLigue [+351 808 24 24 24](tel:+351808242424) das 9:00 às 17:00. Custa 120 euros.\n\n"
                "Veja [o número](guide:g) e https://www.portaldasfinancas.gov.pt/ hoje.\n")
TRANSLATED_FACTS = {
    "ar": "نص.\n\nاتصل بالرقم [+351 808 24 24 24](tel:+351808242424) من 9 إلى 17. التكلفة ١٢٠ يورو.\n\n"
          "انظر [الرقم](guide:g) و https://www.portaldasfinancas.gov.pt/ اليوم.\n",
    "ur": "متن۔\n\nکال کریں [+351 808 24 24 24](tel:+351808242424) صبح 9 سے 17 تک۔ قیمت ۱۲۰ یورو۔\n\n"
          "دیکھیں [نمبر](guide:g) اور https://www.portaldasfinancas.gov.pt/ آج۔\n",
    "hi": "पाठ।\n\nकॉल करें [+351 808 24 24 24](tel:+351808242424) 9 h से 17 h तक। कीमत १२० यूरो।\n\n"
          "देखें [नंबर](guide:g) और https://www.portaldasfinancas.gov.pt/ आज।\n",
    "bn": "লেখা।\n\nকল করুন [+351 808 24 24 24](tel:+351808242424) 9:00 থেকে 17:00। খরচ ১২০ ইউরো।\n\n"
          "দেখুন [নম্বর](guide:g) এবং https://www.portaldasfinancas.gov.pt/ আজ।\n",
    "zh": "文字。\n\n请拨打 [+351 808 24 24 24](tel:+351808242424)，9:00 至 17:00。费用 120 欧元。\n\n"
          "请看 [税号](guide:g) 和 https://www.portaldasfinancas.gov.pt/ 。\n",
}


@pytest.mark.parametrize("lang", sorted(TRANSLATED_FACTS))
def test_translation_keeps_numbers_phones_urls_and_links(tree, lang):
    good = TRANSLATED_FACTS[lang]
    assert _findings(tree, lang, good, pt_body=SOURCE_FACTS) == []
    dropped = good.replace("120", "").replace("١٢٠", "").replace("۱۲۰", "").replace("१२०", "")
    dropped = dropped.replace("১২০", "").replace("(guide:g)", "(guide:other)")
    dropped = dropped.replace("https://www.portaldasfinancas.gov.pt/", "")
    found = _findings(tree, lang, dropped, pt_body=SOURCE_FACTS)
    assert any("number '120' (pt.md line 15) is missing" in f for f in found)
    assert any(f"{lang}.md:{body_line(lang) + 2}: body: warning: number '120'" in f for f in found)
    assert any("link 'guide:g'" in f and f"{lang}.md:{body_line(lang) + 4}:" in f for f in found)
    assert any("web address 'https://www.portaldasfinancas.gov.pt/'" in f for f in found)
    phone = dropped.replace("(tel:+351808242424)", "(tel:+351800000000)").replace(
        "+351 808 24 24 24", "+351 800 000 000")
    assert any("808" in f for f in _findings(tree, lang, phone, pt_body=SOURCE_FACTS))


def test_portuguese_source_is_not_compared_with_itself(tree):
    assert _findings(tree, "pt", SOURCE_FACTS) == []


KEPT_TERM = ("---\nterm: \"centro de saúde\"\nalso: [\"unidade de saúde familiar\"]\nkeep_portuguese: true\n"
             "see_also: [g]\nlast_checked: 2026-11-27\n---\nO centro de saúde é a unidade do serviço de saúde.\n")


@pytest.mark.parametrize("lang", ("ar", "ur", "hi", "bn", "zh"))
def test_guide_translation_keeps_portuguese_office_names(tree, lang):
    tree.write("glossary/centro-de-saude/pt.md", KEPT_TERM)
    source = "Texto.\n\nVá ao centro de saúde da sua zona.\n"
    [found] = _findings(tree, lang, "Text.\n\n" + _paragraph(lang, 1) + "\n", pt_body=source)
    assert f"{lang}.md:{body_line(lang) + 2}: body: warning: keep the Portuguese name 'centro de saúde'" in found
    kept = "Text.\n\n" + _sentence(lang, 3) + " (centro de saúde)" + STOP[lang].strip() + "\n"
    assert _findings(tree, lang, kept, pt_body=source) == []
    other_form = "Text.\n\nUnidade de Saúde Familiar" + STOP[lang].strip() + "\n"
    assert _findings(tree, lang, other_form, pt_body=source) == []


@pytest.fixture
def app(make_app):
    return make_app()


def test_strict_turns_warnings_into_a_failing_exit_and_publishes_nothing(tree, runner, app):
    tree.guide("g", title="Pedir", body="Ligue 912 345 678 hoje.\n")
    check = runner.invoke(args=["content", "check", str(tree.root)])
    assert check.exit_code == 0 and "1 warnings." in check.output
    strict = runner.invoke(args=["content", "check", str(tree.root), "--strict"])
    assert strict.exit_code == 1
    assert "guides/g/pt.md:13: body: phone number '912 345 678'" in strict.output
    assert "1 errors, 0 warnings: nothing was published." in strict.output
    refused = runner.invoke(args=["content", "publish", str(tree.root), "--strict"])
    assert refused.exit_code == 1 and "1 errors: nothing was published" in refused.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Revision)) == 0
    published = runner.invoke(args=["content", "publish", str(tree.root)])
    assert published.exit_code == 0, published.output
    assert "warning: phone number" in published.output


def test_max_age_days_option(tree, runner):
    old = (date.today() - timedelta(days=30)).isoformat()
    tree.guide("g", title="Pedir", last_checked=old, body=PT_BODY)
    assert "0 warnings." in runner.invoke(args=["content", "check", str(tree.root)]).output
    short = runner.invoke(args=["content", "check", str(tree.root), "--max-age-days", "10"])
    assert "last_checked: warning: last checked" in short.output and short.exit_code == 0


def test_default_fixture_guide_is_clean_apart_from_its_acronym(tree):
    tree.guide("g", text=guide_text())
    found = [p.message for p in load(tree.root).problems if p.rule]
    assert len(found) == 1 and found[0].startswith("acronym NIF")


def test_unchanged_files_report_their_warnings_from_the_cache_file(tree, tmp_path, monkeypatch):
    from portal.content import checks, plain

    tree.guide("g", title="Pedir", body="Ligue 912 345 678 hoje.\n")
    cache = tmp_path / "checks.json"
    first = [str(p) for p in load(tree.root, check_cache=cache).problems if p.rule]
    monkeypatch.setattr(checks, "_cache", {})  # a new process

    def fail(*args):
        raise AssertionError("an unchanged file was checked again")

    monkeypatch.setattr(plain, "check_file", fail)
    assert [str(p) for p in load(tree.root, check_cache=cache).problems if p.rule] == first
    tree.guide("g", title="Pedir", body="Ligue 912 345 679 hoje.\n")
    with pytest.raises(AssertionError, match="checked again"):
        load(tree.root, check_cache=cache)
