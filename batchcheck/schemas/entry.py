"""One schema as batchcheck knows it (SchemaEntry), and how entries are named."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from batchcheck.jsontext.pointers import resolve_fragment

Origin = Literal["bundled", "user", "dir", "openapi"]  # --schema PATH is "user"
SUFFIX = ".schema.json"
Resolve = Callable[[str], Any]  # a `$ref` -> the schema it points at, or None


@dataclass(frozen=True)
class ResponseUse:
    """Where an OpenAPI document returns a schema: an operation and a response status key."""

    method: str  # upper case: GET, POST, ...
    path: str  # the path template, `/crm/v4/associations/{fromObjectType}/...`
    status: str  # `200`, `2XX` or `default`, as the document writes it
    operation_id: str | None = None
    prefixes: tuple[str, ...] = ("",)  # the path prefixes of the document's servers (`/v1`)

    @property
    def operation(self) -> str:
        """`POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read`."""
        return f"{self.method} {self.path}"


@dataclass(frozen=True, eq=False)
class SchemaEntry:
    """One schema: its name for reports, where it came from, and its content.

    An OpenAPI candidate is lazy: its `outline` (as written) tells the names it declares, `shape`
    (translated) and `resolve` (what its `$ref`s point at) how much of a document it describes;
    the whole `schema`, carrying every component it reaches, is built by `build` when it is
    validated.
    """

    name: str
    file: Path
    loaded: dict[str, Any] | None = field(default=None, repr=False)  # the schema, when at hand
    origin: Origin = "bundled"
    home: Path | None = None  # the --schema-dir or --openapi document it came from
    registry: Any = field(default=None, repr=False)  # resolves refs to other files
    pointer: str = ""  # where the schema sits in its file (OpenAPI); "" = the whole file
    checked: bool = True  # False: checked against the meta-schema only when first used
    retrieve: Any = field(default=None, repr=False)  # schemas by URL (--resolve, --url-map)
    uses: tuple[ResponseUse, ...] = ()  # the responses an OpenAPI document returns it for
    build: Callable[[], dict[str, Any]] | None = field(default=None, repr=False)
    shape_of: Callable[[], Any] | None = field(default=None, repr=False)
    resolver: Resolve | None = field(default=None, repr=False)
    outline_of: Callable[[], Any] | None = field(default=None, repr=False)
    outline_resolver: Resolve | None = field(default=None, repr=False)

    @cached_property
    def schema(self) -> dict[str, Any]:
        """The whole schema, as an engine takes it."""
        if self.loaded is not None:
            return self.loaded
        assert self.build is not None
        return self.build()

    @cached_property
    def fingerprint(self) -> str:
        """The whole schema as text: equal for word-for-word identical schemas."""
        return json.dumps(self.schema, sort_keys=True, default=str)

    @cached_property
    def shape(self) -> Any:
        """The schema detection reads; its `$ref`s go through `resolve`."""
        return self.shape_of() if self.shape_of is not None else self.schema

    @cached_property
    def outline(self) -> Any:
        """The schema as its document writes it (an OpenAPI component before translation): cheap
        to reach, enough for the names it declares and its type; `$ref`s go through
        `resolve_outline`."""
        return self.outline_of() if self.outline_of is not None else self.shape

    def resolve_outline(self, ref: str) -> Any:
        return self.outline_resolver(ref) if self.outline_resolver is not None else self.resolve(ref)

    def resolve(self, ref: str) -> Any:
        """What a `$ref` of `shape` points at (None when it is not known without loading more)."""
        if self.resolver is not None:
            return self.resolver(ref)
        return resolve_fragment(self.schema, ref) if ref.startswith("#") else None

    @property
    def title(self) -> str:
        shape = self.shape
        return str(shape.get("title", "")) if isinstance(shape, dict) else ""

    @property
    def description(self) -> str:
        shape = self.shape
        text = str(shape.get("description", "")).strip() if isinstance(shape, dict) else ""
        return text.splitlines()[0] if text else ""

    @property
    def origin_label(self) -> str:
        """`bundled`, `user`, `dir DIR` or `openapi SPEC`, as `batchcheck schemas` shows it."""
        return f"{self.origin} {self.home}" if self.home is not None else self.origin

    def answers_to(self, name: str) -> bool:
        """True when name is this schema's name, title, file stem or file (as `batchcheck schemas`
        shows it); an OpenAPI candidate: its name, or its pointer in the document."""
        name = displayed(name)
        if self.pointer:
            return name in {self.name, self.pointer, f"#{self.pointer}"}
        # X, X.schema, and the file as `batchcheck schemas` shows it
        return name in {
            self.name,
            self.title,
            stem(self.file),
            self.file.stem,
            self.file.name,
            str(self.file),
        }


def displayed(name: str) -> str:
    """A schema's name as batchcheck writes it, from the ASCII a keyboard types: `Spec > Widget`
    for `Spec › Widget`, `GET /x -> 200` for `GET /x → 200`."""
    return name.replace(" > ", " › ").replace(" -> ", " → ")


def stem(path: Path) -> str:
    """`X` for `X.schema.json` and `X.json`."""
    return path.name.removesuffix(SUFFIX).removesuffix(".json")


def file_entry(path: Path, schema: dict[str, Any], origin: Origin, **extra: Any) -> SchemaEntry:
    """The entry of a schema file, named by its title, else by its file stem."""
    return SchemaEntry(
        name=str(schema.get("title") or stem(path)), file=path, loaded=schema, origin=origin, **extra
    )


def unique_names(entries: tuple[SchemaEntry, ...]) -> tuple[SchemaEntry, ...]:
    """Entries with distinct names: a later entry whose name is taken gets ` (FILE)` appended."""
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
