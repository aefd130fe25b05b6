"""schemas/cycles.py: `$ref` cycles through same-value applicators, found without recursion."""

from __future__ import annotations

import json
from typing import Any

import pytest

from batchcheck.jsontext.pointers import resolve_fragment
from batchcheck.schemas.cycles import MAX_CYCLES, Target, in_place_cycles


def local(schema: Any):
    """A resolver of `#...` refs inside schema, as the OpenAPI components would have one."""

    def resolve(ref: str, base: str) -> Target | None:
        target = resolve_fragment(schema, ref)
        return Target(ref, target, base) if target is not None else None

    return resolve


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"$ref": "#"}, [["#", "#"]]),
        ({"allOf": [{"$ref": "#"}]}, [["#", "#/allOf/0", "#"]]),
        ({"not": {"$ref": "#"}}, [["#", "#/not", "#"]]),
        ({"if": {"$ref": "#"}}, [["#", "#/if", "#"]]),
        ({"dependentSchemas": {"a": {"$ref": "#"}}}, [["#", "#/dependentSchemas/a", "#"]]),
        (
            {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"oneOf": [{"$ref": "#/$defs/a"}]}}},
            [["#/$defs/a", "#/$defs/b", "#/$defs/b/oneOf/0", "#/$defs/a"]],
        ),
        ({"$dynamicRef": "#"}, [["#", "#"]]),
    ],
)
def test_same_value_cycles_are_found(schema, expected):
    assert in_place_cycles(schema, local(schema)) == expected


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"child": {"$ref": "#"}}},  # one level down each time: ends with the document
        {"items": {"$ref": "#"}},
        {"additionalProperties": {"$ref": "#"}},
        {"propertyNames": {"$ref": "#"}},
        {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"type": "string"}}, "allOf": [{"$ref": "#/$defs/a"}]},
        {"$ref": "#/$defs/missing"},  # unresolvable: another check's business
        {"enum": [{"$ref": "#"}]},  # data, not a schema
    ],
)
def test_no_cycle_where_the_value_changes_or_the_chain_ends(schema):
    assert in_place_cycles(schema, local(schema)) == []


def test_a_long_chain_is_searched_without_recursion():
    """10,000 in-place links, then back to the start: Python's stack would not have held it."""
    n = 10_000
    defs = {f"d{i}": {"allOf": [{"$ref": f"#/$defs/d{(i + 1) % n}"}]} for i in range(n)}
    schema = {"$defs": defs}
    [cycle] = in_place_cycles(schema, local(schema))
    assert len(cycle) == 2 * n + 1 and cycle[0] == cycle[-1] == "#/$defs/d0"


def test_at_most_a_few_cycles_are_reported():
    schema = {"$defs": {f"d{i}": {"$ref": f"#/$defs/d{i}"} for i in range(20)}}
    cycles = in_place_cycles(schema, local(schema))
    assert len(cycles) == MAX_CYCLES
    assert all(len(cycle) == 2 and cycle[0] == cycle[1] for cycle in cycles)
    assert cycles == sorted(cycles)


def test_a_resolver_for_other_resources_labels_them():
    """The resolver names targets (here a second document as `other.json#`), as the lead's OpenAPI
    loading or a schema directory would."""
    other = {"anyOf": [{"$ref": "main.json"}]}
    main = {"$ref": "other.json"}

    def resolve(ref: str, base: str) -> Target | None:
        return {
            "other.json": Target("other.json#", other, "other.json"),
            "main.json": Target("#", main, ""),
        }.get(ref)

    assert in_place_cycles(main, resolve) == [["#", "other.json#", "other.json#/anyOf/0", "#"]]
    assert json.dumps(main) == '{"$ref": "other.json"}'  # nothing rewritten
