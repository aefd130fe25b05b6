"""Find where values sit in the original text: JSON Pointer -> offset -> line:column.

Only the pointers actually reported are located, in one pass over the text that
skips every value it does not need with the C JSON scanner: no source map is built.
The pass reads objects to their end, so a duplicated key resolves to its last
occurrence: the value Python's json kept, and so the one that was validated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import suppress
from json.decoder import scanstring

from batchcheck.paths import Parts
from batchcheck.textpos import WHITESPACE

_SKIPPER = json.JSONDecoder()
_END = object()


def locate(text: str, start: int, pointers: Iterable[Parts]) -> dict[Parts, int]:
    """Offsets in text of the values at the given paths of the JSON value at start."""
    trie: dict = {}
    for parts in pointers:
        node = trie
        for part in parts:
            node = node.setdefault(part, {})
        node[_END] = parts
    found: dict[Parts, int] = {}
    with suppress(ValueError, IndexError, RecursionError):  # odd input: keep what was located
        _walk(text, start, trie, found)
    return found


def _walk(text: str, pos: int, trie: dict, found: dict[Parts, int]) -> int:
    """Record offsets for trie's paths inside the value at pos; return the value's end."""
    pos = WHITESPACE.match(text, pos).end()
    if _END in trie:
        found[trie[_END]] = pos
    if len(trie) == (_END in trie):
        return _SKIPPER.raw_decode(text, pos)[1]
    opener = text[pos]
    if opener == "{":
        return _walk_object(text, pos + 1, trie, found)
    if opener == "[":
        return _walk_array(text, pos + 1, trie, found)
    return _SKIPPER.raw_decode(text, pos)[1]


def _walk_object(text: str, pos: int, trie: dict, found: dict[Parts, int]) -> int:
    pos = WHITESPACE.match(text, pos).end()
    if text[pos] == "}":
        return pos + 1
    while True:
        key, pos = scanstring(text, pos + 1)
        pos = WHITESPACE.match(text, pos).end() + 1  # the colon
        child = trie.get(key)
        if child is None:
            pos = _SKIPPER.raw_decode(text, WHITESPACE.match(text, pos).end())[1]
        else:
            pos = _walk(text, pos, child, found)
        pos = WHITESPACE.match(text, pos).end()
        if text[pos] == "}":
            return pos + 1
        pos = WHITESPACE.match(text, pos + 1).end()  # the comma


def _walk_array(text: str, pos: int, trie: dict, found: dict[Parts, int]) -> int:
    pos = WHITESPACE.match(text, pos).end()
    if text[pos] == "]":
        return pos + 1
    index = 0
    while True:
        child = trie.get(index)
        if child is None:
            pos = _SKIPPER.raw_decode(text, WHITESPACE.match(text, pos).end())[1]
        else:
            pos = _walk(text, pos, child, found)
        pos = WHITESPACE.match(text, pos).end()
        if text[pos] == "]":
            return pos + 1
        pos += 1  # the comma
        index += 1
