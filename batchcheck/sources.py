"""User schemas: `--schema-dir` directories and `--openapi` documents, as catalog entries.

A directory's `*.json` files are Draft 2020-12 schemas; `$ref`s between them resolve by
relative path (each file's base URI is its own file URI) and by `$id`, through one
`referencing` registry shared by every directory of the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from batchcheck.catalog import (
    SchemaEntry,
    SchemaLoadError,
    check_meta,
    check_schema,
    load_schema_file,
    stem,
)


@dataclass(frozen=True)
class SchemaSources:
    """Where schemas come from, beside (or instead of) the bundle."""

    schema_dirs: tuple[Path, ...] = ()
    openapi: tuple[Path, ...] = ()
    openapi_responses: bool = False
    bundled: bool = True
    verify: bool = True  # False (lint): load without the meta-schema and $ref checks


def user_entries(sources: SchemaSources) -> tuple[SchemaEntry, ...]:
    """The schemas of every directory, then of every OpenAPI document, in the order given."""
    entries = directory_entries(sources.schema_dirs, sources.verify)
    if sources.openapi:
        from batchcheck.openapi import openapi_entries

        for spec in sources.openapi:
            entries += openapi_entries(spec, sources.openapi_responses, sources.verify)
    return entries


def schema_files(directory: Path) -> list[Path]:
    """The `*.json` files of a schema directory, sorted; a missing directory is an error."""
    if not directory.is_dir():
        raise SchemaLoadError(f"--schema-dir {directory}: not a directory")
    return sorted(path for path in directory.glob("*.json") if path.is_file())


def directory_entries(directories: tuple[Path, ...], verify: bool = True) -> tuple[SchemaEntry, ...]:
    """Every schema of the directories, checked, with a registry resolving refs between files."""
    loaded = [(d, path, load_schema_file(path)) for d in directories for path in schema_files(d)]
    if not loaded:
        return ()
    for _, path, schema in loaded if verify else ():
        check_meta(path, schema)  # before the registry reads `$id`s
    registry = file_registry([(path, schema) for _, path, schema in loaded])
    entries = []
    for directory, path, schema in loaded:
        if verify:
            check_schema(path, schema, registry, base_uri(path, schema))
        name = str(schema.get("title") or stem(path))
        entries.append(SchemaEntry(name, path, schema, origin=f"dir {directory}", registry=registry))
    return tuple(entries)


def base_uri(path: Path, schema: dict[str, Any]) -> str:
    """The URI relative `$ref`s of a schema file resolve against: its `$id`, else its file URI."""
    declared = schema.get("$id")
    return declared if isinstance(declared, str) and declared else path.resolve().as_uri()


def file_registry(files: list[tuple[Path, dict[str, Any]]]) -> Any:
    """The meta-schemas plus every file, under its file URI and under its `$id`; other local
    files (a subdirectory's, say) are read when a `$ref` first reaches them."""
    from jsonschema_specifications import REGISTRY
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    pairs = []
    for path, schema in files:
        resource = DRAFT202012.create_resource(schema)
        pairs.append((path.resolve().as_uri(), resource))
        if isinstance(schema.get("$id"), str) and schema["$id"]:
            pairs.append((schema["$id"].rstrip("#"), resource))
    registry = Registry(retrieve=_retrieve_file).combine(REGISTRY).with_resources(pairs)  # type: ignore[call-arg]
    try:
        return registry.crawl()
    except (AttributeError, TypeError):  # a non-string `$id` (lint reads schemas unchecked): no crawl
        return registry


def _retrieve_file(uri: str) -> Any:
    """A `file:` URI's schema; anything else is not retrieved (batchcheck never goes online)."""
    from urllib.parse import unquote, urlsplit

    from referencing.jsonschema import DRAFT202012

    parts = urlsplit(uri)
    if parts.scheme != "file":
        raise LookupError(f"{uri}: only local files are read")
    return DRAFT202012.create_resource(load_schema_file(Path(unquote(parts.path))))


def unique_names(entries: tuple[SchemaEntry, ...]) -> tuple[SchemaEntry, ...]:
    """Entries with distinct names: a later entry whose name is taken gets ` (FILE)` appended."""
    from dataclasses import replace

    seen: set[str] = set()
    result = []
    for entry in entries:
        name = entry.name
        if name in seen:
            name = f"{entry.name} ({entry.file})"
        counter = 2
        while name in seen:
            name, counter = f"{entry.name} ({entry.file}) #{counter}", counter + 1
        seen.add(name)
        result.append(entry if name == entry.name else replace(entry, name=name))
    return tuple(result)
