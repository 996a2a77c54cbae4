"""One normalisation for every search: applied to the text when it is
indexed and to the query when it is read, on the server and, in the same
steps, on the device (``portal/static/js/search.js``, ``normalise``).

1. NFKC: full-width and half-width forms become ordinary ones ("ＮＩＦ" = "NIF").
2. Lower case.
3. Arabic-script letter variants meet: Farsi/Urdu yeh and alef maksura
   (ی ى → ي), keheh (ک → ك), teh marbuta and Urdu heh forms (ة ۃ ہ ھ ۀ → ه),
   alef with hamza or madda (أ إ آ ٱ → ا); tatweel is removed.
4. Marks are removed after NFD: Latin/Cyrillic diacritics ("saúde" =
   "saude"), Arabic harakat, and the Devanagari and Bengali nukta.
5. Digits of any script become ASCII digits; bidi controls, zero-width
   characters and other control characters (NUL included) become spaces.

Tokens are runs of letters, digits and combining marks. Text in Han, kana
or Hangul, written without spaces, is split into single characters: a
query of any length then matches as a phrase of adjacent characters.
"""
from __future__ import annotations

import re
import unicodedata

ARABIC = {
    "\u06cc": "\u064a", "\u0649": "\u064a", "\u06d2": "\u064a",  # ی ى ے → ي
    "\u06a9": "\u0643",  # ک → ك
    "\u0629": "\u0647", "\u06c3": "\u0647", "\u06c1": "\u0647", "\u06be": "\u0647", "\u06c0": "\u0647",
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0640": "",  # tatweel
}
# Removed after NFD: combining diacritics, Arabic harakat and small marks,
# Devanagari and Bengali nukta.
MARKS = "\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u093c\u09bc"
MARKS_RE = re.compile(f"[{MARKS}]")
# Bidi controls, zero-width characters, BOM, and C0/C1 controls (NUL included).
SPACES_RE = re.compile("[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003134f"
CJK_RE = re.compile(f"[{CJK}]")


def _tables() -> tuple[dict[int, str], str]:
    """Digits of every script as ASCII, and the character class of tokens:
    letters, digits and combining marks (Python's ``\\w`` leaves out the
    vowel signs of Indic scripts, which would cut words in two): the
    marks, as ranges. Worked out once, below U+20000 (there are none above
    but variation selectors)."""
    digits, ranges, start, last = {}, [], None, None
    for code in range(0x20000):
        category = unicodedata.category(chr(code))
        if category == "Nd" and code >= 0x80:
            digits[code] = str(unicodedata.digit(chr(code)))
        if category[0] == "M":
            if start is None:
                start = code
            last = code
        elif start is not None:
            ranges.append((start, last))
            start = None
    if start is not None:
        ranges.append((start, last))
    return digits, "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


_DIGITS, _CLASS = _tables()
TABLE = {**{ord(k): v for k, v in ARABIC.items()}, **_DIGITS}
# Letters and digits (``\\w`` without "_") or marks.
TOKEN_RE = re.compile(f"(?:[^\\W_]|[{_CLASS}])+")


def normalise(text: str) -> str:
    """The text as it is indexed and searched (same length or shorter)."""
    if not text:
        return ""
    text = SPACES_RE.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).lower().translate(TABLE)
    text = MARKS_RE.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", text)


def tokens(text: str) -> list[str]:
    """Normalised tokens; CJK runs as single characters."""
    found = []
    for token in TOKEN_RE.findall(normalise(text)):
        if CJK_RE.search(token):
            found += _split_cjk(token)
        else:
            found.append(token)
    return found


def _split_cjk(token: str) -> list[str]:
    parts, word = [], ""
    for char in token:
        if CJK_RE.match(char):
            if word:
                parts.append(word)
                word = ""
            parts.append(char)
        else:
            word += char
    if word:
        parts.append(word)
    return parts


def index_text(text: str) -> str:
    """Text for the word index: normalised tokens separated by spaces."""
    return " ".join(tokens(text))


def query_parts(text: str) -> list[str]:
    """The query as parts: words, and CJK runs kept together as phrases
    ("税号" is one part, matched as 税 followed by 号)."""
    parts = []
    for token in TOKEN_RE.findall(normalise(text)):
        if CJK_RE.search(token):
            parts.append(" ".join(_split_cjk(token)))
        else:
            parts.append(token)
    return parts


def is_cjk(part: str) -> bool:
    return bool(CJK_RE.search(part))


_CHARS: dict[str, str] = {}


def char_map(text: str) -> tuple[str, list[int]]:
    """``text`` normalised character by character, with the position in
    ``text`` of every normalised character (to highlight matches in the
    original)."""
    out, where = [], []
    known = _CHARS
    for index, char in enumerate(text):
        piece = known.get(char)
        if piece is None:
            piece = normalise(char)
            if len(known) < 100_000:
                known[char] = piece
        out.append(piece)
        where.extend([index] * len(piece))
    return "".join(out), where
