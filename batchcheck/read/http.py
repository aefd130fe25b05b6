"""HTTP headers before a body (`curl -i`, `curl -D -`): skipped, the final status kept."""

from __future__ import annotations

import re
from http import HTTPStatus

from batchcheck.jsontext.positions import line_column
from batchcheck.models import HttpStatus, InputError

_STATUS_LINE = re.compile(r"HTTP/(?:\d(?:\.\d)?) +(\d{3})(?: +([^\r\n]*))?\r?\n")
_HEADER_END = re.compile(r"\r?\n\r?\n")


def split_http_headers(text: str) -> tuple[int, HttpStatus | None, InputError | None]:
    """(where the body starts, the last status, an error): any number of header blocks (interim
    1xx, one per redirect) are skipped; the last status line is the response's."""
    pos, http = 0, None
    while text.startswith("HTTP/", pos):
        status_line = _STATUS_LINE.match(text, pos)
        block_end = _HEADER_END.search(text, pos)
        if status_line is None or block_end is None:
            return pos, http, InputError("malformed HTTP headers before the body", line_column(text, pos))
        code = int(status_line.group(1))
        http = HttpStatus(code, status_line.group(2) or _reason_phrase(code))
        pos = block_end.end()
    return pos, http, None


def _reason_phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""
