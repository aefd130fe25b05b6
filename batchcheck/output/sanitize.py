"""Make untrusted text (anything from a response or a file name) safe to print."""

from __future__ import annotations

import re

# What str.isprintable() lets through but a terminal would hide or reorder: combining
# grapheme joiner, Hangul fillers, variation selectors. Everything non-printable (controls,
# ESC of ANSI/OSC sequences, bidi and other format characters, separators other than the
# space, surrogates, private use) is escaped as well.
_INVISIBLE = re.compile("[\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _unsafe(char: str) -> bool:
    return not (char.isprintable() or char == " ") or bool(_INVISIBLE.match(char))


def visible(text: str) -> str:
    """text with every control, format, invisible or unpaired-surrogate character escaped."""
    if text.isprintable() and not _INVISIBLE.search(text):
        return text
    return "".join(_escape(c) if _unsafe(c) else c for c in text)
