"""bound: the most a schema could describe of a document, never less than describe() finds, so
detection never leaves out a candidate that would have described the document better."""

from __future__ import annotations

from typing import Any

import pytest

from batchcheck.detect.bound import bound, members
from batchcheck.detect.describe import describe


def _nothing(_ref: str) -> None:
    return None


CASES: list[tuple[dict[str, Any], Any]] = [
    ({"properties": {"a": {"type": "object"}}}, {"a": {"x": 1, "y": 2}}),  # free-form below the top
    ({"properties": {"a": {}}}, {"a": {"x": {"y": 1}}, "b": 2}),
    ({"type": "object", "required": ["thing"]}, {"thing": {"deep": 1, "er": 2}}),  # required only
    ({"required": ["a"], "properties": {"b": {"type": "array"}}}, {"a": [1, 2], "b": [{"c": 1}]}),
    ({"properties": {"r": {"type": "array", "items": {"type": "object"}}}}, {"r": [{"p": 1}, {"q": 2}]}),
    ({"properties": {"r": {"items": {"properties": {"id": {}}}}}}, {"r": [{"id": 1, "x": {"y": 2}}]}),
    ({"items": {"properties": {"a": {"type": "object"}}}}, [{"a": {"b": 1}}, {"a": {"c": 2}}]),
]


@pytest.mark.parametrize(("schema", "data"), CASES)
def test_the_bound_is_at_least_what_describe_finds(schema: dict[str, Any], data: Any) -> None:
    found = describe(schema, _nothing, data).share
    assert bound(schema, _nothing, data, members(data)) >= found
