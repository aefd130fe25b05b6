"""Turn an engine's raw errors into reported violations: ordered, capped, worded, located."""

from __future__ import annotations

import heapq
from itertools import groupby
from operator import itemgetter
from typing import Any

from batchcheck.explain.wording import word
from batchcheck.jsontext.locate import locate_positions
from batchcheck.jsontext.pointers import Parts, pointer, readable_path
from batchcheck.models import Document, RawError, Violation


def document_order(data: Any, parts: Parts, key_index: dict[int, dict[str, int]]) -> tuple[int, ...]:
    """Sort key putting a path where its value stands in the document.

    key_index caches each object's key positions (by id), so sorting stays linear.
    """
    key: list[int] = []
    node = data
    for part in parts:
        if isinstance(node, dict) and isinstance(part, str) and part in node:  # JSON keys are strings
            positions = key_index.get(id(node))
            if positions is None:
                positions = key_index[id(node)] = {k: i for i, k in enumerate(node)}
            key.append(positions[part])
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            key.append(part)
            node = node[part]
        else:
            key.append(-1)
            node = None
    return tuple(key)


def in_document_order(data: Any, errors: list[RawError]) -> list[RawError]:
    """errors sorted by where they stand in data, then by keyword and what they name.

    The order is total, so every engine's errors come out in the same order.
    """
    key_index: dict[int, dict[str, int]] = {}

    def key(error: RawError) -> tuple[tuple[int, ...], str, str, tuple[str, ...]]:
        where = document_order(data, error.parts, key_index)
        return (where, error.keyword, error.missing or "", error.extras)

    ranked = sorted(((key(error), error) for error in errors), key=itemgetter(0))
    ordered: list[RawError] = []
    for _, tied in groupby(ranked, key=itemgetter(0)):  # same place, keyword and name: by message
        group = [error for _, error in tied]
        ordered.extend(sorted(group, key=word) if len(group) > 1 else group)
    return ordered


def first_in_document_order(data: Any, errors: list[RawError], limit: int) -> list[RawError]:
    """in_document_order(data, errors)[:limit], without sorting them all: the `limit` smallest
    places are picked (heapq), and only the errors at those places are put in full order, so
    `--max-errors 1` on a million errors sorts one."""
    if len(errors) <= limit:
        return in_document_order(data, errors)
    key_index: dict[int, dict[str, int]] = {}
    places = [document_order(data, error.parts, key_index) for error in errors]
    last = heapq.nsmallest(limit, places)[-1]
    near = [error for error, place in zip(errors, places, strict=True) if place <= last]
    return in_document_order(data, near)[:limit]


def report_violations(
    doc: Document, raw_errors: list[RawError], limit: int | None, in_order: bool = False
) -> list[Violation]:
    """The first `limit` violations in document order, each with its line:column.

    in_order: raw_errors are in document order already (see in_document_order).
    """
    if in_order:
        shown = raw_errors if limit is None else raw_errors[:limit]
    else:
        shown = (
            in_document_order(doc.data, raw_errors)
            if limit is None
            else first_in_document_order(doc.data, raw_errors, limit)
        )
    positions = locate_positions(doc.text, doc.body_start, {e.parts for e in shown})
    return [
        Violation(
            pointer=pointer(error.parts),
            path=readable_path(error.parts),
            keyword=error.keyword,
            message=word(error),
            position=positions.get(error.parts),
        )
        for error in shown
    ]
