"""What curl pipes in besides one plain response: several responses, compressed or raw-chunked
bodies, HEAD's headers alone, a verbose trace, 204/304, nothing at all; and JSONC mistaken for JSON."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest

from batchcheck.models import STDIN, Document
from batchcheck.read.parse import parse_bytes, parse_stream

BODY = {"status": "COMPLETE", "results": [{"id": "1"}]}


def response(status: str, *headers: str, body: bytes = b"", eol: str = "\r\n") -> bytes:
    head = eol.join([f"HTTP/1.1 {status}", *headers]) + eol + eol
    return head.encode() + body


def only(raw: bytes, source: str = STDIN) -> Document:
    [document] = parse_stream(source, raw)
    return document


# --- several responses in one stream -------------------------------------------------------------


def test_two_responses_are_two_documents_numbered_after_the_source():
    first = json.dumps(BODY).encode()
    second = b'{\n  "status": "PENDING",\n  "results": []\n}'
    raw = response("200 OK", "Content-Type: application/json", body=first) + response(
        "207 Multi-Status", body=second
    )
    one, two = parse_stream(STDIN, raw)
    assert (one.source, one.http.status, one.data) == ("<stdin>#1", 200, BODY)
    assert (two.source, two.http.status, two.data["status"]) == ("<stdin>#2", 207, "PENDING")
    assert two.text is one.text  # one text for the stream: positions count from its top


def test_positions_in_the_second_response_count_from_the_top_of_the_stream():
    # lines: 1-3 the first response (status, blank, `[1]`), 4-5 the second's headers, 6 `[1,`, 7 `NaN]`
    raw = response("200 OK", body=b"[1]\n") + response("200 OK", body=b"[1,\nNaN]")
    first, second = parse_stream("resp.http", raw)
    assert first.error is None and first.source == "resp.http#1"
    assert second.error is not None and "NaN" in second.error.message
    assert tuple(second.error.position) == (7, 1)


def test_a_redirect_and_its_body_are_the_preamble_of_the_response_followed_to():
    raw = response("301 Moved Permanently", "Location: /b", body=b"<html>moved</html>\n") + response(
        "200 OK", body=json.dumps(BODY).encode()
    )
    document = only(raw)
    assert (document.source, document.http.status, document.data) == (STDIN, 200, BODY)


def test_a_proxy_tunnel_and_interim_blocks_are_preamble_too():
    raw = response("200 Connection established") + response("100 Continue") + response("200 OK", body=b"[]")
    document = only(raw)
    assert (document.source, document.data, document.error) == (STDIN, [], None)


def test_a_204_among_responses_is_a_document_without_a_body():
    raw = response("204 No Content", "Date: x") + response("200 OK", body=b"[]")
    empty, full = parse_stream(STDIN, raw)
    assert (empty.source, empty.no_body, empty.error) == ("<stdin>#1", True, None)
    assert (full.source, full.data) == ("<stdin>#2", [])


def test_a_truncated_first_body_is_truncated_not_followed_by_garbage():
    raw = response("200 OK", body=b'{"a": [1, 2') + response("200 OK", body=b"[]")
    first, second = parse_stream(STDIN, raw)
    assert first.error is not None and "truncated" in first.error.message
    assert second.error is None


def test_parse_bytes_takes_one_document_only():
    raw = response("200 OK", body=b"[]") + response("200 OK", body=b"[]")
    assert parse_bytes("x", raw).error.message == "2 HTTP responses in one input"


# --- bodies as the server framed them ------------------------------------------------------------

GZIP_HEADERS = ("Content-Type: application/json", "Content-Encoding: gzip")


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
    ],
    ids=["gzip", "deflate", "raw-deflate"],
)
def test_a_compressed_body_is_decoded_and_the_report_says_so(coding, encode):
    body = json.dumps(BODY, indent=2).encode()
    document = only(response("200 OK", f"Content-Encoding: {coding}", body=encode(body)))
    assert document.error is None
    assert document.data == BODY
    [note] = document.warnings
    assert note.message.startswith(f"the body was {coding}-compressed (Content-Encoding: {coding}): decoded")
    assert "curl --compressed" in note.message


def test_a_body_curl_decoded_already_is_left_alone():
    document = only(response("200 OK", *GZIP_HEADERS, body=json.dumps(BODY).encode()))  # curl --compressed
    assert (document.error, document.warnings, document.data) == (None, [], BODY)


def test_positions_in_a_decoded_body_count_in_the_decoded_text():
    # lines: 1-3 headers, 4 blank, 5 `{`, 6 `  "a": NaN`
    document = only(response("200 OK", *GZIP_HEADERS, body=gzip.compress(b'{\n  "a": NaN\n}')))
    assert document.error is not None
    assert tuple(document.error.position) == (6, 8)


@pytest.mark.parametrize(("coding", "name"), [("br", "Brotli"), ("zstd", "zstd")])
def test_brotli_and_zstd_name_the_curl_option_that_decodes_them(coding, name):
    document = only(response("200 OK", f"Content-Encoding: {coding}", body=bytes(range(200, 256)) * 4))
    assert document.error is not None
    assert f"the body is {name}-compressed (Content-Encoding: {coding})" in document.error.message
    assert "--compressed" in document.error.message


def test_a_corrupt_gzip_body_is_an_input_error():
    document = only(response("200 OK", *GZIP_HEADERS, body=gzip.compress(b"[1, 2, 3]")[:-12]))
    assert document.error is not None and "gzip" in document.error.message


def test_a_raw_chunked_body_is_dechunked():
    payload = json.dumps(BODY).encode()
    chunked = (
        b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (payload[:10], payload[10:]))
        + b"0\r\n\r\n"
    )
    document = only(response("200 OK", "Transfer-Encoding: chunked", body=chunked))
    assert (document.error, document.data) == (None, BODY)
    [note] = document.warnings
    assert "raw chunks (Transfer-Encoding: chunked, as `curl --raw` prints it): de-chunked" in note.message


def test_chunked_headers_over_a_body_curl_already_dechunked():
    document = only(response("200 OK", "Transfer-Encoding: chunked", body=b"[1, 2]"))
    assert (document.error, document.warnings, document.data) == (None, [], [1, 2])


# --- nothing to check ----------------------------------------------------------------------------


def test_empty_standard_input_says_the_command_before_the_pipe_may_have_failed():
    document = only(b"")
    assert document.error.message == (
        "empty input: nothing came through the pipe (did the command before it fail? "
        "`curl -sS` shows curl's errors)"
    )


def test_the_headers_of_a_head_request_say_to_use_dash_i():
    document = only(response("200 OK", "Content-Type: application/json", "Content-Length: 1234"))
    assert document.error.message == (
        "empty input after HTTP headers (HTTP 200 OK), though Content-Length is 1234: "
        "`curl -I` asks for the headers only (HEAD); use `curl -i` to get the body too"
    )


@pytest.mark.parametrize("status", ["204 No Content", "304 Not Modified"])
def test_204_and_304_have_no_body_and_no_error(status):
    document = only(response(status, "ETag: x", eol="\n"))
    assert (document.no_body, document.error, document.data) == (True, None, None)


def test_a_curl_verbose_trace_says_to_drop_2_and_1():
    trace = b"*   Trying 127.0.0.1:8080...\n* Connected\n> GET /x HTTP/1.1\n> Host: a\n>\n< HTTP/1.1 200 OK\n"
    document = only(trace + b"<\n{}")
    assert document.error.message.startswith("looks like curl's verbose trace")
    assert "drop `2>&1`" in document.error.message
    assert tuple(document.error.position) == (1, 1)


# --- JSONC is not JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says", "where"),
    [
        ('{\n  // the compiler\n  "a": 1\n}', "comments are not JSON", (2, 3)),
        ('{"a": 1 /* why */}', "comments are not JSON", (1, 9)),
        ('{\n  "a": 1,\n}', "a trailing comma before `}` is not JSON", (3, 1)),
        ("[1, 2,\n]", "a trailing comma before `]` is not JSON", (2, 1)),
        ("{'a': 1}", "single-quoted strings are not JSON", (1, 2)),
    ],
    ids=["line-comment", "block-comment", "trailing-comma-object", "trailing-comma-array", "single-quotes"],
)
def test_jsonc_gets_a_message_that_says_what_it_is(text, says, where):
    document = only(text.encode(), "tsconfig.json")
    assert document.error is not None
    assert document.error.message.startswith(f"invalid JSON: {says}")
    assert "Expecting" not in document.error.message
    assert tuple(document.error.position) == where
