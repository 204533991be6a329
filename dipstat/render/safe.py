"""Make untrusted article text inert before it reaches a terminal or a spreadsheet.

Control characters, escape sequences, C1 controls and bidirectional overrides are
replaced by visible stand-ins (``\\x1b`` style), so an article cannot move the cursor,
recolour the screen, set a hyperlink or reorder what the reader sees.  An escape
sequence such as ``ESC [31m`` loses its ESC and so prints as the harmless text
``\\x1b[31m``.
"""

from __future__ import annotations

import re

# C0 controls but tab/newline, DEL, C1 controls (U+009B is a one-character CSI on some
# terminals), the Unicode bidi embedding, override and isolate marks (Trojan Source,
# CVE-2021-42574), and the line/paragraph separators some terminals treat as newlines.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# The same set minus C0: json.dumps already escapes C0 controls.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, single_line: bool = False) -> str:
    """``text`` with every unsafe character shown as an escape; newlines kept or folded."""
    text = _UNSAFE.sub(_visible, text)
    if single_line:
        text = text.replace("\t", " ").replace("\n", " ")
    return text


def json_safe(dumped: str) -> str:
    """Escape, in text made by ``json.dumps(ensure_ascii=False)``, what json leaves raw.

    The result parses back to the same value: the characters only occur inside
    JSON strings, where ``\\uXXXX`` means the same character.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value
