"""A HAR file's text -> its `log.entries`, one at a time, each with its place in the file.

The walk skips everything but `log.entries` with the C JSON scanner and parses the entries one by
one, so an entry that is cut off (a capture saved while traffic was still coming, a copy that
stopped short) is named, with the entries before it intact.
"""

from __future__ import annotations

import json
import json.decoder
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from batchcheck.jsontext.positions import Position, skip_whitespace
from batchcheck.models import InputError

_DECODER = json.JSONDecoder()
_scanstring: Callable[[str, int], tuple[str, int]] = vars(json.decoder)["scanstring"]


@dataclass(frozen=True)
class NotHar:
    """Why the text is no HAR capture (or where it stops before its entries)."""

    message: str
    position: Position | None = None


@dataclass(frozen=True)
class EntryText:
    """One entry: its number (from 1), where it starts, and its value or why it cannot be read."""

    number: int
    position: Position
    value: Any = None
    error: InputError | None = None


Entries = Iterator[EntryText]


class _Lines:
    """line:column of offsets met in increasing order, counting each newline once."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line, self.line_start = text, 0, 1, 0

    def at(self, offset: int) -> Position:
        newlines = self.text.count("\n", self.offset, offset)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return Position(self.line, offset - self.line_start + 1)


class _Stop(Exception):
    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.message, self.offset = message, offset


def entries(text: str) -> Entries | NotHar:
    """The entries of a HAR text, or why it is none."""
    try:
        start = _entries_start(text)
    except _Stop as stop:
        lines = _Lines(text)
        return NotHar(stop.message, lines.at(stop.offset) if stop.offset is not None else None)
    return _entries(text, start)


def _entries_start(text: str) -> int:
    """The offset just after the `[` of log.entries."""
    log = _member(text, skip_whitespace(text, 0), "log", "the file")
    return _member(text, log, "entries", "log", array=True)


def _member(text: str, pos: int, wanted: str, where: str, array: bool = False) -> int:
    """The offset of member `wanted` of the object at pos (just after `[` when array)."""
    if pos >= len(text):
        raise _Stop("not a HAR capture: empty file" if where == "the file" else "truncated capture")
    if text[pos] != "{":
        raise _Stop(f"not a HAR capture: {where} is not a JSON object", pos)
    try:
        pos = skip_whitespace(text, pos + 1)
        while text[pos] != "}":
            key, pos = _scanstring(text, pos + 1)
            pos = skip_whitespace(text, skip_whitespace(text, pos) + 1)  # past the colon
            if key == wanted:
                if array:
                    if text[pos] != "[":
                        raise _Stop(f"not a HAR capture: {where}.{wanted} is not an array", pos)
                    return pos + 1
                return pos
            pos = skip_whitespace(text, _DECODER.raw_decode(text, pos)[1])
            if text[pos] == ",":
                pos = skip_whitespace(text, pos + 1)
    except (json.JSONDecodeError, IndexError, ValueError) as exc:
        if isinstance(exc, _Stop):
            raise
        end = getattr(exc, "pos", len(text))
        unterminated = str(exc).startswith("Unterminated string")  # a string runs to the end
        if unterminated or skip_whitespace(text, end) >= len(text):
            raise _Stop(f"truncated capture: the file ends before {where}.{wanted}") from None
        raise _Stop(f"not a HAR capture: invalid JSON before {where}.{wanted}", end) from None
    raise _Stop(f"not a HAR capture: {where} has no {wanted!r} member", pos)


def _entries(text: str, pos: int) -> Entries:
    lines = _Lines(text)
    number = 0
    pos = skip_whitespace(text, pos)
    while pos < len(text) and text[pos] != "]":
        number += 1
        where = lines.at(pos)
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            if exc.msg.startswith("Unterminated string") or skip_whitespace(text, exc.pos) >= len(text):
                message = f"truncated capture: the file ends inside entry {number}"
                yield EntryText(number, where, error=InputError(message, where))
            else:
                error = InputError(f"invalid JSON in entry {number}: {exc.msg}", lines.at(exc.pos))
                yield EntryText(number, where, error=error)
            return
        yield EntryText(number, where, value)
        pos = skip_whitespace(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = skip_whitespace(text, pos + 1)
        elif pos < len(text) and text[pos] != "]":
            error = InputError(f"invalid JSON after entry {number}: expected `,` or `]`", lines.at(pos))
            yield EntryText(number + 1, lines.at(pos), error=error)
            return
    if pos >= len(text):
        where = lines.at(len(text))
        error = InputError(f"truncated capture: the file ends after entry {number}, before `]`", where)
        yield EntryText(number + 1, where, error=error)
