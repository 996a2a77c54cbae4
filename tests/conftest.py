"""Shared fixtures: compiled catalogs, an app per test, content factories."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from portal import create_app
from portal.config import ROOT
from portal.extensions import db
from portal.i18n import LANGUAGES

pytest_plugins = ["tests.glossary_support", "tests.courses_support"]

PG_URL = os.environ.get(
    "DATABASE_TEST_URL_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# Written by tools, never by tests: compared before and after the run.
NOT_WATCHED = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".stamps"}


def _source_tree_state() -> dict[str, int]:
    state = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in NOT_WATCHED]
        for name in files:
            path = os.path.join(folder, name)
            try:
                state[os.path.relpath(path, ROOT)] = os.stat(path).st_mtime_ns
            except FileNotFoundError:  # removed while walking
                continue
    return state


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs(tmp_path_factory):
    """Compile the .po catalogs once per run into a folder of the run's own,
    and give every app (and every server process a test starts) that folder
    and an instance folder outside the checkout: tests never write into the
    source tree, which is checked when the run ends."""
    before = _source_tree_state()
    base = tmp_path_factory.mktemp("session")
    translations = base / "translations"
    shutil.copytree(ROOT / "translations", translations, ignore=shutil.ignore_patterns("*.mo"))
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-d", str(translations)],
        check=True, capture_output=True,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FLASK_TRANSLATIONS_DIR", str(translations))
        patch.setenv("ACOLHER_INSTANCE_PATH", str(base / "instance"))
        patch.setenv("HYPOTHESIS_STORAGE_DIRECTORY", str(base / "hypothesis"))  # schemathesis
        yield translations
    after = _source_tree_state()
    written = sorted(name for name, mtime in after.items() if before.get(name) != mtime)
    assert not written, (f"files in the checkout changed during the run: {written[:10]} (tests must write "
                         "under tmp_path; a file edited by hand while the tests ran shows here too)")


def _postgres_available() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        psycopg.connect(dsn, connect_timeout=2).close()
    except psycopg.OperationalError as exc:
        return f"no PostgreSQL server answers at {PG_URL} ({exc.__class__.__name__})"
    return None


@pytest.fixture(scope="session")
def postgres_url():
    """PostgreSQL in a schema of this test run's own, so that two runs on one
    server (a developer's and CI's) never touch each other's tables."""
    reason = _postgres_available()
    if reason:
        yield None, reason
        return
    import psycopg

    schema = f"acolher_test_{os.getpid()}"
    dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        # Extensions belong to the database: pg_trgm (search) lives in public,
        # which follows the run's schema on the search path.
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema},public", None
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Database tests run on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url, reason = request.getfixturevalue("postgres_url")
    if reason:
        pytest.skip(reason)
    return url


@pytest.fixture
def content_dir(tmp_path):
    return tmp_path / "content"


@pytest.fixture
def make_app(tmp_path, content_dir):
    """Factory: an app on ``database_url`` (default: a fresh SQLite file)."""
    made = []

    def factory(database_url: str | None = None, **config):
        app = create_app({
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{tmp_path / 'app.sqlite3'}",
            "CONTENT_DIR": str(content_dir),
            "ASSET_BUILD_DIR": str(tmp_path / "static-build"),
            "CONTENT_CHECK_CACHE": str(tmp_path / "content-checks.json"),
            "CONTENT_VERSION_TTL": 0,  # tests publish and read back at once
            **config,
        })
        with app.app_context():
            db.drop_all()
            db.create_all()
        made.append(app)
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.session.remove()
            if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
                db.drop_all()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _titles(pt: str, en: str) -> str:
    return "{" + ", ".join(
        f"{code}: {pt if code == 'pt' else en + ' ' + code}" for code in LANGUAGES
    ) + "}"


TOPICS = (
    f"- slug: papers\n  icon: id-card\n  title: {_titles('Documentos', 'Papers')}\n"
    f"- slug: health\n  icon: heart\n  title: {_titles('Saúde', 'Health')}\n"
)


def guide_text(title="Pedir o NIF", topic="papers", extra="", body=None, **fields) -> str:
    """A valid source guide file, with fields to override."""
    base = {
        "title": title,
        "summary": "Um resumo curto.",
        "topic": topic,
        "last_checked": "2026-11-27",
        "cost": "Gratuito.",
        "duration": "Na hora.",
        "sources": "\n  - title: Portal\n    url: https://www.portaldasfinancas.gov.pt/",
    }
    base.update(fields)
    lines = [f"{key}: {value}" for key, value in base.items() if value is not None]
    body = body if body is not None else "Texto.\n\n## Passos {#steps}\n\n1. Vá às Finanças.\n2. Peça o NIF.\n"
    return "---\n" + "\n".join(lines) + (f"\n{extra}" if extra else "") + "\n---\n\n" + body


def translation_text(source_revision: str, title="Get a NIF", method="machine", body=None) -> str:
    body = body if body is not None else "Text.\n\n## Steps {#steps}\n\n1. Go to the tax office.\n2. Ask for a NIF.\n"
    return textwrap.dedent(f"""\
        ---
        title: {title}
        summary: A short summary.
        cost: Free.
        duration: Straight away.
        translation: {method}
        source_revision: {source_revision}
        ---

        """) + body


class ContentTree:
    """Writes content files into a temporary ``content/`` folder."""

    def __init__(self, root: Path):
        self.root = root
        self.write("topics.yaml", TOPICS)

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def guide(self, slug: str, lang: str = "pt", text: str | None = None, **fields) -> Path:
        return self.write(f"guides/{slug}/{lang}.md", text if text is not None else guide_text(**fields))

    def remove(self, relative: str) -> None:
        path = self.root / relative
        if path.is_dir():
            for child in path.iterdir():
                child.unlink()
            path.rmdir()
        else:
            path.unlink()


@pytest.fixture
def tree(content_dir):
    return ContentTree(content_dir)


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing():
    """Argon2 with its cheapest parameters: the suite checks what hashing
    does (argon2id, verification, re-hashing), not what it costs; the
    portal's own parameters stay argon2-cffi's defaults."""
    from argon2 import PasswordHasher, profiles

    from portal.editor import accounts

    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    kept = accounts._hasher, accounts._DUMMY
    accounts._hasher, accounts._DUMMY = cheap, cheap.hash("not a password of anyone")
    yield
    accounts._hasher, accounts._DUMMY = kept
