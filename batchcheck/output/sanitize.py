"""Make untrusted text (anything from a response or a file name) safe to print."""

from __future__ import annotations

import re

# C0/C1 controls (ESC starts ANSI and OSC sequences), DEL, bidi and zero-width
# formatting characters, line/paragraph separators and lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\u{ord(char):04x}"


def visible(text: str) -> str:
    """text with every control, bidi or invisible character written as an escape."""
    return _UNSAFE.sub(_escape, text)
