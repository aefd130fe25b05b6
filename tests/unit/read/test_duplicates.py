"""Duplicate keys: found while parsing, located only then (batchcheck/duplicates.py)."""

from __future__ import annotations

import pytest

from batchcheck.read.parse import parse_bytes


def _warnings(raw: bytes) -> list[tuple[str, int | None, int | None, str | None]]:
    doc = parse_bytes("x", raw)
    assert doc.error is None
    return [(w.message, *w.position, w.pointer) for w in doc.warnings]


def test_no_duplicates_no_warnings():
    assert _warnings(b'{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}') == []


def test_the_last_value_is_kept():
    assert parse_bytes("x", b'{"a": 1, "a": 2}').data == {"a": 2}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            b'{"a": 1, "\\u0061": 2}',
            [('duplicate key "a" in the top-level object (2 times, first at line 1, column 2); '
              "the check used the last value", 1, 10, "/a")],
            id="escaped-spelling",
        ),
        pytest.param(
            b'{"r": [0, {"k/~": 1,\n "k/~": 2}]}',
            [('duplicate key "k/~" in /r/1 (2 times, first at line 1, column 12); '
              "the check used the last value", 2, 2, "/r/1/k~1~0")],
            id="pointer-escapes-and-array-index",
        ),
        pytest.param(
            b'HTTP/1.1 207 Multi-Status\r\n\r\n{"s": "x", "s": "y"}',
            [('duplicate key "s" in the top-level object (2 times, first at line 3, column 2); '
              "the check used the last value", 3, 12, "/s")],
            id="after-curl-headers",
        ),
        pytest.param(
            b'{"a": "{\\"a\\": 1, \\"a\\": 2}", "b": 1, "b": 2}',
            [('duplicate key "b" in the top-level object (2 times, first at line 1, column 31); '
              "the check used the last value", 1, 39, "/b")],
            id="json-inside-a-string-is-no-object",
        ),
    ],
)  # fmt: skip
def test_duplicates_are_located(raw, expected):
    assert _warnings(raw) == expected
