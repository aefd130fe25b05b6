"""`batchcheck schemas`: the schemas batchcheck knows, as a table, text lines or JSON."""

from __future__ import annotations

from typing import IO, Literal

from batchcheck.output.console import ColorChoice, make_console
from batchcheck.output.sanitize import visible, write_json
from batchcheck.schemas.entry import SchemaEntry

ListFormat = Literal["rich", "text", "json"]
LIST_FORMATS: tuple[ListFormat, ...] = ("rich", "text", "json")


def write_schema_list(
    entries: tuple[SchemaEntry, ...], fmt: ListFormat, stream: IO[str], color: ColorChoice = "auto"
) -> None:
    rows = [
        {
            "name": e.name,
            "title": e.title,
            "file": e.file.name if e.origin == "bundled" else str(e.file),
            "origin": e.origin_label,
            "description": e.description,
        }
        for e in entries
    ]
    if fmt == "json":
        write_json({"schemas": rows}, stream)
    elif fmt == "text":
        for row in rows:
            fields = (row["name"], row["title"], row["file"], row["description"], row["origin"])
            stream.write("\t".join(visible(field) for field in fields) + "\n")
    else:
        _write_table(rows, stream, color)


def _write_table(rows: list[dict[str, str]], stream: IO[str], color: ColorChoice) -> None:
    from rich.table import Table  # lazy: start-up (text and json listings need no rich)
    from rich.text import Text

    columns = ("name", "file", "origin", "description")  # a bundled schema's name is its title
    console = make_console(stream, color, piped_width=160)
    table = Table(title="schemas", title_justify="left")
    longest = max((len(visible(row["name"])) for row in rows), default=0)
    whole = longest <= console.width // 2  # names (what --schema takes) unbroken when they fit
    for column in columns:  # else every column folds, and none is squeezed to nothing
        keep = whole and column == "name"
        table.add_column(column, no_wrap=keep, overflow="fold", ratio=None if keep else 1, min_width=8)
    for row in rows:
        table.add_row(*(Text(visible(row[c])) for c in columns))
    console.print(table)
