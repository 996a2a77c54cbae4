"""A partner's client, generated from the live OpenAPI document with
openapi-python-client, syncs all Arabic content, revalidates it with ETags
and follows the change feed: no hand-written HTTP, no crash.

The client is generated once per test session into a temporary folder.
"""
from __future__ import annotations

import importlib
import sys

import httpx
import pytest

from portal.content.loader import load
from tests.api.client_gen import PACKAGE, generate
from tests.api.conftest import publish_tree
from tests.conftest import translation_text


@pytest.fixture(scope="session")
def client_package(tmp_path_factory):
    from portal import create_app

    base = tmp_path_factory.mktemp("client")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'spec.sqlite3'}",
                      "ASSET_BUILD_DIR": str(base / "static"), "RESPONSE_CACHE": False})
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    source = generate(spec, base / "generated")
    sys.path.insert(0, str(source))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(source))


def _import(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


class PartnerCopy:
    """What a partner keeps: Arabic guides, topics, languages, their ETags
    and the feed cursor; built with the generated client only."""

    def __init__(self, client):
        self.client = client
        self.lang = _import("models.lang").Lang.AR
        self.etags: dict[tuple, str] = {}
        self.guides: dict[str, object] = {}
        self.statuses: list[int] = []
        self.cursor = None

    def call(self, module: str, key: tuple, *args, **kwargs):
        response = _import(f"api.{module}").sync_detailed(
            *args, client=self.client, if_none_match=self.etags.get(key, _unset()), **kwargs)
        self.statuses.append(response.status_code)
        assert response.status_code in (200, 304), (module, response.status_code, response.content)
        if response.status_code == 200:
            self.etags[key] = response.headers["ETag"]
        else:
            assert response.parsed is None and response.content == b""
            assert response.headers["ETag"] == self.etags[key]
        return response

    def follow_feed(self) -> list:
        events = []
        while True:
            kwargs = {"limit": 3, **({"since": self.cursor} if self.cursor else {})}
            response = _import("api.changes.get_changes").sync_detailed(client=self.client, **kwargs)
            self.statuses.append(response.status_code)
            assert response.status_code == 200
            events += response.parsed.items
            self.cursor = response.parsed.next_cursor
            if not response.parsed.has_more:
                return events

    def full_sync(self) -> None:
        self.call("languages.list_languages", ("languages",))
        self.call("topics.list_topics", ("topics",), lang=self.lang)
        page, slugs = 1, []
        while True:
            response = self.call("guides.list_guides", ("guides", page), lang=self.lang, per_page=1, page=page)
            total = int(response.headers["X-Total-Count"])  # also sent with a 304
            if response.status_code == 200:
                slugs += [item.slug for item in response.parsed.items]
                assert response.parsed.total == total
            if page >= total:
                break
            page += 1
        for slug in slugs or list(self.guides):
            response = self.call("guides.get_guide", ("guide", slug), slug, lang=self.lang)
            if response.status_code == 200:
                self.guides[slug] = response.parsed


def _unset():
    return _import("types").UNSET


@pytest.fixture
def partner(client_package, api_app):
    client = client_package.Client(
        base_url="http://portal.test", raise_on_unexpected_status=True,
        httpx_args={"transport": httpx.WSGITransport(app=api_app)},
    )
    with client:
        yield PartnerCopy(client)


def test_sync_revalidate_and_follow_the_feed(partner, api_app, sample):
    models = _import("models")
    partner.follow_feed()  # the cursor is taken before the copy
    partner.full_sync()
    assert set(partner.guides) == {"tax-number", "health-number"}
    arabic, fallback = partner.guides["tax-number"], partner.guides["health-number"]
    assert isinstance(arabic, models.Guide)
    assert arabic.lang == models.Lang.AR and arabic.status == models.Status.UP_TO_DATE
    assert fallback.lang == models.Lang.PT and fallback.status == models.Status.MISSING
    assert arabic.provenance.method == models.ProvenanceMethod.MACHINE

    # Second run: every request is a 304 and the feed is empty.
    partner.statuses.clear()
    cursor = partner.cursor
    assert partner.follow_feed() == [] and partner.cursor == cursor
    partner.full_sync()
    assert partner.statuses[0] == 200 and set(partner.statuses[1:]) == {304}

    # An editor changes the Arabic text: the feed names it, the copy follows.
    source = load(sample.root).guides["tax-number"]["pt"].content_hash
    sample.guide("tax-number", lang="ar", text=translation_text(source, title="عنوان جديد"))
    publish_tree(api_app, sample)
    events = partner.follow_feed()
    assert [(e.slug, e.lang, e.action) for e in events if e.item_type == models.ChangeItemType.GUIDE] == [
        ("tax-number", models.Lang.AR, models.ChangeAction.UPDATED)]
    response = partner.call("guides.get_guide", ("guide", "tax-number"), "tax-number", lang=partner.lang)
    assert response.status_code == 200 and response.parsed.title == "عنوان جديد"
    assert response.parsed.content_hash == events[-1].content_hash


def test_typed_errors_and_head_through_the_generated_client(partner):
    from importlib import import_module

    models = _import("models")
    guides = import_module(f"{PACKAGE}.api.guides.get_guide")
    missing = guides.sync_detailed("nope", client=partner.client, lang=partner.lang)
    assert missing.status_code == 404 and isinstance(missing.parsed, models.Error)
    assert missing.parsed.error.code == models.ErrorBodyCode.GUIDE_NOT_FOUND
    feed = import_module(f"{PACKAGE}.api.changes.get_changes")
    forged = feed.sync_detailed(client=partner.client, since="A" * 22)
    assert forged.status_code == 400 and forged.parsed.error.code == models.ErrorBodyCode.INVALID_CURSOR
    head = import_module(f"{PACKAGE}.api.guides.head_guide").sync_detailed(
        "tax-number", client=partner.client, lang=partner.lang)
    assert head.status_code == 200 and head.content == b"" and head.headers["ETag"]
