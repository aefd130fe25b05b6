"""HAR captures (HTTP Archive 1.2: browser devtools' "Save all as HAR", mitmproxy, Charles,
Postman/newman): every entry whose response is JSON is a Document of its own, named
`capture.har#12 POST /crm/v4/associations/contacts/companies/batch/read → 207`, carrying its
request (URL, method) and status for operation-aware selection.

Bodies are decoded as the capture stores them (`encoding: base64`; a body still gzip- or
deflate-compressed is inflated as its headers say). line:column of a document count in its
decoded body; the entry's own place in the HAR is its `origin`. Entries that are not JSON are
skipped and counted; a capture cut off inside an entry is an input error naming that entry. The
file is read whole (it is one JSON document), up to MAX_HAR_BYTES.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from batchcheck.models import Document, HttpStatus, InputError, InputWarning, Origin, Request
from batchcheck.read.captures import MAX_HAR_BYTES, Skipped, mib
from batchcheck.read.decode import decode
from batchcheck.read.encodings import unwrap
from batchcheck.read.har_text import Entries, EntryText, NotHar, entries
from batchcheck.read.http import NO_BODY
from batchcheck.read.parse import parse_bytes


def read_har(source: str, skipped: Skipped | None = None) -> Iterator[Document]:
    """The JSON responses of a HAR file, one Document each, in the order of its entries."""
    text, error = _read(source)
    if error is not None:
        yield Document(source, error=error)
        return
    found = entries(text)
    if isinstance(found, NotHar):
        yield Document(source, text=text, error=InputError(found.message, found.position))
        return
    yield from _documents(source, text, found, skipped)


def _read(source: str) -> tuple[str, InputError | None]:
    path = Path(source)
    try:
        if path.is_dir():
            return "", InputError("is a directory, not a HAR file")
        with path.open("rb") as stream:
            raw = stream.read(MAX_HAR_BYTES + 1)
    except FileNotFoundError:
        return "", InputError("no such file")
    except PermissionError:
        return "", InputError("permission denied")
    except OSError as exc:
        return "", InputError(f"cannot read: {exc.strerror or exc}")
    if len(raw) > MAX_HAR_BYTES:
        return "", InputError(f"HAR file larger than {mib(MAX_HAR_BYTES)}; not read")
    return decode(raw)


def _documents(source: str, text: str, found: Entries, skipped: Skipped | None) -> Iterator[Document]:
    kinds: dict[str, int] = {}
    checked = total = 0
    for item in found:
        total = item.number
        if item.error is not None:  # the rest of the capture cannot be read
            place = item.error.position or item.position
            yield Document(f"{source}#{item.number}", error=InputError(item.error.message, place))
            checked += 1
            break
        document = _entry_document(source, item, kinds)
        if document is not None:
            checked += 1
            yield document
    skipped_count = sum(kinds.values())
    if skipped_count and skipped is not None:
        skipped(source, skipped_count, kinds)
    if checked == 0:
        detail = f"{total} entries, none of them JSON ({_kinds(kinds)})" if total else "it has no entries"
        yield Document(source, error=InputError(f"no JSON response in the capture: {detail}"))


def _kinds(kinds: dict[str, int]) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]))


def _entry_document(source: str, item: EntryText, kinds: dict[str, int]) -> Document | None:
    """The entry's response as a Document, or None (counted in kinds) when it is not JSON."""
    entry = item.value
    request = _dict(_dict(entry).get("request"))
    response = _dict(_dict(entry).get("response"))
    content = _dict(response.get("content"))
    status = response.get("status")
    status = status if type(status) is int and 100 <= status <= 999 else None
    media = _media_type(content.get("mimeType"))
    text = content.get("text")
    if not _is_json(media, text):
        kinds[media or "no type"] = kinds.get(media or "no type", 0) + 1
        return None
    method = request.get("method") if isinstance(request.get("method"), str) else None
    url = request.get("url") if isinstance(request.get("url"), str) else None
    name = _name(source, item.number, method, url, status)
    reason = str(response["statusText"]) if isinstance(response.get("statusText"), str) else ""
    http = HttpStatus(status, reason) if status is not None else None
    document = _body_document(name, content, response, http)
    document.http = http
    document.request = Request(url, method.upper() if method else None) if url or method else None
    document.origin = Origin(source, item.position, entry=item.number)
    return document


def _name(source: str, number: int, method: str | None, url: str | None, status: int | None) -> str:
    parts = [f"{source}#{number}"]
    if method:
        parts.append(method.upper())
    if url:
        parts.append(urlsplit(url).path or "/")
    if status is not None:
        parts.append(f"→ {status}")
    return " ".join(parts)


def _body_document(
    name: str, content: dict[str, Any], response: dict[str, Any], http: HttpStatus | None
) -> Document:
    text = content.get("text")
    if not isinstance(text, str) or not text.strip():
        if http is not None and http.status in NO_BODY:
            return Document(name, no_body=True)
        size = content.get("size")
        why = "the capture holds no body for this entry"
        if type(size) is int and size > 0:
            why += f" (content.size is {size}: saved without response bodies?)"
        return Document(name, error=InputError(why))
    if content.get("encoding") == "base64":
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            return Document(name, error=InputError(f"the body is not valid base64 (encoding: base64): {exc}"))
    else:
        raw = text.encode("utf-8", "surrogatepass")
    unwrapped = unwrap(raw, _headers(response))
    if unwrapped.error is not None:
        return Document(name, error=InputError(unwrapped.error))
    document = parse_bytes(name, unwrapped.body)
    document.warnings[:0] = [InputWarning(note) for note in unwrapped.notes]
    return document


def _headers(response: dict[str, Any]) -> dict[str, str]:
    """The response's headers, names lower-cased (the last of a repeated one)."""
    found: dict[str, str] = {}
    headers = response.get("headers")
    for header in headers if isinstance(headers, list) else ():
        if isinstance(header, dict) and isinstance(header.get("name"), str):
            value = header.get("value")
            found[header["name"].lower()] = value if isinstance(value, str) else ""
    return found


def _media_type(mime: Any) -> str:
    return mime.split(";", 1)[0].strip().lower() if isinstance(mime, str) else ""


def _is_json(media: str, text: Any) -> bool:
    """A JSON media type (`application/json`, `…+json`, `text/json`); with none given, a body that
    starts as JSON does."""
    if media:
        subtype = media.partition("/")[2]
        return subtype == "json" or subtype.endswith("+json")
    return isinstance(text, str) and text.lstrip()[:1] in ("{", "[")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
