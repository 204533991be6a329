"""Make untrusted article text inert before it reaches a terminal.

Control characters, escape sequences, C1 controls and bidirectional overrides are
replaced by visible stand-ins (``\\x1b`` style), so an article cannot move the cursor,
recolour the screen, set a hyperlink or reorder what the reader sees.
"""

from __future__ import annotations

import re

# C0 controls but tab/newline, DEL, C1 controls, and the Unicode bidi embedding,
# override and isolate marks (Trojan Source, CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, single_line: bool = False) -> str:
    """``text`` with every unsafe character shown as an escape; newlines kept or folded."""
    text = _UNSAFE.sub(_visible, text)
    if single_line:
        text = text.replace("\t", " ").replace("\n", " ")
    return text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value
