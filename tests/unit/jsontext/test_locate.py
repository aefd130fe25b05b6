"""Locating values in the original text: JSON Pointer parts -> offset -> line:column.

Expected offsets come from `text.index` of a marker value that occurs once in the text,
expected line:column from splitting the text into lines.
"""

from __future__ import annotations

import json

import pytest

from batchcheck.jsontext.locate import locate
from batchcheck.jsontext.positions import line_column, line_columns


def offset_of(text: str, marker: str) -> int:
    """Where marker (which must occur exactly once) starts in text."""
    assert text.count(marker) == 1, f"marker {marker!r} is not unique"
    return text.index(marker)


def position_by_lines(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of offset, worked out by splitting text into lines."""
    lines = text[:offset].split("\n")
    return len(lines), len(lines[-1]) + 1


# --- nested values -----------------------------------------------------------------------------

NESTED = {
    "status": "COMPLETE",
    "results": [
        {"from": {"id": "m-from-0"}, "to": [{"toObjectId": "m-to-0-0"}, {"toObjectId": "m-to-0-1"}]},
        {"from": {"id": "m-from-1"}, "to": [[["m-deep"]], {"n": 123456}]},
    ],
    "meta": {"a": {"b": {"c": "m-abc"}}},
}

NESTED_MARKERS = {
    ("status",): '"COMPLETE"',
    ("results", 0, "from", "id"): '"m-from-0"',
    ("results", 0, "to", 0, "toObjectId"): '"m-to-0-0"',
    ("results", 0, "to", 1, "toObjectId"): '"m-to-0-1"',
    ("results", 1, "from", "id"): '"m-from-1"',
    ("results", 1, "to", 0, 0, 0): '"m-deep"',
    ("results", 1, "to", 1, "n"): "123456",
    ("meta", "a", "b", "c"): '"m-abc"',
}


@pytest.mark.parametrize("indent", [None, 0, 2, 4, "\t"], ids=repr)
@pytest.mark.parametrize("parts", list(NESTED_MARKERS), ids=lambda p: "/".join(map(str, p)))
def test_nested_values_one_at_a_time(parts, indent):
    text = json.dumps(NESTED, indent=indent)
    assert locate(text, 0, [parts]) == {parts: offset_of(text, NESTED_MARKERS[parts])}


@pytest.mark.parametrize("indent", [None, 2], ids=["minified", "indented"])
def test_nested_values_all_at_once(indent):
    text = json.dumps(NESTED, indent=indent)
    expected = {parts: offset_of(text, marker) for parts, marker in NESTED_MARKERS.items()}
    assert locate(text, 0, NESTED_MARKERS) == expected


def test_containers_and_their_children_together():
    text = '{"results": [\n  {"x": 1},\n  {"flagState": "MAYBE"}\n]}'
    parts = [("results",), ("results", 1), ("results", 1, "flagState")]
    assert locate(text, 0, parts) == {
        ("results",): offset_of(text, "[\n"),
        ("results", 1): offset_of(text, '{"flagState"'),
        ("results", 1, "flagState"): offset_of(text, '"MAYBE"'),
    }


def test_object_key_that_looks_like_an_index():
    text = '{"1": "m-key", "list": ["a", "m-index"]}'
    assert locate(text, 0, [("1",), ("list", 1)]) == {
        ("1",): offset_of(text, '"m-key"'),
        ("list", 1): offset_of(text, '"m-index"'),
    }
    # an array has no key "1" and an object no index 1
    assert locate(text, 0, [("list", "1")]) == {}
    assert locate(text, 0, [(1,)]) == {}


# --- keys that need escapes --------------------------------------------------------------------

ESCAPED = (
    r'{"a\"b": "v1", "caf\u00e9": "v2", "\ud83d\ude00": "v3", "x/y~z": "v4", '
    r'"tab\there": "v5", "naïve": "v6", "back\\slash": "v7", "": "v8"}'
)


@pytest.mark.parametrize(
    ("key", "marker"),
    [
        ('a"b', '"v1"'),
        ("café", '"v2"'),
        ("😀", '"v3"'),
        ("x/y~z", '"v4"'),
        ("tab\there", '"v5"'),
        ("naïve", '"v6"'),
        ("back\\slash", '"v7"'),
        ("", '"v8"'),
    ],
)
def test_keys_are_matched_after_unescaping(key, marker):
    assert key in json.loads(ESCAPED)
    assert locate(ESCAPED, 0, [(key,)]) == {(key,): offset_of(ESCAPED, marker)}


def test_string_values_with_escapes_are_skipped_correctly():
    text = r'{"a": "x\"}]\\", "b": ["\"", "{[", "m-after"]}'
    assert locate(text, 0, [("b", 2)]) == {("b", 2): offset_of(text, '"m-after"')}


# --- whitespace --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"a":[1,{"b":"X"}]}', id="compact"),
        pytest.param('{ "a" : [ 1 , { "b" : "X" } ] }', id="spaces-everywhere"),
        pytest.param('\n\n  {\t"a"\t:\t[\t1\t,\t{"b":\t"X"}\t]\t}\n', id="tabs"),
        pytest.param('{\r\n  "a" :\r\n  [\r\n    1\r\n    ,\r\n    {\r\n"b"\r\n:\r\n"X"}]\r\n}', id="crlf"),
        pytest.param('{"z": {}, "y": [], "w": { }, "v": [ ], "a": [1, {"b": "X"}]}', id="empty-containers"),
    ],
)
def test_whitespace_variations(text):
    assert locate(text, 0, [("a", 1, "b")]) == {("a", 1, "b"): offset_of(text, '"X"')}


# --- minified and many pointers ----------------------------------------------------------------


def many_results(count: int) -> dict:
    return {
        "status": "COMPLETE",
        "results": [
            {"id": i, "tags": ["t", {"deep": f"m{i:05d}"}], "value": f"v{i:05d}"} for i in range(count)
        ],
    }


@pytest.mark.parametrize("indent", [None, 1], ids=["minified", "indented"])
def test_many_pointers_at_once(indent):
    text = json.dumps(many_results(300), indent=indent, separators=(",", ":") if indent is None else None)
    wanted = {}
    for i in range(0, 300, 7):
        wanted[("results", i, "value")] = offset_of(text, f'"v{i:05d}"')
        wanted[("results", i, "tags", 1, "deep")] = offset_of(text, f'"m{i:05d}"')
    missing = [("results", 300, "value"), ("results", 5, "nope"), ("nope",)]
    assert locate(text, 0, [*wanted, *missing]) == wanted


def test_minified_single_line_columns():
    text = json.dumps(many_results(50), separators=(",", ":"))
    assert "\n" not in text
    parts = [("results", i, "value") for i in (0, 17, 49)]
    offsets = locate(text, 0, parts)
    positions = line_columns(text, offsets.values())
    for i in (0, 17, 49):
        offset = offset_of(text, f'"v{i:05d}"')
        assert offsets[("results", i, "value")] == offset
        assert positions[offset] == (1, offset + 1)


# --- the root, missing pointers and odd input --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ('{"a": 1}', 0),
        ('  \n\t{"a": 1}', 4),
        ("\r\n[1, 2]", 2),
        ("  42 ", 2),
        ('"just a string"', 0),
    ],
)
def test_pointer_to_the_root(text, root):
    assert locate(text, 0, [()]) == {(): root}


@pytest.mark.parametrize(
    "parts",
    [
        ("nope",),
        ("results", 99),
        ("results", 0, "missing"),
        ("status", "deeper"),  # through a string
        ("count", 0),  # through a number
        ("results", "0"),  # a key on an array
        (0,),  # an index on an object
    ],
    ids=repr,
)
def test_missing_pointer_is_left_out(parts):
    text = '{"status": "COMPLETE", "count": 3, "results": [{"id": "m-id"}]}'
    found = locate(text, 0, [parts, ("results", 0, "id")])
    assert found == {("results", 0, "id"): offset_of(text, '"m-id"')}


def test_nothing_requested_finds_nothing():
    assert locate('{"a": 1}', 0, []) == {}


@pytest.mark.parametrize(
    "text",
    ['{"a": [1, 2', '{"a": [1, 2,', "}{", "", "   ", '{"a" 1}', "[1, 2"],
    ids=repr,
)
def test_broken_text_does_not_raise(text):
    found = locate(text, 0, [("a", 1), ("b",), (5,)])
    assert ("b",) not in found
    assert (5,) not in found


def test_broken_text_keeps_what_was_located_before_the_break():
    text = '{"a": [1, "m-two", {"b": [true, '
    found = locate(text, 0, [("a", 1), ("a", 2, "b", 5), ("c",)])
    assert found == {("a", 1): offset_of(text, '"m-two"')}


def test_duplicate_key_is_located_where_the_parsed_value_is():
    text = '{"flagState": "ON", "flagState": "MAYBE"}'
    assert json.loads(text)["flagState"] == "MAYBE"
    assert locate(text, 0, [("flagState",)]) == {("flagState",): offset_of(text, '"MAYBE"')}


# --- a body after HTTP headers -----------------------------------------------------------------


def test_start_offset_skips_header_text():
    head = 'HTTP/1.1 207 Multi-Status\r\nX-Debug: {"a": [0, "m-header"]}\r\n\r\n'
    body = '{\n  "a": [\n    0,\n    "m-body"\n  ]\n}'
    text = head + body
    found = locate(text, len(head), [("a", 1), ()])
    assert found == {("a", 1): offset_of(text, '"m-body"'), (): len(head)}
    offset = found[("a", 1)]
    # lines: status, X-Debug, blank, `{`, `  "a": [`, `    0,`, `    "m-body"`
    assert line_column(text, offset) == (7, 5)
    assert line_columns(text, [offset]) == {offset: (7, 5)}


def test_start_offset_with_leading_whitespace_in_body():
    head = "HTTP/2 200\n\n"
    text = head + '\n\n   ["x", "m-y"]'
    assert locate(text, len(head), [(1,), ()]) == {
        (1,): offset_of(text, '"m-y"'),
        (): offset_of(text, '["x"'),
    }
