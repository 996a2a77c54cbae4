"""Workspace fixtures: accounts with known passwords and second factors, and
a client that logs in through the real form (CSRF token included)."""
from __future__ import annotations

import re

import pyotp
import pytest

from portal.editor import accounts
from portal.extensions import db

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def make_user(app, username="ana", role="admin", scope=None, totp=None, password=PASSWORD):
    """An account with ``password``; ``totp`` True gives it SECRET (admins
    and reviewers get it unless told otherwise)."""
    with app.app_context():
        user = accounts.create(username, role, scope, password=password)
        if totp or (totp is None and user.totp_required):
            user.totp_secret = SECRET
        db.session.commit()
        return user.id


def code(offset: int = 0) -> str:
    totp = pyotp.TOTP(SECRET)
    import time

    return totp.at(int(time.time()) + offset * totp.interval)


def login(client, username="ana", password=PASSWORD, with_code=True, next_url=None, offset=0):
    page = client.get("/editor/login")
    data = {"csrf_token": csrf_token(page.get_data(as_text=True)), "username": username, "password": password}
    if with_code:
        data["code"] = code(offset)
    url = "/editor/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data=data)


@pytest.fixture
def editor_app(make_app, database_url):
    """On SQLite and on PostgreSQL."""
    return make_app(database_url)


@pytest.fixture
def admin_client(editor_app):
    make_user(editor_app)
    client = editor_app.test_client()
    response = login(client)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def events(app, action=None) -> list:
    """``(action, actor, target, detail)`` of the audit log, oldest first."""
    from portal.editor.models import AuditEvent

    with app.app_context():
        query = db.select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        return [(e.action, e.actor, e.target, e.detail) for e in db.session.execute(query).scalars()]


def form_values(html: str) -> dict[str, str]:
    """The fields of the edit form (``form.ed-edit``) as a browser submits
    them unchanged: text inputs, hidden fields, ticked boxes, the chosen
    option of each select and textareas; not the CSRF token, version, base
    or the buttons."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.values, self.inside, self.select, self.textarea, self.first = {}, False, None, None, {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and "ed-edit" in (attrs.get("class") or ""):
                self.inside = True
            if not self.inside:
                return
            name = attrs.get("name")
            if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
                if attrs.get("type") in ("checkbox", "radio"):
                    if "checked" in attrs:
                        self.values[name] = attrs.get("value", "on")
                else:
                    self.values[name] = attrs.get("value") or ""
            elif tag == "select":
                self.select = name
            elif tag == "option" and self.select:
                self.first.setdefault(self.select, attrs.get("value") or "")
                if "selected" in attrs:
                    self.values[self.select] = attrs.get("value") or ""
            elif tag == "textarea":
                self.textarea = name
                self.values[name] = ""

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False
            elif tag == "select":
                if self.select not in self.values:
                    self.values[self.select] = self.first.get(self.select, "")
                self.select = None
            elif tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.values[self.textarea] += data

    parser = Form()
    parser.feed(html)
    values = parser.values
    for name in ("csrf_token", "version", "base"):
        values.pop(name, None)
    return values
