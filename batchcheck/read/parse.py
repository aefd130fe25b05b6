"""One source's bytes -> a Document: decoded text, HTTP headers skipped, strict JSON parsed."""

from __future__ import annotations

from batchcheck.models import Document
from batchcheck.read.decode import decode
from batchcheck.read.http import split_http_headers
from batchcheck.read.strict_json import parse_json


def parse_bytes(source: str, raw: bytes) -> Document:
    """Decode, strip HTTP headers and parse strict JSON into a Document; never raises."""
    text, error = decode(raw)
    del raw  # the only reference left (see source.read_source): a big input is not held twice
    if error is not None:
        return Document(source, error=error)
    doc = Document(source, text=text)
    doc.body_start, doc.http, doc.error = split_http_headers(text)
    if doc.error is None:
        doc.data, doc.error, duplicates = parse_json(text, doc.body_start, doc.http)
        if duplicates:  # rare: the locator loads only then
            from batchcheck.read.duplicates import duplicate_key_warnings

            doc.warnings = duplicate_key_warnings(text, doc.body_start)
    return doc
