"""Find where values sit in the original text: JSON Pointer -> offset -> line:column.

Only the pointers actually reported are located, in one pass over the text that
skips every value it does not need with the C JSON scanner: no source map is built.
The pass reads objects to their end, so a duplicated key resolves to its last
occurrence: the value Python's json kept, and so the one that was validated.
"""

from __future__ import annotations

import json
import json.decoder
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

from batchcheck.jsontext.pointers import Parts
from batchcheck.jsontext.positions import Position, line_columns, skip_whitespace

_SKIPPER = json.JSONDecoder()
# json's scanners, which its type stubs leave out (hence vars()): a string's (value, end) after its
# opening quote, and any value's (value, end), the C scanner raw_decode wraps (StopIteration on bad input)
_scanstring: Callable[[str, int], tuple[str, int]] = vars(json.decoder)["scanstring"]
_SCAN: Callable[[str, int], tuple[Any, int]] = vars(_SKIPPER)["scan_once"]
_BLANK = " \t\n\r"
_END = object()
_Trie = dict[Any, Any]  # a key or index -> the trie below it; _END -> the Parts that end here


def locate(text: str, start: int, pointers: Iterable[Parts]) -> dict[Parts, int]:
    """Offsets in text of the values at the given paths of the JSON value at start."""
    trie: _Trie = {}
    found = _Found()
    for parts in pointers:
        node = trie
        for part in parts:
            node = node.setdefault(part, {})
        found.wanted += _END not in node
        node[_END] = parts
    with suppress(
        ValueError, IndexError, StopIteration, RecursionError, _AllFound
    ):  # odd input: keep what was found
        _walk(text, start, trie, found)
    return dict(found)


def locate_positions(text: str, start: int, pointers: Iterable[Parts]) -> dict[Parts, Position]:
    """The line:column of the values at the given paths (those found) of the JSON value at start."""
    offsets = locate(text, start, pointers)
    positions = line_columns(text, offsets.values())
    return {parts: positions[offset] for parts, offset in offsets.items()}


class _Found(dict[Parts, int]):
    """Offsets found so far, and how many paths are wanted."""

    wanted = 0


class _AllFound(Exception):
    """Every wanted path is located and final: the rest of the text need not be read."""


def _walk(text: str, pos: int, trie: _Trie, found: _Found, keys: tuple[str, ...] = ()) -> int:
    """Record offsets for trie's paths inside the value at pos; return the value's end.

    keys are the keys taken in the objects that enclose pos (their ends are not read yet).
    """
    pos = skip_whitespace(text, pos)
    if _END in trie:
        found[trie[_END]] = pos
    if len(trie) == (_END in trie):
        return _SKIPPER.raw_decode(text, pos)[1]
    opener = text[pos]
    if opener == "{":
        return _walk_object(text, pos + 1, trie, found, keys)
    if opener == "[":
        return _walk_array(text, pos + 1, trie, found, keys)
    return _SKIPPER.raw_decode(text, pos)[1]


def _walk_object(text: str, pos: int, trie: _Trie, found: _Found, keys: tuple[str, ...]) -> int:
    pos = skip_whitespace(text, pos)
    if text[pos] == "}":
        return pos + 1
    while True:
        key, pos = _scanstring(text, pos + 1)
        pos = skip_whitespace(text, pos) + 1  # the colon
        child = trie.get(key)
        if child is None:
            pos = _SKIPPER.raw_decode(text, skip_whitespace(text, pos))[1]
        else:
            pos = _walk(text, pos, child, found, (*keys, key))
        pos = skip_whitespace(text, pos)
        if text[pos] == "}":
            return pos + 1
        pos = skip_whitespace(text, pos + 1)  # the comma


def _walk_array(text: str, pos: int, trie: _Trie, found: _Found, keys: tuple[str, ...]) -> int:
    pos = skip_whitespace(text, pos)
    if text[pos] == "]":
        return pos + 1
    index = 0
    for target in sorted(part for part in trie if isinstance(part, int)):
        while index < target:  # the items in between: the hot path over a big batch
            pos, closed = _skip_item(text, pos)
            if closed:
                return pos
            index += 1
        pos = _walk(text, pos, trie[target], found, keys)
        if text[pos] in _BLANK:
            pos = skip_whitespace(text, pos)
        if text[pos] == "]":
            return pos + 1
        pos += 1  # the comma
        index += 1
    if len(found) == found.wanted and _final(text, pos, keys):
        raise _AllFound  # skipping the rest of a big batch would cost a full parse
    while True:
        pos, closed = _skip_item(text, pos)
        if closed:
            return pos


def _skip_item(text: str, pos: int) -> tuple[int, bool]:
    """Past the array item at pos and its comma; (position after `]`, True) after the last item."""
    if text[pos] in _BLANK:
        pos = skip_whitespace(text, pos)
    pos = _SCAN(text, pos)[1]
    if text[pos] in _BLANK:
        pos = skip_whitespace(text, pos)
    if text[pos] == "]":
        return pos + 1, True
    return pos + 1, False


def _final(text: str, pos: int, keys: tuple[str, ...]) -> bool:
    """True when no enclosing object can repeat its key after pos (a later duplicate would win)."""
    return all(text.find(json.dumps(key, ensure_ascii=False), pos) < 0 for key in set(keys))
