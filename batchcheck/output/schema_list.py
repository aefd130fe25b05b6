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
    table = Table(title="schemas", title_justify="left")
    for column in columns:  # a name (what --schema takes) is never broken; the other columns fold
        table.add_column(column, no_wrap=column == "name", overflow="fold")
    for row in rows:
        table.add_row(*(Text(visible(row[c])) for c in columns))
    make_console(stream, color, piped_width=160).print(table)
