"""Property-based fuzzing of the live OpenAPI document with schemathesis:
no 5xx, and every response conforms to the schema it documents."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import publish_tree

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture(scope="module")
def operations(tmp_path_factory):
    from portal.content.loader import load
    from tests.conftest import ContentTree, translation_text

    base = tmp_path_factory.mktemp("fuzz")
    tree = ContentTree(base / "content")
    tree.guide("tax-number", related="[health-number]", order=10)
    source = load(tree.root).guides["tax-number"]["pt"].content_hash
    tree.guide("tax-number", lang="ar", text=translation_text(source))
    tree.guide("health-number", topic="health")
    from tests.services_support import point_text

    tree.write("services/claim-teste.yaml", point_text())
    from portal import create_app
    from portal.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'fuzz.sqlite3'}",
                      "ASSET_BUILD_DIR": str(base / "static"), "CONTENT_DIR": str(tree.root)})
    with app.app_context():
        db.create_all()
    publish_tree(app, tree)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    found = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        found[operation.label] = operation
    yield found
    with app.app_context():
        db.engine.dispose()


PATHS = ["/api/v1/languages", "/api/v1/topics", "/api/v1/guides", "/api/v1/guides/{slug}",
         "/api/v1/changes", "/api/v1/offline-packs/{lang}",
         "/api/v1/glossary", "/api/v1/glossary/{slug}",
         "/api/v1/service-points", "/api/v1/service-points/{ident}",
         "/api/v1/programmes", "/api/v1/programmes/{programme_id}",
         "/api/v1/sessions", "/api/v1/sessions/{session_id}",
         "/api/v1/translation-status", "/api/v1/search"]
OPERATIONS = [f"{method} {path}" for path in PATHS for method in ("GET", "HEAD")]


def test_every_operation_is_fuzzed(operations):
    assert sorted(operations) == sorted(OPERATIONS)


# A cursor's validity cannot be written in a schema: well-formed strings
# that this API never issued are rightly refused with 400 invalid_cursor.
EXCLUDED = {"GET /api/v1/changes": [positive_data_acceptance],
            "HEAD /api/v1/changes": [positive_data_acceptance]}


@pytest.mark.parametrize("label", OPERATIONS)
def test_api_fuzz(operations, label):
    @given(case=operations[label].as_strategy())
    @SETTINGS
    def run(case):
        # The WSGI test transport does not decompress; real clients do.
        case.call_and_validate(headers={"Accept-Encoding": "identity"},
                               excluded_checks=EXCLUDED.get(label, []))

    run()
