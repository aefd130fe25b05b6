"""Reading OpenAPI documents: strict JSON, or YAML through a hardened loader.

The loader is PyYAML's C safe loader with YAML 1.2 booleans (`ON`/`off` stay strings, as in an enum
of flag states) and no timestamp conversion (dates stay text, as in JSON). Alias bombs and aliases
that contain themselves are refused before the document is used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from batchcheck.errors import SchemaLoadError
from batchcheck.jsontext.pointers import Parts
from batchcheck.jsontext.positions import Position
from batchcheck.schemas.files import check_depth, load_schema_file, read_schema_bytes


def load_document(path: Path) -> dict[str, Any]:
    """An OpenAPI document from JSON (strict) or YAML (1.2-style booleans, dates kept as text)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return load_schema_file(path)
    try:
        text = read_schema_bytes(path).decode("utf-8-sig")  # under the size cap, never a device
    except UnicodeDecodeError:
        raise SchemaLoadError(f"{path}: not UTF-8 text") from None
    if suffix not in {".yaml", ".yml"} and text.lstrip().startswith("{"):
        return load_schema_file(path)
    return _load_yaml(path, text)


def _load_yaml(path: Path, text: str) -> dict[str, Any]:
    try:
        document = yaml.load(text, Loader=_yaml_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise SchemaLoadError(f"{path}{where}: invalid YAML: {exc.problem}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise SchemaLoadError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(document, dict):
        raise SchemaLoadError(f"{path}: an OpenAPI document must be a mapping")
    try:
        size = _expanded_size(document, {}, 0)
    except (RecursionError, _Cyclic):
        raise SchemaLoadError(f"{path}: YAML aliases refer to themselves, or nesting is too deep") from None
    if size > MAX_YAML_NODES:
        raise SchemaLoadError(f"{path}: YAML expands to over {MAX_YAML_NODES:,} values (aliases?)")
    check_depth(path, document)  # as for JSON (after the alias check: it walks every expanded path)
    return _string_keyed(document)


MAX_YAML_NODES = 2_000_000
_MAX_YAML_DEPTH = 500


class _Cyclic(Exception):
    """A YAML alias inside the value it names."""


def _expanded_size(value: Any, sizes: dict[int, int], depth: int) -> int:
    """How many values the document has once aliases are expanded (each shared value counted
    once per use, computed once); aliases that contain themselves raise _Cyclic."""
    if not isinstance(value, (dict, list)):
        return 1
    if depth > _MAX_YAML_DEPTH:
        raise RecursionError
    key = id(value)
    if key in sizes:
        if sizes[key] < 0:
            raise _Cyclic
        return sizes[key]
    sizes[key] = -1
    children = value.values() if isinstance(value, dict) else value
    sizes[key] = 1 + sum(_expanded_size(child, sizes, depth + 1) for child in children)
    return sizes[key]


def _string_keys(value: Any) -> Any:
    """YAML allows `200:` as an integer key; JSON (and OpenAPI) keys are strings."""
    if isinstance(value, dict):
        return _string_keyed(value)
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def _string_keyed(mapping: dict[Any, Any]) -> dict[str, Any]:
    return {str(key): _string_keys(item) for key, item in mapping.items()}


_LOADER: Any = None


def _yaml_loader() -> Any:
    """The C safe loader when available, with YAML 1.2 booleans and no timestamp conversion."""
    global _LOADER
    if _LOADER is None:
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        drop = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
        loader: Any = type("OpenApiLoader", (base,), {})  # a subclass of a base chosen at run time
        loader.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag not in drop]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }
        loader.add_implicit_resolver(
            "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
        )
        _LOADER = loader
    return _LOADER


def yaml_positions(text: str, wanted: list[Parts]) -> dict[Parts, Position]:
    """The line:column of the nodes at the given places of a YAML document (those found)."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    positions = {}
    for parts in wanted:
        node = root
        for part in parts:
            node = _yaml_child(node, part)
            if node is None:
                break
        if node is not None:
            positions[parts] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    return positions


def _yaml_child(node: Any, part: str | int) -> Any:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if str(key.value) == str(part)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None
