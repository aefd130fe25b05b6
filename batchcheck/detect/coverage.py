"""How much of a document a schema describes: the object keys it declares, at every depth."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from itertools import islice
from typing import Any

from batchcheck.detect.sample import SAMPLED_ITEMS
from batchcheck.jsontext.pointers import resolve_fragment
from batchcheck.validate.regexes import bounded_search
from batchcheck.vocabulary import PROPERTY_KEYWORDS, applicators

_MAX_DEPTH = 64


def coverage(schema: Any, data: Any) -> tuple[int, int]:
    """(undeclared, total): object keys in data that no `properties`/`patternProperties`
    of schema declares, out of all keys looked at.

    Objects whose schema constrains no properties at all (free-form maps), and keys that
    an `additionalProperties` schema covers (typed maps), count as declared. Arrays are
    sampled (their first SAMPLED_ITEMS items) to stay cheap on big batches.
    """
    return _Coverage(schema).walk(schema, data, 0)


def _local_target(root: Any, ref: str) -> Any:
    return resolve_fragment(root, ref) if ref.startswith("#") else None


class _Coverage:
    def __init__(self, root: Any) -> None:
        self.resolve = partial(_local_target, root)
        self._seen: dict[int, tuple[list[dict[str, Any]], bool]] = {}  # by id(schema), alive during the walk

    def walk(self, schema: Any, data: Any, depth: int) -> tuple[int, int]:
        if depth > _MAX_DEPTH or not isinstance(data, (dict, list)):
            return 0, 0
        known = self._seen.get(id(schema))
        if known is None:
            applicable = list(applicators(schema, self.resolve))
            constrained = any(keyword in s for s in applicable for keyword in PROPERTY_KEYWORDS)
            known = self._seen[id(schema)] = (applicable, constrained)
        applicable, constrained = known
        if isinstance(data, dict):
            if not constrained:  # a free-form object: the schema accepts whatever keys it has
                return 0, len(data)
            return _add(self._key(applicable, key, value, depth) for key, value in data.items())
        return _add(
            self.walk(_item_schema(applicable, index), item, depth + 1)
            for index, item in enumerate(islice(data, SAMPLED_ITEMS))
        )

    def _key(self, applicable: list[dict[str, Any]], key: str, value: Any, depth: int) -> tuple[int, int]:
        subs = [sub for schema in applicable for sub in _property_schemas(schema, key)]
        if not subs:  # a typed map (`additionalProperties: {schema}`) declares every other key
            subs = [
                s["additionalProperties"]
                for s in applicable
                if isinstance(s.get("additionalProperties"), dict)
            ]
        if not subs:
            return 1, 1
        undeclared, total = min(self.walk(sub, value, depth + 1) for sub in subs)
        return undeclared, total + 1


def _item_schema(applicable: list[dict[str, Any]], index: int) -> Any:
    for schema in applicable:
        prefix = schema.get("prefixItems", [])
        if isinstance(prefix, list) and index < len(prefix):
            return prefix[index]
        if "items" in schema:
            return schema["items"]
    return {}


def _add(pairs: Iterator[tuple[int, int]]) -> tuple[int, int]:
    undeclared = total = 0
    for u, t in pairs:
        undeclared, total = undeclared + u, total + t
    return undeclared, total


def _property_schemas(schema: dict[str, Any], key: str) -> Iterator[Any]:
    properties = schema.get("properties")
    if isinstance(properties, dict) and key in properties:
        yield properties[key]
    patterns = schema.get("patternProperties")
    if isinstance(patterns, dict):
        for pattern, sub in patterns.items():
            try:
                if bounded_search(pattern, key):
                    yield sub
            except re.error:
                continue
