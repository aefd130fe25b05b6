"""Positions in text: JSON whitespace, offsets as 1-based line and column (in characters; lines
end at LF, CR LF or a lone CR), and the one formatter of `SOURCE:LINE:COL`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

WHITESPACE = re.compile(r"[ \t\n\r]*")


def skip_whitespace(text: str, pos: int) -> int:
    """The offset of the first character at or after pos that is not JSON whitespace (or len(text))."""
    match = WHITESPACE.match(text, pos)
    assert match is not None  # `[ \t\n\r]*` matches everywhere, if only the empty string
    return match.end()


class Position(NamedTuple):
    """A place in a text: 1-based line and column, the column counted in characters."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


_DRIVE = re.compile(r"[A-Za-z]:[\\/]")  # `C:\` or `C:/`: the one colon a file name may keep


def where(source: str, position: Position | None) -> str:
    """`SOURCE:LINE:COL`, or `SOURCE` alone when the position is unknown.

    A colon in the source is written `\\u003a` (but a Windows drive's), so that no file name
    (`x.json:99:1: y.json`) can pass for a position to an editor or a problem matcher.
    """
    if ":" in source:
        drive = 2 if _DRIVE.match(source) else 0
        source = source[:drive] + source[drive:].replace(":", "\\u003a")
    return f"{source}:{position}" if position is not None else source


def line_column(text: str, offset: int) -> Position:
    """The position of offset in text. Lines end at LF, CR LF or a lone CR (all JSON whitespace);
    the CR of a CR LF is the last character of its line."""
    return Position(_breaks(text, 0, offset) + 1, offset - _line_start(text, 0, offset) + 1)


def line_columns(text: str, offsets: Iterable[int]) -> dict[int, Position]:
    """The positions of many offsets, in one forward pass over text."""
    result: dict[int, Position] = {}
    line, line_start, previous = 1, 0, 0
    for offset in sorted(set(offsets)):
        breaks = _breaks(text, previous, offset)
        if breaks:
            line += breaks
            line_start = _line_start(text, previous, offset)
        result[offset] = Position(line, offset - line_start + 1)
        previous = offset
    return result


def _breaks(text: str, start: int, end: int) -> int:
    """How many line breaks end in text[start:end]: each LF, and each CR not followed by an LF
    (a CR LF ends at its LF, so one that straddles `end` is counted in the next stretch)."""
    pairs = text.count("\r\n", start, min(end + 1, len(text)))  # those starting before end
    return text.count("\n", start, end) + text.count("\r", start, end) - pairs


def _line_start(text: str, start: int, offset: int) -> int:
    """Where the line holding offset starts, given that a line break ends in text[start:offset]."""
    lf = text.rfind("\n", start, offset)
    cr = text.rfind("\r", start, offset)
    if cr >= 0 and cr == offset - 1 and text.startswith("\n", offset):  # the CR of a CR LF, its LF at offset
        cr = text.rfind("\r", start, cr)
    return max(lf, cr) + 1
