"""Duplicate object keys: where they are, for a document whose parse saw one.

RFC 8259 leaves duplicate names undefined; Python's json (like most parsers) keeps the last
value. strict_json.py's parse hook only compares a dict's size with its list of pairs; this module,
imported only then, finds the positions by a second, tokenising pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from batchcheck.jsontext.pointers import pointer
from batchcheck.jsontext.positions import line_columns
from batchcheck.models import InputWarning

# Strings (keys among them) and the structural characters; numbers and literals are skipped.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')


@dataclass
class _Repeated:
    key: str
    parts: tuple[str | int, ...]
    offsets: list[int]


@dataclass
class _Frame:
    parts: tuple[str | int, ...]
    keys: dict[str, list[int]] | None  # None for an array
    last: str | int = 0  # the current key, or the current index


WARNINGS_KEPT = 1000  # duplicate keys listed per document; the rest are counted in one last warning


def duplicate_key_warnings(text: str, start: int) -> list[InputWarning]:
    """One warning per key repeated in an object of the (valid) JSON in text[start:], the first
    WARNINGS_KEPT of them, then one saying how many more there are."""
    repeated = _find_repeats(text, start)
    left_out = len(repeated) - WARNINGS_KEPT
    del repeated[WARNINGS_KEPT:]
    positions = line_columns(text, (offset for r in repeated for offset in r.offsets))
    warnings = []
    for r in repeated:
        first = positions[r.offsets[0]]
        where = pointer(r.parts) or "the top-level object"
        times = f"{len(r.offsets)} times, first at line {first.line}, column {first.column}"
        message = f"duplicate key {json.dumps(r.key)} in {where} ({times}); the check used the last value"
        warnings.append(InputWarning(message, positions[r.offsets[-1]], pointer((*r.parts, r.key))))
    if left_out > 0:
        more = f"… and {left_out:,} more duplicate keys (the first {WARNINGS_KEPT:,} are listed)"
        warnings.append(InputWarning(more, stands_for=left_out))
    return warnings


def _find_repeats(text: str, start: int) -> list[_Repeated]:
    """Every key that occurs more than once in one object, in document order of its last use."""
    stack: list[_Frame] = []
    found: list[_Repeated] = []
    pending: tuple[str, int] | None = None  # the last string token: a key if ':' follows
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        if token[0] == '"':
            pending = (token, match.start())
        elif token == ":" and pending is not None:
            frame = stack[-1]
            raw_key = pending[0]
            frame.last = json.loads(raw_key) if "\\" in raw_key else raw_key[1:-1]
            assert frame.keys is not None
            frame.keys.setdefault(frame.last, []).append(pending[1])
        elif token in "{[":
            parts = (*stack[-1].parts, stack[-1].last) if stack else ()
            stack.append(_Frame(parts, {} if token == "{" else None))
        elif token in "}]":
            _close(stack.pop(), found)
            if not stack:
                break
        elif token == "," and stack[-1].keys is None:
            stack[-1].last = int(stack[-1].last) + 1
    found.sort(key=lambda r: r.offsets[-1])
    return found


def _close(frame: _Frame, found: list[_Repeated]) -> None:
    for key, offsets in (frame.keys or {}).items():
        if len(offsets) > 1:
            found.append(_Repeated(key, frame.parts, offsets))
