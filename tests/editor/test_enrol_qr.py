"""The second-factor set-up page draws the setup address as a QR code,
on the server, within the workspace's Content-Security-Policy."""
from __future__ import annotations

import html as html_lib
import re

import segno

from portal.editor import EDITOR_CSP
from tests.editor.conftest import login, make_user

PATH = re.compile(r"([MmHhVvZz])\s*([-\d.\s]*)")


def qr_matrix(svg: str, border: int = 4) -> list[list[bool]]:
    """The dark modules of segno's SVG (one ``<path>`` of horizontal runs
    drawn at each row's middle) read back into a matrix."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1)) - 2 * border
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    matrix = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, args in PATH.findall(path):
        numbers = [float(n) for n in args.split()] if args.strip() else []
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            row = int(y - 0.5) - border
            for column in range(int(x) - border, int(x + numbers[0]) - border):
                matrix[row][column] = True
            x += numbers[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    return matrix


def test_enrol_page_shows_a_qr_code_of_the_setup_address(editor_app):
    make_user(editor_app, "ana", "admin", totp=False)
    client = editor_app.test_client()
    assert login(client, with_code=False).headers["Location"].startswith("/editor/enrol")
    response = client.get("/editor/enrol")
    page = response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] == EDITOR_CSP
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert "style" not in svg and "<script" not in svg and "href" not in svg
    assert 'role="img"' in svg and re.search(r'<title id="qr-title">[^<]+</title>', svg)
    uri = html_lib.unescape(re.search(r'<code class="ed-wrap">([^<]+)</code>', page).group(1))
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    assert uri.startswith("otpauth://totp/Acolher:ana?") and f"secret={secret}" in uri
    expected = [[bool(bit) for bit in row] for row in segno.make(uri, error="m", micro=False).matrix]
    assert qr_matrix(svg) == expected
    # the same secret (and code) on the next visit: the page does not change under the person
    assert client.get("/editor/enrol").get_data(as_text=True).count(secret) == page.count(secret)
