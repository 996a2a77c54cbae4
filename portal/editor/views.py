"""Workspace pages: log in and out, second factor, passwords, accounts,
the audit log and the dashboard."""
from __future__ import annotations

import secrets
from urllib.parse import unquote, urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from ..extensions import db
from ..models import utcnow
from . import accounts, audit, bp, limiter
from .access import admin_required, editor_required
from .forms import ActionForm, ChangePasswordForm, LoginForm, NewPasswordForm, TotpForm
from .models import User

role_names = {
    "admin": _l("administrator"),
    "editor": _l("editor"),
    "reviewer": _l("reviewer"),
    "translator": _l("translator"),
    "coordinator": _l("centre coordinator"),
    "provider": _l("course provider"),
}
scope_names = {
    "languages": _l("languages"),
    "service_points": _l("service points"),
    "programmes": _l("programmes"),
    "places": _l("places"),
    "publish_fields": _l("fields published without review"),
}

ENROL = "editor_enrol"  # session key: the account that passed its password and must enrol a second factor
ENROL_SECRET = "editor_enrol_secret"


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path inside the workspace, never
    another site (``//evil``, ``https://evil``, ``/\\evil``)."""
    default = url_for("editor.dashboard")
    if not target or len(target) > 1000:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or any(ord(c) < 32 for c in target):
        return default
    segments = unquote(parts.path).split("/")
    if ".." in segments or "." in segments:
        return default  # /editor/../pt/ leaves the workspace once the browser resolves it
    if not (parts.path == "/editor" or parts.path.startswith("/editor/")) or target.startswith("//"):
        return default
    return target


def _login_failed_key() -> str:
    """Failed logins are also counted per account name typed."""
    name = (request.form.get("username") or "").strip().lower()[:80]
    return f"account:{name}"


def _count_failure(response) -> bool:
    return bool(g.get("login_failed"))


def _login_limit() -> str:
    return current_app.config["EDITOR_LOGIN_LIMIT"]


def _account_limit() -> str:
    return current_app.config["EDITOR_ACCOUNT_LOGIN_LIMIT"]


def _start_session(user: User) -> None:
    """A new session at login: nothing from before it survives (no fixation)."""
    session.clear()
    login_user(user)
    session.permanent = True
    session["editor_nonce"] = secrets.token_urlsafe(16)  # the whole cookie differs from any earlier one
    user.last_login_at = utcnow()
    audit.record("login", audit.target("user", user.username), user=user)
    db.session.commit()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_count_failure)
@limiter.limit(_account_limit, methods=["POST"], key_func=_login_failed_key, deduct_when=_count_failure)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = accounts.find(form.username.data)
        ok = accounts.check_password(user, form.password.data)
        reason = "password"
        if ok and user.disabled:
            ok, reason = False, "disabled"
        if ok and user.totp_secret:
            ok = accounts.check_totp(user, form.code.data or "")
            reason = "code"
        if ok and user.totp_required and not user.totp_secret:
            db.session.commit()
            session.clear()
            session[ENROL] = user.get_id()
            return redirect(url_for("editor.enrol", next=safe_next(request.args.get("next"))))
        if ok:
            _start_session(user)
            return redirect(safe_next(request.args.get("next")))
        g.login_failed = failed = True
        db.session.rollback()
        audit.record_now("login-failed", audit.target("user", user.username) if user else None,
                         {"reason": reason} if user else {"reason": "unknown account"}, user=user)
    return render_template("editor/login.html", form=form, failed=failed), (401 if failed else 200)


@bp.route("/enrol", methods=["GET", "POST"])
def enrol():
    """Set up a second factor: show a new secret, keep it once a code from
    it is typed. Either the first login of an account that needs one (its
    password passed, no session yet), or a logged-in editor who wants one."""
    from . import _load_user

    logged_in = current_user.is_authenticated
    user = current_user._get_current_object() if logged_in else _load_user(session.get(ENROL, ""))
    if user is None:
        return redirect(url_for("editor.login"))
    if user.totp_secret:
        # Replacing a second factor needs an administrator (users reset-password --reset-totp),
        # never only a session, which may be someone else's.
        return redirect(url_for("editor.account"))
    secret = session.get(ENROL_SECRET) or accounts.new_totp_secret()
    session[ENROL_SECRET] = secret
    form = TotpForm()
    if form.validate_on_submit():
        if accounts.check_totp(user, form.code.data, secret):
            user.totp_secret = secret
            audit.record("totp-enrolled", audit.target("user", user.username), user=user)
            if logged_in:
                session.pop(ENROL_SECRET, None)
                db.session.commit()
                return redirect(url_for("editor.account"))
            _start_session(user)
            return redirect(safe_next(request.args.get("next")))
        form.code.errors = [*form.code.errors, _("That code is not right. Try the newest one.")]
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    uri = accounts.totp_uri(user, secret)
    qr = Markup(accounts.qr_svg(uri, _("QR code for your authenticator app; or type the key below")))
    return render_template("editor/enrol.html", form=form, secret=grouped, uri=uri, qr=qr)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """A page with the button (a form with its token), so that the other
    pages carry no token and may be compressed."""
    if request.method == "GET":
        if not current_user.is_authenticated:
            return redirect(url_for("editor.login"))
        return render_template("editor/logout.html", form=ActionForm())
    if current_user.is_authenticated:
        audit.record("logout", audit.target("user", current_user.username))
        db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("editor.login"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """The one-time link ``flask users reset-password`` prints."""
    user = accounts.user_for_reset(token)
    if user is None:
        return render_template("editor/reset.html", form=None), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(user, form.password.data)
        except accounts.AccountError as exc:
            form.password.errors = [*form.password.errors, str(exc).split(": ", 1)[-1]]
        else:
            audit.record("password-reset", audit.target("user", user.username), user=user)
            db.session.commit()
            session.clear()
            flash(_("Your password is set. Log in with it."))
            return redirect(url_for("editor.login"))
    return render_template("editor/reset.html", form=form, user=user)


@bp.route("/account", methods=["GET", "POST"])
@editor_required
def account():
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        if not accounts.check_password(user, form.current.data):
            form.current.errors = [*form.current.errors, _("That is not your current password.")]
        else:
            try:
                accounts.set_password(user, form.password.data)
            except accounts.AccountError as exc:
                form.password.errors = [*form.password.errors, str(exc).split(": ", 1)[-1]]
            else:
                audit.record("password-changed", audit.target("user", user.username))
                db.session.commit()
                _start_session(user)  # this session goes on; every other one ended
                flash(_("Your password is changed. Your other sessions are logged out."))
                return redirect(url_for("editor.account"))
    return render_template("editor/account.html", form=form, user=user, language_form=_language_form(user))


def _language_form(user: User):
    from ..i18n import LANGUAGES
    from .forms import LanguageForm

    form = LanguageForm(data={"ui_lang": user.ui_lang})
    form.ui_lang.choices = [(code, language.native_name) for code, language in LANGUAGES.items()]
    return form


@bp.route("/account/language", methods=["POST"])
@editor_required
def account_language():
    user = current_user._get_current_object()
    form = _language_form(user)
    if form.validate_on_submit():
        user.ui_lang = form.ui_lang.data
        db.session.commit()
    return redirect(url_for("editor.account"))


@bp.errorhandler(CSRFError)
def csrf_error(error):
    return render_template("editor/error.html", code=400,
                           message=_("The form had expired or did not come from this page. "
                                     "Nothing was saved. Go back, reload the page and try again.")), 400


@bp.errorhandler(403)
def forbidden(error):
    return render_template("editor/error.html", code=403,
                           message=_("Your role does not allow this. Ask an administrator if you need it.")), 403


@bp.errorhandler(404)
def not_found(error=None):
    """Every "not found" under ``/editor/``: an unknown address (no route, so
    no blueprint hook ran: see ``portal.web.errors``), kind, entry or draft.
    The workspace's page, language, cache rule and policy; no cookie is set
    for someone not logged in (nothing is written to the session)."""
    from flask import make_response

    from . import EDITOR_CSP

    if getattr(g, "lang", None) is None:
        from ..i18n import LANGUAGES, SOURCE_LANGUAGE

        lang = getattr(current_user, "ui_lang", None) if current_user.is_authenticated else None
        g.lang = lang if lang in LANGUAGES else SOURCE_LANGUAGE
    response = make_response(render_template(
        "editor/error.html", code=404,
        message=_("There is nothing at this address in the workspace. The entry or draft may have "
                  "been removed, or the address is mistyped.")), 404)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = EDITOR_CSP
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.vary.add("Cookie")
    return response


@bp.errorhandler(429)
def limited(error):
    if request.endpoint == "editor.login":
        user = accounts.find(request.form.get("username") or "")
        audit.record_now("login-limited", audit.target("user", user.username) if user else None,
                         {"limit": str(error.description)[:100]}, user=user)
    return render_template("editor/error.html", code=429,
                           message=_("Too many attempts. Wait a quarter of an hour and try again.")), 429


@bp.context_processor
def workspace_context():
    return {"role_names": role_names, "scope_names": scope_names}


# --- dashboard ---------------------------------------------------------------------------

@bp.route("/")
@editor_required
def dashboard():
    from ..content.kinds import KINDS
    from . import dashboard as board

    kind = request.args.get("kind", "")
    kind = kind if kind in KINDS else ""
    state = request.args.get("state", "")
    state = state if state in board.STATES else ""
    lang = request.args.get("lang", "")
    query = request.args.get("q", "")[:100]
    mine = request.args.get("mine") == "1"
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 1
    view = board.build(current_user, kind, lang, state, query, mine, page)
    kept = {key: value for key, value in request.args.items()
            if key in ("kind", "state", "lang", "q", "mine") and value}

    def page_url(number: int) -> str:
        return url_for("editor.dashboard", **kept, page=number)

    return render_template("editor/dashboard.html", view=view, kinds=KINDS, states=board.STATES,
                           state_names={key: str(value) for key, value in board.STATE_NAMES.items()},
                           kind_names={key: str(value) for key, value in board.KIND_NAMES.items()}, edit_url=board.edit_url, page_url=page_url,
                           filters={"kind": kind, "state": state, "lang": lang if lang in view.langs else "",
                                    "q": query, "mine": mine})


# --- audit log (admins) ----------------------------------------------------------------------

def _audit_filters():
    from datetime import date, timedelta

    def day(name):
        try:
            return date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None

    since, until = day("from"), day("to")
    return {
        "action": request.args.get("action", "")[:40],
        "actor": request.args.get("actor", "")[:80],
        "target_part": request.args.get("target", "")[:100],
        "since": since,
        "until": until + timedelta(days=1) if until else None,
    }, {"action": request.args.get("action", ""), "actor": request.args.get("actor", ""),
        "target": request.args.get("target", ""), "from": since.isoformat() if since else "",
        "to": until.isoformat() if until else ""}


@bp.route("/audit")
@admin_required
def audit_log():
    filters, shown = _audit_filters()
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    items, total = audit.events(**filters, limit=100, offset=(page - 1) * 100)
    kept = {key: value for key, value in shown.items() if value}
    return render_template("editor/audit.html", events=items, total=total, page=page,
                           pages=max(1, -(-total // 100)), filters=shown, actions=audit.ACTIONS,
                           csv_url=url_for("editor.audit_csv", **kept),
                           page_url=lambda n: url_for("editor.audit_log", **kept, page=n))


@bp.route("/audit.csv")
@admin_required
def audit_csv():
    from flask import Response

    filters, _shown = _audit_filters()
    items, _total = audit.events(**filters, limit=None)
    response = Response(audit.csv_lines(items), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="acolher-audit-{utcnow():%Y%m%d-%H%M}.csv"'
    return response


# --- accounts (admins) ---------------------------------------------------------------------

@bp.route("/users")
@admin_required
def users():
    from .models import ROLES

    items = db.session.execute(db.select(User).order_by(User.username)).scalars().all()
    return render_template("editor/users.html", users=items, roles=ROLES)


SCOPE_FIELDS = ("languages", "service_points", "programmes", "places")
# The form field where a refused scope is reported, by role.
SCOPE_FIELD_OF_ROLE = {"translator": "languages", "coordinator": "service_points", "provider": "programmes"}


def _published(kind: str) -> list[tuple[str, str]]:
    """``(id, "Name (id)")`` of the published items of ``kind``."""
    from ..i18n import SOURCE_LANGUAGE
    from ..models import Guide, Revision, Translation

    rows = db.session.execute(
        db.select(Guide.slug, Revision.title)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.kind == kind, Guide.published.is_(True), Translation.lang == SOURCE_LANGUAGE)
        .order_by(Guide.slug)).all()
    return [(slug, f"{title} ({slug})" if title and title != slug else slug) for slug, title in rows]


def _scope_choices(form, scope: dict | None = None) -> None:
    """The published service points and programmes as the choices of the
    scope fields, plus the ids the account has that are not published
    (still shown, so saving does not drop them unseen)."""
    points = _published("service")
    for key, choices in (("service_points", points), ("places", points), ("programmes", _published("programme"))):
        known = {value for value, _label in choices}
        kept = [(value, _("%(id)s (not published)", id=value))
                for value in (scope or {}).get(key) or [] if value not in known]
        getattr(form, key).choices = [*choices, *kept]


def _scope_of(form) -> dict:
    def split(value):
        return [part.strip() for part in (value or "").split(",") if part.strip()]

    return {"languages": split(form.languages.data),
            **{key: list(getattr(form, key).data or []) for key in SCOPE_FIELDS[1:]}}


def _account_error(form, exc: accounts.AccountError) -> None:
    """Show an account refusal next to the field it is about."""
    where, _sep, message = str(exc).partition(": ")
    if where not in ("username", "role", "scope") or not message:
        where, message = "role", str(exc)
    if where == "scope":
        where = SCOPE_FIELD_OF_ROLE.get(form.role.data, "role")
    target = getattr(form, where)
    target.errors = [*target.errors, message]


def _reset_link(token: str) -> str:
    """The whole address to hand over, as ``flask users create`` prints it."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/")
    return f"{base}{url_for('editor.reset', token=token)}"


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def user_new():
    """A new account. No password is typed here: the page shows a one-time
    link (24 h) where the person sets it; admins and reviewers then set up
    their second factor at their first login."""
    from .forms import NewUserForm
    from .models import ROLES

    form = NewUserForm()
    form.role.choices = [(role, role_names[role]) for role in ROLES]
    _scope_choices(form)
    if form.validate_on_submit():
        try:
            user = accounts.create(form.username.data, form.role.data, _scope_of(form),
                                   email=(form.email.data or "").strip() or None)
        except accounts.AccountError as exc:
            db.session.rollback()
            _account_error(form, exc)
        else:
            token = accounts.issue_reset(user)
            audit.record("user-created", audit.target("user", user.username),
                         {"role": user.role, "scope": user.scope})
            db.session.commit()
            return render_template("editor/user_new.html", form=None, user=user,
                                   reset_link=_reset_link(token))
    return render_template("editor/user_new.html", form=form, user=None, reset_link=None), (
        422 if request.method == "POST" else 200)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    from .forms import RoleForm
    from .models import ROLES

    user = db.get_or_404(User, user_id)
    form = RoleForm(data={
        "role": user.role, "enabled": not user.disabled, "languages": ", ".join(user.scoped("languages")),
        **{key: user.scoped(key) for key in SCOPE_FIELDS[1:]},
    })
    form.role.choices = [(role, role_names[role]) for role in ROLES]
    _scope_choices(form, user.scope)
    reset_link = None
    if form.validate_on_submit():
        # what the form does not show is kept (fields a coordinator may publish)
        scope = {**_scope_of(form), "publish_fields": user.scoped("publish_fields")}
        before = {"role": user.role, "scope": user.scope, "disabled": user.disabled}
        try:
            if request.form.get("reset") == "1":
                token = accounts.issue_reset(user)
                user.end_sessions()
                audit.record("reset-link", audit.target("user", user.username))
                reset_link = url_for("editor.reset", token=token, _external=False)
            else:
                if user.id == current_user.id and form.role.data != "admin":
                    raise accounts.AccountError(_("You cannot take the administrator role from your own account."))
                if (form.role.data, accounts.clean_scope(form.role.data, scope)) != (user.role, user.scope):
                    accounts.set_role(user, form.role.data, scope)
                    audit.record("role-changed", audit.target("user", user.username),
                                 {"before": {"role": before["role"], "scope": before["scope"]},
                                  "after": {"role": user.role, "scope": user.scope}})
                if form.enabled.data == user.disabled:
                    if user.id == current_user.id and not form.enabled.data:
                        raise accounts.AccountError(_("You cannot disable your own account."))
                    user.disabled = not form.enabled.data
                    if user.disabled:
                        user.end_sessions()
                    audit.record("user-disabled" if user.disabled else "user-enabled",
                                 audit.target("user", user.username))
        except accounts.AccountError as exc:
            db.session.rollback()
            _account_error(form, exc)
        else:
            db.session.commit()
            if reset_link is None:
                flash(_("Saved."))
                return redirect(url_for("editor.user_edit", user_id=user.id))
    return render_template("editor/user_edit.html", form=form, user=user, reset_link=reset_link)
