"""Reading input: decoding, `curl -i` header blocks and strict RFC 8259 parsing.

Expected line:column positions are worked out by hand in the comments: lines and
columns are 1-based and columns count characters, not bytes.
"""

from __future__ import annotations

import codecs

import pytest

from batchcheck.models import Document, HttpStatus
from batchcheck.read.parse import parse_bytes


def parse(raw: bytes | str) -> Document:
    return parse_bytes("input.json", raw.encode() if isinstance(raw, str) else raw)


def error_of(raw: bytes | str) -> tuple[str, int | None, int | None]:
    """The InputError of an input that must not parse, as (message, line, column)."""
    doc = parse(raw)
    assert doc.error is not None, f"expected an input error, parsed {doc.data!r}"
    assert doc.data is None
    return doc.error.message, *(doc.error.position or (None, None))


# --- valid JSON and encodings ------------------------------------------------------------------

SAMPLE = '{"name": "café ✓", "ids": [1, 2.5, -3], "ok": true, "none": null}'
SAMPLE_DATA = {"name": "café ✓", "ids": [1, 2.5, -3], "ok": True, "none": None}


def test_valid_json_is_parsed_into_data():
    doc = parse(SAMPLE)
    assert doc.error is None
    assert doc.data == SAMPLE_DATA
    assert doc.source == "input.json"
    assert doc.http is None
    assert doc.body_start == 0
    assert doc.text == SAMPLE


def test_valid_json_surrounded_by_whitespace():
    doc = parse(" \t\r\n" + SAMPLE + "\r\n\n")
    assert doc.error is None
    assert doc.data == SAMPLE_DATA


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"), id="utf-32-le"),
        pytest.param(codecs.BOM_UTF32_BE + SAMPLE.encode("utf-32-be"), id="utf-32-be"),
    ],
)
def test_byte_order_mark_selects_the_encoding(raw):
    doc = parse(raw)
    assert doc.error is None
    assert doc.data == SAMPLE_DATA
    assert not doc.text.startswith("\ufeff")


def test_positions_in_utf16_input_count_characters_not_bytes():
    # line 2 is ` "a": NaN}`: N is the 7th character (it is byte 14 of the line).
    raw = codecs.BOM_UTF16_LE + '{\n "a": NaN}'.encode("utf-16-le")
    message, line, column = error_of(raw)
    assert "NaN" in message
    assert (line, column) == (2, 7)


# --- invalid UTF-8 -----------------------------------------------------------------------------


def test_invalid_utf8_names_the_encoding_byte_and_position():
    # line 2 is `  "name": "café \xff"`: 2 spaces + `"name":` (7) + space + `"` + `café` (4
    # characters, 5 bytes) + space = 16 characters before the bad byte -> column 17.
    raw = b'{\n  "name": "caf\xc3\xa9 \xff"\n}'
    message, line, column = error_of(raw)
    assert "UTF-8" in message
    assert "0xff" in message
    assert (line, column) == (2, 17)


def test_invalid_utf8_on_the_first_line():
    # `{"a": "` is 7 characters -> the bad byte is at column 8.
    message, line, column = error_of(b'{"a": "\xff"}')
    assert "UTF-8" in message
    assert (line, column) == (1, 8)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the BOM is not a character of the text: `{"a": "` is 7 characters -> column 8
        pytest.param(codecs.BOM_UTF8 + b'{"a": "\xff"}', (1, 8), id="first-line"),
        # line 2 is `"\xff"]` -> column 2
        pytest.param(codecs.BOM_UTF8 + b'[\n"\xff"]', (2, 2), id="second-line"),
    ],
)
def test_invalid_utf8_after_a_bom_is_located(raw, expected):
    message, line, column = error_of(raw)
    assert "UTF-8" in message
    assert "0xff" in message
    assert (line, column) == expected


# --- not JSON at all ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", " ", "\n", " \t\r\n \n"], ids=repr)
def test_empty_or_whitespace_only_input(raw):
    message, _, _ = error_of(raw)
    assert message == "empty input (no JSON value in the file)"


@pytest.mark.parametrize(
    ("raw", "position"),
    [
        ("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", (1, 1)),
        # whitespace before the page: line 3 is `  <html>` -> column 3
        ("\r\n\n  <html><head><title>Error</title></head></html>", (3, 3)),
    ],
)
def test_html_page_is_reported_as_html(raw, position):
    message, line, column = error_of(raw)
    assert "HTML" in message
    assert (line, column) == position


# --- JSON syntax errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "position"),
    [
        # ends after `{"id": 1},` + newline: the missing value is at line 4, column 1
        ('{\n  "results": [\n    {"id": 1},\n', (4, 1)),
        # line 2 is `  "a": tru`: t is the 8th character
        ('{\n  "a": tru', (2, 8)),
        # `{"a": [1, 2` ends before a comma or `]`: column 12 is just past the end
        ('{"a": [1, 2', (1, 12)),
        # an unterminated string is reported where it starts
        ('[\n "abc', (2, 2)),
    ],
)
def test_truncated_json_is_located(raw, position):
    message, line, column = error_of(raw)
    assert message.startswith("invalid JSON")
    assert (line, column) == position


@pytest.mark.parametrize(
    ("raw", "position"),
    [
        ('{"a": 1}{"b": 2}', (1, 9)),
        ('{"a": 1} x', (1, 10)),
        # lines: `{`, `  "a": 1`, `}`, ``, `  x` -> line 5, column 3
        ('{\n  "a": 1\n}\n\n  x', (5, 3)),
        ("[1, 2]\n]", (2, 1)),
    ],
)
def test_trailing_data_is_located(raw, position):
    message, line, column = error_of(raw)
    assert "trailing data" in message
    assert (line, column) == position


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_constants_are_rejected_and_located(constant):
    # line 3 is `  "bad": <constant>`: the constant starts at character 10; a string
    # holding the same word earlier on must not be taken for it.
    raw = f'{{\n  "ok": "{constant}",\n  "bad": {constant}\n}}'
    message, line, column = error_of(raw)
    assert constant in message
    assert "not allowed" in message
    assert (line, column) == (3, 10)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_constant_on_one_line(constant):
    message, line, column = error_of(f"[1, {constant}]")
    assert constant in message
    assert (line, column) == (1, 5)


def test_strings_containing_nan_and_infinity_are_fine():
    raw = r'["NaN", "-Infinity", {"Infinity": "x NaN y", "q\"NaN": "\\NaN"}]'
    doc = parse(raw)
    assert doc.error is None
    assert doc.data == ["NaN", "-Infinity", {"Infinity": "x NaN y", 'q"NaN': "\\NaN"}]


def test_huge_integer_is_an_input_error_not_an_exception():
    # line 2 is `  "n": 999...`: the number starts at character 8
    raw = '{\n  "n": ' + "9" * 10_000 + "\n}"
    message, line, column = error_of(raw)
    assert message == "integer longer than Python's limit of 4300 digits"
    assert (line, column) == (2, 8)


def test_huge_integer_is_located_past_digits_inside_strings():
    # `["` + 5000 digits + `", ` is 5005 characters: the number starts at column 5006
    raw = '["' + "1" * 5000 + '", ' + "2" * 5000 + "]"
    message, line, column = error_of(raw)
    assert message == "integer longer than Python's limit of 4300 digits"
    assert (line, column) == (1, 5006)


def test_huge_negative_integer_is_located_at_its_sign():
    message, line, column = error_of("[-" + "1" * 10_000 + "]")
    assert message == "integer longer than Python's limit of 4300 digits"
    assert (line, column) == (1, 2)


def test_huge_integer_after_a_long_fraction_is_located_at_the_integer():
    # a 5000-digit fraction is a float (no limit); the 5000-digit integer on line 2 is the error
    raw = '{"a": 1.' + "1" * 5000 + ', "b":\n ' + "2" * 5000 + "}"
    message, line, column = error_of(raw)
    assert message == "integer longer than Python's limit of 4300 digits"
    assert (line, column) == (2, 2)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("[" * 100_000, id="open-arrays"),
        pytest.param("[" * 100_000 + "]" * 100_000, id="closed-arrays"),
        pytest.param('{"a":' * 100_000 + "1" + "}" * 100_000, id="objects"),
    ],
)
def test_absurd_nesting_is_an_input_error_not_an_exception(raw):
    message, _, _ = error_of(raw)
    assert message.startswith("invalid JSON")


# --- curl -i header blocks ---------------------------------------------------------------------


def headers(*lines: str, eol: str = "\r\n") -> str:
    """One header block: its lines, each ended by eol, then the blank line."""
    return "".join(line + eol for line in lines) + eol


BODY = '{"status": "COMPLETE", "results": []}'
BODY_DATA = {"status": "COMPLETE", "results": []}


@pytest.mark.parametrize("eol", ["\r\n", "\n"], ids=["crlf", "lf"])
@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        pytest.param(
            [("HTTP/1.1 200 OK", "Content-Type: application/json")], HttpStatus(200, "OK"), id="http1.1"
        ),
        pytest.param(
            [("HTTP/2 207", "content-type: application/json")], HttpStatus(207, "Multi-Status"), id="h2"
        ),
        pytest.param([("HTTP/2 207 ", "date: x")], HttpStatus(207, "Multi-Status"), id="h2-trailing-space"),
        pytest.param([("HTTP/3 200", "server: x")], HttpStatus(200, "OK"), id="h3"),
        pytest.param([("HTTP/1.0 404 Gone Fishing",)], HttpStatus(404, "Gone Fishing"), id="own-reason"),
        pytest.param(
            [("HTTP/1.1 100 Continue",), ("HTTP/1.1 207 Multi-Status", "content-length: 37")],
            HttpStatus(207, "Multi-Status"),
            id="interim-100",
        ),
        pytest.param(
            [("HTTP/1.1 301 Moved Permanently", "Location: /v2"), ("HTTP/1.1 200 OK", "X-A: b")],
            HttpStatus(200, "OK"),
            id="redirect",
        ),
        pytest.param(
            [("HTTP/1.1 302 Found", "Location: /a"), ("HTTP/1.1 100 Continue",), ("HTTP/2 201",)],
            HttpStatus(201, "Created"),
            id="three-blocks",
        ),
    ],
)
def test_http_headers_are_skipped_and_last_status_kept(blocks, expected, eol):
    head = "".join(headers(*block, eol=eol) for block in blocks)
    doc = parse(head + BODY)
    assert doc.error is None
    assert doc.http == expected
    assert doc.data == BODY_DATA
    assert doc.body_start == len(head)
    assert doc.text[doc.body_start :] == BODY


@pytest.mark.parametrize("eol", ["\r\n", "\n"], ids=["crlf", "lf"])
def test_syntax_error_after_headers_counts_lines_from_the_top(eol):
    # lines: 1 status, 2 content-type, 3 blank, 4 `{`, 5 `  "a": 1`, 6 `  "b": 2`
    # the missing comma is reported at `"b"`: line 6, column 3
    raw = headers("HTTP/1.1 200 OK", "Content-Type: application/json", eol=eol) + '{\n  "a": 1\n  "b": 2\n}'
    message, line, column = error_of(raw)
    assert message.startswith("invalid JSON")
    assert (line, column) == (6, 3)


def test_nan_after_two_header_blocks_counts_lines_from_the_top():
    # lines: 1-2 the 100 block, 3-5 the 200 block, 6 `[`, 7 `  NaN` -> line 7, column 3
    raw = headers("HTTP/1.1 100 Continue") + headers("HTTP/1.1 200 OK", "A: b") + "[\n  NaN\n]"
    message, line, column = error_of(raw)
    assert "NaN" in message
    assert (line, column) == (7, 3)


def test_headers_with_an_empty_body():
    doc = parse(headers("HTTP/2 200", "content-length: 0", eol="\n") + " \n\t")
    assert doc.error is not None
    assert doc.error.message == "empty input after HTTP headers (HTTP 200 OK): the response has no body"


def test_html_body_after_headers_mentions_the_status():
    # lines: 1 status, 2 blank, 3 `<html>`
    message, line, column = error_of(headers("HTTP/1.1 502 Bad Gateway") + "<html>oops</html>")
    assert "HTML" in message
    assert "502" in message
    assert (line, column) == (3, 1)


@pytest.mark.parametrize(
    ("raw", "position"),
    [
        pytest.param("HTTP/1.1 OK\r\n\r\n{}", (1, 1), id="no-status-code"),
        pytest.param('HTTP/1.1 200 OK\r\nX-A: b\r\n{"a": 1}', (1, 1), id="no-blank-line"),
        pytest.param("HTTP/1.1 200 OK", (1, 1), id="status-line-only"),
        # the second block starts on line 3
        pytest.param("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 abc\r\n\r\n{}", (3, 1), id="bad-second-block"),
    ],
)
def test_malformed_header_block(raw, position):
    message, line, column = error_of(raw)
    assert "malformed HTTP headers" in message
    assert (line, column) == position
