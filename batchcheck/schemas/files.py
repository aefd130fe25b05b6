"""Schema files: reading one strictly and safely, and where the bundled ones are.

Every schema file batchcheck reads goes through `read_schema_bytes`: a file the user named
(`--schema`, a `--schema-dir` member, an OpenAPI document) or one a `$ref` names. Schemas,
specs and fixtures arrive in pull requests, so a `$ref` is untrusted: the file it names is read
only when it is a regular file inside the folder tree of the schema (or schema dir, or spec)
that names it (`Confinement`), not under /proc, /sys or /dev, and not larger than
MAX_SCHEMA_BYTES; otherwise it is refused before it is opened, and no message quotes what a
referenced file holds.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.jsontext.positions import where
from batchcheck.read.parse import parse_bytes

MAX_SCHEMA_BYTES = 64 * 1024 * 1024  # a schema file or OpenAPI document, named or referenced
MAX_SCHEMA_DEPTH = 100  # levels of objects and arrays in a schema file (python-jsonschema recurses)
_SYSTEM = tuple(Path(folder) for folder in ("/proc", "/sys", "/dev"))


def bundle_dir() -> Path:
    """Where the bundled schemas are: inside the installed package, or the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "bundled", here.parent.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    raise SchemaLoadError(f"bundled schemas not found next to {here}")


@dataclass(frozen=True)
class Confinement:
    """The folder trees a `$ref` may read files from (their real paths, symlinks resolved)."""

    roots: tuple[Path, ...]

    @classmethod
    def of(cls, *folders: Path) -> Confinement:
        return cls(tuple(folder.resolve() for folder in folders))

    def allows(self, path: Path) -> bool:
        """True when path, symlinks resolved, is inside one of the roots and not a system folder."""
        real = path.resolve()
        inside = any(real == root or root in real.parents for root in self.roots)
        return inside and not any(real == system or system in real.parents for system in _SYSTEM)

    def describe(self) -> str:
        return ", ".join(str(root) for root in self.roots)


def read_schema_bytes(path: Path, confined: Confinement | None = None) -> bytes:
    """The bytes of a schema file, refused before reading when it is not one.

    confined: None for a file the user named (a regular file or a pipe such as `<(...)`);
    else the file is referenced by a `$ref` and must be a regular file inside those roots.
    """
    if confined is not None and not confined.allows(path):
        raise SchemaLoadError(
            f"{path}: not read: it is outside {confined.describe()} (schema files are read only inside "
            "the folder tree of the schema, schema dir or spec that refers to them)"
        )
    try:
        with open(path.resolve() if confined is not None else path, "rb") as stream:
            mode = os.fstat(stream.fileno()).st_mode
            allowed = stat.S_ISREG(mode) or (confined is None and stat.S_ISFIFO(mode))
            if not allowed:
                raise SchemaLoadError(f"{path}: not read: not a regular file ({_kind(mode)})")
            raw = stream.read(MAX_SCHEMA_BYTES + 1)
    except OSError as exc:
        raise SchemaLoadError(f"{path}: cannot read schema: {exc.strerror or exc}") from None
    if len(raw) > MAX_SCHEMA_BYTES:
        raise SchemaLoadError(f"{path}: not read: larger than {MAX_SCHEMA_BYTES // 2**20} MiB")
    return raw


def load_schema_file(path: Path, confined: Confinement | None = None) -> dict[str, Any]:
    """Parse a schema file strictly; any problem becomes a SchemaLoadError.

    confined: the file is named by a `$ref` (see read_schema_bytes), and a parse error does not
    quote its first characters.
    """
    doc = parse_bytes(str(path), read_schema_bytes(path, confined))
    if doc.error is not None:
        message = doc.error.message
        if confined is not None and message.startswith("not JSON"):
            message = "not JSON (a $ref must name a JSON schema file)"
        raise SchemaLoadError(f"{where(str(path), doc.error.position)}: {message}")
    if isinstance(doc.data, bool):  # the boolean schemas: true accepts anything, false nothing
        return {} if doc.data else {"not": {}}
    if not isinstance(doc.data, dict):
        raise SchemaLoadError(f"{path}: a schema must be a JSON object (or true or false)")
    check_depth(path, doc.data)
    return doc.data


def check_depth(path: Path | str, value: Any, limit: int = MAX_SCHEMA_DEPTH) -> None:
    """A SchemaLoadError when value nests objects and arrays deeper than limit (counted without
    recursion): checking such a schema would exhaust Python's stack."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise SchemaLoadError(f"{path}: schema nested too deeply to check (over {limit} levels)")
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"
