"""JSON Lines (`.jsonl`, `.ndjson`, gzip-compressed or not, or `--jsonl`): one response per line,
each a Document named `FILE:LINE`, read as the file streams (one line in memory at a time).

A line is a response body, or an envelope that carries one with its request, so that logged
traffic gets operation-aware selection: an object with a `body` member and at least one of `url`
(a string), `method` (a string) and `status` (an integer from 100 to 599); other members (a
timestamp, headers) are ignored. A line that cannot be read is an input error for that line
alone; blank lines are skipped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO

from batchcheck.jsontext.locate import locate
from batchcheck.jsontext.positions import Position
from batchcheck.models import STDIN, Document, HttpStatus, InputError, Origin, Request
from batchcheck.read.captures import MAX_LINE_BYTES, mib
from batchcheck.read.decode import decode
from batchcheck.read.http import NO_BODY
from batchcheck.read.strict_json import parse_json

_CHUNK = 1 << 20  # bytes read (and, compressed, inflated) at a time
_GZIP_MAGIC = b"\x1f\x8b"
_BLANK = b" \t\r\n"


def read_jsonl(source: str, stdin: BinaryIO | None) -> Iterator[Document]:
    """Every line of source ('-': standard input) as a Document, in order; never raises for bad input."""
    name = STDIN if source == "-" else source
    if source == "-":
        if stdin is None:
            yield Document(STDIN, error=InputError("no standard input"))
            return
        yield from documents_of(name, stdin)
        return
    path = Path(source)
    try:
        if path.is_dir():
            yield Document(source, error=InputError("is a directory, not a JSON Lines file"))
            return
        stream = path.open("rb")
    except OSError as exc:
        yield Document(source, error=InputError(_reason(exc)))
        return
    with stream:
        try:
            yield from documents_of(name, stream)
        except OSError as exc:  # a read error half-way: the lines before it stand
            yield Document(source, error=InputError(_reason(exc)))


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def documents_of(name: str, stream: BinaryIO) -> Iterator[Document]:
    """The documents of a JSON Lines stream (gzip or not), named `NAME:LINE` from line 1 of it."""
    for number, line in _lines(_inflated(stream)):
        if isinstance(line, InputError):
            yield _line_error(name, number, line)
        elif line.strip(_BLANK):
            yield parse_line(name, number, line)


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(_CHUNK):
        yield chunk


def _inflated(stream: BinaryIO) -> Iterator[bytes | InputError]:
    """The stream's bytes, gunzipped when they start as gzip (several members, as `cat a.gz b.gz`
    makes, one after the other), in bounded pieces however well they compress."""
    chunks = _chunks(stream)
    first = next(chunks, b"")
    if not first.startswith(_GZIP_MAGIC):
        if first:
            yield first
        yield from chunks
        return
    decoder: Any = None  # zlib's decompressor of the member being read; None between members
    pending = first
    try:
        while pending:
            while pending:
                decoder = decoder or zlib.decompressobj(16 + zlib.MAX_WBITS)
                if inflated := decoder.decompress(pending, _CHUNK):
                    yield inflated
                pending = decoder.unconsumed_tail
                if decoder.eof:  # the next member, if any (trailing NULs are padding)
                    pending, decoder = decoder.unused_data + pending, None
                    pending = pending if pending.strip(b"\0") else b""
            pending = next(chunks, b"")
        if decoder is not None and not decoder.eof:
            if tail := decoder.flush():
                yield tail
            yield InputError("the gzip data ends early (truncated?)")
    except zlib.error as exc:
        yield InputError(f"the gzip data cannot be decompressed: {exc}")


def _lines(pieces: Iterator[bytes | InputError]) -> Iterator[tuple[int, bytes | InputError]]:
    """(line number, line) for every line; a line over MAX_LINE_BYTES is an InputError in its place
    (and never held whole)."""
    buffer = bytearray()
    number, overflow = 1, False
    for piece in pieces:
        if isinstance(piece, InputError):
            yield number, piece
            return
        start = 0
        while (end := piece.find(b"\n", start)) >= 0:
            if overflow:
                yield number, InputError(f"line longer than {mib(MAX_LINE_BYTES)}; not checked")
            else:
                buffer += piece[start:end]
                yield number, bytes(buffer)
            buffer.clear()
            number, overflow, start = number + 1, False, end + 1
        if not overflow:
            buffer += piece[start:]
            if len(buffer) > MAX_LINE_BYTES:
                overflow = True
                buffer.clear()
    if overflow:
        yield number, InputError(f"line longer than {mib(MAX_LINE_BYTES)}; not checked")
    elif buffer:
        yield number, bytes(buffer)


def _line_error(name: str, number: int, error: InputError) -> Document:
    return Document(f"{name}:{number}", error=error, origin=Origin(name, Position(number, 1), verbatim=True))


def parse_line(name: str, number: int, raw: bytes) -> Document:
    """One line as a Document: a response body, or the body an envelope carries with its request."""
    origin = Origin(name, Position(number, 1), verbatim=True)
    document = Document(f"{name}:{number}", origin=origin)
    text, error = decode(raw)
    if error is not None:
        document.error = error
        return document
    document.text = text
    data, document.error, duplicates = parse_json(text, 0, None)
    if document.error is not None:
        return document
    envelope = _envelope(data)
    if envelope is None or not isinstance(data, dict):
        document.data = data
    else:
        _unwrap(document, data, envelope)
    if duplicates:
        from batchcheck.read.duplicates import duplicate_key_warnings  # lazy: start-up

        document.warnings += duplicate_key_warnings(text, document.body_start)
    return document


def _envelope(data: Any) -> tuple[Request | None, HttpStatus | None] | None:
    """(request, status) when data is an envelope (see the module's doc), else None."""
    if not isinstance(data, dict) or "body" not in data:
        return None
    url, method, status = data.get("url"), data.get("method"), data.get("status")
    if url is None and method is None and status is None:
        return None
    if not isinstance(url, (str, type(None))) or not isinstance(method, (str, type(None))):
        return None
    if status is not None and not (type(status) is int and 100 <= status <= 599):
        return None
    request = Request(url, method.upper() if method else None) if url or method else None
    return request, HttpStatus(status, _reason_phrase(status)) if status is not None else None


def _reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _unwrap(
    document: Document, data: dict[str, Any], envelope: tuple[Request | None, HttpStatus | None]
) -> None:
    document.request, document.http = envelope
    document.data = data["body"]
    document.body_start = locate(document.text, 0, [("body",)]).get(("body",), 0)
    if document.http is not None and document.http.status in NO_BODY and document.data is None:
        document.no_body = True
