"""Where the files that live outside the Python package are found.

The checkout keeps catalogs, the service worker, migrations and the API
guide at the top level (``translations/``, ``static/sw/``, ``migrations/``,
``docs/api.md``). A built wheel carries copies of them under
``portal/_data/`` (see ``setup.py``), with the catalogs compiled. Code asks
:func:`path` and never builds these paths itself, so the same code runs from
a checkout and from an installed package.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "_data"
CHECKOUT = PACKAGE.parent

# name -> where it lives in a checkout (relative to the checkout's root).
# setup.py copies the same entries to portal/_data/<name>.
RESOURCES = {
    "translations": "translations",
    "sw": "static/sw",
    "migrations": "migrations",
    "api.md": "docs/api.md",
}


class ResourceMissing(FileNotFoundError):
    """Neither the installed copy nor the checkout's file exists."""


def path(name: str) -> Path:
    """The installed copy of resource ``name`` if there is one, else the
    checkout's; raise :class:`ResourceMissing` naming both places."""
    installed = DATA / name
    if installed.exists():
        return installed
    checkout = CHECKOUT / RESOURCES[name]
    if checkout.exists():
        return checkout
    raise ResourceMissing(
        f"{name} not found in {installed} (installed package) or {checkout} (checkout); "
        "reinstall the package or run from a complete checkout")


def default_content_dir() -> Path | None:
    """``content/`` of the checkout; ``None`` when installed (a wheel carries
    no content: editors publish from a folder named on the command line)."""
    candidate = CHECKOUT / "content"
    return candidate if (candidate / "topics.yaml").is_file() else None
