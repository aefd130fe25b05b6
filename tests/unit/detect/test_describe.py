"""describe: how much of a document a schema declares, member by member."""

from __future__ import annotations

from batchcheck.detect.describe import describe


def _nothing(_ref: str) -> None:
    return None


def test_typed_maps_describe_members_of_their_type_and_free_form_objects_nothing():
    typed = {"type": "object", "additionalProperties": {"type": "string"}}
    closed = {"type": "object", "properties": {"b": {}}, "additionalProperties": False}
    assert describe(typed, _nothing, {"a": "x", "c": "y"}).share == 1.0
    assert describe(typed, _nothing, {"a": 1}).share == 0.0  # at the top, a map takes its type only
    assert describe(closed, _nothing, {"a": "x", "b": 1}).share == 0.5
    free = describe({"type": "object"}, _nothing, {"a": {"b": 1}})
    assert free.vacuous and free.share == 0.0


def test_a_required_name_is_declared_and_its_value_opaque():
    """`{"required": ["thing"]}` says the document has a `thing`: it describes that member (and not
    what is inside it), so a minimal schema of one's own can be the one detection picks."""
    schema = {"type": "object", "required": ["thing"]}
    one = describe(schema, _nothing, {"thing": {"deep": 1, "er": 2}})
    assert (one.described, one.total, one.vacuous) == (1, 1, False)
    two = describe(schema, _nothing, {"thing": 1, "other": 2})
    assert (two.described, two.total) == (1, 2)
    absent = describe(schema, _nothing, {"other": 2})
    assert (absent.described, absent.absent) == (0, 1)
