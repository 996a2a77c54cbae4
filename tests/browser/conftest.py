"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright, against a
live server process serving the published starter content."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.config import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """The portal in its own process, so tests can really stop and restart it."""

    def __init__(self, env: dict, port: int):
        self.env, self.port = env, port
        self.url = f"http://127.0.0.1:{port}"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.browser.serve", str(self.port)],
            env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        assert self.process.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("live server did not start")

    def stop(self) -> None:
        if self.process:
            self.process.kill()
            self.process.wait()
            self.process.stdout.close()
            self.process = None

    def restart(self, **env: str) -> None:
        self.stop()
        self.env.update(env)
        self.start()

    def requests(self) -> list[str]:
        """Paths the server was asked for since the last call."""
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        self.log.write_text("", encoding="utf-8")
        return [line.split(" ", 1)[1] for line in lines]

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            env=self.env, cwd=ROOT, check=True, capture_output=True, text=True,
        )


@pytest.fixture(scope="session")
def server_env(tmp_path_factory):
    """A database migrated with Alembic and the starter content published."""
    base = tmp_path_factory.mktemp("live")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{base / 'live.sqlite3'}",
        "FLASK_CONTENT_DIR": str(content),
        "FLASK_ASSET_BUILD_DIR": str(base / "static"),
        "SECRET_KEY": "browser-tests",
    }
    server = LiveServer(env, 0)
    server.flask("db", "upgrade")
    server.flask("content", "publish")
    return env


@pytest.fixture
def own_server(server_env, tmp_path):
    """A server of the test's own (its own database, content and port), which
    the test may stop, change and start again on the same origin."""
    shutil.copyfile(server_env["DATABASE_URL"].removeprefix("sqlite:///"), tmp_path / "own.sqlite3")
    shutil.copytree(server_env["FLASK_CONTENT_DIR"], tmp_path / "content")
    env = {**server_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'own.sqlite3'}",
           "FLASK_CONTENT_DIR": str(tmp_path / "content"), "ACOLHER_TEST_LOG": str(tmp_path / "requests.log")}
    server = LiveServer(env, free_port())
    server.content = tmp_path / "content"
    server.log = tmp_path / "requests.log"
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_server(server_env):
    server = LiveServer(server_env, free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test', which installs Debian's chromium")
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def persistent_page(playwright, tmp_path):
    """A page in a normal (not incognito) profile, as a phone's browser has."""
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        viewport={"width": 360, "height": 740},
    )
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    """A phone-sized browser context (320 CSS px wide)."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2)
    yield context
    context.close()


@pytest.fixture
def page(phone):
    return phone.new_page()



@pytest.fixture(autouse=True)
def _one_browser_test_at_a_time(tmp_path_factory):
    """When the suite runs in several processes (pytest-xdist), browser tests
    still run one at a time: each drives a server and Chromium, and two at
    once on a small machine make their timings flaky."""
    import fcntl

    lock = tmp_path_factory.getbasetemp().parent / "acolher-browser.lock"
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
