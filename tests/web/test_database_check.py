"""A database without tables: one clear answer naming the fix."""
import logging

from portal import create_app
from portal.extensions import db


def test_unmigrated_database_names_the_command(tmp_path, caplog):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "ASSET_BUILD_DIR": str(tmp_path / "static"),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                      "CONTENT_VERSION_TTL": 0})
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="portal.dbcheck"):
        for path in ("/pt/", "/sw.js", "/api/v1/guides?lang=pt"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert b"flask --app wsgi db upgrade" in response.data
            assert b"Traceback" not in response.data
    assert sum("db upgrade" in record.getMessage() for record in caplog.records) == 1
    # The API contract and robots.txt read no table: served all the same.
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    with app.app_context():
        db.create_all()
    assert client.get("/pt/").status_code == 200
    with app.app_context():
        db.engine.dispose()
