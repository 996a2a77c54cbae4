"""Every language whose page changes gets a change event: publishing or
unpublishing one translation changes the list of languages on the guide's
page in every language."""
import pytest

from portal.content.loader import load
from portal.content.publish import publish
from portal.extensions import db
from portal.models import ChangeEvent
from tests.conftest import translation_text


@pytest.fixture
def app(make_app, database_url):
    return make_app(database_url)


def publish_events(app, tree) -> set[tuple]:
    with app.app_context():
        first = db.session.execute(db.select(db.func.max(ChangeEvent.id))).scalar() or 0
        assert publish(tree.root).published
        return set(db.session.execute(
            db.select(ChangeEvent.action, ChangeEvent.item_type, ChangeEvent.slug, ChangeEvent.lang,
                      ChangeEvent.content_hash).where(ChangeEvent.id > first)).all())


def test_a_new_or_withdrawn_translation_updates_every_other_language(app, tree):
    tree.guide("tax-number")
    source = load(tree.root).guides["tax-number"]["pt"].content_hash
    tree.guide("tax-number", lang="ar", text=translation_text(source, title="الرقم"))
    tree.guide("other")
    publish_events(app, tree)
    hashes = {lang: f.content_hash for lang, f in load(tree.root).guides["tax-number"].items()}

    tree.guide("tax-number", lang="en", text=translation_text(source))
    en_hash = load(tree.root).guides["tax-number"]["en"].content_hash
    assert publish_events(app, tree) == {
        ("created", "guide", "tax-number", "en", en_hash),
        ("updated", "guide", "tax-number", "ar", hashes["ar"]),
        ("updated", "guide", "tax-number", "pt", hashes["pt"]),
    }

    tree.remove("guides/tax-number/en.md")
    assert publish_events(app, tree) == {
        ("unpublished", "guide", "tax-number", "en", None),
        ("updated", "guide", "tax-number", "ar", hashes["ar"]),
        ("updated", "guide", "tax-number", "pt", hashes["pt"]),
    }
    assert publish_events(app, tree) == set()  # nothing changed: no events


def test_a_new_guide_has_one_event_per_language(app, tree):
    tree.guide("tax-number")
    source = load(tree.root).guides["tax-number"]["pt"].content_hash
    tree.guide("tax-number", lang="ar", text=translation_text(source, title="الرقم"))
    events = publish_events(app, tree)
    guide_events = sorted((e[0], e[3]) for e in events if e[1] == "guide")
    assert guide_events == [("created", "ar"), ("created", "pt")]
