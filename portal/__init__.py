"""Acolher: rights and procedures for migrants in Portugal, in their language,
readable offline."""
from __future__ import annotations

import logging
import os

from flask import Flask

from . import assets, dbcheck, http, i18n, models, resources  # noqa: F401 (models: for migrations)
from .config import defaults
from .editor import models as editor_models  # noqa: F401 (for migrations)
from .extensions import babel, db, migrate


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the application: defaults, then environment, then ``test_config``.

    The instance folder (SQLite database, built static files) is
    ``instance_path``, else ``$ACOLHER_INSTANCE_PATH``, else Flask's default
    (``instance/`` in a checkout, ``<prefix>/var/portal-instance`` when
    installed).
    """
    instance_path = instance_path or os.environ.get("ACOLHER_INSTANCE_PATH")
    if instance_path:
        instance_path = os.path.abspath(instance_path)
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(defaults(app.instance_path))
    app.config.from_prefixed_env()
    if test_config:
        app.config.from_mapping(test_config)

    app.json.ensure_ascii = False  # UTF-8 JSON: smaller for non-Latin scripts
    if not app.debug:
        # The development server's access log holds readers' addresses.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    configure_extensions(app)
    configure_blueprints(app)
    configure_cli(app)
    configure_middleware(app)
    return app


def configure_middleware(app: Flask) -> None:
    """WSGI layers, innermost first: static files (set up with the assets),
    the response cache, the API rate limit, and a trusted proxy's headers."""
    from .api import limits

    http.init_app(app)
    limits.init_app(app)
    if app.config.get("PROXY_FIX_X_FOR"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = int(app.config["PROXY_FIX_X_FOR"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def configure_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(resources.path("migrations")))
    i18n.init_app(app, babel)
    assets.init_app(app)
    dbcheck.init_app(app)


def configure_blueprints(app: Flask) -> None:
    from . import api, editor, offline
    from .web import bp as web_bp
    from .web.errors import register_error_handlers

    app.register_blueprint(web_bp)
    editor.init_app(app)
    api.init_app(app)
    offline.init_app(app)
    register_error_handlers(app)


def configure_cli(app: Flask) -> None:
    from .cli import i18n_cli
    from .content.cli import content_cli
    from .content.course_cli import courses_cli
    from .directory.cli import directory_cli
    from .search.cli import search_cli

    app.cli.add_command(i18n_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(directory_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(search_cli)
