"""Positions in text: JSON whitespace, offsets as 1-based line and column (in characters), and
the one formatter of `SOURCE:LINE:COL`."""

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
    """The position of offset in text."""
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)


def line_columns(text: str, offsets: Iterable[int]) -> dict[int, Position]:
    """The positions of many offsets, in one forward pass over text."""
    result: dict[int, Position] = {}
    line, line_start, previous = 1, 0, 0
    for offset in sorted(set(offsets)):
        newlines = text.count("\n", previous, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", previous, offset) + 1
        result[offset] = Position(line, offset - line_start + 1)
        previous = offset
    return result
