"""A progress bar on stderr while many files are checked, for a person watching a terminal.

Only with the default (rich) report, only when stdout and stderr are both terminals, and only
for more than a handful of inputs: pipes, CI logs and machine formats never see it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from batchcheck.output.sanitize import visible

if TYPE_CHECKING:
    from batchcheck.output import ReportFormat
    from batchcheck.output.console import ColorChoice

MIN_INPUTS = 6  # "more than a handful"

Advance = Callable[[str], None]


def wants_progress(
    fmt: ReportFormat, total: int, stdout: IO[str], stderr: IO[str] | None, color: ColorChoice = "auto"
) -> bool:
    """True when a bar helps: rich format, more than a handful of inputs, both streams terminals
    that can redraw a line (not TERM=dumb), and escape sequences allowed (not --color never)."""
    if fmt != "rich" or total < MIN_INPUTS or stderr is None or color == "never":
        return False
    return _tty(stdout) and _tty(stderr) and os.environ.get("TERM", "").lower() not in {"dumb", "unknown"}


def _tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


@contextmanager
def progress_bar(total: int, stderr: IO[str]) -> Iterator[Advance]:
    """A transient bar on stderr; the yielded function marks one input (named by its source) done."""
    from rich.console import Console  # lazy: start-up (the bar is rare)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Column

    columns = (
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn(
            "{task.fields[current]}", markup=False, table_column=Column(no_wrap=True, overflow="ellipsis")
        ),
    )
    console = Console(file=stderr, highlight=False, emoji=False)
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("checking", total=total, current="")

        def advance(source: str) -> None:
            progress.update(task, advance=1, current=visible(source))

        yield advance
