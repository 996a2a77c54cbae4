"""Guides and glossary terms through PO and XLIFF: export, translate, import.

Every test here runs on SQLite and on PostgreSQL.
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.content.loader import load
from portal.content.publish import publish
from portal.extensions import db
from portal.models import Guide, Revision, Translation

BODY = (
    "O NIF é o seu número. Veja [o outro guia](guide:other).\n\n"
    "## Passos {#steps}\n\n"
    "1. Leve o **passaporte**.\n"
    "2. Vá às Finanças.\n\n"
    "| Serviço | Custo |\n|---|---|\n| NIF | Grátis |\n\n"
    "> **Atenção:** confirme nas Finanças.\n"
)
EN_BODY = (
    "The NIF is your number. See [the other guide](guide:other).\n\n"
    "## Steps {#steps}\n\n"
    "1. Bring your **passport**.\n"
    "2. Go to the tax office.\n\n"
    "| Service | Cost |\n|---|---|\n| NIF | Free |\n\n"
    "> **Please note:** check at the tax office.\n"
)
CHANGED_STEP = "2. Vá às Finanças com marcação."


@pytest.fixture
def app(make_app, database_url):
    return make_app(database_url)


def en_text(revision, body=EN_BODY):
    return ("---\ntitle: Get a NIF\nsummary: A short summary.\ncost: Free.\nduration: Straight away.\n"
            f"translation: machine\nsource_revision: {revision}\n---\n\n{body}")


def run(app, *args):
    return app.test_cli_runner().invoke(args=["content", *args])


def publish_tree(app, tree):
    with app.app_context():
        result = publish(tree.root)
    assert result.published, [str(p) for p in result.problems]


def state(app, slug="tax-number", lang="en"):
    with app.app_context():
        row = db.session.execute(
            db.select(Translation.outdated_since, Revision.method, Revision.author, Revision.source_hash,
                      Revision.number)
            .join(Guide).join(Revision, Revision.id == Translation.current_revision_id)
            .where(Guide.slug == slug, Translation.lang == lang)).one()
        return row


@pytest.fixture
def outdated(app, tree):
    """tax-number in pt and en; then one step of the Portuguese changes."""
    tree.guide("other", title="Outro guia")
    tree.guide("tax-number", body=BODY)
    tree.write("guides/tax-number/en.md", en_text(load(tree.root).guides["tax-number"]["pt"].content_hash))
    publish_tree(app, tree)
    tree.guide("tax-number", body=BODY.replace("2. Vá às Finanças.", CHANGED_STEP))
    publish_tree(app, tree)
    assert state(app).outdated_since is not None
    return tree


def export(app, tmp_path, *args):
    out = tmp_path / "po"
    result = run(app, "po-export", "en", *args, str(out))
    assert result.exit_code == 0, result.output
    return out


def read(path):
    with path.open("rb") as handle:
        return read_po(handle)


def translate(path, replacements, clear_fuzzy=True, header=None):
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(old, new)
    if clear_fuzzy:
        text = re.sub(r"#, fuzzy\n(#\| msgid .*\n)?", "", text)
    for old, new in (header or {}).items():
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_outdated_only_export_marks_exactly_the_changed_paragraph_fuzzy(app, outdated, tmp_path):
    out = export(app, tmp_path, "--outdated-only")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.po"))
    assert files == ["guides/tax-number.en.po"]
    path = out / "guides" / "tax-number.en.po"
    messages = {m.context: m for m in read(path) if m.id}
    assert list(messages) == ["title", "summary", "cost", "duration", "p-1", "h-2", "step-3", "step-4",
                              "td-5", "td-6", "td-7", "td-8", "warning-9"]
    assert [c for c, m in messages.items() if m.fuzzy] == ["step-4"]
    assert messages["step-4"].id == "Vá às Finanças com marcação."
    assert messages["step-4"].string == "Go to the tax office."
    text = path.read_text(encoding="utf-8")
    assert '#| msgid "Vá às Finanças."' in text
    # Inline markup is a placeholder; its address is a note for translators.
    assert messages["p-1"].id == "O NIF é o seu número. Veja <a1>o outro guia</a1>."
    assert messages["p-1"].string == "The NIF is your number. See <a1>the other guide</a1>."
    assert messages["p-1"].auto_comments == ["<a1> = guide:other"]
    assert messages["step-3"].string == "Bring your <b1>passport</b1>."
    assert messages["h-2"].string == "Steps"
    # The file names the item and its source revision, so an import can verify them.
    with app.app_context():
        revision = load(outdated.root).guides["tax-number"]["pt"].content_hash
    assert "X-Acolher-Kind: guide" in text and "X-Acolher-Slug: tax-number" in text
    assert f"X-Acolher-Source-Revision: {revision}" in text


def test_import_publishes_a_human_translation_that_is_no_longer_outdated(app, outdated, tmp_path):
    before = state(app)
    out = export(app, tmp_path, "--outdated-only")
    path = out / "guides" / "tax-number.en.po"
    translate(path, {'msgstr "Go to the tax office."': 'msgstr "Go to the tax office, with an appointment."'},
              header={"Last-Translator: FULL NAME <EMAIL@ADDRESS>": "Last-Translator: Ana Silva <ana@example.org>"})
    result = run(app, "po-import", "en", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported and published 1 en translation." in result.output
    after = state(app)
    assert after.outdated_since is None and after.method == "human"
    assert after.author == "Ana Silva <ana@example.org>" and after.number == before.number + 1
    text = (outdated.root / "guides" / "tax-number" / "en.md").read_text(encoding="utf-8")
    assert "2. Go to the tax office, with an appointment.\n" in text
    assert "See [the other guide](guide:other)." in text and "## Steps {#steps}" in text
    assert "1. Bring your **passport**." in text and "| NIF | Free |" in text
    assert "> **Please note:** check at the tax office." in text
    assert 'translation: human\n' in text
    page = app.test_client().get("/en/guides/tax-number")
    assert "with an appointment" in page.get_data(as_text=True)


def test_machine_reviewed_provenance_from_the_header(app, outdated, tmp_path):
    path = export(app, tmp_path, "--outdated-only") / "guides" / "tax-number.en.po"
    translate(path, {}, header={"X-Acolher-Provenance: human": "X-Acolher-Provenance: machine-reviewed"})
    assert run(app, "po-import", "en", str(path)).exit_code == 0
    assert state(app).method == "machine-reviewed" and state(app).outdated_since is None


def test_a_fuzzy_segment_keeps_the_old_translation_and_the_page_stays_outdated(app, outdated, tmp_path):
    path = export(app, tmp_path, "--outdated-only") / "guides" / "tax-number.en.po"
    translate(path, {'msgstr "Go to the tax office."': 'msgstr "Go to the tax office (draft)."',
                     'msgstr "The NIF is your number.': 'msgstr "Your NIF is your number.'}, clear_fuzzy=False)
    result = run(app, "po-import", "en", str(path))
    assert result.exit_code == 0, result.output
    assert "1 still outdated" in result.output
    text = (outdated.root / "guides" / "tax-number" / "en.md").read_text(encoding="utf-8")
    assert "Your NIF is your number." in text  # a finished segment is published
    assert "(draft)" not in text and "2. Go to the tax office.\n" in text  # the fuzzy one is not
    after = state(app)
    assert after.outdated_since is not None and after.method == "machine"


def test_xliff_round_trip(app, outdated, tmp_path):
    out = export(app, tmp_path, "--outdated-only", "--format", "xliff")
    path = out / "guides" / "tax-number.en.xlf"
    text = path.read_text(encoding="utf-8")
    assert 'version="2.0"' in text and 'trgLang="en"' in text and 'srcLang="pt-PT"' in text
    assert '<pc id="a1">o outro guia</pc>' in text and '<pc id="a1">the other guide</pc>' in text
    assert '<note category="previous-source">Vá às Finanças.</note>' in text
    assert text.count('state="initial"') == 1
    path.write_text(text.replace('state="initial"', 'state="translated"').replace(
        "<target>Go to the tax office.</target>", "<target>Go to the tax office by appointment.</target>"),
        encoding="utf-8")
    result = run(app, "po-import", "en", str(path))
    assert result.exit_code == 0, result.output
    assert state(app).outdated_since is None
    assert "by appointment" in (outdated.root / "guides/tax-number/en.md").read_text(encoding="utf-8")


def test_translation_memory_prefills_a_repeated_segment(app, outdated, tmp_path):
    tree = outdated
    tree.guide("bank", title="Abrir conta", body="1. Leve o **passaporte**.\n2. Vá ao banco.\n")
    publish_tree(app, tree)
    out = export(app, tmp_path)
    messages = {m.context: m for m in read(out / "guides" / "bank.en.po") if m.id}
    step = messages["step-1"]
    assert step.string == "Bring your <b1>passport</b1>." and step.fuzzy
    assert step.user_comments == ["translation memory: from guide tax-number"]
    assert messages["step-2"].string == "" and not messages["step-2"].fuzzy


def test_glossary_terms_go_through_the_same_files(app, glossary_published, tmp_path):
    out = export(app, tmp_path)
    assert sorted(p.name for p in (out / "glossary").glob("*.po")) == ["centro-de-saude.en.po", "nif.en.po"]
    path = out / "glossary" / "nif.en.po"
    messages = [m for m in read(path) if m.id]
    assert [m.context for m in messages] == ["term", "p-1"]
    assert messages[1].string == "The NIF is your tax number. See <a1>how to ask for it</a1>."
    translate(path, {'msgstr "tax number"': 'msgstr "tax identification number"'})
    result = run(app, "po-import", "en", str(path))
    assert result.exit_code == 0, result.output
    text = (glossary_published.tree.root / "glossary" / "nif" / "en.md").read_text(encoding="utf-8")
    assert text.startswith('---\nterm: "tax identification number"\ntranslation: human\n')
    assert "See [how to ask for it](guide:tax-number)." in text
    assert "tax identification number" in app.test_client().get("/en/glossary/nif").get_data(as_text=True)


def test_when_publish_refuses_the_files_are_restored(app, outdated, tmp_path):
    path = export(app, tmp_path, "--outdated-only") / "guides" / "tax-number.en.po"
    translate(path, {})
    en = outdated.root / "guides" / "tax-number" / "en.md"
    before = en.read_bytes()
    outdated.guide("broken", text="---\ntitle: [\n---\n")
    result = run(app, "po-import", "en", str(path))
    assert result.exit_code == 1
    assert "nothing was imported or published; the files were restored" in result.output
    assert en.read_bytes() == before and state(app).outdated_since is not None


def _bad(case, text, path, tree):
    """Apply one kind of bad input to an exported PO file."""
    if case == "syntax":
        return text.replace('msgctxt "h-2"\n', 'msgctxt "h-2"\nmsgid_bogus\n')
    if case == "placeholder":
        return text.replace("See <a1>the other guide</a1>.", "See <a2>the other guide</a2>.")
    if case == "script":
        return text.replace('msgstr "Steps"', 'msgstr "Steps<script>alert(1)</script>"')
    if case == "handler":
        return text.replace('msgstr "Steps"', 'msgstr "Steps onmouseover=alert(1)"')
    if case == "gone":
        shutil.rmtree(tree.root / "guides" / "tax-number")
        return text
    if case == "stale":
        tree.guide("tax-number", body=BODY.replace("Leve", "Traga"))
        return text
    if case == "reordered":
        block = re.search(r'msgctxt "td-5"\n.*?\n\n', text, re.S).group(0)
        return text.replace(block, "").replace('msgctxt "warning-9"', block + 'msgctxt "warning-9"')
    if case == "deleted":
        return re.sub(r'msgctxt "td-6"\n.*?\n\n', "", text, flags=re.S)
    if case == "duplicated":
        block = re.search(r'msgctxt "td-6"\n.*?\n\n', text, re.S).group(0)
        return text.replace(block, block + block)
    if case == "language":
        return text.replace('"Language: en\\n"', '"Language: fr\\n"')
    raise AssertionError(case)


BAD = {
    "syntax": "syntax:",
    "placeholder": "msgctxt 'p-1': placeholders differ from the source (missing <a1> </a1>; not in the source <a2> </a2>)",
    "script": "msgctxt 'h-2': HTML is not allowed in a translation: '<script>'",
    "handler": "msgctxt 'h-2': looks like an HTML event handler",
    "gone": "no valid guide 'tax-number'",
    "stale": "exported from Portuguese revision",
    "reordered": "segments reordered",
    "deleted": "msgctxt 'td-6': segment missing",
    "duplicated": "msgctxt 'td-6': segment appears 2 times",
    "language": "Language is 'fr', not 'en'",
}


@pytest.mark.parametrize("case", BAD)
def test_bad_po_input_is_refused_and_nothing_changes(app, outdated, tmp_path, case):
    path = export(app, tmp_path, "--outdated-only") / "guides" / "tax-number.en.po"
    translate(path, {})
    path.write_text(_bad(case, path.read_text(encoding="utf-8"), path, outdated), encoding="utf-8")
    en = outdated.root / "guides" / "tax-number" / "en.md"
    before = en.read_bytes() if en.exists() else None
    number = state(app).number
    result = run(app, "po-import", "en", str(path))
    assert result.exit_code == 1, result.output
    assert f"{path}:" in result.output and BAD[case] in result.output, result.output
    assert "nothing was imported or published" in result.output
    assert (en.read_bytes() if en.exists() else None) == before
    assert state(app).number == number


def test_wrong_encoding_and_changed_xliff_source_are_refused(app, outdated, tmp_path):
    path = export(app, tmp_path, "--outdated-only") / "guides" / "tax-number.en.po"
    translate(path, {})
    latin = path.with_name("latin.en.po")
    latin.write_bytes(path.read_text(encoding="utf-8").replace("Atenção", "Atenção").encode("latin-1", "replace"))
    result = run(app, "po-import", "en", str(latin))
    assert result.exit_code == 1 and f"{latin}:" in result.output and "encoding: not UTF-8" in result.output
    xlf = export(app, tmp_path / "x", "--outdated-only", "--format", "xliff") / "guides" / "tax-number.en.xlf"
    xlf.write_text(xlf.read_text(encoding="utf-8").replace("<source>Vá às Finanças com marcação.</source>",
                                                           "<source>Vá ao banco.</source>"), encoding="utf-8")
    result = run(app, "po-import", "en", str(xlf))
    assert result.exit_code == 1
    assert f"{xlf}:1: unit 'step-4': source text changed" in result.output


def test_a_translation_file_linked_outside_the_content_folder_is_not_written(app, outdated, tmp_path):
    path = export(app, tmp_path, "--outdated-only") / "guides" / "tax-number.en.po"
    translate(path, {})
    outside = tmp_path / "outside.md"
    outside.write_text("untouched", encoding="utf-8")
    en = outdated.root / "guides" / "tax-number" / "en.md"
    en.unlink()
    en.symlink_to(outside)
    result = run(app, "po-import", "en", str(path))
    assert result.exit_code == 1 and "a link to a file outside content/" in result.output
    assert outside.read_text(encoding="utf-8") == "untouched"


def test_translation_tools_see_the_placeholders_as_tags(app, outdated, tmp_path):
    """pofilter (as Weblate and Poedit do) flags a translation that lost a placeholder."""
    path = export(app, tmp_path, "--outdated-only") / "guides" / "tax-number.en.po"
    translate(path, {"See <a1>the other guide</a1>.": "See the other guide."})
    flagged = tmp_path / "flagged.po"
    subprocess.run([str(Path(sys.executable).parent / "pofilter"), "--progress=none", "-t", "xmltags",
                    str(path), str(flagged)], check=True, capture_output=True)
    text = flagged.read_text(encoding="utf-8")
    assert 'msgctxt "p-1"' in text and text.count("msgctxt") == 1


def test_hard_line_breaks_survive_the_round_trip():
    from portal.content.segments import body_segments, rebuild, to_markdown

    body = "1. Primeira linha  \n   segunda linha.\n\n> Aviso\\\n> continua.\n"
    units = body_segments(body)
    assert [u.text for u in units] == ["Primeira linha<x1/>segunda linha.", "Aviso<x1/>continua."]
    translated = {"step-1": "First line<x1/>second line.", "warning-2": "Note<x1/>goes on."}
    out = rebuild(body, units, {u.id: to_markdown(translated[u.id], u) for u in units})
    assert out == "1. First line\\\n   second line.\n\n> Note\\\n> goes on.\n"
