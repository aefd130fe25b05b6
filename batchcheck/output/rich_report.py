"""The default report: per document a header line, its errors (grouped) and a batch panel.

Each error entry starts with `SOURCE:LINE:COL`, which terminals and editors open; errors that fail
the same way in many items are one entry with its count (`results[*].flagState  enum x6000`); the
first entries of a document show the source line with the value marked (output/layout.py lays
them out). With several documents (compact, unless -v) only those with something to say are
shown (invalid, unreadable, a batch with failed items or warnings), a valid batch with failed
items in two lines; the run ends with the failing documents, each with its first error, and the
tally. `-q` prints the tally alone.

Every string from a response or a file name goes through `visible()` and into a rich `Text`
(never markup), so `[bold]` or ESC sequences print literally.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import islice
from typing import IO

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from batchcheck.errors import ExitCode
from batchcheck.jsontext.positions import Position
from batchcheck.models import BatchSummary, DocumentReport, ErrorGroup, Excerpt
from batchcheck.output.console import ColorChoice, make_console
from batchcheck.output.describe import (
    CATEGORIES_SHOWN,
    Tally,
    api_error_line,
    batch_line,
    counted,
    explains_rejections,
    first_problem,
    group_heading,
    group_places,
    partial_reason,
    placed,
    schema_phrase,
    tally,
    verdict_text,
    verdict_word,
)
from batchcheck.output.layout import INDENT, Line, entry, flow, note, plain, wrap
from batchcheck.output.sanitize import visible

TIMES = "\N{MULTIPLICATION SIGN}"

_STYLE = {"valid": "bold green", "invalid": "bold red", "unreadable": "bold magenta", "no body": "bold green"}
_MARK = {"valid": "✔", "invalid": "✘", "unreadable": "!", "no body": "✔"}
_INDENT = (0, 0, 0, 2)  # a document's tables and panel sit under its header line
_CHUNK = 500  # lines printed per call: rich lays out a whole call before writing it
CANDIDATE_LINES = 25  # -v: the best candidates; JSON lists them all


def safe(text: object, style: str = "") -> Text:
    """Untrusted text as a plain rich Text: escaped, never parsed as markup."""
    return Text(visible(str(text)), style=style)


class RichReporter:
    """Colour on a terminal; plain text when piped or with NO_COLOR (see output/console.py)."""

    def __init__(
        self,
        stream: IO[str],
        verbose: bool = False,
        console: Console | None = None,
        compact: bool = False,
        quiet: bool = False,
        fail_on_partial: bool = False,
        color: ColorChoice = "auto",
    ) -> None:
        self.console = console or make_console(stream, color)  # a given one: docs/render_report_svgs.py
        self.verbose, self.compact, self.quiet = verbose, compact, quiet
        self.fail_on_partial = fail_on_partial
        self.failing: list[tuple[str, str]] = []  # (SOURCE:LINE:COL, first problem) of each failing one

    def document(self, report: DocumentReport) -> None:
        code = report.exit_code(self.fail_on_partial)
        if code is not ExitCode.OK and not self.quiet:
            position, problem = first_problem(report, self.fail_on_partial)
            self.failing.append((placed(report, position), problem))
        if self.quiet or (self.compact and not self._worth_showing(report)):
            return
        width = self.console.width
        if self.compact and _fits_two_lines(report, self.fail_on_partial):
            assert report.summary is not None
            style = "yellow" if report.summary.failed else "green"
            self._lines(
                [*self._header(report, width), [(INDENT, ""), (visible(batch_line(report.summary)), style)]]
            )
            return
        self._lines(self._header(report, width))
        if report.input_error is not None:
            error = report.input_error
            where = placed(report, error.position)
            excerpt = _in_file(report, report.input_excerpt)
            self._lines(entry(where, "", "input", error.message, width, excerpt=excerpt))
        if report.api_error is not None:
            self.console.print(Text.assemble("  ", safe(api_error_line(report.api_error), "red")))
        if report.detection and (self.verbose or explains_rejections(report)):
            self._lines(self._candidates(report, width))
        self._lines([line for group in report.groups for line in self._entry(report, group, width)])
        hidden = report.group_count - len(report.groups)
        if hidden > 0:
            errors = report.error_count - sum(group.count for group in report.groups)
            more = f"  … and {hidden} more groups ({errors} errors; --max-errors 0 shows all)"
            self.console.print(Text(more, "dim"))
        if report.summary is not None:
            self.console.print(Padding(self._batch(report.summary), _INDENT, expand=False))
        self.console.print()

    def finish(self, tally_: Tally, code: ExitCode) -> None:
        failing = self.failing
        if not self.quiet and failing and (tally_.files > 1 or code is ExitCode.PARTIAL):
            self.console.print(Text(f"failing ({len(failing)}):", "bold red"))
            lines: list[Line] = []
            for place, problem in failing:
                lines += note(place, problem, self.console.width)
            self._lines(lines)
        if tally_.files > 1 or self.quiet:
            self.console.print(Text(tally(tally_), style="bold"))

    def _worth_showing(self, report: DocumentReport) -> bool:
        """Something to say: not valid, a batch with failed items or warnings, odd input."""
        summary = report.summary
        return (
            report.exit_code(self.fail_on_partial) is not ExitCode.OK
            or (summary is not None and bool(summary.failed or summary.warnings))
            or report.api_error is not None
            or bool(report.warnings)
        )

    def _entry(self, report: DocumentReport, group: ErrorGroup, width: int) -> list[Line]:
        first = group.first
        label = first.keyword if group.count == 1 else f"{first.keyword} {TIMES}{group.count}"
        places = group_places(group) if group.count > 1 else ""
        where = placed(report, first.position)
        excerpt = _in_file(report, group.excerpt)
        lines = entry(where, group_heading(group), label, group.message, width, places, excerpt)
        if self.verbose and first.schema_location:  # -v: where in the schema the keyword sits
            lines.append([(INDENT * 2, ""), (visible(f"schema {first.schema_location}"), "dim")])
        return lines

    def _lines(self, lines: list[Line]) -> None:
        """Laid-out lines: written as they are without colour, styled in chunks with it."""
        if not lines:
            return
        if self.console.color_system is None and not self.console.record:
            self.console.file.write("".join(plain(line) + "\n" for line in lines))
            return
        for start in range(0, len(lines), _CHUNK):
            chunk = [Text.assemble(*line) for line in lines[start : start + _CHUNK]]
            self.console.print(Text("\n").join(chunk), soft_wrap=True)

    def _header(self, report: DocumentReport, width: int) -> list[Line]:
        """`✘ SOURCE  invalid: 3 errors  SCHEMA (closest)  HTTP 207 Multi-Status`, wrapped between
        its parts."""
        word = verdict_word(report)
        parts: list[Line] = [
            [(f"{_MARK[word]} ", _STYLE[word]), (visible(report.source), "bold")],
            [(verdict_text(report, grouped=True), _STYLE[word])],
        ]
        if report.input_error is None and not report.no_body:
            parts.append([(visible(schema_phrase(report)), "cyan")])
        if report.http is not None and not report.no_body:
            parts.append([(visible(f"HTTP {report.http.status} {report.http.reason}".rstrip()), "dim")])
        reason = partial_reason(report) if self.fail_on_partial else None
        if reason is not None:
            parts.append([(visible(reason), "bold yellow")])
        return flow(parts, width)

    @staticmethod
    def _candidates(report: DocumentReport, width: int) -> list[Line]:
        """How detection saw each schema (the best CANDIDATE_LINES): `SCHEMA  describes 96%  valid`,
        why below it."""
        assert report.detection is not None
        candidates = report.detection.candidates
        lines: list[Line] = [[(INDENT, ""), ("detection", "dim")]]
        for c in candidates[:CANDIDATE_LINES]:
            described = f"describes {c.score:.0%}" if c.members or c.score else "not described"
            validity = {True: "valid", False: "rejects it", None: "not validated"}[c.valid]
            parts = [[(visible(c.schema), "cyan")], [(described, "")], [(validity, "dim")]]
            lines += [[(INDENT, ""), *line] for line in flow(parts, width - len(INDENT))]
            lines += [[(INDENT * 3, ""), (text, "")] for text in wrap(visible(c.reason), width - 6)]
        if len(candidates) > CANDIDATE_LINES:
            more = f"… and {len(candidates) - CANDIDATE_LINES} more (--format json lists them all)"
            lines.append([(INDENT, ""), (more, "dim")])
        return lines

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


def _fits_two_lines(report: DocumentReport, fail_on_partial: bool) -> bool:
    """A valid batch with nothing to explain: no errors, no API error, no batch warnings."""
    summary = report.summary
    return (
        report.exit_code(fail_on_partial) is ExitCode.OK
        and not report.errors
        and report.api_error is None
        and summary is not None
        and not summary.warnings
    )


def _in_file(report: DocumentReport, excerpt: Excerpt | None) -> Excerpt | None:
    """The excerpt numbered by the file's line for a JSON Lines line (the document's line 1)."""
    origin = report.origin
    if excerpt is None or origin is None or not origin.verbatim:
        return excerpt
    return replace(excerpt, line=origin.place(Position(excerpt.line, 1)).line)
