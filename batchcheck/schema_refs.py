"""A user schema's `$ref`s: sibling files are embedded, nothing is ever fetched.

A relative `$ref` that the schema cannot resolve by itself (`item.schema.json`,
`defs/common.json#/$defs/id`) names a file relative to the schema file that holds the
reference: the file's folder stands for the folder of its base URI (its `$id`, or its own
path), so a `$ref` under a nested `$id: "sub/"` is looked up in `sub/`.
That file is read, checked against the meta-schema, and embedded in the root's
`$defs` as a resource whose `$id` is the URI the reference resolves to, so any engine resolves
it without a loader. A `$ref` to a URL (http, https, urn, ...) that is neither in the schema nor a
known meta-schema is refused: batchcheck never downloads anything.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

_DATA_KEYWORDS = frozenset({"const", "enum", "examples", "default"})  # values, not subschemas
_EMBEDDED = "batchcheck:file:"  # prefix of the $defs keys holding embedded sibling files


def refs_with_base(schema: Any, base: str) -> Iterator[tuple[str, str]]:
    """(ref, base URI in force where it appears) for every `$ref` in schema."""
    stack = [(schema, base)]
    while stack:
        node, node_base = stack.pop()
        if isinstance(node, list):
            stack.extend((item, node_base) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        if isinstance(node.get("$id"), str):
            node_base = urljoin(node_base, node["$id"])
        if isinstance(node.get("$ref"), str):
            yield node["$ref"], node_base
        stack.extend((value, node_base) for key, value in node.items() if key not in _DATA_KEYWORDS)


def is_remote(ref: str) -> bool:
    """A `$ref` with a scheme of its own (http:, https:, urn:, file:): never fetched."""
    return bool(urlsplit(ref).scheme)


def _local_file(target: str, file_uri: str, folder: Path) -> Path | None:
    """The file standing for target: folder stands for the folder of file_uri (same host only)."""
    want, have = urlsplit(target), urlsplit(file_uri)
    if (want.scheme, want.netloc) != (have.scheme, have.netloc) or not want.path:
        return None
    relative = posixpath.relpath(unquote(want.path), posixpath.dirname(unquote(have.path)) or "/")
    return folder / relative


def embed_sibling_files(
    path: Path,
    schema: dict[str, Any],
    load: Callable[[Path], dict[str, Any]],
    unresolvable: Callable[[dict[str, Any]], list[str]],
) -> dict[str, Any]:
    """schema with the files its relative `$ref`s name embedded; unchanged when there are none.

    load reads and checks one schema file; unresolvable lists the refs a schema cannot resolve.
    """
    if not unresolvable(schema):
        return schema
    root = dict(schema)
    root_base = root["$id"] if isinstance(root.get("$id"), str) else path.resolve().as_uri()
    root.setdefault("$id", root_base)
    embedded: dict[str, dict[str, Any]] = {}
    pending = [(root, root_base, path.parent)]
    while pending:
        node, base, folder = pending.pop()
        missing = set(unresolvable(node))  # refs it resolves by itself (internal $ids) stay as they are
        for ref, ref_base in refs_with_base(node, base):
            target, _fragment = urldefrag(urljoin(ref_base, ref))
            if ref not in missing or is_remote(ref) or target in embedded or target == root_base:
                continue
            file = _local_file(target, base, folder)
            if file is None or not file.is_file():
                continue
            sibling = {**load(file), "$id": target}
            embedded[target] = sibling
            pending.append((sibling, target, file.parent))
    defs = dict(root.get("$defs", {})) if isinstance(root.get("$defs"), dict) else {}
    defs.update({f"{_EMBEDDED}{uri}": sibling for uri, sibling in embedded.items()})
    if defs:
        root["$defs"] = defs
    return root
