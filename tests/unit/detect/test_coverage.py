"""Coverage: how many of a document's keys a schema declares."""

from __future__ import annotations


def test_typed_maps_and_free_form_objects_count_as_declared():
    from batchcheck.detect.coverage import coverage

    typed = {"type": "object", "additionalProperties": {"type": "string"}}
    closed = {"type": "object", "properties": {"b": {}}, "additionalProperties": False}
    assert coverage(typed, {"a": "x", "c": "y"}) == (0, 2)
    assert coverage(closed, {"a": "x", "b": 1}) == (1, 2)
    assert coverage({"type": "object"}, {"a": {"b": 1}}) == (0, 1)
