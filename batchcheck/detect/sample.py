"""The one sampler of detection: a document with its arrays cut to their first items.

Scoring a schema that rejects a big batch looks at the errors of a sample: the same items
description looks at, and a bounded number of errors whatever the engine.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

SAMPLED_ITEMS = 20
MAX_DEPTH = 64


def sampled(data: Any, items: int = SAMPLED_ITEMS) -> Any:
    """data with every array cut to its first `items` items; data itself if none is longer."""
    return _cut(data, items, 0) if _has_long_array(data, items, 0) else data


def _has_long_array(data: Any, items: int, depth: int) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(data, list):
        return len(data) > items or any(_has_long_array(item, items, depth + 1) for item in data)
    if isinstance(data, dict):
        return any(_has_long_array(value, items, depth + 1) for value in data.values())
    return False


def _cut(data: Any, items: int, depth: int) -> Any:
    if depth > MAX_DEPTH:
        return data
    if isinstance(data, list):
        return [_cut(item, items, depth + 1) for item in islice(data, items)]
    if isinstance(data, dict):
        return {key: _cut(value, items, depth + 1) for key, value in data.items()}
    return data


def count(data: Any, depth: int) -> int:
    """The object members in data and below it, arrays sampled to their first SAMPLED_ITEMS."""
    if depth > MAX_DEPTH:
        return 0
    found = 0
    if isinstance(data, dict):
        found = len(data)
        values: Any = data.values()
    elif isinstance(data, list):
        values = data[:SAMPLED_ITEMS]
    else:
        return 0
    for value in values:
        if isinstance(value, (dict, list)):
            found += count(value, depth + 1)
    return found


class Sizes:
    """count() of one document's containers, each counted once however often it is asked for.

    Detection counts the members below a name for the bound and below every member a schema does
    not describe, candidate after candidate: the same subtrees again and again. A count is kept
    with the depth it was counted from when MAX_DEPTH cut nothing short, and holds for any depth
    up to that one (count() depends on where counting starts only when something is cut).
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, int, int]] = {}  # id -> (the container, its count, depth)

    def count(self, data: Any, depth: int) -> int:
        """count(data, depth), worked out once."""
        if not isinstance(data, (dict, list)):
            return 0
        return self._count(data, depth)[0]

    def _count(self, data: Any, depth: int) -> tuple[int, bool]:
        """(count(data, depth), whether MAX_DEPTH cut it short)."""
        if depth > MAX_DEPTH:
            return 0, True
        known = self._known.get(id(data))
        if known is not None and depth <= known[2]:
            return known[1], False
        found, cut = 0, False
        if isinstance(data, dict):
            found = len(data)
            values: Any = data.values()
        else:
            values = data[:SAMPLED_ITEMS]
        for value in values:
            if isinstance(value, (dict, list)):
                below, short = self._count(value, depth + 1)
                found, cut = found + below, cut or short
        if not cut:
            self._known[id(data)] = (data, found, depth)  # the container kept: its id stays its own
        return found, cut
