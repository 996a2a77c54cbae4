"""Course fixtures shared by tests/content, tests/web, tests/api and
tests/browser (loaded as a pytest plugin by tests/conftest.py).

``courses_tree`` is a copy of the real ``content/`` (guides, glossary, the
directory and the starter programmes) with the example sessions of
``tests/fixtures/courses/sessions`` added: they are not real courses and
never live in ``content/``. The tests' "today" is fixed (``TODAY``) so
that the sessions are upcoming, and one of them has ended.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal import create_app
from portal.config import ROOT
from portal.extensions import db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "courses"
TODAY = "2027-01-04"  # a Monday; "ended-pla" ended on 2026-12-18
SESSIONS = ("lisboa-pla-a1-a2-evening", "online-pla-b1-b2", "porto-provider-pla", "ended-pla")


def copy_content(dest: Path, sessions: bool = True) -> Path:
    shutil.copytree(ROOT / "content", dest)
    if sessions:
        shutil.copytree(FIXTURES / "sessions", dest / "courses" / "sessions", dirs_exist_ok=True)
    return dest


def courses_app(tmp: Path, root: Path, database_url: str | None = None, **config):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{tmp / 'courses.sqlite3'}",
        "CONTENT_DIR": str(root),
        "ASSET_BUILD_DIR": str(tmp / "static-build"),
        "CONTENT_CHECK_CACHE": str(tmp / "content-checks.json"),
        "CONTENT_VERSION_TTL": 0,
        "PUBLIC_BASE_URL": "https://acolher.example",
        "TODAY": TODAY,
        **config,
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def publish_root(app, root: Path):
    from portal.content.publish import publish

    with app.app_context():
        result = publish(root)
    assert result.published, [str(p) for p in result.problems if not p.warning]
    return result


@pytest.fixture(scope="session")
def courses_site(tmp_path_factory):
    """The real content plus the example sessions, published once for every
    test that only reads (SQLite)."""
    tmp = tmp_path_factory.mktemp("courses")
    root = copy_content(tmp / "content")
    app = courses_app(tmp, root)
    publish_root(app, root)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def courses(courses_site):
    return courses_site.test_client()
