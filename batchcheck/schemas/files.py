"""Schema files: reading one (strict JSON, or YAML) safely, locating places in it, and where the
bundled ones are.

Every schema file batchcheck reads goes through `read_schema_bytes`: a file the user named
(`--schema`, a `--schema-dir` member, a `--resolve` file, an OpenAPI document), one a `$ref`
names, and the text lint and error messages locate places in. Schemas, specs and fixtures arrive
in pull requests, so a `$ref` is untrusted: the file it names is read only when it is a regular
file inside the folder tree of the schema (or schema dir, or spec) that names it (`Confinement`),
not under /proc, /sys or /dev, and not larger than MAX_SCHEMA_BYTES; otherwise it is refused
before it is opened, and no message quotes what a referenced file holds.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.jsontext.locate import locate_positions
from batchcheck.jsontext.pointers import Parts
from batchcheck.jsontext.positions import Position, where
from batchcheck.read.parse import parse_bytes
from batchcheck.schemas.depth import check_depth
from batchcheck.schemas.yaml_text import YAML_SUFFIXES, parse_yaml, yaml_positions

MAX_SCHEMA_BYTES = 64 * 1024 * 1024  # a schema file or OpenAPI document, named or referenced
_SYSTEM = tuple(Path(folder) for folder in ("/proc", "/sys", "/dev"))


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
    """The bytes of a schema file, refused before reading when it is not one; any problem
    becomes a SchemaLoadError naming it.

    confined: None for a file the user named (a regular file or a pipe such as `<(...)`);
    else the file is referenced by a `$ref` and must be a regular file inside those roots.
    """
    if confined is not None and not confined.allows(path):
        raise SchemaLoadError(
            f"{path}: not read: it is outside {confined.describe()} (schema files are read only inside "
            "the folder tree of the schema, schema dir or spec that refers to them)"
        )
    try:
        # a referenced file is opened without blocking: a planted named pipe must not hang the run
        flags = os.O_RDONLY | (os.O_NONBLOCK if confined is not None else 0)
        with os.fdopen(os.open(path.resolve() if confined is not None else path, flags), "rb") as stream:
            mode = os.fstat(stream.fileno()).st_mode
            allowed = stat.S_ISREG(mode) or (confined is None and stat.S_ISFIFO(mode))
            if not allowed:
                raise SchemaLoadError(f"{path}: not read: not a regular file ({_kind(mode)})")
            raw = stream.read(MAX_SCHEMA_BYTES + 1)
    except FileNotFoundError:
        raise NoSuchSchemaFile(f"{path}: no such file") from None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise SchemaLoadError(f"{path}: a directory, not a schema file") from None
        raise SchemaLoadError(f"{path}: cannot read schema: {exc.strerror or exc}") from None
    if len(raw) > MAX_SCHEMA_BYTES:
        raise SchemaLoadError(f"{path}: not read: larger than {MAX_SCHEMA_BYTES // 2**20} MiB")
    return raw


def load_schema_file(path: Path, confined: Confinement | None = None) -> dict[str, Any]:
    """Parse a schema file, strict JSON or (`.yaml`, `.yml`) YAML; any problem becomes a SchemaLoadError.

    confined: the file is named by a `$ref` (see read_schema_bytes), and a parse error does not
    quote its first characters.
    """
    raw = read_schema_bytes(path, confined)
    if is_yaml(path):
        try:
            data = parse_yaml(str(path), raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise SchemaLoadError(f"{path}: not UTF-8 text") from None
    else:
        doc = parse_bytes(str(path), raw)
        if doc.error is not None:
            message = doc.error.message
            if confined is not None and message.startswith("not JSON"):
                message = "not JSON (a $ref must name a JSON schema file)"
            raise SchemaLoadError(f"{where(str(path), doc.error.position)}: {message}")
        data = doc.data
    if isinstance(data, bool):  # the boolean schemas: true accepts anything, false nothing
        return {} if data else {"not": {}}
    if not isinstance(data, dict):
        raise SchemaLoadError(f"{path}: a schema must be a JSON object (or true or false)")
    check_depth(path, data)
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


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"
