"""Reading OpenAPI documents: strict JSON, or YAML through the hardened loader (yaml_text.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.schemas.files import load_schema_file
from batchcheck.schemas.yaml_text import parse_yaml, yaml_positions

__all__ = ["load_document", "yaml_positions"]


def load_document(path: Path) -> dict[str, Any]:
    """An OpenAPI document from JSON (strict) or YAML (1.2-style booleans, dates kept as text)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return load_schema_file(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SchemaLoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SchemaLoadError(f"{path}: not UTF-8 text") from None
    if suffix not in {".yaml", ".yml"} and text.lstrip().startswith("{"):
        return load_schema_file(path)
    return _load_yaml(path, text)


def _load_yaml(path: Path, text: str) -> dict[str, Any]:
    document = parse_yaml(str(path), text)
    if not isinstance(document, dict):
        raise SchemaLoadError(f"{path}: an OpenAPI document must be a mapping")
    return document
