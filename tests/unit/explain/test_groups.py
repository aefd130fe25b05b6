"""Grouping raw errors: one group per path pattern, keyword and expectation, exact counts, and a
message that says what was found."""

from __future__ import annotations

from batchcheck.explain.excerpt import excerpt_at
from batchcheck.explain.groups import group_errors, group_message, pattern_path, pattern_pointer
from batchcheck.jsontext.positions import Position
from batchcheck.models import RawError

ENUM = ["ON", "OFF", "ABSENT"]


def enum_error(index: int, value: object, enum: list = ENUM) -> RawError:
    return RawError(("results", index, "flagState"), "enum", enum, value)


def test_one_group_per_place_keyword_and_expectation() -> None:
    errors = [enum_error(i, "MAYBE" if i % 3 else "on") for i in range(9)]
    errors.append(RawError(("results", 4, "appId"), "type", "integer", "x"))
    errors.append(enum_error(9, "MAYBE", ["A", "B"]))  # another enum: another expectation
    groups = group_errors(errors)
    assert [(pattern_path(g.parts), g.first.keyword, g.count) for g in groups] == [
        ("results[*].flagState", "enum", 9),
        ("results[*].appId", "type", 1),
        ("results[*].flagState", "enum", 1),
    ]
    assert groups[0].examples == [
        ("results", 0, "flagState"),
        ("results", 1, "flagState"),
        ("results", 2, "flagState"),
    ]
    assert (
        group_message(groups[0])
        == 'expected one of "ON", "OFF" or "ABSENT"; found string "MAYBE" \u00d76 or "on" \u00d73'
    )
    assert pattern_pointer(groups[0].parts) == "/results/*/flagState"


def test_the_same_value_everywhere_is_the_first_members_message() -> None:
    [group] = group_errors([enum_error(i, "MAYBE") for i in range(5)])
    assert group_message(group) == 'expected one of "ON", "OFF" or "ABSENT"; found string "MAYBE"'


def test_many_different_values_are_named_a_few_then_counted() -> None:
    errors = [RawError(("results", i, "portalId"), "type", "integer", str(i)) for i in range(500)]
    [group] = group_errors(errors)
    assert group.count == 500
    assert group_message(group) == 'expected integer, found string "0", "1", "2" and 497 other values'


def test_keys_and_indices_are_told_apart() -> None:
    assert pattern_path(("a", 0, "b c", 3)) == 'a[*]["b c"][*]'
    assert pattern_path(()) == "(root)"


def test_an_excerpt_windows_a_long_line_and_marks_the_value() -> None:
    text = "[" + "1, " * 1000 + '"bad", 2]'
    column = text.index('"bad"') + 1
    excerpt = excerpt_at(text, Position(1, column))
    assert excerpt is not None and excerpt.clipped_left and not excerpt.clipped_right
    assert excerpt.text[excerpt.start : excerpt.start + excerpt.length] == '"bad"'
    second = excerpt_at('{\n  "a": {\n    "b": 1}}', Position(2, 8))
    assert second is not None and (second.text, second.start, second.length) == ('  "a": {', 7, 1)
    assert excerpt_at("[1]", Position(5, 1)) is None  # no such line
