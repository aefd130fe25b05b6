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

# Every keyword of Draft 2020-12 and the drafts before it (and OpenAPI's): an object with none of
# them is no schema (a response left in a schema directory), however much it "accepts".
KEYWORDS = (
    DATA_KEYWORDS
    | ONE_SCHEMA
    | SCHEMA_LIST
    | SCHEMA_MAP
    | frozenset(
        {
            "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef",
            "$recursiveAnchor", "$vocabulary", "$comment", "id", "type", "format", "title",
            "description", "required", "dependentRequired", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "minItems",
            "maxItems", "uniqueItems", "minContains", "maxContains", "minProperties",
            "maxProperties", "contentEncoding", "contentMediaType", "deprecated", "readOnly",
            "writeOnly", "nullable", "discriminator", "xml", "externalDocs",
        }
    )
)  # fmt: skip
_MAX_APPLICATOR_DEPTH = 16

# The dialects batchcheck validates, by the `$schema` URI that declares each (without its `#`)
DRAFT_04 = "http://json-schema.org/draft-04/schema"
DRAFT_06 = "http://json-schema.org/draft-06/schema"
DRAFT_07 = "http://json-schema.org/draft-07/schema"
DRAFT_2019_09 = "https://json-schema.org/draft/2019-09/schema"
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
DIALECTS = {
    DRAFT_04: "Draft-04",
    DRAFT_06: "Draft-06",
    DRAFT_07: "Draft-07",
    DRAFT_2019_09: "Draft 2019-09",
    DRAFT_2020_12: "Draft 2020-12",
}
LEGACY_REF = frozenset({DRAFT_04, DRAFT_06, DRAFT_07})  # `$ref` makes its siblings ignored


def declared_dialect(schema: Any) -> str:
    """The `$schema` schema declares (without a trailing `#`); Draft 2020-12 when it declares none."""
    declared = schema.get("$schema", DRAFT_2020_12) if isinstance(schema, dict) else DRAFT_2020_12
    return str(declared).rstrip("#")


def engine_dialect(schema: Any) -> str:
    """The draft an engine validates schema by: the one it declares, Draft 2020-12 for any other
    (a schema declaring an unknown one is refused when loaded, schemas/meta.py)."""
    declared = declared_dialect(schema)
    return declared if declared in DIALECTS else DRAFT_2020_12


def id_of(node: dict[str, Any], dialect: str = DRAFT_2020_12) -> str | None:
    """The base URI a schema object declares: `$id` (`id` in Draft-04), unless a sibling `$ref`
    makes it ignored (up to Draft-07)."""
    if dialect in LEGACY_REF and "$ref" in node:
        return None
    value = node.get("id" if dialect == DRAFT_04 else "$id")
    return value if isinstance(value, str) else None


def is_no_schema(value: Any) -> bool:
    """True for an object with members of which none is a JSON Schema keyword (`{}` is a schema)."""
    return isinstance(value, dict) and bool(value) and not any(key in KEYWORDS for key in value)


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


def walk_with_base(
    schema: Any, base: str, dialect: str = DRAFT_2020_12
) -> Iterator[tuple[dict[str, Any], str]]:
    """(node, base URI in force there) for every schema object; each `$id` sets a new base (an
    object holding a `$ref` has no other keyword that counts, up to Draft-07)."""
    for _, node, node_base in places_with_base(schema, base, dialect=dialect):
        yield node, node_base


def places_with_base(
    schema: Any, base: str, at: Parts = (), dialect: str = DRAFT_2020_12
) -> Iterator[tuple[Parts, dict[str, Any], str]]:
    """(place, node, base URI in force there) for every schema object, as walk_with_base."""
    stack: list[tuple[Parts, Any, str]] = [(at, schema, base)]
    while stack:
        parts, node, node_base = stack.pop()
        if not isinstance(node, dict):
            continue
        node_base = base_of(node, node_base, dialect)
        yield parts, node, node_base
        if dialect in LEGACY_REF and "$ref" in node:
            continue
        for key, value in node.items():
            places = subschema_places(key, value, unknown=True)
            stack.extend(((*parts, *place), sub, node_base) for place, sub in places)


def base_of(node: Any, outer: str, dialect: str = DRAFT_2020_12) -> str:
    """The base URI in force inside node, given the one around it: its `$id` sets a new one."""
    declared = id_of(node, dialect) if isinstance(node, dict) else None
    return urljoin(outer, declared) if declared is not None else outer


def refs_with_base(schema: Any, base: str, dialect: str = DRAFT_2020_12) -> Iterator[tuple[str, str]]:
    """(ref, base URI in force where it appears) for every `$ref` in schema."""
    for node, node_base in walk_with_base(schema, base, dialect):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"], node_base


def refs(schema: Any, unknown: bool = True) -> Iterator[str]:
    """Every `$ref` string in schema (unknown: as in walk)."""
    for _, node in walk(schema, unknown):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]


def applicators(schema: Any, resolve: Callable[[str], Any] | None = None) -> Iterator[dict[str, Any]]:
    """schema and the subschemas that apply to the same instance: allOf, anyOf, oneOf, then, else,
    and (with resolve, which maps a `$ref` to its target or None) what a `$ref` points at; each
    once, however often it is reached (a `$ref` cycle ends)."""
    seen: set[int] = set()
    stack = [(schema, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict) or id(node) in seen or depth > _MAX_APPLICATOR_DEPTH:
            continue
        seen.add(id(node))
        yield node
        ref = node.get("$ref")
        if resolve is not None and isinstance(ref, str):
            stack.append((resolve(ref), depth + 1))
        for keyword in reversed(IN_PLACE):
            places = list(subschema_places(keyword, node.get(keyword)))
            stack.extend((sub, depth + 1) for _, sub in reversed(places))


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
