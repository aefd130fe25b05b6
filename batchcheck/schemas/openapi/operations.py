"""An OpenAPI document's operations: which schema each returns for which status, and finding the
operation a request was (by URL and method, by `METHOD /path` or by operationId).

`paths` → operation → `responses` → status → `content` → media type → `schema` is the source of
truth for which schemas are response bodies, and for which status. Responses are followed
through `$ref`s to `#/components/responses/...`. Only JSON media types count (`application/json`,
`*+json`, `*/*`, `application/*`, or none given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from batchcheck.jsontext.pointers import pointer, resolve_fragment, unescape_token
from batchcheck.schemas.entry import ResponseUse, SchemaEntry

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_JSON_MEDIA = re.compile(r"^(?:application/(?:[\w.+-]*\+)?json|\*/\*|application/\*)(?:;.*)?$", re.I)
_MAX_REF_HOPS = 32


@dataclass(frozen=True)
class ResponseBody:
    """One JSON response body schema of one operation and status, and where it sits."""

    use: ResponseUse
    schema: Any  # as the document writes it (a `$ref`, an inline schema, an array of a `$ref`, …)
    place: tuple[str | int, ...]  # the schema's place in the document

    @property
    def pointer(self) -> str:
        return pointer(self.place)


def response_bodies(document: dict[str, Any]) -> Iterator[ResponseBody]:
    """Every JSON response body schema of the document, in document order."""
    prefixes = tuple(server_prefixes(document))
    paths = document.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            responses = operation.get("responses") if isinstance(operation, dict) else None
            if not isinstance(responses, dict):
                continue
            operation_id = operation.get("operationId") if isinstance(operation, dict) else None
            for status, response in responses.items():
                use = ResponseUse(method.upper(), str(path), str(status), _text(operation_id), prefixes)
                place = ("paths", str(path), method, "responses", str(status))
                yield from _bodies(document, use, response, place)


def _bodies(
    document: dict[str, Any], use: ResponseUse, response: Any, place: tuple[str | int, ...]
) -> Iterator[ResponseBody]:
    for _ in range(_MAX_REF_HOPS):  # a response may be a `$ref` to #/components/responses/...
        if not (isinstance(response, dict) and isinstance(response.get("$ref"), str)):
            break
        ref = response["$ref"]
        response = resolve_fragment(document, ref) if ref.startswith("#") else None
        place = tuple(unescape_token(part) for part in ref.lstrip("#").split("/")[1:])
    content = response.get("content") if isinstance(response, dict) else None
    for media, body in content.items() if isinstance(content, dict) else ():
        if _JSON_MEDIA.match(str(media)) and isinstance(body, dict) and "schema" in body:
            yield ResponseBody(use, body["schema"], (*place, "content", str(media), "schema"))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# --- finding an operation --------------------------------------------------------------------


def path_matches(template: str, path: str) -> bool:
    """True when a request path fits a path template (`{param}` is one non-empty segment)."""
    wanted = [unquote(part) for part in path.strip("/").split("/")]
    parts = template.strip("/").split("/")
    if len(wanted) != len(parts):
        return False
    return all(_segment_matches(part, got) for part, got in zip(parts, wanted, strict=True))


def _segment_matches(part: str, got: str) -> bool:
    if "{" not in part:
        return part == got
    literal = re.escape(part)
    pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", literal)
    return re.fullmatch(pattern, got) is not None


def literal_weight(template: str) -> int:
    """How literal a template is: of two that fit a path, the more literal one is meant
    (`/users/me` over `/users/{id}`)."""
    return sum(1 for part in template.strip("/").split("/") if "{" not in part)


def request_path(url: str) -> str:
    """The path of a URL or of a path (`https://host/base/x?y=1` → `/base/x`)."""
    parts = urlsplit(url)
    return parts.path or "/"


def server_prefixes(document: dict[str, Any]) -> list[str]:
    """The path prefixes of the document's servers (`https://api.test/v1` → `/v1`), longest first."""
    servers = document.get("servers")
    prefixes = {""}
    for server in servers if isinstance(servers, list) else ():
        url = server.get("url") if isinstance(server, dict) else None
        if isinstance(url, str):
            prefixes.add(urlsplit(re.sub(r"\{[^}]*\}", "x", url)).path.rstrip("/"))
    return sorted(prefixes, key=len, reverse=True)


def status_rank(declared: str, status: int | None) -> int:
    """How a declared response status fits an actual one: 3 exact, 2 a range (`2XX`), 1 `default`,
    0 not at all (or no status known)."""
    if status is None:
        return 0
    declared = declared.upper()
    if declared == str(status):
        return 3
    if re.fullmatch(r"[1-5]XX", declared) and declared[0] == str(status)[0]:
        return 2
    return 1 if declared == "DEFAULT" else 0


def operation_entries(
    entries: Iterable[SchemaEntry],
    status: int | None,
    *,
    url: str | None = None,
    method: str | None = None,
    operation: str | None = None,
    operation_id: str | None = None,
) -> tuple[list[SchemaEntry], str] | None:
    """The response schemas of the operation a request was, best status fit first, and the
    operation's name (`POST /crm/v4/…/batch/read`); None when no entry is returned by it.

    The operation is named by `operation_id`, by `operation` (`METHOD /path/template`, or
    `METHOD /concrete/path`), or found from `url` (and `method`, any if not given) by matching the
    path templates, the most literal template winning (`/users/me` over `/users/{id}`). Of its
    responses, the one declared for `status` (exactly, then `2XX`, then `default`) is wanted; with
    no status known, all of them are.
    """
    fits: list[tuple[tuple[int, int], SchemaEntry, ResponseUse]] = []
    for entry in entries:
        for use in entry.uses:
            weight = _operation_fit(use, url, method, operation, operation_id)
            if weight is not None:
                fits.append(((weight, status_rank(use.status, status)), entry, use))
    if not fits:
        return None
    best_weight = max(key[0] for key, _, _ in fits)
    fits = [fit for fit in fits if fit[0][0] == best_weight]
    best_status = max(key[1] for key, _, _ in fits)
    fits = [fit for fit in fits if fit[0][1] == best_status]  # no fit at all: every response competes
    chosen = list(dict.fromkeys(entry for _, entry, _ in fits))
    return chosen, fits[0][2].operation


def _operation_fit(
    use: ResponseUse,
    url: str | None,
    method: str | None,
    operation: str | None,
    operation_id: str | None,
) -> int | None:
    """How literally use's operation fits what is asked (higher is better), or None."""
    if operation_id is not None:
        return 0 if use.operation_id == operation_id else None
    if operation is not None:
        asked_method, _, asked_path = operation.strip().partition(" ")
        if asked_method.upper() != use.method:
            return None
        asked_path = asked_path.strip()
        if asked_path == use.path:
            return 1_000
        return literal_weight(use.path) if path_matches(use.path, request_path(asked_path)) else None
    if url is None or (method is not None and method.upper() != use.method):
        return None
    path = request_path(url)
    for prefix in use.prefixes:
        if prefix and not path.startswith(prefix + "/"):
            continue
        if path_matches(use.path, path[len(prefix) :]):
            return literal_weight(use.path)
    return None
