"""The schemas batchcheck knows: the bundle shipped with it, and a user's schema file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from batchcheck.models import ConfigurationError

if TYPE_CHECKING:
    from batchcheck.sources import SchemaSources

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_SUFFIX = ".schema.json"


class SchemaLoadError(ConfigurationError):
    """A schema file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class SchemaEntry:
    """One schema: its name for reports, where it came from, and its content."""

    name: str
    file: Path
    schema: dict[str, Any]
    origin: str = "bundled"
    registry: Any = field(default=None, compare=False, repr=False)  # resolves refs to other files
    pointer: str = ""  # where the schema sits in its file (OpenAPI components); "" = the whole file
    checked: bool = True  # False: checked against the meta-schema only when first used

    @property
    def title(self) -> str:
        return str(self.schema.get("title", ""))

    @property
    def description(self) -> str:
        text = str(self.schema.get("description", "")).strip()
        return text.splitlines()[0] if text else ""

    def answers_to(self, name: str) -> bool:
        """True when name is this schema's title or file stem."""
        if self.pointer:  # an OpenAPI component answers to its full name only
            return name == self.name
        return name in {self.name, self.title, stem(self.file), self.file.stem}  # X and X.schema


def bundle_dir() -> Path:
    """Where the bundled schemas are: inside the installed package, or the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "schemas", here.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    raise SchemaLoadError(f"bundled schemas not found next to {here}")


class Catalog:
    """The bundled schemas and the user's (directories, OpenAPI documents), loaded once per process."""

    def __init__(self, directory: Path | None = None, sources: SchemaSources | None = None) -> None:
        from batchcheck.sources import SchemaSources

        self.directory = directory or bundle_dir()
        self.sources = sources or SchemaSources()

    @cached_property
    def bundled(self) -> tuple[SchemaEntry, ...]:
        files = sorted(self.directory.glob(f"*{_SUFFIX}"))
        return tuple(_entry(path, load_schema_file(path), "bundled") for path in files)

    @cached_property
    def entries(self) -> tuple[SchemaEntry, ...]:
        from batchcheck.sources import unique_names, user_entries

        user = user_entries(self.sources)
        taken = {entry.name for entry in user}  # a user's schema of a bundled name replaces it
        bundled = tuple(e for e in self.bundled if e.name not in taken) if self.sources.bundled else ()
        return unique_names(bundled + user)

    def find(self, name: str) -> SchemaEntry | None:
        return next((entry for entry in self.entries if entry.answers_to(name)), None)

    def resolve(self, name_or_path: str) -> SchemaEntry:
        """A bundled schema by title or stem, else a user's schema file by path."""
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
        return _entry(path, schema, "user")


def stem(path: Path) -> str:
    """`X` for `X.schema.json` and `X.json`."""
    return path.name.removesuffix(_SUFFIX).removesuffix(".json")


def _entry(path: Path, schema: dict[str, Any], origin: str) -> SchemaEntry:
    name = str(schema.get("title") or stem(path))
    return SchemaEntry(name=name, file=path, schema=schema, origin=origin)


def load_schema_file(path: Path) -> dict[str, Any]:
    """Parse a schema file strictly; any problem becomes a SchemaLoadError."""
    from batchcheck.reading import parse_bytes

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SchemaLoadError(f"{path}: cannot read schema: {exc.strerror or exc}") from None
    doc = parse_bytes(str(path), raw)
    if doc.error is not None:
        where = f":{doc.error.line}:{doc.error.column}" if doc.error.line else ""
        raise SchemaLoadError(f"{path}{where}: {doc.error.message}")
    if isinstance(doc.data, bool):  # the boolean schemas: true accepts anything, false nothing
        return {} if doc.data else {"not": {}}
    if not isinstance(doc.data, dict):
        raise SchemaLoadError(f"{path}: a schema must be a JSON object (or true or false)")
    return doc.data


def check_schema(
    path: Path | str, schema: dict[str, Any], registry: Any = None, base: str = ""
) -> dict[str, Any]:
    """The schema ready to use. Refuses schemas of other drafts, schemas that fail the 2020-12
    meta-schema (listing the errors) and `$ref`s that resolve to nothing local: a URL is never
    fetched. Without a registry (the other files of a schema directory), the sibling files that a
    schema file's relative `$ref`s name are embedded in it (see schema_refs)."""
    check_meta(path, schema)
    usable = schema
    if registry is None and isinstance(path, Path) and path.is_file():
        from batchcheck.schema_refs import embed_sibling_files

        def load_sibling(sibling: Path) -> dict[str, Any]:
            return check_meta(sibling, load_schema_file(sibling))

        usable = embed_sibling_files(path, schema, load_sibling, unresolvable_refs)
    unresolvable = unresolvable_refs(usable, registry, base)
    _refuse_unresolvable(path, unresolvable)
    return usable


def _refuse_unresolvable(path: Path | str, unresolvable: list[str]) -> None:
    from batchcheck.schema_refs import is_remote

    remote = [ref for ref in unresolvable if is_remote(ref)]
    if remote:
        raise SchemaLoadError(
            f"{path}: remote $ref {', '.join(remote)} is not fetched (batchcheck never downloads "
            "schemas): save it next to the schema and refer to it by a relative path"
        )
    if unresolvable:
        raise SchemaLoadError(f"{path}: cannot resolve $ref {', '.join(unresolvable)}")


_META_ERRORS_SHOWN = 5


def check_meta(path: Path | str, schema: dict[str, Any]) -> dict[str, Any]:
    """schema itself when it declares (or implies) Draft 2020-12 and passes its meta-schema."""
    from jsonschema.exceptions import relevance

    declared = str(schema.get("$schema", DRAFT_2020_12)).rstrip("#")
    if declared != DRAFT_2020_12:
        raise SchemaLoadError(f"{path}: declares {declared}; batchcheck checks Draft 2020-12 only")
    errors = sorted(meta_validator().iter_errors(schema), key=lambda e: (list(e.absolute_path), relevance(e)))
    if errors:
        shown = "; ".join(_meta_error(e) for e in errors[:_META_ERRORS_SHOWN])
        more = f"; and {len(errors) - _META_ERRORS_SHOWN} more" if len(errors) > _META_ERRORS_SHOWN else ""
        count = f"{len(errors)} error{'s' if len(errors) > 1 else ''}"
        raise SchemaLoadError(f"{path}: not a valid Draft 2020-12 schema ({count}): {shown}{more}")
    return schema


def _meta_error(error: Any) -> str:
    """`at /properties/a/type: 'objekt' is not valid ...`, the deepest reason of an anyOf."""
    from jsonschema.exceptions import best_match

    chosen = best_match([error]) or error
    where = "".join(f"/{part}" for part in chosen.absolute_path) or "the root"
    return f"at {where}: {chosen.message}"


def meta_validator() -> Any:
    """A validator for the 2020-12 meta-schema; its format checker rejects a `pattern` that is no regex."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


_DATA_KEYWORDS = frozenset({"const", "enum", "examples", "default"})  # values, not subschemas


def subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """Every schema object inside schema, itself included, skipping data-valued keywords."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            yield node
            stack.extend(value for key, value in node.items() if key not in _DATA_KEYWORDS)


def unresolvable_refs(schema: dict[str, Any], registry: Any = None, base: str = "") -> list[str]:
    """The `$ref`s of schema that resolve neither inside it, nor in registry (other files of its
    directory), nor to a known meta-schema. base: the URI the schema's relative refs start from."""
    from jsonschema_specifications import REGISTRY
    from referencing.exceptions import Unresolvable
    from referencing.jsonschema import DRAFT202012

    root = DRAFT202012.create_resource(schema)
    base = root.id() or base
    missing: set[str] = set()

    def walk(node: Any, resolver: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, resolver)
            return
        if not isinstance(node, dict):
            return
        if node is not schema and isinstance(node.get("$id"), str):  # a new base URI
            resolver = resolver.in_subresource(DRAFT202012.create_resource(node))
        ref = node.get("$ref")
        if isinstance(ref, str):
            try:
                resolver.lookup(ref)
            except Unresolvable:
                missing.add(ref)
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                walk(value, resolver)

    known = registry if registry is not None else REGISTRY
    walk(schema, known.with_resource(base, root).crawl().resolver(base_uri=base))
    return sorted(missing)
