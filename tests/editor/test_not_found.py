"""Missing pages under /editor/ are the workspace's; readers' stay theirs."""
from __future__ import annotations

import pytest

from portal.editor import EDITOR_CSP
from tests.editor.conftest import login, make_user


def _workspace_404(response):
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Security-Policy"] == EDITOR_CSP
    page = response.get_data(as_text=True)
    assert 'class="ed"' in page and 'href="/editor/"' in page  # the workspace's layout, a way back
    return page


@pytest.mark.parametrize("url", ["/editor/nothing", "/editor/edit/nothing", "/editor/users/new/x", "/editor/ä",
                                 "/editor/" + "x" * 500])
def test_an_unknown_address_for_someone_not_logged_in_sets_no_cookie(editor_app, url):
    response = editor_app.test_client().get(url)
    _workspace_404(response)
    assert "Set-Cookie" not in response.headers


def test_unknown_pages_kinds_entries_and_drafts_in_the_editors_language(editor_app):
    make_user(editor_app, "eva", "editor")
    client = editor_app.test_client()
    assert login(client, "eva", with_code=False).status_code == 302
    for url in ("/editor/nothing", "/editor/edit/nokind/nif/pt", "/editor/history/guide/no-such-guide/pt",
                "/editor/review/9999", "/editor/discard/9999", "/editor/edit/guide/nif/xx"):
        page = _workspace_404(client.get(url))
        assert 'lang="pt-PT"' in page and "Voltar ao painel" in page, url  # the Portuguese interface
    from portal.editor.models import User
    from portal.extensions import db

    with editor_app.app_context():
        db.session.execute(db.update(User).values(ui_lang="ar"))
        db.session.commit()
    page = _workspace_404(client.get("/editor/nothing"))
    assert 'lang="ar"' in page and 'dir="rtl"' in page


def test_readers_not_found_page_is_unchanged(editor_app):
    response = editor_app.test_client().get("/pt/nothing-here")
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers
    assert response.headers.get("Content-Security-Policy") != EDITOR_CSP
    assert 'class="ed"' not in response.get_data(as_text=True)
