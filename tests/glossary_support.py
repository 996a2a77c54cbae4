"""Glossary fixtures shared by tests/content, tests/web and tests/api: two
terms (tests/fixtures/glossary) and the guides they point to. Loaded as a
pytest plugin by tests/conftest.py."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "glossary"
HEALTH_BODY = (
    "Vá ao centro de saúde da sua zona. O centro de saúde dá o número de utente.\n\n"
    "## Centro de saúde {#where}\n\nPeça o `centro de saúde` e leve o NIF.\n"
)


class GlossaryTree:
    """A content tree with the glossary fixtures and the guides they name."""

    def __init__(self, tree, app):
        self.tree, self.app = tree, app
        shutil.copytree(FIXTURES, tree.root / "glossary")
        tree.guide("tax-number")
        tree.guide("health-service-sns", topic="health", title="Serviço Nacional de Saúde",
                   body=HEALTH_BODY)

    def stamp(self):
        result = self.app.test_cli_runner().invoke(args=["content", "stamp"])
        assert result.exit_code == 0, result.output

    def publish(self):
        from portal.content.publish import publish

        self.stamp()
        with self.app.app_context():
            return publish(self.tree.root)


@pytest.fixture
def glossary_tree(tree, app):
    return GlossaryTree(tree, app)


@pytest.fixture
def glossary_published(glossary_tree):
    result = glossary_tree.publish()
    assert result.published, [str(p) for p in result.problems]
    return glossary_tree
