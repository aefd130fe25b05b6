"""Offsets -> 1-based line:column (jsontext/positions.py), worked out by hand or by splitting lines."""

from __future__ import annotations

import json
import re

import pytest

from batchcheck.jsontext.positions import line_column, line_columns

NESTED = {
    "status": "COMPLETE",
    "results": [{"from": {"id": "m-from-0"}, "to": [{"toObjectId": "m-to-0-0"}]}, {"to": [[["m-deep"]]]}],
    "meta": {"a": {"b": {"c": "m-abc"}}},
}


def position_by_lines(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of offset, worked out by splitting text into lines."""
    lines = text[:offset].split("\n")
    return len(lines), len(lines[-1]) + 1


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, (1, 1)),  # a
        (1, (1, 2)),  # b
        (2, (1, 3)),  # the first newline belongs to line 1
        (3, (2, 1)),  # c
        (4, (2, 2)),  # d
        (6, (3, 1)),  # the empty line 3
        (7, (4, 1)),  # e
        (8, (4, 2)),  # f
        (9, (4, 3)),  # the \r of a CRLF is the last character of line 4
        (11, (5, 1)),  # g
        (12, (5, 2)),  # end of text
    ],
)
def test_line_column_by_hand(offset, expected):
    text = "ab\ncd\n\nef\r\ng"
    assert line_column(text, offset) == expected


def test_line_column_counts_characters_not_bytes():
    # line 2 is `  "é✓😀": 1`: three non-ASCII characters (9 bytes in UTF-8), 1 is the 10th
    text = '{\n  "é✓😀": 1}'
    assert line_column(text, text.index("1")) == (2, 10)


def test_line_columns_agree_with_splitting_lines():
    text = json.dumps(NESTED, indent=2).replace("\n", "\r\n", 3) + "\n\n  end"
    offsets = list(range(len(text) + 1))
    expected = {offset: position_by_lines(text, offset) for offset in offsets}
    assert line_columns(text, offsets) == expected
    assert {offset: line_column(text, offset) for offset in offsets} == expected


def test_line_columns_accepts_unsorted_and_repeated_offsets():
    text = "one\ntwo\nthree\n"
    offsets = [9, 0, 4, 9, 13, 4, 2]
    assert line_columns(text, offsets) == {o: position_by_lines(text, o) for o in set(offsets)}


def test_line_columns_of_nothing():
    assert line_columns("abc", []) == {}


def position_by_breaks(text: str, offset: int) -> tuple[int, int]:
    """Line and column when lines end at LF, CR LF or a lone CR (RFC 8259 whitespace), found by
    splitting: the LF of a CR LF belongs to the line its CR ends."""
    lines = re.split(r"\r\n|\r|\n", text[:offset])
    if offset < len(text) and text[offset] == "\n" and text[:offset].endswith("\r"):
        lines = re.split(r"\r\n|\r|\n", text[: offset - 1])
        return len(lines), len(lines[-1]) + 2
    return len(lines), len(lines[-1]) + 1


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n", "mixed"])
def test_every_json_line_ending_counts(ending):
    text = json.dumps(NESTED, indent=2)
    if ending == "mixed":
        parts = text.split("\n")
        text = "".join(part + ("\r", "\r\n", "\n")[i % 3] for i, part in enumerate(parts))
    else:
        text = text.replace("\n", ending)
    offsets = list(range(len(text) + 1))
    expected = {offset: position_by_breaks(text, offset) for offset in offsets}
    assert line_columns(text, offsets) == expected
    assert {offset: line_column(text, offset) for offset in offsets} == expected
    assert line_columns(text, offsets[::7]) == {o: expected[o] for o in offsets[::7]}
