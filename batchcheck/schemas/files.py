"""Schema files: reading one strictly, and where the bundled ones are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.jsontext.positions import where
from batchcheck.read.parse import parse_bytes


def bundle_dir() -> Path:
    """Where the bundled schemas are: inside the installed package, or the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "bundled", here.parent.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    raise SchemaLoadError(f"bundled schemas not found next to {here}")


def load_schema_file(path: Path) -> dict[str, Any]:
    """Parse a schema file strictly; any problem becomes a SchemaLoadError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SchemaLoadError(f"{path}: cannot read schema: {exc.strerror or exc}") from None
    doc = parse_bytes(str(path), raw)
    if doc.error is not None:
        raise SchemaLoadError(f"{where(str(path), doc.error.position)}: {doc.error.message}")
    if isinstance(doc.data, bool):  # the boolean schemas: true accepts anything, false nothing
        return {} if doc.data else {"not": {}}
    if not isinstance(doc.data, dict):
        raise SchemaLoadError(f"{path}: a schema must be a JSON object (or true or false)")
    return doc.data
