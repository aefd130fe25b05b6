"""JSON Schema's vocabulary as batchcheck needs it: which keywords hold subschemas and which hold
data, and every walk over a schema, built on those tables and nowhere else.

The tables cover every dialect batchcheck reads: Draft 2020-12 and its predecessors' forms still
met in the wild (`items` as a list, `additionalItems`, `dependencies`, `definitions`) and OpenAPI's
`example`. A keyword's *place* is where a subschema sits below the schema holding it: `("items",)`,
`("allOf", 2)`, `("properties", "id")`; keys inside `properties` are names, not keywords, so a
property called `enum` is a schema like any other.

Walks:
- `walk`: every schema object, with its place (by keyword, and optionally into unknown keywords,
  where a `$ref` may still point);
- `walk_with_base`, `places_with_base` and `refs_with_base`: the same, knowing the base URI each
  `$id` sets;
- `applicators`: the schema and the subschemas that apply to the same instance (allOf & co.);
- `map_subschemas`: a rewritten copy, innermost first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin

from batchcheck.jsontext.pointers import Parts

DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples", "example"})  # values, never schemas
ONE_SCHEMA = frozenset(
    {
        "additionalProperties", "unevaluatedProperties", "items", "unevaluatedItems", "contains",
        "propertyNames", "not", "if", "then", "else", "additionalItems", "contentSchema",
    }
)  # fmt: skip
SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})  # `items`: before 2020-12
SCHEMA_MAP = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)  # `dependencies` (draft-07): a value is a schema or a list of names
IN_PLACE = ("allOf", "anyOf", "oneOf", "then", "else")  # apply to the instance the schema applies to
# Every keyword whose subschemas may apply to that same instance (`not` and `if` too, which
# detection cannot use): a `$ref` cycle through them alone never reaches a smaller value.
SAME_INSTANCE = (*IN_PLACE, "not", "if", "dependentSchemas")
PROPERTY_KEYWORDS = frozenset(
    {"properties", "patternProperties", "additionalProperties", "unevaluatedProperties"}
)

_MAX_APPLICATOR_DEPTH = 16


def is_schema(value: Any) -> bool:
    """A schema object or a boolean schema."""
    return isinstance(value, (dict, bool))


def subschema_places(key: str, value: Any, unknown: bool = False) -> Iterator[tuple[Parts, Any]]:
    """The subschemas (objects or booleans) keyword `key` holds, each with its place.

    unknown: an object under a keyword these tables do not know counts as a schema too.
    """
    if key in DATA_KEYWORDS:
        return
    if key in SCHEMA_LIST and isinstance(value, list):
        yield from (((key, index), sub) for index, sub in enumerate(value) if is_schema(sub))
    elif key in ONE_SCHEMA and is_schema(value):
        yield (key,), value
    elif key in SCHEMA_MAP and isinstance(value, dict):
        yield from (((key, name), sub) for name, sub in value.items() if is_schema(sub))
    elif unknown and isinstance(value, dict) and key not in ONE_SCHEMA | SCHEMA_LIST | SCHEMA_MAP:
        yield (key,), value


def walk(schema: Any, unknown: bool = True, at: Parts = ()) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """(place, node) for schema and every schema object in it, depth-first.

    unknown (the default): descend into objects under unknown keywords too, since a `$ref` may
    point into them (`definitions` of a 2020-12 schema, an OpenAPI document's `components`);
    False: keywords only, as lint and translation want.
    """
    stack: list[tuple[Parts, Any]] = [(at, schema)]
    while stack:
        parts, node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield parts, node
        for key, value in node.items():
            stack.extend(((*parts, *place), sub) for place, sub in subschema_places(key, value, unknown))


def walk_with_base(schema: Any, base: str) -> Iterator[tuple[dict[str, Any], str]]:
    """(node, base URI in force there) for every schema object; each `$id` sets a new base."""
    for _, node, node_base in places_with_base(schema, base):
        yield node, node_base


def places_with_base(schema: Any, base: str, at: Parts = ()) -> Iterator[tuple[Parts, dict[str, Any], str]]:
    """(place, node, base URI in force there) for every schema object, as walk_with_base."""
    stack: list[tuple[Parts, Any, str]] = [(at, schema, base)]
    while stack:
        parts, node, node_base = stack.pop()
        if not isinstance(node, dict):
            continue
        node_base = base_of(node, node_base)
        yield parts, node, node_base
        for key, value in node.items():
            places = subschema_places(key, value, unknown=True)
            stack.extend(((*parts, *place), sub, node_base) for place, sub in places)


def base_of(node: Any, outer: str) -> str:
    """The base URI in force inside node, given the one around it: its `$id` sets a new one."""
    declared = node.get("$id") if isinstance(node, dict) else None
    return urljoin(outer, declared) if isinstance(declared, str) else outer


def refs_with_base(schema: Any, base: str) -> Iterator[tuple[str, str]]:
    """(ref, base URI in force where it appears) for every `$ref` in schema."""
    for node, node_base in walk_with_base(schema, base):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"], node_base


def refs(schema: Any, unknown: bool = True) -> Iterator[str]:
    """Every `$ref` string in schema (unknown: as in walk)."""
    for _, node in walk(schema, unknown):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]


def applicators(
    schema: Any, resolve: Callable[[str], Any] | None = None, depth: int = 0
) -> Iterator[dict[str, Any]]:
    """schema and the subschemas that apply to the same instance: allOf, anyOf, oneOf, then, else,
    and (with resolve, which maps a `$ref` to its target or None) what a `$ref` points at."""
    if not isinstance(schema, dict) or depth > _MAX_APPLICATOR_DEPTH:
        return
    yield schema
    for keyword in IN_PLACE:
        for _, sub in subschema_places(keyword, schema.get(keyword)):
            yield from applicators(sub, resolve, depth + 1)
    ref = schema.get("$ref")
    if resolve is not None and isinstance(ref, str):
        yield from applicators(resolve(ref), resolve, depth + 1)


# fn(subschema, keyword holding it or None at the root) -> the subschema to use instead
Rewrite = Callable[[Any, "str | None"], Any]


def map_subschemas(schema: Any, rewrite: Rewrite, keyword: str | None = None, unknown: bool = True) -> Any:
    """A copy of schema with rewrite applied to every subschema (booleans too), innermost first.

    unknown: objects under unknown keywords are rewritten as schemas too (see walk).
    """
    if isinstance(schema, dict):
        copy: dict[str, Any] = {}
        for key, value in schema.items():
            places = list(subschema_places(key, value, unknown))
            if not places:
                copy[key] = value
            elif key in SCHEMA_LIST and isinstance(value, list):
                copy[key] = [map_subschemas(sub, rewrite, key, unknown) for sub in value]
            elif key in SCHEMA_MAP:
                copy[key] = {
                    name: map_subschemas(sub, rewrite, key, unknown) if is_schema(sub) else sub
                    for name, sub in value.items()
                }
            else:
                copy[key] = map_subschemas(value, rewrite, key, unknown)
        schema = copy
    return rewrite(schema, keyword) if is_schema(schema) else schema
