"""The JSON Schema vocabulary: one table of keywords and where their subschemas sit, checked
against every walk (walk, walk_with_base/refs_with_base, applicators, map_subschemas)."""

from __future__ import annotations

from typing import Any

import pytest

from batchcheck.vocabulary import applicators, map_subschemas, refs, refs_with_base, subschema_places, walk

SUB = {"type": "string", "$ref": "#/$defs/x"}  # a recognisable subschema

# keyword, value holding subschemas, the places walk must report (below the root)
TABLE: list[tuple[str, Any, list[tuple[str | int, ...]]]] = [
    ("properties", {"a": SUB, "enum": SUB}, [("properties", "a"), ("properties", "enum")]),
    ("patternProperties", {"^x": SUB}, [("patternProperties", "^x")]),
    ("additionalProperties", SUB, [("additionalProperties",)]),
    ("unevaluatedProperties", SUB, [("unevaluatedProperties",)]),
    ("propertyNames", SUB, [("propertyNames",)]),
    ("items", SUB, [("items",)]),
    ("items", [SUB, {**SUB}], [("items", 0), ("items", 1)]),  # the array form before 2020-12
    ("prefixItems", [SUB], [("prefixItems", 0)]),
    ("additionalItems", SUB, [("additionalItems",)]),
    ("unevaluatedItems", SUB, [("unevaluatedItems",)]),
    ("contains", SUB, [("contains",)]),
    ("allOf", [SUB, {**SUB}], [("allOf", 0), ("allOf", 1)]),
    ("anyOf", [SUB], [("anyOf", 0)]),
    ("oneOf", [SUB], [("oneOf", 0)]),
    ("not", SUB, [("not",)]),
    ("if", SUB, [("if",)]),
    ("then", SUB, [("then",)]),
    ("else", SUB, [("else",)]),
    ("$defs", {"x": SUB}, [("$defs", "x")]),
    ("definitions", {"x": SUB}, [("definitions", "x")]),
    ("dependentSchemas", {"a": SUB}, [("dependentSchemas", "a")]),
    ("dependencies", {"a": SUB, "b": ["a"]}, [("dependencies", "a")]),  # draft-07: a name list is no schema
    ("contentSchema", SUB, [("contentSchema",)]),
    ("enum", [SUB], []),  # data, never schemas
    ("const", SUB, []),
    ("default", SUB, []),
    ("examples", [SUB], []),
    ("example", SUB, []),  # OpenAPI's
]
IN_PLACE = {"allOf", "anyOf", "oneOf", "then", "else"}


@pytest.mark.parametrize(
    ("keyword", "value", "places"), TABLE, ids=[f"{k}-{i}" for i, (k, *_) in enumerate(TABLE)]
)
def test_every_walk_knows_where_subschemas_sit(keyword, value, places):
    schema = {keyword: value}
    found = [parts for parts, _ in walk(schema, unknown=False)]
    assert found[0] == ()
    assert sorted(found[1:], key=repr) == sorted(places, key=repr)
    assert sorted((parts for parts, _ in subschema_places(keyword, value)), key=repr) == sorted(
        places, key=repr
    )
    assert list(refs(schema)) == ["#/$defs/x"] * len(places)
    assert [ref for ref, _ in refs_with_base(schema, "file:///s.json")] == ["#/$defs/x"] * len(places)
    marked = map_subschemas(
        schema, lambda node, _: {**node, "seen": True} if isinstance(node, dict) else node
    )
    assert sum(1 for _, node in walk(marked, unknown=False) if node.get("seen")) == len(places) + 1
    in_place = list(applicators(schema))
    assert len(in_place) == 1 + (len(places) if keyword in IN_PLACE else 0)


def test_unknown_keywords_are_walked_only_when_asked():
    schema = {"components": {"schemas": {"A": {"$ref": "#/x"}}}, "x-extra": {"$ref": "#/y"}}
    assert list(refs(schema)) != [] and sorted(refs(schema)) == ["#/x", "#/y"]
    assert list(refs(schema, unknown=False)) == []


def test_base_uri_follows_nested_ids():
    schema = {
        "$id": "https://example.test/root.json",
        "$defs": {"a": {"$id": "sub/a.json", "$ref": "b.json"}},
    }
    assert list(refs_with_base(schema, "")) == [("b.json", "https://example.test/sub/a.json")]


def test_applicators_follow_refs_through_the_resolver_and_stop_on_cycles():
    root = {"$defs": {"a": {"allOf": [{"$ref": "#/$defs/a"}], "properties": {"x": {}}}}, "$ref": "#/$defs/a"}
    targets = {"#/$defs/a": root["$defs"]["a"]}
    found = list(applicators(root, targets.get))
    assert found[0] is root and root["$defs"]["a"] in found
    assert len(found) < 50  # a cycle through applicators ends at the depth bound


def test_map_subschemas_rewrites_booleans_innermost_first_and_keeps_data():
    schema = {"properties": {"a": False, "enum": {"const": False}}, "enum": [False], "items": [True, False]}
    seen: list[Any] = []

    def rewrite(node: Any, keyword: str | None) -> Any:
        seen.append((keyword, node))
        return "no" if node is False else node

    result = map_subschemas(schema, rewrite)
    assert result["properties"]["a"] == "no" and result["items"] == [True, "no"]
    assert result["enum"] == [False] and result["properties"]["enum"] == {"const": False}
    assert seen[-1][0] is None  # the root comes last
