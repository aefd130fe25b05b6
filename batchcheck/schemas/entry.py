"""One schema as batchcheck knows it (SchemaEntry), and how entries are named."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

Origin = Literal["bundled", "user", "dir", "openapi"]  # --schema PATH is "user"
SUFFIX = ".schema.json"


@dataclass(frozen=True)
class SchemaEntry:
    """One schema: its name for reports, where it came from, and its content."""

    name: str
    file: Path
    schema: dict[str, Any]
    origin: Origin = "bundled"
    home: Path | None = None  # the --schema-dir or --openapi document it came from
    registry: Any = field(default=None, compare=False, repr=False)  # resolves refs to other files
    pointer: str = ""  # where the schema sits in its file (OpenAPI components); "" = the whole file
    checked: bool = True  # False: checked against the meta-schema only when first used
    retrieve: Any = field(default=None, compare=False, repr=False)  # schemas by URL (--resolve, --url-map)

    @property
    def title(self) -> str:
        return str(self.schema.get("title", ""))

    @property
    def description(self) -> str:
        text = str(self.schema.get("description", "")).strip()
        return text.splitlines()[0] if text else ""

    @property
    def origin_label(self) -> str:
        """`bundled`, `user`, `dir DIR` or `openapi SPEC`, as `batchcheck schemas` shows it."""
        return f"{self.origin} {self.home}" if self.home is not None else self.origin

    def answers_to(self, name: str) -> bool:
        """True when name is this schema's title or file stem."""
        if self.pointer:  # an OpenAPI component answers to its full name only
            return name == self.name
        # X, X.schema, and the file as `batchcheck schemas` shows it
        return name in {
            self.name,
            self.title,
            stem(self.file),
            self.file.stem,
            self.file.name,
            str(self.file),
        }


def stem(path: Path) -> str:
    """`X` for `X.schema.json` and `X.json`."""
    return path.name.removesuffix(SUFFIX).removesuffix(".json")


def file_entry(path: Path, schema: dict[str, Any], origin: Origin, **extra: Any) -> SchemaEntry:
    """The entry of a schema file, named by its title, else by its file stem."""
    return SchemaEntry(
        name=str(schema.get("title") or stem(path)), file=path, schema=schema, origin=origin, **extra
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
