"""Reader pages: absolute alternates, direct answers for /favicon.ico and
/robots.txt, the guide's first screen and the 404 page."""
import re

BASE = "https://acolher.example"


def head_links(html: str, rel: str) -> list[str]:
    return re.findall(rf'<link rel="{rel}"[^>]*href="([^"]+)"', html)


def test_canonical_and_hreflang_are_absolute_on_the_public_url(web):
    html = web.get("/en/guides/tax-number", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert head_links(html, "canonical") == [f"{BASE}/en/guides/tax-number"]
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
    assert len(alternates) == 13
    assert ("pt-PT", f"{BASE}/pt/guides/tax-number") in alternates
    assert ("x-default", f"{BASE}/") in alternates
    assert "evil.example" not in html


def test_favicon_and_robots_are_answered_directly(web):
    icon = web.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/x-icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"
    robots = web.get("/robots.txt")
    assert robots.status_code == 200 and robots.mimetype == "text/plain"
    assert "Disallow: /api/" in robots.get_data(as_text=True)


def test_guide_first_screen(web):
    html = web.get("/en/guides/tax-number").get_data(as_text=True)
    notice = re.search(r'<details class="notice machine">\s*<summary>([^<]+)</summary>', html)
    assert notice and notice.group(1) == "Machine translation"
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert crumbs.count("<li>") == 2, "the title is the heading, not a third crumb"
    assert html.count('id="where"') == 1 and "where-heading" not in html


def test_where_to_go_from_fields_when_the_body_has_none(web):
    html = web.get("/pt/guides/health-number").get_data(as_text=True)
    assert 'id="where-heading"' in html


def test_404_names_the_address_once_truncated(web):
    slug = "forged-" + "x" * 3900
    response = web.get(f"/pt/guides/{slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert html.count("forged-") == 1
    assert "x" * 200 not in html
    assert len(html) < 8000
    assert 'rel="canonical"' not in html and 'hreflang="ar"' not in html.split("</head>")[0]
