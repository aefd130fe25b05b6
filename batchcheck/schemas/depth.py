"""How deep a schema may nest: one cap for every schema file and OpenAPI document, JSON or YAML.

python-jsonschema, the OpenAPI translation and the YAML loader's key conversion recurse once or
more per level, so a schema nested hundreds of levels deep would exhaust Python's stack (a
traceback, or a document wrongly blamed). No real schema comes near MAX_SCHEMA_DEPTH; past it the
file is refused when it is read, with one line naming it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError

MAX_SCHEMA_DEPTH = 100  # levels of objects and arrays


def check_depth(path: Path | str, value: Any, limit: int = MAX_SCHEMA_DEPTH) -> None:
    """A SchemaLoadError when value nests objects and arrays deeper than limit (counted without
    recursion): checking such a schema would exhaust Python's stack."""
    level: list[Any] = [value] if isinstance(value, (dict, list)) else []
    depth = 1
    while level:  # one level of containers at a time (3x a stack of (node, depth) pairs)
        if depth > limit:
            raise SchemaLoadError(f"{path}: schema nested too deeply to check (over {limit} levels)")
        below: list[Any] = []
        for node in level:
            for child in node.values() if type(node) is dict else node:
                if type(child) is dict or type(child) is list:
                    below.append(child)
        level = below
        depth += 1
