"""Captures for the tests: HAR files and JSON Lines written from parts, and the response bodies
and OpenAPI document they use (an associations v4 batch read, HTTP 207)."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

from support.paths import DATA

SPEC = DATA / "detection" / "specs" / "associations-v4.json"
BASE = "https://api.example-crm.test"
BATCH_READ = "/crm/v4/associations/contacts/companies/batch/read"
OPERATION = "POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read"
SCHEMA_207 = "Associations v4 › BatchResponsePublicAssociationMultiWithLabelWithErrors"


def batch_read_207() -> str:
    """The body of a 207 batch read (one line of JSON)."""
    text = (DATA / "detection" / "responses" / "assoc-v4-batch-read.207.http").read_text(encoding="utf-8")
    return text.strip().splitlines()[-1]


def broken_batch_read_207() -> str:
    """The same body with the first `toObjectId` an integer (the schema says string)."""
    body = json.loads(batch_read_207())
    body["results"][0]["to"][0]["toObjectId"] = 18839474952
    return json.dumps(body)


def entry(
    method: str,
    url: str,
    status: int,
    body: str | bytes | None,
    *,
    mime: str = "application/json; charset=utf-8",
    encoding: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A HAR 1.2 entry; a bytes body is stored base64 (encoding), a str one as text."""
    content: dict[str, Any] = {"mimeType": mime, "size": len(body) if body is not None else 0}
    if isinstance(body, bytes):
        content["text"], content["encoding"] = base64.b64encode(body).decode("ascii"), encoding or "base64"
    elif body is not None:
        content["text"] = body
    return {
        "startedDateTime": "2025-03-15T14:30:00.000Z",
        "time": 47,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/2", "headers": [], "cookies": []},
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/2",
            "headers": [{"name": k, "value": v} for k, v in (headers or {}).items()],
            "cookies": [],
            "content": content,
            "redirectURL": "",
        },
        "cache": {},
        "timings": {"send": 0, "wait": 46, "receive": 1},
    }


def write_har(path: Path, entries: list[dict[str, Any]], indent: int | None = 2) -> Path:
    har = {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": entries}}
    path.write_text(json.dumps(har, indent=indent, ensure_ascii=False), encoding="utf-8")
    return path


def envelope(
    body: Any, *, url: str | None = BASE + BATCH_READ, method: str = "POST", status: int = 207
) -> str:
    """A JSON Lines line carrying body with its request."""
    return json.dumps({"url": url, "method": method, "status": status, "body": body})


def write_jsonl(path: Path, lines: list[str], compress: bool = False) -> Path:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path
