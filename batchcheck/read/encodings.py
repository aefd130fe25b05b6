"""A body as the server framed it, undone: raw chunks (`curl --raw`) and a gzip or deflate
Content-Encoding (curl without `--compressed`). Brotli and zstd are named, with the curl option
that decodes them. A body curl decoded already (its headers still say gzip) is left alone.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

MAX_DECODED = 1 << 30  # bytes a compressed body may expand to (a gzip bomb stops here)

_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")
_GZIP, _ZLIB, _RAW_DEFLATE = 16 + zlib.MAX_WBITS, zlib.MAX_WBITS, -zlib.MAX_WBITS
_UNDECODABLE = {"br": "Brotli", "zstd": "zstd", "compress": "LZW (compress)"}
_JSON_START = frozenset(b'{["-0123456789tfn \t\r\n<')  # a body that is text already


@dataclass
class Unwrapped:
    """A body after undoing its framing, what was done (as notes), or why it cannot be read."""

    body: bytes
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def needs_unwrapping(headers: Mapping[str, str]) -> bool:
    coding = headers.get("content-encoding", "").strip().lower()
    return coding not in ("", "identity") or "chunked" in headers.get("transfer-encoding", "").lower()


def unwrap(body: bytes, headers: Mapping[str, str]) -> Unwrapped:
    """body de-chunked and decompressed as its headers say, when it still needs it."""
    result = Unwrapped(body)
    if "chunked" in headers.get("transfer-encoding", "").lower() and _CHUNK_SIZE.match(body):
        body, complete = dechunk(body)
        cut = "" if complete else " (the last chunk is cut off)"
        result.notes.append(
            "the body came as raw chunks (Transfer-Encoding: chunked, as `curl --raw` prints it): "
            f"de-chunked{cut}; line:column count in the de-chunked body"
        )
        result.body = body
    codings = [c.strip().lower() for c in headers.get("content-encoding", "").split(",")]
    for coding in reversed([c for c in codings if c not in ("", "identity")]):
        if _decoded_already(result.body, coding):
            break
        if coding in _UNDECODABLE:
            result.error = (
                f"the body is {_UNDECODABLE[coding]}-compressed (Content-Encoding: {coding}), which "
                "batchcheck does not decode: run curl with --compressed, which decodes it"
            )
            return result
        try:
            result.body = _inflate(result.body, coding)
        except (zlib.error, ValueError) as exc:
            result.error = f"the {coding} body (Content-Encoding: {coding}) cannot be decoded: {exc}"
            return result
        result.notes.append(
            f"the body was {coding}-compressed (Content-Encoding: {coding}): decoded; line:column "
            "count in the decoded body (curl --compressed decodes it for you)"
        )
    return result


def dechunk(body: bytes) -> tuple[bytes, bool]:
    """The data of a chunked body, and whether it ended with its last (zero-size) chunk."""
    parts: list[bytes] = []
    pos = 0
    while True:
        size_line = _CHUNK_SIZE.match(body, pos)
        if size_line is None:
            return b"".join(parts), False
        size, pos = int(size_line.group(1), 16), size_line.end()
        if size == 0:
            return b"".join(parts), True  # trailer fields, if any, are not the body
        parts.append(body[pos : pos + size])
        pos += size
        if pos > len(body):
            return b"".join(parts), False
        pos += 2 if body.startswith(b"\r\n", pos) else 1 if body.startswith(b"\n", pos) else 0


def _decoded_already(body: bytes, coding: str) -> bool:
    """curl --compressed decodes the body but prints the headers as sent."""
    if not body:
        return True
    if coding in ("gzip", "x-gzip"):
        return not body.startswith(b"\x1f\x8b")
    if body[0] not in _JSON_START:
        return False
    try:  # compressed bytes are rarely valid UTF-8 for long
        codecs.getincrementaldecoder("utf-8")().decode(body[:256], final=False)
    except UnicodeDecodeError:
        return False
    return True


def _inflate(body: bytes, coding: str) -> bytes:
    if coding in ("gzip", "x-gzip"):
        return _decompress(body, _GZIP, members=True)
    if coding != "deflate":
        raise ValueError(f"unknown content coding {coding!r}")
    try:  # `deflate` is zlib-wrapped by the standard; some servers send it raw
        return _decompress(body, _ZLIB)
    except zlib.error:
        return _decompress(body, _RAW_DEFLATE)


def _decompress(data: bytes, wbits: int, members: bool = False) -> bytes:
    out: list[bytes] = []
    total = 0
    while data:
        decoder = zlib.decompressobj(wbits)
        chunk = decoder.decompress(data, MAX_DECODED - total + 1)
        total += len(chunk)
        out.append(chunk)
        if total > MAX_DECODED or decoder.unconsumed_tail:
            raise ValueError(f"it expands to more than {MAX_DECODED >> 20} MiB")
        if not decoder.eof:
            raise ValueError("it is cut off")
        data = decoder.unused_data if members else b""
    return b"".join(out)
