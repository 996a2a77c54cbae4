import pytest

from portal.content.loader import load
from portal.content.publish import publish
from tests.api.conftest import publish_tree
from tests.conftest import translation_text


@pytest.fixture
def published(app, tree):
    """Topic "papers" with two guides (one also in Arabic); topic "health"
    published with no guides."""
    tree.guide("tax-number", title="Pedir o NIF", order=1)
    source = load(tree.root).guides["tax-number"]["pt"].content_hash
    tree.guide("tax-number", lang="ar", text=translation_text(source, title="الحصول على الرقم"))
    tree.guide("bank-account", title="Abrir conta", order=2)
    with app.app_context():
        assert publish(tree.root).published
    return tree


@pytest.fixture
def site_tree(tree):
    """One Portuguese guide with a "where" section, machine-translated to English."""
    tree.guide("tax-number", title="Pedir o NIF", where_to_go="[tax-office]",
               body="Intro.\n\n## Passos {#steps}\n\n1. Vá às Finanças.\n\n"
                    "## Onde ir {#where}\n\n- Finanças.\n\nLigue [112](tel:112).\n")
    source = load(tree.root).guides["tax-number"]["pt"].content_hash
    tree.guide("tax-number", lang="en", text=translation_text(
        source, body="Intro.\n\n## Where to go {#where}\n\n- Tax office.\n"))
    tree.guide("health-number", topic="health", title="Número de utente", where_to_go="[health-centre]")
    return tree


@pytest.fixture
def make_site(make_app, site_tree):
    def factory(**config):
        app = make_app(**config)
        publish_tree(app, site_tree)
        return app
    return factory


@pytest.fixture
def site(make_site):
    return make_site(RESPONSE_CACHE=True, PUBLIC_BASE_URL="https://acolher.example")


@pytest.fixture
def web(site):
    return site.test_client()
