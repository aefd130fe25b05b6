"""Turn an engine's raw errors into reported violations: ordered, capped, worded, located."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import Any

from batchcheck.explain.excerpt import excerpt_at
from batchcheck.explain.groups import group_errors, group_message, pattern_path, pattern_pointer
from batchcheck.explain.wording import word
from batchcheck.jsontext.locate import locate_positions
from batchcheck.jsontext.pointers import Parts, pointer, readable_path
from batchcheck.jsontext.positions import Position
from batchcheck.models import Document, ErrorGroup, RawError, Violation


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


EXCERPTS = 3  # the first groups of a document show the text around their first member


def explain_errors(
    doc: Document, raw_errors: list[RawError], limit: int | None, in_order: bool = False
) -> tuple[list[Violation], list[ErrorGroup], int]:
    """The first `limit` violations in document order, and the first `limit` groups of all of
    them (exact counts), each located; the first groups with an excerpt; and how many groups."""
    ordered = raw_errors if in_order else in_document_order(doc.data, raw_errors)
    shown = ordered if limit is None else ordered[:limit]
    groups = group_errors(ordered)
    kept = groups if limit is None else groups[:limit]
    wanted = {parts for error in (*shown, *(g.first for g in kept)) for parts in _places(error)}
    positions = locate_positions(doc.text, doc.body_start, wanted | {g.parts for g in kept})
    violations = [_violation(error, positions) for error in shown]
    explained = []
    for index, group in enumerate(kept):
        first = _violation(group.first, positions)
        explained.append(
            ErrorGroup(
                path=pattern_path(group.parts),
                pointer=pattern_pointer(group.parts),
                keyword=group.first.keyword,
                message=group_message(group) if group.count > 1 else first.message,
                count=group.count,
                first=first,
                examples=tuple(group.examples),
                excerpt=excerpt_at(doc.text, first.position) if index < EXCERPTS else None,
            )
        )
    return violations, explained, len(groups)


def _places(error: RawError) -> list[Parts]:
    """Where error may be shown: its value, and for properties not allowed each of them."""
    return [error.parts, *((*error.parts, extra) for extra in error.extras)]


def _position(error: RawError, positions: dict[Parts, Position]) -> Position | None:
    """error's line:column: the first property not allowed, in the text, for `additionalProperties`
    and the like (an editor lands on it, not on the object's `{`); else the value's."""
    extras = [positions[place] for place in _places(error)[1:] if place in positions]
    return min(extras) if extras else positions.get(error.parts)


def _violation(error: RawError, positions: dict[Parts, Position]) -> Violation:
    return Violation(
        pointer=pointer(error.parts),
        path=readable_path(error.parts),
        keyword=error.keyword,
        message=word(error),
        position=_position(error, positions),
        schema_location="#" + pointer(error.schema_path),
    )
