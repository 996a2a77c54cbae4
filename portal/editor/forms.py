"""The workspace's forms (Flask-WTF): every form carries a CSRF token.

The pattern for every form of the workspace::

    class ThingForm(EditorForm):
        title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])

    form = ThingForm()
    if form.validate_on_submit():   # POST with a valid CSRF token and valid fields
        ...                         # save, audit.record(...), db.session.commit(), redirect
    return render_template("editor/thing.html", form=form)   # errors kept with what was typed

and in the template ``{% from "editor/_form.html" import field, csrf %}``
then ``<form method="post">{{ csrf(form) }}{{ field(form.title) }}…</form>``.
Besides, every POST to ``/editor/`` is refused with 400 without a valid token
(:func:`portal.editor.init_app`), form class or not.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from .accounts import MAX_PASSWORD, MIN_PASSWORD


class EditorForm(FlaskForm):
    """Base of the workspace's forms."""


class LoginForm(EditorForm):
    username = StringField(_l("Account name"), validators=[DataRequired(), Length(max=80)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none",
                                      "spellcheck": "false"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)],
                             render_kw={"autocomplete": "current-password"})
    code = StringField(_l("6-digit code from your authenticator app (if you use one)"),
                       validators=[Optional(), Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Six digits."))],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class TotpForm(EditorForm):
    code = StringField(_l("6-digit code from your authenticator app"),
                       validators=[DataRequired(), Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Six digits."))],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class NewPasswordForm(EditorForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)],
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("The new password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)],
                            render_kw={"autocomplete": "current-password"})


class ActionForm(EditorForm):
    """A button that changes something (log out, disable): only the token."""


class RoleForm(EditorForm):
    """Role and scope of an account. Service points, programmes and places
    are chosen among the published ones (the choices are set by the view)."""

    role = SelectField(_l("Role"), choices=[])
    languages = StringField(_l("Languages (translators), separated by commas"), validators=[Length(max=200)])
    service_points = SelectMultipleField(_l("Service points (coordinators)"), choices=[])
    programmes = SelectMultipleField(_l("Programmes (course providers)"), choices=[])
    places = SelectMultipleField(_l("Places (course providers; none chosen: any)"), choices=[])
    enabled = BooleanField(_l("Account enabled"))


class NewUserForm(RoleForm):
    """A new account: no password here; the person sets it with a link."""

    username = StringField(_l("Account name"), validators=[DataRequired(), Length(max=80)],
                           render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})
    email = StringField(_l("E-mail address (optional)"),
                        validators=[Optional(), Length(max=200),
                                    Regexp(r"^[^@\s]+@[^@\s]+$", message=_l("Not an e-mail address."))],
                        render_kw={"autocomplete": "off", "dir": "ltr"})
    enabled = None


class LanguageForm(EditorForm):
    ui_lang = SelectField(_l("Language of the workspace"), choices=[])
