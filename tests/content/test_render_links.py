from portal.content.render import render


def test_protocol_relative_links_are_external():
    html = render("[x](//evil.example/path)", "pt").html
    assert 'href="//evil.example/path"' in html
    assert 'rel="external noopener noreferrer"' in html


def test_site_paths_stay_internal():
    assert "rel=" not in render("[x](/pt/guides/nif)", "pt").html
