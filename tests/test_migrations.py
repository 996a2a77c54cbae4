"""The Alembic migrations build exactly the schema the models describe, on
SQLite and on PostgreSQL (skipped, with the reason, when no server answers)."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from portal.search import engines


@pytest.fixture
def migrated_app(database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url,
                      "ASSET_BUILD_DIR": str(tmp_path / "static")})
    with app.app_context():
        db.drop_all()  # the PostgreSQL schema is shared with other tests
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade()
    yield app
    with app.app_context():
        downgrade(revision="base")
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.engine.dispose()


def test_autogenerate_finds_nothing_to_change(migrated_app):
    with migrated_app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True,
                              "include_name": engines.include_name})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_downgrade_to_base_removes_every_table(migrated_app):
    with migrated_app.app_context():
        downgrade(revision="base")
        tables = {name for name in db.inspect(db.engine).get_table_names()
                  if engines.include_name(name, "table", {})} - {"alembic_version"}
        assert tables == set()
        upgrade()  # and back, for the fixture's own downgrade
