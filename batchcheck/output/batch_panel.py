"""The rich report's batch panel: counts on top, failures by category, the first failed items and
the batch's warnings, in a rounded box titled `batch`.

Drawn by rich when the report is styled; written here, as plain text, when rich would write no
escape sequence (`plain_panel`): byte for byte what rich draws (tests/unit/output/test_plain_text.py
compares the two), for a fraction of its cost. The plain panel is only written when every row fits
the width (rich would wrap it otherwise) and every character takes at least one cell (rich
places zero-width ones its own way); else rich draws it.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from batchcheck.models import BatchSummary
from batchcheck.output.describe import CATEGORIES_SHOWN, batch_line, counted
from batchcheck.output.plain_text import cells, fits_plainly
from batchcheck.output.sanitize import visible

if TYPE_CHECKING:
    from rich.panel import Panel

Row = tuple[str, str, str]  # escaped cells
_TITLE = " batch "
_INDENT = "  "  # the panel sits under its document's header line
_GAP = "  "  # the grids' padding: two cells around and between columns


def _category_rows(summary: BatchSummary) -> list[Row]:
    """A row per category, the first CATEGORIES_SHOWN (50,000 categories are not a 50,000-row panel)."""
    rows = []
    for category, count in islice(summary.categories.items(), CATEGORIES_SHOWN):
        detail = counted(summary.sub_categories.get(category, {}))
        rows.append((visible(category), str(count), visible(detail)))
    return rows


def _more_categories(summary: BatchSummary) -> str | None:
    """The row under the categories shown that counts the rest, when there are more."""
    hidden = len(summary.categories) - CATEGORIES_SHOWN
    return f"… and {hidden:,} more categories" if hidden > 0 else None


def _sample_rows(summary: BatchSummary) -> list[Row]:
    rows = []
    for sample in summary.samples:
        ids = f"ids {', '.join(sample.ids)}" if sample.ids else ""
        rows.append((visible(sample.category), visible(sample.message), visible(ids)))
    return rows


def style(summary: BatchSummary) -> str:
    return "yellow" if summary.failed or summary.warnings else "green"


def rich_panel(summary: BatchSummary) -> Panel:
    """The panel as rich draws it."""
    from rich.console import Group  # lazy: start-up (plain reports draw no rich panel)
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    def grid(rows: list[Row], styles: tuple[str, str, str], right: int | None = None) -> Table:
        table = Table.grid(padding=(0, 2), pad_edge=True)
        for row in rows:
            table.add_row(
                *(
                    Text(cell, s, justify="right" if i == right else None)
                    for i, (cell, s) in enumerate(zip(row, styles, strict=True))
                )
            )
        return table

    parts: list[Text | Table] = [Text(visible(batch_line(summary, categories=False)), "bold")]
    if summary.categories:
        parts.append(Text("failed by category", "dim"))
        categories = grid(_category_rows(summary), ("red", "", "dim"), right=1)
        more = _more_categories(summary)
        if more is not None:
            categories.add_row(Text(more, "dim"))
        parts.append(categories)
    if summary.samples:
        parts.append(Text("first failed items", "dim"))
        parts.append(grid(_sample_rows(summary), ("red", "", "dim")))
    parts.extend(Text.assemble(("⚠ ", "yellow"), (visible(w), "yellow")) for w in summary.warnings)
    return Panel(
        Group(*parts),
        title="batch",
        title_align="left",
        border_style=style(summary),
        expand=False,
        padding=(0, 1),
    )


def plain_panel(summary: BatchSummary, width: int) -> str | None:
    """The panel as rich draws it without styles, indented by two, at width; None when rich must
    draw it (see the module's docstring)."""
    body = [visible(batch_line(summary, categories=False))]
    if summary.categories:
        more = _more_categories(summary)
        rows = _category_rows(summary) + ([(more, "", "")] if more is not None else [])
        body += ["failed by category", *_grid(rows, right=1)]
    if summary.samples:
        body += ["first failed items", *_grid(_sample_rows(summary))]
    body += [f"⚠ {visible(w)}" for w in summary.warnings]
    if not all(fits_plainly(line) for line in body):
        return None
    sizes = [cells(line) for line in body]
    inner = max(sizes)
    if inner + 4 > width - len(_INDENT) or inner < len(_TITLE):
        return None
    lines = [f"{_INDENT}╭─{_TITLE}{'─' * (inner + 1 - len(_TITLE))}╮"]
    lines += [f"{_INDENT}│ {line}{' ' * (inner - size)} │" for line, size in zip(body, sizes, strict=True)]
    lines.append(f"{_INDENT}╰{'─' * (inner + 2)}╯")
    return "\n".join(lines) + "\n"


def _grid(rows: list[Row], right: int | None = None) -> list[str]:
    """rows as rich's Table.grid(padding=(0, 2), pad_edge=True) lays them out when they fit."""
    widths = [max(cells(row[column]) for row in rows) for column in range(3)]
    lines = []
    for row in rows:
        padded = []
        for column, cell in enumerate(row):
            pad = " " * (widths[column] - cells(cell))
            padded.append(pad + cell if column == right else cell + pad)
        lines.append(_GAP + _GAP.join(padded) + _GAP)
    return lines
