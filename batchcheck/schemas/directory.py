"""`--schema-dir` directories: their schemas as catalog entries.

A directory's `*.json`, `*.yaml` and `*.yml` files are schemas (of the draft each declares, else
Draft 2020-12); `$ref`s between them resolve by
relative path (each file's base URI is its own file URI) and by `$id`, through one
`referencing` registry shared by every directory of the run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from batchcheck.errors import SchemaLoadError
from batchcheck.schemas.entry import SchemaEntry, file_entry
from batchcheck.schemas.files import load_schema_file
from batchcheck.schemas.meta import check_meta
from batchcheck.schemas.refs import check_schema
from batchcheck.schemas.resolve import SCHEMA_SUFFIXES, Resolution
from batchcheck.validate.python import schema_resource
from batchcheck.vocabulary import is_no_schema


def schema_files(directory: Path) -> list[Path]:
    """The `*.json`, `*.yaml` and `*.yml` files of a schema directory, sorted; a missing directory is
    an error."""
    if not directory.is_dir():
        raise SchemaLoadError(f"--schema-dir {directory}: not a directory")
    found = (path for path in directory.iterdir() if path.suffix.lower() in SCHEMA_SUFFIXES)
    return sorted(path for path in found if path.is_file())


def directory_entries(
    directories: tuple[Path, ...],
    verify: bool = True,
    resolution: Resolution | None = None,
    warnings: list[str] | None = None,
) -> tuple[SchemaEntry, ...]:
    """Every schema of the directories, checked, with a registry resolving refs between files
    (and to the user's local copies of schemas named by URL, resolution).

    A file with no schema keyword at all (a response left among the schemas) is skipped, with a
    warning in warnings.
    """
    loaded = []
    for directory in directories:
        for path in schema_files(directory):
            schema = load_schema_file(path)
            if verify and is_no_schema(schema):  # (lint reads it, and says so)
                if warnings is not None:
                    warnings.append(f"{path}: not a schema (it has no JSON Schema keyword): skipped")
                continue
            loaded.append((directory, path, schema))
    if not loaded:
        return ()
    if verify:  # before the registry reads `$id`s
        loaded = [(d, path, check_meta(path, schema, resolution)) for d, path, schema in loaded]
        _refuse_shared_ids([(path, schema) for _, path, schema in loaded])
    registry = file_registry([(path, schema) for _, path, schema in loaded], resolution)
    entries = []
    for directory, path, schema in loaded:
        if verify:
            check_schema(path, schema, registry, base_uri(path, schema), resolution)
        entries.append(file_entry(path, schema, "dir", home=directory, registry=registry))
    return tuple(entries)


def _refuse_shared_ids(files: list[tuple[Path, dict[str, Any]]]) -> None:
    """Two files declaring one `$id`: which a `$ref` reaches would be a guess."""
    owners: dict[str, Path] = {}
    for path, schema in files:
        declared = schema.get("$id")
        if isinstance(declared, str) and declared:
            uri = declared.rstrip("#")
            if uri in owners:
                raise SchemaLoadError(
                    f"{path}: $id {uri} is declared by {owners[uri]} too; a schema may name a URI once"
                )
            owners[uri] = path


def base_uri(path: Path, schema: dict[str, Any]) -> str:
    """The URI relative `$ref`s of a schema file resolve against: its `$id`, else its file URI."""
    declared = schema.get("$id")
    return declared if isinstance(declared, str) and declared else path.resolve().as_uri()


def file_registry(files: list[tuple[Path, dict[str, Any]]], resolution: Resolution | None = None) -> Any:
    """The meta-schemas plus every file, under its file URI and under its `$id`; other local
    files (a subdirectory's, say) are read when a `$ref` first reaches them, and schemas named
    by URL from the user's local copies (resolution)."""
    from jsonschema_specifications import REGISTRY  # lazy: start-up (only with --schema-dir)
    from referencing import Registry

    pairs = []
    for path, schema in files:
        resource = schema_resource(schema)
        pairs.append((path.resolve().as_uri(), resource))
        if isinstance(schema.get("$id"), str) and schema["$id"]:
            pairs.append((schema["$id"].rstrip("#"), resource))
    # `retrieve` is referencing's documented alias of its attrs field `_retrieve`, an alias mypy does
    # not see through referencing's attrs stub
    retrieve = _retrieve_file if not resolution else _or_resolved(resolution)
    registry = Registry(retrieve=retrieve)  # type: ignore[call-arg]
    registry = registry.combine(REGISTRY).with_resources(pairs)
    try:
        return registry.crawl()
    except (AttributeError, TypeError):  # a non-string `$id` (lint reads schemas unchecked): no crawl
        return registry


def _retrieve_file(uri: str) -> Any:
    """A `file:` URI's schema; anything else is not retrieved (batchcheck never goes online)."""
    parts = urlsplit(uri)
    if parts.scheme != "file":
        raise LookupError(f"{uri}: only local files are read")
    return schema_resource(load_schema_file(Path(unquote(parts.path))))


def _or_resolved(resolution: Resolution) -> Any:
    """_retrieve_file, else the user's local copy of a schema named by URL."""

    def retrieve(uri: str) -> Any:
        try:
            return _retrieve_file(uri)
        except LookupError:
            return schema_resource(resolution.retrieve(uri))

    return retrieve
