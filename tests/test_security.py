"""Security headers, no cookies for readers, immutable static files."""
import re

import pytest


def _static_url(client, suffix):
    html = client.get("/pt/").get_data(as_text=True)
    return re.search(rf'"(/static/[^"]+\.{suffix})"', html).group(1)


@pytest.mark.parametrize("path", ["/pt/", "/xx/", "/"])
def test_security_headers_on_pages(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "geolocation=()" in headers["Permissions-Policy"]


def test_static_files_are_hashed_immutable_and_have_headers(client):
    url = _static_url(client, "css")
    assert re.search(r"\.[0-9a-f]{12}\.css$", url)
    with client.get(url) as response:
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_static_files_are_served_compressed(client):
    url = _static_url(client, "css")
    with client.get(url, headers={"Accept-Encoding": "br"}) as response:
        assert response.headers["Content-Encoding"] == "br"


def test_reader_pages_set_no_cookie_and_do_not_vary_on_it(client):
    response = client.get("/pt/")
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


def test_pages_have_no_inline_script_and_no_third_party(app, client):
    html = client.get("/ar/").get_data(as_text=True)
    assert re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html) is None
    head = html.split("</head>")[0]
    # Only canonical and hreflang links are absolute (never fetched), on our own origin.
    fetched = [tag for tag in re.findall(r"<[a-z][^>]*>", head) if not re.search(r'rel="(canonical|alternate)"', tag)]
    assert not [tag for tag in fetched if re.search(r'(src|href)="(https?:)?//', tag)]
    base = app.config["PUBLIC_BASE_URL"]
    assert all(url.startswith(base) for url in re.findall(r'rel="(?:canonical|alternate)"[^>]*href="([^"]+)"', head))
    tags = re.findall(r"<[a-z][^>]*>", html)
    assert not [tag for tag in tags if re.search(r"\son[a-z]+\s*=", tag)]


def test_session_cookie_flags(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
