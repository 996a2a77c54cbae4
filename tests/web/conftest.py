import pytest

from portal.content.loader import load
from portal.content.publish import publish
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
