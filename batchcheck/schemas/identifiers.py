"""Duplicate identifiers: two `$id`s (or `$anchor`s) naming the same URI in one schema.

The specification says a schema that names one URI twice is an error: which of the two a `$ref`
reaches is undefined, and the engines do differ (jsonschema-rs takes the last, python-jsonschema
the first). batchcheck refuses it when it loads the schema, naming both places, and lint reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag, urljoin

from batchcheck.jsontext.pointers import Parts
from batchcheck.vocabulary import DRAFT_04, LEGACY_REF, declared_dialect, id_of, subschema_places


def identifiers(schema: Any, base: str = "", dialect: str | None = None) -> Iterator[tuple[str, Parts, str]]:
    """(URI, place, keyword) for every `$id`, `$anchor` and `$dynamicAnchor` in schema (Draft-04's
    `id`; a `$id` of just a fragment, up to Draft-07, is an anchor)."""
    dialect = dialect or declared_dialect(schema)
    stack: list[tuple[Parts, Any, str]] = [((), schema, base)]
    while stack:
        parts, node, node_base = stack.pop()
        if not isinstance(node, dict):
            continue
        declared = id_of(node, dialect)
        keyword = "id" if dialect == DRAFT_04 else "$id"
        if declared is not None:
            node_base = urljoin(node_base, declared)
            uri, fragment = urldefrag(node_base)
            yield (node_base if fragment else uri), parts, keyword
        for anchor_keyword in ("$anchor", "$dynamicAnchor"):
            anchor = node.get(anchor_keyword)
            if isinstance(anchor, str) and dialect not in LEGACY_REF:
                yield f"{urldefrag(node_base)[0]}#{anchor}", parts, anchor_keyword
        if dialect in LEGACY_REF and "$ref" in node:
            continue
        for key, value in node.items():
            stack.extend(((*parts, *place), sub, node_base) for place, sub in subschema_places(key, value))


def described_uri(uri: str) -> str:
    """`$anchor "item"` for a plain-name fragment, `$id https://…` for a resource."""
    base, _, fragment = uri.partition("#")
    if fragment and not fragment.startswith("/"):
        return f'$anchor "{fragment}"' + (f" of {base}" if base else "")
    return f"$id {uri}"


def duplicate_identifiers(schema: Any, base: str = "") -> list[tuple[str, Parts, Parts]]:
    """(URI, first place, second place) for every URI schema names twice (a `$dynamicAnchor` beside
    an `$anchor` of the same name is one)."""
    seen: dict[str, Parts] = {}
    duplicates = []
    found = sorted(identifiers(schema, base), key=lambda each: [str(part) for part in each[1]])
    for uri, parts, _keyword in found:
        if uri in seen and seen[uri] != parts:
            duplicates.append((uri, seen[uri], parts))
        else:
            seen.setdefault(uri, parts)
    return duplicates
