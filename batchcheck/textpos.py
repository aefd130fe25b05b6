"""Positions in text: JSON whitespace, and offsets as 1-based line and column (in characters)."""

from __future__ import annotations

import re
from collections.abc import Iterable

WHITESPACE = re.compile(r"[ \t\n\r]*")


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of offset in text."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def line_columns(text: str, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Line and column of many offsets in one forward pass over text."""
    result: dict[int, tuple[int, int]] = {}
    line, line_start, previous = 1, 0, 0
    for offset in sorted(set(offsets)):
        newlines = text.count("\n", previous, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", previous, offset) + 1
        result[offset] = (line, offset - line_start + 1)
        previous = offset
    return result
