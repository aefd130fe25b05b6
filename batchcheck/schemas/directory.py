"""`--schema-dir` directories: their schemas as catalog entries.

A directory's `*.json`, `*.yaml` and `*.yml` files are schemas (of the draft each declares, else
Draft 2020-12); `$ref`s between them resolve by
relative path (each file's base URI is its own file URI) and by `$id`, through one
`referencing` registry shared by every directory of the run. A `$ref` may also reach a file in a
subfolder: it is read when first reached, inside the directories only (files.Confinement), and
checked like the others.

Loading stays linear in the number of files: each file is checked against the meta-schema once,
the registry of all files is built and crawled once, and each schema's engine gets a registry
that holds nothing but a lookup into that one (python-jsonschema copies the registry it is given
into every validator: 5,000 files made 5,000 copies of 5,000 resources).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from batchcheck.errors import SchemaLoadError
from batchcheck.schemas.entry import SchemaEntry, file_entry
from batchcheck.schemas.files import Confinement, load_schema_file
from batchcheck.schemas.meta import check_meta
from batchcheck.schemas.refs import check_refs, refuse_duplicates
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
    tree = Confinement.of(*directories)
    loaded = []
    for directory in directories:
        for path in schema_files(directory):
            schema = load_schema_file(path, tree)
            if verify and is_no_schema(schema):  # (lint reads it, and says so)
                if warnings is not None:
                    warnings.append(f"{path}: not a schema (it has no JSON Schema keyword): skipped")
                continue
            loaded.append((directory, path, schema))
    if not loaded:
        return ()
    if verify:  # once per file, before the registry reads `$id`s
        loaded = [(d, path, check_meta(path, schema, resolution)) for d, path, schema in loaded]
        _refuse_shared_ids([(path, schema) for _, path, schema in loaded])
    files = DirectoryFiles([(path, schema) for _, path, schema in loaded], tree, resolution)
    entries = []
    for directory, path, schema in loaded:
        if verify:
            refuse_duplicates(path, schema)
            check_refs(path, schema, files.registry, base_uri(path, schema))
        entries.append(file_entry(path, schema, "dir", home=directory, registry=files.registry))
    if verify:
        files.check_reached()
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


class DirectoryFiles:
    """The schemas of the run's directories by URI (file URI and `$id`), crawled once, and the
    files `$ref`s reach beyond them (read on first use, inside the directories only)."""

    def __init__(
        self,
        files: list[tuple[Path, dict[str, Any]]],
        tree: Confinement,
        resolution: Resolution | None = None,
    ) -> None:
        from referencing import Registry  # lazy: start-up (only with --schema-dir)

        self.tree = tree
        self.resolution = resolution
        self.crawled = file_registry(files)
        self.reached: dict[str, tuple[Path, dict[str, Any]]] = {}  # files read when a $ref reached them
        self._checked: set[str] = set()
        self._resources: dict[str, Any] = {}
        # What every schema's validator gets: no resources of its own, only this lookup. `retrieve`
        # is referencing's documented alias of its attrs field `_retrieve`, an alias mypy does not
        # see through referencing's attrs stub.
        self.registry = Registry(retrieve=self.resource)  # type: ignore[call-arg]

    def resource(self, uri: str) -> Any:
        """The resource at uri: a file of the directories (or a meta-schema), else a local file
        read now, else the user's local copy of a schema named by URL; anything else is not
        retrieved (batchcheck never goes online)."""
        from referencing.exceptions import NoSuchResource  # lazy: start-up

        if uri in self._resources:
            return self._resources[uri]
        try:
            found = self.crawled[uri]
        except NoSuchResource:
            found = self._retrieve(uri)
        self._resources[uri] = found
        return found

    def _retrieve(self, uri: str) -> Any:
        parts = urlsplit(uri)
        if parts.scheme != "file":
            if self.resolution is None:
                raise LookupError(f"{uri}: only local files are read") from None
            return schema_resource(self.resolution.retrieve(uri))
        path = Path(unquote(parts.path))
        if self.tree.allows(path) and not path.is_file():
            raise LookupError(f"{path}: no such file") from None  # (outside: refused unopened)
        schema = check_meta(path, load_schema_file(path, self.tree), self.resolution)  # lint too: it is used
        self.reached[uri] = (path, schema)
        return schema_resource(schema)

    def check_reached(self) -> None:
        """Check the `$ref`s of every file read beyond the directories (which may reach more)."""
        while unchecked := [uri for uri in self.reached if uri not in self._checked]:
            for uri in unchecked:
                self._checked.add(uri)
                path, schema = self.reached[uri]
                check_refs(path, schema, self.registry, base_uri(path, schema) if "$id" in schema else uri)


def file_registry(files: list[tuple[Path, dict[str, Any]]]) -> Any:
    """The meta-schemas plus every file, under its file URI and under its `$id`, crawled."""
    from jsonschema_specifications import REGISTRY  # lazy: start-up (only with --schema-dir)
    from referencing import Registry

    pairs = []
    for path, schema in files:
        resource = schema_resource(schema)
        pairs.append((path.resolve().as_uri(), resource))
        if isinstance(schema.get("$id"), str) and schema["$id"]:
            pairs.append((schema["$id"].rstrip("#"), resource))
    registry = Registry().combine(REGISTRY).with_resources(pairs)
    try:
        return registry.crawl()
    except (AttributeError, TypeError):  # a non-string `$id` (lint reads schemas unchecked): no crawl
        return registry
