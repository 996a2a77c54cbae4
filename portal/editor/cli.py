"""``flask --app wsgi users create | set-role | disable | enable | reset-password | list``.

No e-mail server is assumed: ``create`` and ``reset-password`` print a
one-time link (valid 24 h) where the person sets their password. Every
command writes an audit event (with no account as its author: the command
line).
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from . import accounts, audit
from .models import ROLES

scope_options = [
    click.option("--languages", default="", help="translator: language codes, comma-separated (ar,ur)"),
    click.option("--service-points", default="", help="coordinator: service point ids, comma-separated"),
    click.option("--programmes", default="", help="course provider: programme ids, comma-separated"),
    click.option("--places", default="", help="course provider: service point ids of its places (none: any)"),
    click.option("--publish-fields", default="",
                 help="coordinator, course provider: fields whose changes go live without review "
                      "(opening_hours,hours,closures)"),
]


def with_scope(command):
    for option in reversed(scope_options):
        command = option(command)
    return command


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _scope(languages, service_points, programmes, places, publish_fields="") -> dict:
    return {"languages": _split(languages), "service_points": _split(service_points),
            "programmes": _split(programmes), "places": _split(places),
            "publish_fields": _split(publish_fields)}


def _user(username: str):
    user = accounts.find(username)
    if user is None:
        raise click.ClickException(f"users: no account named {username!r}")
    return user


def _link(token: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/editor/reset/{token}"


@click.group("users", help="Editors' accounts.")
def users_cli():
    pass


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--email", default=None)
@with_scope
@with_appcontext
def create(username, role, email, languages, service_points, programmes, places, publish_fields):
    """Create an account and print the link where its password is set."""
    try:
        user = accounts.create(username, role, _scope(languages, service_points, programmes, places, publish_fields),
                               email)
    except accounts.AccountError as exc:
        raise click.ClickException(f"users create: {exc}") from None
    token = accounts.issue_reset(user)
    audit.record("user-created", audit.target("user", user.username), {"role": role, "scope": user.scope})
    db.session.commit()
    click.echo(f"Created {user.username} ({role}).")
    click.echo(f"Set the password within 24 hours at: {_link(token)}")
    if user.totp_required:
        click.echo("This role needs a second factor: an authenticator app is set up at the first login.")


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@with_scope
@with_appcontext
def set_role(username, role, languages, service_points, programmes, places, publish_fields):
    """Change an account's role and scope (its sessions end)."""
    user = _user(username)
    before = {"role": user.role, "scope": user.scope}
    try:
        accounts.set_role(user, role, _scope(languages, service_points, programmes, places, publish_fields))
    except accounts.AccountError as exc:
        raise click.ClickException(f"users set-role: {exc}") from None
    audit.record("role-changed", audit.target("user", user.username),
                 {"before": before, "after": {"role": user.role, "scope": user.scope}})
    db.session.commit()
    click.echo(f"{user.username} is now {role} {user.scope or ''}".rstrip())


@users_cli.command("disable")
@click.argument("username")
@with_appcontext
def disable(username):
    """Refuse an account's logins and end its sessions at once."""
    user = _user(username)
    user.disabled = True
    user.end_sessions()
    audit.record("user-disabled", audit.target("user", user.username))
    db.session.commit()
    click.echo(f"{user.username} is disabled; its sessions have ended.")


@users_cli.command("enable")
@click.argument("username")
@with_appcontext
def enable(username):
    user = _user(username)
    user.disabled = False
    audit.record("user-enabled", audit.target("user", user.username))
    db.session.commit()
    click.echo(f"{user.username} is enabled.")


@users_cli.command("reset-password")
@click.argument("username")
@click.option("--reset-totp", is_flag=True, help="also forget the second factor (set up again at the next login)")
@with_appcontext
def reset_password(username, reset_totp):
    """Print a one-time link (24 h) to set a new password; sessions end."""
    user = _user(username)
    token = accounts.issue_reset(user)
    user.end_sessions()
    if reset_totp:
        user.totp_secret = None
        user.totp_last_step = None
    audit.record("reset-link", audit.target("user", user.username), {"totp_reset": bool(reset_totp)})
    db.session.commit()
    click.echo(f"Set a new password for {user.username} within 24 hours at: {_link(token)}")


@users_cli.command("list")
@with_appcontext
def list_users():
    from .models import User

    for user in db.session.execute(db.select(User).order_by(User.username)).scalars():
        state = "disabled" if user.disabled else "active"
        factor = "2fa" if user.totp_secret else "-"
        click.echo(f"{user.username:<30} {user.role:<12} {state:<9} {factor:<4} {user.scope or ''}")
