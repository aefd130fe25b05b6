"""Turn an engine's raw errors into reported violations: ordered, capped, worded, located."""

from __future__ import annotations

from typing import Any

from batchcheck.locate import locate
from batchcheck.messages import word
from batchcheck.models import Document, RawError, Violation
from batchcheck.paths import Parts, pointer, readable_path
from batchcheck.textpos import line_columns


def document_order(data: Any, parts: Parts, key_index: dict[int, dict[str, int]]) -> tuple[int, ...]:
    """Sort key putting a path where its value stands in the document.

    key_index caches each object's key positions (by id), so sorting stays linear.
    """
    key: list[int] = []
    node = data
    for part in parts:
        if isinstance(node, dict) and part in node:
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


def report_violations(doc: Document, raw_errors: list[RawError], limit: int | None) -> list[Violation]:
    """The first `limit` violations in document order, each with its line:column."""
    key_index: dict[int, dict[str, int]] = {}
    ordered = sorted(raw_errors, key=lambda e: document_order(doc.data, e.parts, key_index))
    shown = ordered if limit is None else ordered[:limit]
    offsets = locate(doc.text, doc.body_start, {e.parts for e in shown})
    positions = line_columns(doc.text, offsets.values())
    violations = []
    for error in shown:
        line, column = positions.get(offsets.get(error.parts, -1), (None, None))
        violations.append(
            Violation(
                pointer=pointer(error.parts),
                path=readable_path(error.parts),
                keyword=error.keyword,
                message=word(error),
                line=line,
                column=column,
            )
        )
    return violations
