"""The default report: a header line, an errors table and a batch panel per document.

With several documents (compact, unless -v), a valid one whose batch does not contradict itself
takes two lines: its header and the batch line. A fixture tree reads as a list, and the
documents that need a look keep their tables and panels.

Every string from a response or a file name goes through `visible()` and into a
rich `Text` (never markup), so `[bold]` or ESC sequences print literally.
"""

from __future__ import annotations

from itertools import islice
from typing import IO

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from batchcheck.errors import ExitCode
from batchcheck.models import BatchSummary, DocumentReport, Violation
from batchcheck.output.describe import (
    CATEGORIES_SHOWN,
    api_error_line,
    batch_line,
    counted,
    explains_rejections,
    schema_phrase,
    tally,
    verdict_text,
    verdict_word,
)
from batchcheck.output.sanitize import visible

_STYLE = {"valid": "bold green", "invalid": "bold red", "unreadable": "bold magenta"}
_MARK = {"valid": "✔", "invalid": "✘", "unreadable": "!"}
_PIPE_WIDTH = 120
_INDENT = (0, 0, 0, 2)  # a document's tables and panel sit under its header line
_TABLE_ROWS = 500  # above this, one line per error: rich measures a whole table before printing


def safe(text: object, style: str = "") -> Text:
    """Untrusted text as a plain rich Text: escaped, never parsed as markup."""
    return Text(visible(str(text)), style=style)


class RichReporter:
    """Colour on a terminal; plain text when piped or with NO_COLOR."""

    def __init__(
        self, stream: IO[str], verbose: bool = False, console: Console | None = None, compact: bool = False
    ) -> None:
        self.console = console or Console(file=stream, highlight=False, emoji=False)  # a given one: docs/
        if not self.console.is_terminal:
            self.console.width = _PIPE_WIDTH
        self.verbose, self.compact = verbose, compact

    def document(self, report: DocumentReport) -> None:
        if self.compact and _fits_two_lines(report):
            assert report.summary is not None
            line = safe(batch_line(report.summary), "yellow" if report.summary.failed else "green")
            two_lines = Text("\n").join([self._header(report), Text.assemble("  ", line)])
            self.console.print(two_lines, soft_wrap=True)  # a listing: the terminal wraps, not rich
            return
        self.console.print(self._header(report))
        if report.input_error is not None:
            self.console.print(self._input_error(report))
        if report.api_error is not None:
            self.console.print(Text.assemble("  ", safe(api_error_line(report.api_error), "red")))
        if report.detection and (self.verbose or explains_rejections(report)):
            self.console.print(Padding(self._candidates(report), _INDENT, expand=False))
        if len(report.errors) > _TABLE_ROWS:
            self._error_lines(report)
        elif report.errors:
            self.console.print(Padding(self._errors(report), _INDENT, expand=False))
        if report.error_count > len(report.errors):
            hidden = report.error_count - len(report.errors)
            self.console.print(Text(f"  … and {hidden} more (--max-errors 0 shows all)", "dim"))
        if report.summary is not None:
            self.console.print(Padding(self._batch(report.summary), _INDENT, expand=False))
        self.console.print()

    def finish(self, reports: list[DocumentReport], code: ExitCode) -> None:
        if len(reports) > 1:
            self.console.print(Text(tally(reports), style="bold"))

    def _header(self, report: DocumentReport) -> Text:
        word = verdict_word(report)
        header = Text.assemble(
            (f"{_MARK[word]} ", _STYLE[word]),
            safe(report.source, "bold"),
            "  ",
            (verdict_text(report), _STYLE[word]),
        )
        if report.input_error is None:
            header.append("  ").append(safe(schema_phrase(report), "cyan"))
        if report.http is not None:
            header.append(f"  HTTP {report.http.status} ", "dim").append(safe(report.http.reason, "dim"))
        return header

    def _input_error(self, report: DocumentReport) -> Text:
        error = report.input_error
        assert error is not None
        place = f"{error.position}: " if error.position is not None else ""
        return Text.assemble("  ", (place, "yellow"), safe(error.message))

    def _errors(self, report: DocumentReport) -> Table:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False)
        table.add_column("path", style="bold", overflow="fold")
        table.add_column("line:col", style="yellow", no_wrap=True)
        table.add_column("keyword", style="magenta", no_wrap=True)
        table.add_column("message", overflow="fold", ratio=1)
        for v in report.errors:
            table.add_row(safe(v.path), Text(_where(v)), safe(v.keyword), safe(v.message))
        return table

    def _error_lines(self, report: DocumentReport) -> None:
        """Many errors: `path  line:col  keyword  message` lines, printed in soft-wrapped chunks."""
        if self.console.color_system is None:  # no styles to render: the same lines, written directly
            self.console.file.write(
                "".join(
                    f"  {visible(v.path)}  {_where(v)}  {visible(v.keyword)}  {visible(v.message)}\n"
                    for v in report.errors
                )
            )
            return
        lines = []
        for v in report.errors:
            lines.append(
                Text.assemble(
                    "  ", safe(v.path, "bold"), "  ", (_where(v), "yellow"), "  ",
                    safe(v.keyword, "magenta"), "  ", safe(v.message),
                )
            )  # fmt: skip
        for start in range(0, len(lines), _TABLE_ROWS):
            self.console.print(Text("\n").join(lines[start : start + _TABLE_ROWS]), soft_wrap=True)

    def _candidates(self, report: DocumentReport) -> Table:
        table = Table(title=Text("detection", "dim"), box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("schema", style="cyan")
        table.add_column("score", justify="right")
        table.add_column("undeclared keys", justify="right")
        table.add_column("why", overflow="fold", ratio=1)
        assert report.detection is not None
        for c in report.detection.candidates:
            table.add_row(safe(c.schema), f"{c.score:.2f}", str(c.undeclared), safe(c.reason))
        return table

    def _batch(self, summary: BatchSummary) -> Panel:
        """Counts on top, then failures by category, the first failed items, and warnings."""
        style = "yellow" if summary.failed or summary.warnings else "green"
        parts: list[Text | Table] = [safe(batch_line(summary, categories=False), "bold")]
        if summary.categories:
            parts.append(Text("failed by category", "dim"))
            parts.append(self._categories(summary))
        if summary.samples:
            parts.append(Text("first failed items", "dim"))
            parts.append(self._samples(summary))
        parts.extend(Text.assemble(("⚠ ", "yellow"), safe(w, "yellow")) for w in summary.warnings)
        return Panel(
            Group(*parts), title="batch", title_align="left", border_style=style, expand=False, padding=(0, 1)
        )

    @staticmethod
    def _categories(summary: BatchSummary) -> Table:
        grid = Table.grid(padding=(0, 2), pad_edge=True)
        for category, count in islice(summary.categories.items(), CATEGORIES_SHOWN):
            detail = counted(summary.sub_categories.get(category, {}))
            grid.add_row(safe(category, "red"), Text(str(count), justify="right"), safe(detail, "dim"))
        hidden = len(summary.categories) - CATEGORIES_SHOWN
        if hidden > 0:  # a row per category stops here: 50,000 categories are not a 50,000-row panel
            grid.add_row(Text(f"… and {hidden:,} more categories", "dim"))
        return grid

    @staticmethod
    def _samples(summary: BatchSummary) -> Table:
        grid = Table.grid(padding=(0, 2), pad_edge=True)
        for sample in summary.samples:
            ids = f"ids {', '.join(sample.ids)}" if sample.ids else ""
            grid.add_row(safe(sample.category, "red"), safe(sample.message), safe(ids, "dim"))
        return grid


def _where(violation: Violation) -> str:
    return str(violation.position) if violation.position is not None else "-"


def _fits_two_lines(report: DocumentReport) -> bool:
    """A valid batch with nothing to explain: no errors, no API error, no batch warnings."""
    summary = report.summary
    return (
        report.exit_code(False) is ExitCode.OK
        and not report.errors
        and report.api_error is None
        and summary is not None
        and not summary.warnings
    )
