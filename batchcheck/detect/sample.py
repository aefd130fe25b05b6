"""The one sampler of detection: a document with its arrays cut to their first items.

Scoring a schema that rejects a big batch looks at the errors of a sample: the same items
coverage and item fit look at, and a bounded number of errors whatever the engine.
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
    """count() of every container of one document (arrays sampled), worked out in one walk.

    Detection counts the members below a name for the bound and below every member a schema
    does not describe, for each candidate: the same subtrees again and again. count() depends on
    the depth it starts at only past MAX_DEPTH; a document less deep than that (all of them, but
    for the pathological) has its sizes looked up here, any other is counted as before.
    """

    def __init__(self, data: Any) -> None:
        self._sizes: dict[int, int] = {}
        self._shallow = True
        if isinstance(data, (dict, list)):
            self._walk(data, 0)

    def _walk(self, data: Any, depth: int) -> int:
        if depth >= MAX_DEPTH:  # too deep for sizes that do not depend on where counting starts
            self._shallow = False
            return 0
        found = 0
        if isinstance(data, dict):
            found = len(data)
            values: Any = data.values()
        else:
            values = data[:SAMPLED_ITEMS]
        for value in values:
            if isinstance(value, (dict, list)):
                found += self._walk(value, depth + 1)
        self._sizes[id(data)] = found
        return found

    def count(self, data: Any, depth: int) -> int:
        """count(data, depth), looked up when it can be."""
        if not isinstance(data, (dict, list)):
            return 0
        if self._shallow:
            found = self._sizes.get(id(data))
            if found is not None:
                return found
        return count(data, depth)
