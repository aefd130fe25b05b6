"""Quick checks that rule a schema out without running the validator.

Only proofs are drawn: a schema is ruled out when the document (or one of the first items of
one of its arrays, a few levels down) breaks a `type`, `const`, `enum` or `required` keyword, or
has a key that `additionalProperties: false` forbids. Local `$ref`s (`#/...`) are followed unless
the schema has embedded resources (`$id` below its root), where `#` could mean another document.
Anything else (anyOf, if/then, formats, patterns, ...) is left to the validator, so a schema the
quick checks pass may still reject the document; one they rule out always would.
"""

from __future__ import annotations

from typing import Any

from batchcheck.explain.wording import json_type
from batchcheck.jsontext.pointers import Parts, readable_path, resolve_fragment
from batchcheck.vocabulary import walk

MAX_DEPTH = 6
SAMPLED_ITEMS = 3  # items looked at per array: the first ones and the last
_TYPE_FITS = {"number": {"number", "integer"}}


class QuickCheck:
    """The quick checks of one schema."""

    def __init__(self, schema: Any) -> None:
        self.root = schema
        self.follow_refs = not _has_embedded_resources(schema)

    def reject(self, data: Any) -> str | None:
        """Why the schema cannot validate data, or None when the quick checks cannot tell."""
        return self._reject(self.root, data, (), 0)

    def _reject(self, schema: Any, data: Any, path: Parts, depth: int) -> str | None:
        if schema is False:
            return f"{_where(path)}the schema allows nothing"
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return None
        reason = _scalar_reject(schema, data, path)
        if reason is None and isinstance(data, dict):
            reason = self._object_reject(schema, data, path, depth)
        if reason is None and isinstance(data, list) and data:
            reason = self._array_reject(schema, data, path, depth)
        if reason is None:
            for sub in _list(schema.get("allOf")):
                reason = reason or self._reject(sub, data, path, depth + 1)
        ref = schema.get("$ref")
        if reason is None and self.follow_refs and isinstance(ref, str) and ref.startswith("#"):
            reason = self._reject(resolve_fragment(self.root, ref), data, path, depth + 1)
        return reason

    def _object_reject(
        self, schema: dict[str, Any], data: dict[str, Any], path: Parts, depth: int
    ) -> str | None:
        for name in _list(schema.get("required")):
            if isinstance(name, str) and name not in data:
                return f"{_where(path)}missing required property {name!r}"
        properties = schema.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        if schema.get("additionalProperties") is False and "patternProperties" not in schema:
            extra = next((key for key in data if key not in properties), None)
            if extra is not None:
                return f"{_where(path)}property {extra!r} is not allowed"
        for key, sub in properties.items():
            if key in data:
                reason = self._reject(sub, data[key], (*path, key), depth + 1)
                if reason is not None:
                    return reason
        return None

    def _array_reject(self, schema: dict[str, Any], data: list[Any], path: Parts, depth: int) -> str | None:
        items = schema.get("items")
        if items is None or "prefixItems" in schema:
            return None
        indexes = sorted({*range(min(SAMPLED_ITEMS - 1, len(data))), len(data) - 1})
        for index in indexes:
            reason = self._reject(items, data[index], (*path, index), depth + 1)
            if reason is not None:
                return reason
        return None


def _scalar_reject(schema: dict[str, Any], data: Any, path: Parts) -> str | None:
    expected = schema.get("type")
    if isinstance(expected, (str, list)):
        allowed = {expected} if isinstance(expected, str) else set(expected)
        found = json_type(data)
        if not any(found in _TYPE_FITS.get(kind, {kind}) for kind in allowed if isinstance(kind, str)):
            return f"{_where(path)}expects {' or '.join(sorted(map(str, allowed)))}, found {found}"
    if "const" in schema and not _json_equal(schema["const"], data):
        return f"{_where(path)}expects {schema['const']!r}"
    enum = schema.get("enum")
    if isinstance(enum, list) and not any(_json_equal(option, data) for option in enum):
        return f"{_where(path)}value not among the {len(enum)} allowed"
    return None


def _json_equal(left: Any, right: Any) -> bool:
    """Equality as JSON Schema has it; only used to prove inequality, so Python's `==` (where
    1 == 1.0 and also True == 1) errs on the safe side except for booleans against numbers."""
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return bool(left == right)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _where(path: Parts) -> str:
    return f"{readable_path(path)}: " if path else ""


def _has_embedded_resources(schema: Any) -> bool:
    return any(
        node is not schema and ("$id" in node or "$dynamicRef" in node) for _, node in walk(schema)
    ) or (isinstance(schema, dict) and "$dynamicRef" in schema)


_QUICK: dict[int, tuple[Any, QuickCheck]] = {}


def quick_check(schema: Any) -> QuickCheck:
    """The QuickCheck of schema, built once per schema object."""
    cached = _QUICK.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _QUICK[id(schema)] = (schema, QuickCheck(schema))
    return cached[1]
