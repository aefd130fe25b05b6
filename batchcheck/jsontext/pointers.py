"""Names for a place in a document: JSON Pointer and a readable path."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

Parts = tuple[str | int, ...]

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


def pointer(parts: Parts) -> str:
    """RFC 6901 JSON Pointer: `/results/1/flagState`."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def unescape_token(token: str) -> str:
    """One token of a `$ref` fragment: percent-decoded (it is a URI), then `~1` -> `/`, `~0` -> `~`."""
    if "%" in token:
        token = unquote(token)
    return token.replace("~1", "/").replace("~0", "~")


def resolve_fragment(document: Any, ref: str) -> Any:
    """The value a local `#/a/0/b` reference points at inside document, or None."""
    if not ref.startswith("#"):
        return None
    node = document
    for token in ref[1:].split("/")[1:]:
        token = unescape_token(token)
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def readable_path(parts: Parts) -> str:
    """`results[1].flagState`; keys that are not identifiers are quoted."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.match(part):
            text += f".{part}" if text else part
        else:
            text += '["' + part.replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return text or "(root)"
