"""Every field of every kind has a label for editors, every closed choice a
label per value; labels follow the interface language and replace raw
field names in the workspace's error summary and diffs."""
from __future__ import annotations

import re

import pytest
from flask import g
from marshmallow import fields as mf
from marshmallow import validate

from portal.content.kinds import KINDS
from portal.editor import drafts, labels
from portal.editor.entryform import BODY
from tests.editor.conftest import csrf_token, login, make_user


def _one_of(field) -> tuple | None:
    for validator in getattr(field, "validators", None) or []:
        if isinstance(validator, validate.OneOf):
            return tuple(validator.choices)
    return None


def walk(schema, prefix: str = ""):
    """(dotted path as written in the file, field) for every field of
    ``schema``, nested schemas and lists of them included; a list's own
    values are checked at the list's path."""
    for name, field in schema.fields.items():
        path = f"{prefix}{field.data_key or name}"
        yield path, field
        inner = field.inner if isinstance(field, mf.List) else None
        if inner is not None:
            yield path, inner
        target = inner if isinstance(inner, mf.Nested) else field
        if isinstance(target, mf.Nested):
            yield from walk(target.schema, path + ".")


def every_field():
    for kind in KINDS.values():
        schemas = [kind.source_schema, kind.translation_schema]
        for schema in schemas:
            for path, field in walk(schema):
                yield kind.name, path, field


def test_the_walk_reaches_nested_and_list_fields():
    found = {(kind, path) for kind, path, _field in every_field()}
    for expected in (("service", "phones.number"), ("service", "source.urls"), ("service", "closures.from"),
                     ("session", "schedule.day"), ("session", "enrol.url"), ("programme", "units.level"),
                     ("guide", "sources.url"), ("glossary", "source_revision"), ("service", "translation")):
        assert expected in found


def test_every_field_of_every_kind_has_a_label():
    missing = sorted({f"{kind}: {path}" for kind, path, _field in every_field()
                      if labels._entry(labels.FIELDS, kind, path) is None})
    missing += [f"{name}: {BODY}" for name, kind in KINDS.items()
                if kind.layout != "records" and labels._entry(labels.FIELDS, name, BODY) is None]
    assert not missing, "fields without a label in portal/editor/labels.py: " + ", ".join(missing)


def test_every_closed_choice_has_a_label_per_value():
    missing = []
    for kind, path, field in every_field():
        choices = _one_of(field)
        if not choices:
            continue
        table = labels._entry(labels.CHOICES, kind, path)
        missing += [f"{kind}: {path} = {value}" for value in choices if table is None or value not in table]
    assert not missing, "choices without a label in portal/editor/labels.py: " + ", ".join(missing)


def test_no_entry_names_a_field_that_does_not_exist():
    """Entries follow the schemas: a renamed or removed field leaves none behind."""
    found = {(kind, path) for kind, path, _field in every_field()}
    known = found | {(name, BODY) for name, kind in KINDS.items() if kind.layout != "records"}
    shared = {path for _kind, path in known}
    stale = [f"{kind}: {path}" for table in (labels.FIELDS, labels.CHOICES) for kind, path in table
             if (kind == "*" and path not in shared) or (kind != "*" and (kind, path) not in known)]
    assert not stale, "entries for fields no schema has: " + ", ".join(stale)


def test_every_label_and_hint_is_text():
    for (kind, path), (label, hint) in labels.FIELDS.items():
        assert kind == "*" or kind in KINDS, kind
        assert str(label).strip() and (hint is None or str(hint).strip()), (kind, path)


def test_unknown_fields_and_values_fall_back_to_their_names():
    assert labels.label("guide", "some_new_field") == "Some new field"
    assert labels.hint("guide", "some_new_field") is None
    assert labels.choice_label("service", "kind", "not-a-kind") == "not-a-kind"
    assert labels.choice_label("guide", "title", "x") == "x"


def test_describe_names_parts_positions_and_languages(app):
    with app.test_request_context():
        g.lang = "en"
        assert labels.describe("service", "phones[1].number") == "Phones (2) › Phone number"
        assert labels.describe("service", "closures[0].from") == "Closures (1) › Closed from"
        assert labels.describe("service", "name.ar") == "Name › Arabic"
        assert labels.describe("programme", "title.en.value") == "Title › English"
        assert labels.describe("guide", "sources[0]") == "Sources (1)"
        assert labels.describe("guide", "body") == labels.label("guide", "body")
        assert labels.choice_label("session", "schedule.day", "tue") == "Tuesday"


def test_labels_follow_the_interface_language(app):
    """Labels are looked up in the interface language's catalog when it
    has them (these messages are already translated into Portuguese)."""
    with app.test_request_context():
        g.lang = "en"
        assert labels.label("service", "address") == "Address"
        assert labels.choice_label("service", "kind", "local-centre") == "Local support centre (CLAIM)"
    with app.test_request_context():
        g.lang = "pt"
        assert labels.label("service", "address") == "Morada"
        assert labels.label("service", "opening_hours") not in ("Opening hours", "opening_hours")
        assert labels.choice_label("service", "kind", "local-centre") != "Local support centre (CLAIM)"
        assert labels.choice_label("*", "translation", "human") != "By a person"
        assert labels.choice_label("session", "language", "ar") == "árabe"
        assert labels.describe("service", "services.en") == "Serviços › inglês"


# --- the workspace's pages ---------------------------------------------------------------

@pytest.fixture
def site(editor_app, tree):
    tree.guide("nif", body="Primeiro parágrafo.\n")
    runner = editor_app.test_cli_runner()
    assert runner.invoke(args=["content", "publish", "--root", str(tree.root)]).exit_code == 0
    make_user(editor_app, "edna", "editor")
    return editor_app


def _page(client, url):
    html = client.get(url).get_data(as_text=True)
    values = dict(re.findall(r'<input id="f-[^"]+" name="([^"]+)"[^>]*?value="([^"]*)"', html, re.S))
    values.update(re.findall(r'<textarea id="f-[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', html))
    hidden = dict(re.findall(r'name="(version|base)" value="([^"]*)"', html))
    import html as html_lib

    return html, {key: html_lib.unescape(value) for key, value in values.items()}, {
        "csrf_token": csrf_token(html), **hidden}


def _pt(app, call):
    with app.test_request_context():
        g.lang = "pt"
        return call()


def test_edit_form_and_error_summary_name_fields_by_label(site):
    client = site.test_client()
    assert login(client, "edna").status_code == 302
    html, values, hidden = _page(client, "/editor/edit/guide/nif/pt")
    where = _pt(site, lambda: labels.label("guide", "where_to_go"))
    assert f'<label for="f-where_to_go">{where}</label>' in html
    assert '<label for="f-last_checked">' in html and ">last_checked" not in html
    response = client.post("/editor/edit/guide/nif/pt", data={
        **hidden, **values, "last_checked": "2026-02-31", "sources-0-url": "ftp://x", "action": "save"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    summary = page.split('class="ed-errors"')[1].split("</div>")[0]
    checked, url = _pt(site, lambda: (labels.label("guide", "last_checked"),
                                      labels.describe("guide", "sources[0].url")))
    assert f'<a href="#f-last_checked">{checked}: ' in summary
    assert f'<a href="#f-sources-0-url">{url}: ' in summary  # the very box, named with its row
    assert "ftp://x" in page  # what was typed is kept
    with site.app_context():
        assert drafts.open_draft(KINDS["guide"], "nif", "pt") is None


def test_review_and_history_list_changed_fields_by_label(site):
    client = site.test_client()
    assert login(client, "edna").status_code == 302
    html, values, hidden = _page(client, "/editor/edit/guide/nif/pt")
    values["summary"] = values["summary"] + " Mais."
    assert client.post("/editor/edit/guide/nif/pt", data={**hidden, **values, "action": "save"}
                       ).status_code == 302
    with site.app_context():
        draft_id = drafts.open_draft(KINDS["guide"], "nif", "pt").id
    review = client.get(f"/editor/review/{draft_id}").get_data(as_text=True)
    summary = _pt(site, lambda: labels.label("guide", "summary"))
    assert f'<th scope="row">{summary}</th>' in review
    assert '<th scope="row">summary</th>' not in review


def test_history_lists_changed_fields_by_label(site, tree):
    tree.guide("nif", body="Primeiro parágrafo.\n", summary="Outro resumo.",
               sources="\n  - title: Portal\n    url: https://www.portaldasfinancas.gov.pt/\n"
                       "  - title: Outro\n    url: https://www.example.pt/")
    assert site.test_cli_runner().invoke(args=["content", "publish", "--root", str(tree.root)]).exit_code == 0
    client = site.test_client()
    assert login(client, "edna").status_code == 302
    history = client.get("/editor/history/guide/nif/pt").get_data(as_text=True)
    summary, title = _pt(site, lambda: (labels.label("guide", "summary"),
                                        labels.describe("guide", "sources[1].title")))
    assert f'<th scope="row">{summary}</th>' in history
    assert f'<th scope="row">{title}</th>' in history
    assert "sources[1].title" not in history


def test_account_page_names_the_fields_published_without_review(editor_app):
    make_user(editor_app, "carla", "coordinator",
              {"service_points": ["claim-exemplo"], "publish_fields": ["opening_hours", "closures"]})
    client = editor_app.test_client()
    assert login(client, "carla").status_code == 302
    page = client.get("/editor/account").get_data(as_text=True)
    hours, closures = _pt(editor_app, lambda: (labels.label("service", "opening_hours"),
                                               labels.label("service", "closures")))
    assert f"{closures}, {hours}" in page and "opening_hours" not in page


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_new_entry_form_of_every_kind_labels_every_box(editor_app, admin_client, kind):
    from portal.editor.entryform import specs

    html = admin_client.get(f"/editor/edit/{kind}/label-check/pt").get_data(as_text=True)
    with editor_app.test_request_context():
        g.lang = "pt"
        expected = [(spec.name, labels.label(kind, spec.name)) for spec in specs(KINDS[kind], "pt")
                    if spec.widget != "keep"]  # kept from the file, not shown
    for name, text in expected:
        # a box has its <label>; a group of boxes (rows, the hours table) its <legend>
        assert re.search(rf'<label for="f-{name}">{re.escape(text)}( <span class="ed-req">[^<]+</span>)?</label>'
                         rf'|id="f-{name}"[^>]*>\s*<legend>{re.escape(text)}', html), name
