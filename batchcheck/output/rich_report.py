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
from functools import cached_property
from typing import IO, TYPE_CHECKING

from batchcheck.errors import ExitCode
from batchcheck.jsontext.positions import Position
from batchcheck.models import DocumentReport, ErrorGroup, Excerpt
from batchcheck.output.batch_panel import plain_panel, rich_panel
from batchcheck.output.console import ColorChoice, make_console, plain_width
from batchcheck.output.describe import (
    Tally,
    api_error_line,
    batch_line,
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
from batchcheck.output.plain_text import plain_line
from batchcheck.output.sanitize import visible

if TYPE_CHECKING:
    from rich.console import Console

TIMES = "\N{MULTIPLICATION SIGN}"

_STYLE = {"valid": "bold green", "invalid": "bold red", "unreadable": "bold magenta", "no body": "bold green"}
_MARK = {"valid": "✔", "invalid": "✘", "unreadable": "!", "no body": "✔"}
_INDENT = (0, 0, 0, 2)  # a document's tables and panel sit under its header line
_CHUNK = 500  # lines printed per call: rich lays out a whole call before writing it
CANDIDATE_LINES = 25  # -v: the best candidates; JSON lists them all


class RichReporter:
    """Colour on a terminal; plain text when piped or with NO_COLOR (see output/console.py).

    Piped (no escape sequence to write), the report is written as plain text without rich, the
    same bytes rich would write (output/plain_text.py); rich draws whatever it would lay out
    differently (a line to wrap, a zero-width character) and everything styled.
    """

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
        self.stream, self.color = stream, color
        if console is not None:  # a given one: docs/render_report_svgs.py
            self.console = console
        self._plain_width = plain_width(stream, color) if console is None else None
        self.verbose, self.compact, self.quiet = verbose, compact, quiet
        self.fail_on_partial = fail_on_partial
        self.failing: list[tuple[str, str]] = []  # (SOURCE:LINE:COL, first problem) of each failing one

    @cached_property
    def console(self) -> Console:
        return make_console(self.stream, self.color)

    @property
    def _width(self) -> int:
        return self._plain_width if self._plain_width is not None else self.console.width

    def document(self, report: DocumentReport) -> None:
        code = report.exit_code(self.fail_on_partial)
        if code is not ExitCode.OK and not self.quiet:
            position, problem = first_problem(report, self.fail_on_partial)
            self.failing.append((placed(report, position), problem))
        if self.quiet or (self.compact and not self._worth_showing(report)):
            return
        width = self._width
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
            self._text("  " + visible(api_error_line(report.api_error)), "red", indent=2)
        if report.detection and (self.verbose or explains_rejections(report)):
            self._lines(self._candidates(report, width))
        self._lines([line for group in report.groups for line in self._entry(report, group, width)])
        hidden = report.group_count - len(report.groups)
        if hidden > 0:
            errors = report.error_count - sum(group.count for group in report.groups)
            self._text(f"  … and {hidden} more groups ({errors} errors; --max-errors 0 shows all)", "dim")
        if report.summary is not None:
            drawn = plain_panel(report.summary, width) if self._plain_width is not None else None
            if drawn is not None:
                self.stream.write(drawn)
            else:
                from rich.padding import Padding  # lazy: start-up

                self.console.print(Padding(rich_panel(report.summary), _INDENT, expand=False))
        self._write_blank()

    def finish(self, tally_: Tally, code: ExitCode) -> None:
        failing = self.failing
        if not self.quiet and failing and (tally_.files > 1 or code is ExitCode.PARTIAL):
            self._text(f"failing ({len(failing)}):", "bold red")
            lines: list[Line] = []
            for place, problem in failing:
                lines += note(place, problem, self._width)
            self._lines(lines)
        if tally_.files > 1 or self.quiet:
            self._text(tally(tally_), "bold")

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

    def _plain(self) -> bool:
        """No escape sequence to write: lines go out as they are."""
        if self._plain_width is not None:
            return True
        return self.console.color_system is None and not self.console.record

    def _write_blank(self) -> None:
        if self._plain_width is not None:
            self.stream.write("\n")
        else:
            self.console.print()

    def _text(self, text: str, style: str, indent: int = 0) -> None:
        """One line of text (escaped already), wrapped by rich if it is too wide; indent: the
        leading spaces that are not styled."""
        written = plain_line(text, self._plain_width) if self._plain_width is not None else None
        if written is not None:
            self.stream.write(written)
            return
        from rich.text import Text  # lazy: start-up

        shown = Text(text, style) if not indent else Text.assemble(text[:indent], (text[indent:], style))
        self.console.print(shown)

    def _lines(self, lines: list[Line]) -> None:
        """Laid-out lines: written as they are without colour, styled in chunks with it."""
        if not lines:
            return
        if self._plain():
            self.stream.write("".join(plain(line) + "\n" for line in lines))
            return
        from rich.text import Text  # lazy: start-up

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
