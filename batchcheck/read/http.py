"""HTTP responses in a stream (`curl -i`, `curl -D -`): header blocks found, bodies delimited.

A stream may hold several responses. Interim `1xx` blocks, redirects (`curl -L`, with or without
a body of their own), a proxy's `200 Connection established` and any other block with no body
that another response follows are the preamble of that response: its status is the one kept.
Every other response (curl given two URLs) is a document of its own, and so is a 204 or 304,
which has no body by definition.

The same code reads bytes (to undo a Content-Encoding before decoding) and text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import AnyStr, Generic

from batchcheck.models import HttpStatus

NO_BODY = frozenset({204, 304})  # statuses that never carry a body

_STATUS = r"HTTP/\d(?:\.\d)? +(\d{3})(?: +([^\r\n]*)| *)\r?\n"
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
# A whole header block (status line, `Name: value` lines, a blank line): how a later response in
# the stream is recognised. No JSON body can hold one: JSON strings hold no raw line break.
_NEXT = _STATUS + rf"(?:{_TOKEN}:[^\r\n]*\r?\n)*\r?\n"
_HEADER_END = r"\r?\n\r?\n"
_BLANK = r"[ \t\r\n]*"


@dataclass(frozen=True)
class _Patterns(Generic[AnyStr]):
    http: AnyStr
    status: re.Pattern[AnyStr]
    next_block: re.Pattern[AnyStr]
    header_end: re.Pattern[AnyStr]
    blank: re.Pattern[AnyStr]


_TEXT = _Patterns(
    "HTTP/", re.compile(_STATUS), re.compile(_NEXT), re.compile(_HEADER_END), re.compile(_BLANK)
)
_BYTES = _Patterns(
    b"HTTP/",
    re.compile(_STATUS.encode()),
    re.compile(_NEXT.encode()),
    re.compile(_HEADER_END.encode()),
    re.compile(_BLANK.encode()),
)


@dataclass(frozen=True)
class Response:
    """One response of a stream: where its headers (and any preamble) start, where its body is."""

    start: int
    body_start: int
    body_end: int
    http: HttpStatus | None = None
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names; repeats joined by ", "

    @property
    def content_length(self) -> int | None:
        value = self.headers.get("content-length", "").split(",")[0].strip()
        return int(value) if value.isdigit() else None


def starts_with_headers(data: str | bytes) -> bool:
    return data.startswith("HTTP/") if isinstance(data, str) else data.startswith(b"HTTP/")


def split_responses(data: AnyStr) -> tuple[list[Response], int | None]:
    """The responses in data (one without headers when it has none), and the offset of malformed
    headers (None when they are well formed)."""
    patterns: _Patterns[AnyStr] = _TEXT if isinstance(data, str) else _BYTES
    if not data.startswith(patterns.http):
        return [Response(0, 0, len(data))], None
    responses: list[Response] = []
    start = pos = 0
    while True:
        status = patterns.status.match(data, pos)
        head_end = patterns.header_end.search(data, pos)
        if status is None or head_end is None:
            return responses, pos
        code = int(status.group(1))
        reason = _text(status.group(2) or "").strip() or _reason_phrase(code)
        headers = _headers(_text(data[status.end() : head_end.start()]))
        body_start = head_end.end()
        following = patterns.next_block.search(data, body_start)
        if data.startswith(patterns.http, body_start) and (
            following is None or following.start() > body_start
        ):
            pos = body_start  # another header block, but not a well-formed one: said below
            continue
        body_end = following.start() if following else len(data)
        blank = patterns.blank.match(data, body_start, body_end)
        no_body = blank is not None and blank.end() >= body_end
        if following and (code < 200 or 300 <= code < 400 or (no_body and code not in NO_BODY)):
            pos = following.start()  # the preamble of the response that follows
            continue
        responses.append(Response(start, body_start, body_end, HttpStatus(code, reason), headers))
        if following is None:
            return responses, None
        start = pos = following.start()


def _text(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode("latin-1")


def _headers(block: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in block.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name.strip().lower()
            headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    return headers


def _reason_phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""
