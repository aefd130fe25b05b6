"""Remote references, offline: where the schemas a `$ref` (or `$schema`) names by URL live locally.

Two ways, both from the command line or the configuration, and neither ever touches the network:

- `--resolve PATH`: a schema file, or a directory whose schema files (`*.json`, `*.yaml`, `*.yml`,
  recursively) are each registered by the `$id` they declare (Draft-04: `id`), and by their file URI;
- `--url-map PREFIX=DIR`: a URL that starts with PREFIX is the file DIR/REST (the longest prefix
  wins), read when a `$ref` first reaches it.

Every file is read through files.py's loader. A URL neither way knows is not fetched: the schema
is refused with the error refs.py gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

from batchcheck.errors import SchemaLoadError
from batchcheck.schemas.files import load_schema_file
from batchcheck.schemas.yaml_text import YAML_SUFFIXES
from batchcheck.vocabulary import DRAFT_04, declared_dialect, walk_with_base

SCHEMA_SUFFIXES = frozenset({".json", *YAML_SUFFIXES})


@dataclass(frozen=True)
class Resolution:
    """The user's local copies of schemas named by URL: `--resolve` paths and `--url-map` prefixes."""

    paths: tuple[Path, ...] = ()
    url_map: tuple[tuple[str, Path], ...] = ()  # (URL prefix, directory)

    def __bool__(self) -> bool:
        return bool(self.paths or self.url_map)

    @cached_property
    def resources(self) -> dict[str, Any]:
        """Every `--resolve` schema by URI: its `$id` (and those of its subschemas), its file URI."""
        found: dict[str, Any] = {}
        origin: dict[str, Path] = {}
        for path in self._files():
            schema = load_schema_file(path)
            found.setdefault(path.resolve().as_uri(), schema)
            dialect = declared_dialect(schema)
            for node, base in walk_with_base(schema, path.resolve().as_uri(), dialect):
                declared = node.get("id" if dialect == DRAFT_04 else "$id")
                if not isinstance(declared, str) or urldefrag(declared)[0] == "":
                    continue
                uri = urldefrag(base)[0]
                if uri in origin and origin[uri] != path:
                    raise SchemaLoadError(
                        f"--resolve: $id {uri} is declared by both {origin[uri]} and {path}"
                    )
                origin[uri] = path
                found[uri] = node
        return found

    def _files(self) -> list[Path]:
        files: list[Path] = []
        for path in self.paths:
            if path.is_dir():
                files += sorted(
                    p for p in path.rglob("*") if p.suffix.lower() in SCHEMA_SUFFIXES and p.is_file()
                )
            elif path.exists():
                files.append(path)
            else:
                raise SchemaLoadError(f"--resolve {path}: no such file or directory")
        return files

    def retrieve(self, uri: str) -> Any:
        """The schema at uri (without its fragment), from the local copies; LookupError if none."""
        bare = urldefrag(uri)[0]
        if bare in self.resources:
            return self.resources[bare]
        for prefix, directory in sorted(self.url_map, key=lambda pair: -len(pair[0])):
            if bare.startswith(prefix) and len(bare) > len(prefix):
                file = directory / unquote(bare[len(prefix) :])
                if file.is_file():
                    return load_schema_file(file)
        raise LookupError(f"{uri}: not among the --resolve schemas or --url-map directories")

    def knows(self, uri: str) -> bool:
        try:
            self.retrieve(uri)
        except LookupError:
            return False
        return True


def parse_url_map(entries: tuple[str, ...], relative_to: Path | None = None) -> tuple[tuple[str, Path], ...]:
    """`PREFIX=DIR` entries as (prefix, directory) pairs; DIR relative to relative_to, if given."""
    pairs = []
    for entry in entries:
        prefix, sep, directory = entry.rpartition("=")
        if not sep or not prefix or not directory:
            raise SchemaLoadError(f"--url-map {entry}: expected URL-PREFIX=DIRECTORY")
        folder = Path(directory)
        if relative_to is not None and not folder.is_absolute():
            folder = relative_to / folder
        if not folder.is_dir():
            raise SchemaLoadError(f"--url-map {entry}: {folder} is not a directory")
        pairs.append((prefix, folder))
    return tuple(pairs)
