"""Reading OpenAPI documents: strict JSON, or YAML through the hardened loader (yaml_text.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.schemas.depth import check_depth
from batchcheck.schemas.files import load_schema_file, read_schema_bytes
from batchcheck.schemas.yaml_text import parse_yaml, yaml_positions

__all__ = ["load_document", "yaml_positions"]


def load_document(path: Path) -> dict[str, Any]:
    """An OpenAPI document from JSON (strict) or YAML (1.2-style booleans, dates kept as text)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _load_json(path)
    try:
        text = read_schema_bytes(path).decode("utf-8-sig")  # under the size cap, never a device
    except UnicodeDecodeError:
        raise SchemaLoadError(f"{path}: not UTF-8 text") from None
    if suffix not in {".yaml", ".yml"} and text.lstrip().startswith("{"):
        return _load_json(path)
    return _load_yaml(path, text)


def _not_json(name: str) -> Any:
    raise ValueError(name)


def _load_json(path: Path) -> dict[str, Any]:
    """A JSON document, parsed by the C parser alone (a collection is tens of megabytes); anything
    it refuses, or NaN and Infinity, is read again by the strict reader for a located error."""
    raw = read_schema_bytes(path)  # under the size cap, never a device
    try:
        document = json.loads(raw, parse_constant=_not_json)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        return load_schema_file(path)
    check_depth(path, document)
    return document


def _load_yaml(path: Path, text: str) -> dict[str, Any]:
    document = parse_yaml(str(path), text)
    if not isinstance(document, dict):
        raise SchemaLoadError(f"{path}: an OpenAPI document must be a mapping")
    return document
