"""A partner replaying the changes feed ends with exactly the published state."""
from portal.content.loader import load
from tests.api.conftest import publish_tree
from tests.conftest import translation_text


def sync(api, cursor, store):
    """What a partner does: replay events, fetch what changed, drop what went."""
    transferred = 0
    while True:
        response = api.get("/api/v1/changes" + (f"?since={cursor}" if cursor else ""))
        transferred += len(response.data)
        feed = response.get_json()
        for event in feed["items"]:
            if event["item_type"] != "guide":
                continue
            key = (event["slug"], event["lang"])
            if event["action"] == "unpublished":
                store.pop(key, None)
            else:
                guide = api.get(f"/api/v1/guides/{event['slug']}?lang={event['lang']}")
                transferred += len(guide.data)
                store[key] = guide.get_json()["content_hash"]
        cursor = feed["next_cursor"]
        if not feed["has_more"]:
            return cursor, transferred


def published_state(api):
    state = {}
    for lang in ("pt", "en", "ar"):
        for item in api.get(f"/api/v1/guides?lang={lang}").get_json()["items"]:
            if item["lang"] == lang:
                state[(item["slug"], lang)] = item["content_hash"]
    return state


def test_replay_reaches_published_state_and_deltas_are_small(api_app, api, sample):
    store = {}
    cursor, _ = sync(api, None, store)
    assert store == published_state(api)

    sample.guide("tax-number", title="Pedir o NIF (novo)", related="[health-number]", order=10)
    source = load(sample.root).guides["tax-number"]["pt"].content_hash
    sample.guide("tax-number", lang="en", text=translation_text(source, title="Get a NIF (new)"))
    sample.remove("guides/tax-number/ar.md")
    publish_tree(api_app, sample)

    before = dict(store)
    cursor, transferred = sync(api, cursor, store)
    assert store == published_state(api)
    assert ("tax-number", "ar") not in store
    assert store[("tax-number", "en")] != before[("tax-number", "en")]
    assert store[("health-number", "pt")] == before[("health-number", "pt")]

    cursor2, transferred = sync(api, cursor, store)
    assert cursor2 == cursor
    assert transferred < 2048


def test_cursor_is_stable_across_app_restarts(make_app, database_url, sample):
    first = make_app(database_url)
    publish_tree(first, sample)
    cursor = first.test_client().get("/api/v1/changes").get_json()["next_cursor"]
    from portal import create_app

    second = create_app({"SQLALCHEMY_DATABASE_URI": first.config["SQLALCHEMY_DATABASE_URI"],
                         "SECRET_KEY": "another", "ASSET_BUILD_DIR": first.config["ASSET_BUILD_DIR"]})
    response = second.test_client().get(f"/api/v1/changes?since={cursor}")
    assert response.status_code == 200 and response.get_json()["items"] == []
    with second.app_context():
        from portal.extensions import db

        db.engine.dispose()


def test_source_edit_tells_partners_that_translations_are_outdated(api_app, api, sample):
    cursor = api.get("/api/v1/changes").get_json()["next_cursor"]
    sample.guide("tax-number", title="Pedir o NIF (mudou)", related="[health-number]", order=10)
    publish_tree(api_app, sample)
    feed = api.get(f"/api/v1/changes?since={cursor}").get_json()["items"]
    assert {(e["slug"], e["lang"], e["action"]) for e in feed} == {
        ("tax-number", "pt", "updated"), ("tax-number", "en", "updated"), ("tax-number", "ar", "updated")}
    assert api.get("/api/v1/guides/tax-number?lang=ar").get_json()["status"] == "outdated"


def test_guide_added_to_a_topic_updates_the_topic(api_app, api, sample):
    cursor = api.get("/api/v1/changes").get_json()["next_cursor"]
    sample.guide("vaccines", topic="health", title="Vacinas")
    publish_tree(api_app, sample)
    feed = api.get(f"/api/v1/changes?since={cursor}").get_json()["items"]
    assert ("topic", "health", "updated") in {(e["item_type"], e["slug"], e["action"]) for e in feed}


def test_cursor_from_another_database_is_refused(make_app, tmp_path, sample):
    first = make_app()
    publish_tree(first, sample)
    cursor = first.test_client().get("/api/v1/changes").get_json()["next_cursor"]
    second = make_app(f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}")
    publish_tree(second, sample)
    response = second.test_client().get(f"/api/v1/changes?since={cursor}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_cursor"
