"""Schema files: reading one (strict JSON, or YAML), locating places in it, and where the bundled ones are.

Every schema file batchcheck reads goes through `read_schema_bytes`: the user's `--schema`,
`--schema-dir` and `--resolve` files, the files their `$ref`s reach, and the text lint and error
messages locate places in.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.jsontext.locate import locate_positions
from batchcheck.jsontext.pointers import Parts
from batchcheck.jsontext.positions import Position, where
from batchcheck.read.parse import parse_bytes
from batchcheck.schemas.yaml_text import YAML_SUFFIXES, parse_yaml, yaml_positions


def bundle_dir() -> Path:
    """Where the bundled schemas are: inside the installed package, or the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "bundled", here.parent.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    raise SchemaLoadError(f"bundled schemas not found next to {here}")


def is_yaml(path: Path) -> bool:
    return path.suffix.lower() in YAML_SUFFIXES


class NoSuchSchemaFile(SchemaLoadError):
    """The schema file is not there (a `$ref` to it resolves to nothing, rather than to a broken file)."""


def read_schema_bytes(path: Path) -> bytes:
    """The bytes of a schema file; any problem becomes a SchemaLoadError naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NoSuchSchemaFile(f"{path}: no such file") from None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise SchemaLoadError(f"{path}: a directory, not a schema file") from None
        raise SchemaLoadError(f"{path}: cannot read schema: {exc.strerror or exc}") from None


def load_schema_file(path: Path) -> dict[str, Any]:
    """Parse a schema file, strict JSON or (`.yaml`, `.yml`) YAML; any problem becomes a SchemaLoadError."""
    raw = read_schema_bytes(path)
    if is_yaml(path):
        try:
            data = parse_yaml(str(path), raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise SchemaLoadError(f"{path}: not UTF-8 text") from None
    else:
        doc = parse_bytes(str(path), raw)
        if doc.error is not None:
            raise SchemaLoadError(f"{where(str(path), doc.error.position)}: {doc.error.message}")
        data = doc.data
    if isinstance(data, bool):  # the boolean schemas: true accepts anything, false nothing
        return {} if data else {"not": {}}
    if not isinstance(data, dict):
        raise SchemaLoadError(f"{path}: a schema must be a JSON object (or true or false)")
    return data


def schema_positions(path: Path, wanted: list[Parts]) -> dict[Parts, Position]:
    """The line:column of the given places in a schema file (those found; none if unreadable)."""
    try:
        text = read_schema_bytes(path).decode("utf-8-sig")
    except (SchemaLoadError, UnicodeDecodeError):
        return {}
    if is_yaml(path) or not text.lstrip().startswith(("{", "[", "t", "f")):
        return yaml_positions(text, wanted)
    return locate_positions(text, len(text) - len(text.lstrip()), wanted)
