"""Names for a place in a document: JSON Pointer and a readable path."""

from __future__ import annotations

import re

Parts = tuple[str | int, ...]

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


def pointer(parts: Parts) -> str:
    """RFC 6901 JSON Pointer: `/results/1/flagState`."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


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
