import pytest

from portal.content.loader import load
from portal.content.publish import publish
from tests.conftest import translation_text


def publish_tree(app, tree):
    with app.app_context():
        result = publish(tree.root)
    assert result.published, [str(p) for p in result.problems]
    return result


@pytest.fixture
def sample(tree):
    """Two guides in two topics; the first also in English and Arabic."""
    tree.guide("tax-number", title="Pedir o NIF", related="[health-number]", order=10,
               where_to_go="[tax-office]",
               body="Intro.\n\n## Passos {#steps}\n\n1. Vá às Finanças.\n2. Peça o NIF.\n\n"
                    "## O que levar {#bring}\n\n- Passaporte\n\nVer [saúde](guide:health-number).\n")
    source = load(tree.root).guides["tax-number"]["pt"].content_hash
    tree.guide("tax-number", lang="en", text=translation_text(source, title="Get a NIF"))
    tree.guide("tax-number", lang="ar", text=translation_text(source, title="الحصول على الرقم الضريبي"))
    tree.guide("health-number", topic="health", title="Número de utente")
    return tree


@pytest.fixture
def api_app(make_app, database_url, sample):
    app = make_app(database_url)
    publish_tree(app, sample)
    return app


@pytest.fixture
def api(api_app):
    return api_app.test_client()
