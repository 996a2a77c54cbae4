"""Build hook: a wheel carries everything the portal needs to run.

The checkout keeps catalogs, the service worker, migrations and the API
guide at the top level; ``build_py`` copies them into ``portal/_data/`` of
the build folder (never into the sources) and compiles the ``.po`` catalogs
to ``.mo`` there with Babel. ``portal/resources.py`` finds them in either
place. Everything else is in pyproject.toml.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# portal/_data/<name> <- <source>; keep in step with portal/resources.py.
DATA = {
    "translations": "translations",
    "sw": "static/sw",
    "migrations": "migrations",
    "api.md": "docs/api.md",
}
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")


def compile_catalogs(directory: Path) -> None:
    """``pybabel compile`` for every catalog under ``directory``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        locale = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


class BuildWithData(build_py):
    """build_py, plus the data files and compiled catalogs under portal/_data."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's files directly
        target = Path(self.build_lib) / "portal" / "_data"
        shutil.rmtree(target, ignore_errors=True)
        for name, source in DATA.items():
            origin = HERE / source
            if origin.is_dir():
                shutil.copytree(origin, target / name, ignore=SKIP)
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target / name)
        compile_catalogs(target / "translations")


setup(cmdclass={"build_py": BuildWithData})
