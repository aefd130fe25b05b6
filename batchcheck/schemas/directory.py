"""`--schema-dir` directories: their schemas as catalog entries.

A directory's `*.json` files are Draft 2020-12 schemas; `$ref`s between them resolve by
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
from batchcheck.schemas.refs import check_refs


def schema_files(directory: Path) -> list[Path]:
    """The `*.json` files of a schema directory, sorted; a missing directory is an error."""
    if not directory.is_dir():
        raise SchemaLoadError(f"--schema-dir {directory}: not a directory")
    return sorted(path for path in directory.glob("*.json") if path.is_file())


def directory_entries(directories: tuple[Path, ...], verify: bool = True) -> tuple[SchemaEntry, ...]:
    """Every schema of the directories, checked, with a registry resolving refs between files."""
    tree = Confinement.of(*directories)
    loaded = [(d, path, load_schema_file(path, tree)) for d in directories for path in schema_files(d)]
    if not loaded:
        return ()
    for _, path, schema in loaded if verify else ():
        check_meta(path, schema)  # before the registry reads `$id`s
    files = DirectoryFiles([(path, schema) for _, path, schema in loaded], tree)
    entries = []
    for directory, path, schema in loaded:
        if verify:
            check_refs(path, schema, files.registry, base_uri(path, schema))
        entries.append(file_entry(path, schema, "dir", home=directory, registry=files.registry))
    if verify:
        files.check_reached()
    return tuple(entries)


def base_uri(path: Path, schema: dict[str, Any]) -> str:
    """The URI relative `$ref`s of a schema file resolve against: its `$id`, else its file URI."""
    declared = schema.get("$id")
    return declared if isinstance(declared, str) and declared else path.resolve().as_uri()


class DirectoryFiles:
    """The schemas of the run's directories by URI (file URI and `$id`), crawled once, and the
    files `$ref`s reach beyond them (read on first use, inside the directories only)."""

    def __init__(self, files: list[tuple[Path, dict[str, Any]]], tree: Confinement) -> None:
        from referencing import Registry  # lazy: start-up (only with --schema-dir)

        self.tree = tree
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
        read now; anything else is not retrieved (batchcheck never goes online)."""
        from referencing.exceptions import NoSuchResource  # lazy: start-up
        from referencing.jsonschema import DRAFT202012

        if uri in self._resources:
            return self._resources[uri]
        try:
            found = self.crawled[uri]
        except NoSuchResource:
            parts = urlsplit(uri)
            if parts.scheme != "file":
                raise LookupError(f"{uri}: only local files are read") from None
            path = Path(unquote(parts.path))
            if self.tree.allows(path) and not path.is_file():
                raise LookupError(f"{path}: no such file") from None  # (outside: refused unopened)
            schema = check_meta(path, load_schema_file(path, self.tree))  # lint too: it is used
            self.reached[uri] = (path, schema)
            found = DRAFT202012.create_resource(schema)
        self._resources[uri] = found
        return found

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
    from referencing.jsonschema import DRAFT202012

    pairs = []
    for path, schema in files:
        resource = DRAFT202012.create_resource(schema)
        pairs.append((path.resolve().as_uri(), resource))
        if isinstance(schema.get("$id"), str) and schema["$id"]:
            pairs.append((schema["$id"].rstrip("#"), resource))
    registry = Registry().combine(REGISTRY).with_resources(pairs)
    try:
        return registry.crawl()
    except (AttributeError, TypeError):  # a non-string `$id` (lint reads schemas unchecked): no crawl
        return registry
