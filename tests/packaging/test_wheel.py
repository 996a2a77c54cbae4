"""The wheel alone serves the portal.

Builds the wheel from a copy of the checkout (so the build writes nothing
into the sources), installs it into a fresh virtual environment outside the
checkout, migrates a new SQLite database, publishes the starter content from
the path given on the command line, then asks that environment's app for a
reader page, the service worker, a static file and a translated string. The
test environment's dependencies are reused through a ``.pth`` file instead
of being downloaded again (``--no-deps``), which keeps this under a minute.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig

import pytest
from babel.messages.pofile import read_po

from portal.config import ROOT

pytestmark = pytest.mark.package

NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", ".stamps", "build", "dist", "instance", "*.egg-info", "__pycache__",
    "*.pyc", "*.mo", ".pytest_cache", ".ruff_cache", "_data", "results", "node_modules")

PROBE = r"""
import json, sys
import portal
from portal import create_app, resources
from flask_babel import force_locale, gettext

app = create_app()
client = app.test_client()
static = app.extensions["assets"]["css/site.css"]["url"]
answers = {}
for url in ("/pt/", "/ar/", "/sw.js", static):
    response = client.get(url, headers={"Accept-Encoding": "identity"})
    answers[url] = [response.status_code, response.get_data(as_text=True)[:4000]]
with app.test_request_context(), force_locale("ar"):
    translated = gettext(sys.argv[1])
print(json.dumps({
    "package": portal.__file__, "static": static, "answers": answers, "translated": translated,
    "resources": {name: str(resources.path(name)) for name in resources.RESOURCES},
    "instance": app.instance_path,
}))
"""


def _run(args, env, cwd, check=True):
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    if check:
        assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _arabic_message() -> tuple[str, str]:
    """A UI string and its Arabic translation, from the catalog source."""
    with (ROOT / "translations" / "ar" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    message = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string and "%" not in m.id)
    return message.id, message.string


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python of a fresh venv holding only the wheel, a clean environment, a work folder)."""
    base = tmp_path_factory.mktemp("wheel")
    source, dist, venv, work = base / "src", base / "dist", base / "venv", base / "work"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
          "-w", str(dist), str(source)], None, base)
    wheel = next(dist.glob("acolher-*.whl"))
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], None, base)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", "-q", str(wheel)], None, base)
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                   None, base).stdout.strip()
    # Dependencies (Flask, SQLAlchemy, ...) from the test environment, after
    # the fresh environment's own packages on sys.path.
    with open(os.path.join(purelib, "_test_dependencies.pth"), "w", encoding="utf-8") as handle:
        handle.write(sysconfig.get_path("purelib") + "\n")
    work.mkdir()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work), "LANG": "C.UTF-8",
           "SECRET_KEY": "wheel-test", "DATABASE_URL": f"sqlite:///{work / 'acolher.sqlite3'}"}
    return python, env, work


def test_the_installed_wheel_migrates_publishes_and_serves(installed):
    python, env, work = installed
    flask = [str(python), "-m", "flask", "--app", "portal"]
    _run([*flask, "db", "upgrade"], env, work)
    missing = _run([*flask, "content", "publish"], env, work, check=False)
    assert missing.returncode != 0 and "--root" in missing.stderr
    published = _run([*flask, "content", "publish", "--root", str(ROOT / "content"), "--author", "ci"],
                     env, work)
    assert "Published:" in published.stdout
    msgid, msgstr = _arabic_message()
    probe = json.loads(_run([str(python), "-c", PROBE, msgid], env, work).stdout)

    venv = str(python.parent.parent)
    assert probe["package"].startswith(venv), probe["package"]
    for name, where in probe["resources"].items():
        assert where.startswith(venv), f"{name} read from {where}, not from the wheel"
    assert probe["instance"].startswith(venv)
    answers = probe["answers"]
    assert answers["/pt/"][0] == 200 and 'lang="pt-PT"' in answers["/pt/"][1]
    assert answers["/ar/"][0] == 200 and 'dir="rtl"' in answers["/ar/"][1]
    assert answers["/sw.js"][0] == 200 and answers["/sw.js"][1].startswith("const ACOLHER = ")
    assert answers[probe["static"]][0] == 200 and "{" in answers[probe["static"]][1]
    assert probe["translated"] == msgstr != msgid
