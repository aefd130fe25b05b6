"""The catalog: every schema a run knows, from the bundle and the user's sources, by name.

Sources below it each turn one kind of place into SchemaEntry records: the bundle (files.py),
`--schema-dir` directories (directory.py), OpenAPI documents (openapi/) and a `--schema PATH` file
(refs.py checks it). The catalog puts them together, names them uniquely, and resolves `--schema`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from batchcheck.errors import SchemaLoadError
from batchcheck.schemas.directory import directory_entries
from batchcheck.schemas.entry import SUFFIX, SchemaEntry, file_entry, unique_names
from batchcheck.schemas.files import bundle_dir, load_schema_file
from batchcheck.schemas.refs import check_schema


@dataclass(frozen=True)
class SchemaSources:
    """Where schemas come from, beside (or instead of) the bundle."""

    schema_dirs: tuple[Path, ...] = ()
    openapi: tuple[Path, ...] = ()
    openapi_responses: bool = False
    bundled: bool = True
    verify: bool = True  # False (lint): load without the meta-schema and $ref checks


class Catalog:
    """The bundled schemas and the user's (directories, OpenAPI documents), loaded once per process."""

    def __init__(self, directory: Path | None = None, sources: SchemaSources | None = None) -> None:
        self.directory = directory or bundle_dir()
        self.sources = sources or SchemaSources()

    @cached_property
    def bundled(self) -> tuple[SchemaEntry, ...]:
        files = sorted(self.directory.glob(f"*{SUFFIX}"))
        return tuple(file_entry(path, load_schema_file(path), "bundled") for path in files)

    @cached_property
    def entries(self) -> tuple[SchemaEntry, ...]:
        user = self.user_entries()
        taken = {entry.name for entry in user}  # a user's schema of a bundled name replaces it
        bundled = tuple(e for e in self.bundled if e.name not in taken) if self.sources.bundled else ()
        return unique_names(bundled + user)

    def user_entries(self) -> tuple[SchemaEntry, ...]:
        """The schemas of every directory, then of every OpenAPI document, in the order given."""
        sources = self.sources
        entries = directory_entries(sources.schema_dirs, sources.verify)
        if sources.openapi:
            from batchcheck.schemas.openapi import openapi_entries  # lazy: start-up (PyYAML)

            for spec in sources.openapi:
                try:
                    entries += openapi_entries(spec, sources.openapi_responses, sources.verify)
                except RecursionError:  # translation and ref walks recurse per level
                    raise SchemaLoadError(f"{spec}: schema nested too deeply to check") from None
        return entries

    def find(self, name: str) -> SchemaEntry | None:
        return next((entry for entry in self.entries if entry.answers_to(name)), None)

    def resolve(self, name_or_path: str) -> SchemaEntry:
        """A known schema by name (title or stem), else a user's schema file by path."""
        entry = self.find(name_or_path)
        if entry is not None:
            return entry
        path = Path(name_or_path)
        if not path.exists() or path.is_dir():  # pipes such as <(...) are fine
            names = ", ".join(e.name for e in self.entries[:10]) + (", ..." if len(self.entries) > 10 else "")
            raise SchemaLoadError(
                f"--schema {name_or_path}: neither a known schema ({names}) nor a schema file"
            )
        try:
            schema = check_schema(path, load_schema_file(path))
        except RecursionError:  # the meta-schema check and $ref walk recurse per level
            raise SchemaLoadError(f"{path}: schema nested too deeply to check") from None
        return file_entry(path, schema, "user")
