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
from batchcheck.schemas.entry import SUFFIX, SchemaEntry, displayed, file_entry, unique_names
from batchcheck.schemas.files import bundle_dir, load_schema_file
from batchcheck.schemas.refs import check_schema
from batchcheck.schemas.resolve import Resolution, parse_url_map
from batchcheck.vocabulary import is_no_schema


@dataclass(frozen=True)
class SchemaSources:
    """Where schemas come from, beside (or instead of) the bundle."""

    schema_dirs: tuple[Path, ...] = ()
    openapi: tuple[Path, ...] = ()
    openapi_components: bool = False  # every component of a document, not only response bodies
    bundled: bool = True
    verify: bool = True  # False (lint): load without the meta-schema and $ref checks
    resolve: tuple[Path, ...] = ()  # --resolve: local copies of schemas named by URL
    url_map: tuple[str, ...] = ()  # --url-map PREFIX=DIR

    @cached_property
    def resolution(self) -> Resolution:
        """The local copies; a bad one (an unreadable file, an `$id` twice) stops the run here."""
        resolution = Resolution(self.resolve, parse_url_map(self.url_map))
        _ = resolution.resources
        return resolution


class Catalog:
    """The bundled schemas and the user's (directories, OpenAPI documents), loaded once per process."""

    def __init__(self, directory: Path | None = None, sources: SchemaSources | None = None) -> None:
        self.directory = directory or bundle_dir()
        self.sources = sources or SchemaSources()
        self.warnings: list[str] = []  # what was skipped while loading (a broken document, say)

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
        entries = directory_entries(
            sources.schema_dirs, sources.verify, sources.resolution or None, self.warnings
        )
        if sources.openapi:
            from batchcheck.schemas.openapi import openapi_entries  # lazy: start-up (PyYAML)

            found, warnings = openapi_entries(sources.openapi, sources.openapi_components)
            entries += found
            self.warnings.extend(warnings)
        return entries

    def _component(self, name: str) -> SchemaEntry | None:
        """An OpenAPI component that is no response body (so no candidate), named to be forced."""
        if not self.sources.openapi or self.sources.openapi_components:
            return None
        from batchcheck.schemas.openapi import openapi_entries  # lazy: start-up (PyYAML)

        every, _ = openapi_entries(self.sources.openapi, components=True)
        return _named(every, name)

    def find(self, name: str) -> SchemaEntry | None:
        return _named(self.entries, name)

    def resolve(self, name_or_path: str) -> SchemaEntry:
        """A known schema by name (title or stem), else a user's schema file by path."""
        entry = self.find(name_or_path) or self._component(name_or_path)
        if entry is not None:
            return entry
        path = Path(name_or_path)
        if not path.exists() or path.is_dir():  # pipes such as <(...) are fine
            if path.is_dir():
                raise SchemaLoadError(f"--schema {name_or_path}: a directory, not a schema file")
            if _looks_like_path(name_or_path):
                raise SchemaLoadError(f"--schema {name_or_path}: no such file")
            names = ", ".join(e.name for e in self.entries[:10]) + (", ..." if len(self.entries) > 10 else "")
            raise SchemaLoadError(
                f"--schema {name_or_path}: neither a known schema ({names}) nor a schema file"
            )
        schema = load_schema_file(path)
        if is_no_schema(schema):
            raise SchemaLoadError(
                f"--schema {path}: not a schema: it has no JSON Schema keyword (a response file?)"
            )
        resolution = self.sources.resolution
        try:
            schema = check_schema(path, schema, resolution=resolution)
        except RecursionError:  # the meta-schema check and $ref walk recurse per level
            raise SchemaLoadError(f"{path}: schema nested too deeply to check") from None
        retrieve = resolution.retrieve if resolution else None
        return file_entry(path, schema, "user", retrieve=retrieve)


def _named(entries: tuple[SchemaEntry, ...], name: str) -> SchemaEntry | None:
    """The entry answering to name; else the one OpenAPI candidate whose name ends with it
    (`Widget` for `Widgets 1.0 › Widget`). Raises SchemaLoadError when several do."""
    found = next((entry for entry in entries if entry.answers_to(name)), None)
    if found is not None or not name:
        return found
    tail = f" › {displayed(name)}"
    ends = [entry for entry in entries if entry.pointer and entry.name.endswith(tail)]
    if len(ends) > 1:
        several = ", ".join(entry.name for entry in ends[:5]) + (", ..." if len(ends) > 5 else "")
        raise SchemaLoadError(f"--schema {name}: names {len(ends)} schemas ({several}): give the whole name")
    return ends[0] if ends else None


def _looks_like_path(name: str) -> bool:
    """A name with a folder or a schema file's suffix means a file, not a schema's name."""
    return "/" in name or "\\" in name or name.lower().endswith((".json", ".yaml", ".yml"))
