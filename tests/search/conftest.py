"""The starter content published once per module and database, for the
search tests (reading content/ only; the database lives in tmp)."""
from __future__ import annotations

import pytest

from portal import create_app
from portal.config import ROOT
from portal.extensions import db


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def starter(request, tmp_path_factory):
    """An app with content/ published, on SQLite and on PostgreSQL."""
    base = tmp_path_factory.mktemp("search")
    if request.param == "sqlite":
        url = f"sqlite:///{base / 'search.sqlite3'}"
    else:
        url, reason = request.getfixturevalue("postgres_url")
        if reason:
            pytest.skip(reason)
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": url,
        "CONTENT_DIR": str(ROOT / "content"), "ASSET_BUILD_DIR": str(base / "static"),
        "CONTENT_CHECK_CACHE": str(base / "checks.json"), "CONTENT_VERSION_TTL": 0,
    })
    from portal.content.publish import publish

    with app.app_context():
        db.drop_all()
        db.create_all()
        result = publish(ROOT / "content")
        assert result.published, [str(p) for p in result.content.errors]
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
