"""YAML schema text through a hardened loader: every YAML file batchcheck reads (schemas, OpenAPI).

The loader is PyYAML's C safe loader with YAML 1.2 booleans (`ON`/`off` stay strings, as in an enum
of flag states) and no timestamp conversion (dates stay text, as in JSON). Alias bombs and aliases
that contain themselves are refused before the document is used; keys become strings, as in JSON.
"""

from __future__ import annotations

import re
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.jsontext.pointers import Parts
from batchcheck.jsontext.positions import Position
from batchcheck.schemas.depth import check_depth

YAML_SUFFIXES = frozenset({".yaml", ".yml"})


def parse_yaml(source: str, text: str) -> Any:
    """The value of a YAML text (source names it in errors), hardened as the module says."""
    import yaml  # lazy: start-up (only YAML files)

    try:
        document = yaml.load(text, Loader=_yaml_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise SchemaLoadError(f"{source}{where}: invalid YAML: {exc.problem}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise SchemaLoadError(f"{source}: invalid YAML: {exc}") from None
    try:
        size = _expanded_size(document, {}, 0)
    except (RecursionError, _Cyclic):
        raise SchemaLoadError(f"{source}: YAML aliases refer to themselves, or nesting is too deep") from None
    if size > MAX_YAML_NODES:
        raise SchemaLoadError(f"{source}: YAML expands to over {MAX_YAML_NODES:,} values (aliases?)")
    check_depth(source, document)  # before the keys are converted, level by level
    return _string_keys(document)


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
    import yaml  # lazy: start-up (only YAML files)

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
    import yaml  # lazy: start-up (only YAML files)

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
    import yaml  # lazy: start-up (only YAML files)

    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if str(key.value) == str(part)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None
