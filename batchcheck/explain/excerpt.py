"""The text around a place in a document, with the value there marked: a window of its line, so
that an error at 7:964804 of a minified response shows the value and not only its column."""

from __future__ import annotations

import re

from batchcheck.jsontext.positions import Position
from batchcheck.models import Excerpt

WINDOW = 160  # characters kept on each side of the value (the report trims them to its width)
# A value's token: a string (to its closing quote on this line), a number or a literal. Anything
# else (an object, an array, a character that is not JSON) is marked by its first character.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|//|/\*')


def excerpt_at(text: str, position: Position | None) -> Excerpt | None:
    """The excerpt of text at position (1-based line and column), or None when it is not in text."""
    if position is None or not text:
        return None
    start = _line_start(text, position.line)
    if start is None:
        return None
    offset = start + position.column - 1
    if not start <= offset <= len(text) or "\n" in text[start:offset]:
        return None
    left = max(start, offset - WINDOW)
    newline = text.find("\n", offset, offset + WINDOW)
    right = newline if newline >= 0 else min(len(text), offset + WINDOW)
    clipped_right = newline < 0 and right < len(text)
    window = text[left:right]
    if not clipped_right:
        window = window.rstrip("\r")
    token = _TOKEN.match(text, offset, right)
    length = token.end() - offset if token and token.end() > offset else 1
    return Excerpt(position.line, window, offset - left, length, left > start, clipped_right)


def _line_start(text: str, line: int) -> int | None:
    """The offset where the 1-based line starts; C-speed even a million lines down."""
    if line <= 1:
        return 0 if line == 1 else None
    found = re.compile(rf"(?:[^\n]*\n){{{line - 1}}}").match(text)
    return found.end() if found else None
