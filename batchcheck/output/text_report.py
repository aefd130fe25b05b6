"""`--format text`: `SOURCE:LINE:COL: message [keyword]` lines that editors and pre-commit parse."""

from __future__ import annotations

from typing import IO

from batchcheck.errors import ExitCode
from batchcheck.jsontext.positions import Position
from batchcheck.models import DocumentReport
from batchcheck.output.describe import (
    Tally,
    api_error_line,
    explains_rejections,
    input_warnings,
    partial_reason,
    placed,
    summary_line,
    tally,
)
from batchcheck.output.sanitize import visible


class TextReporter:
    """One line per error, one summary line per document, then the tally of the run (-q: the
    tally alone)."""

    def __init__(
        self, stream: IO[str], verbose: bool = False, quiet: bool = False, fail_on_partial: bool = False
    ) -> None:
        self.stream = stream
        self.verbose, self.quiet, self.fail_on_partial = verbose, quiet, fail_on_partial

    def _placed(self, report: DocumentReport, position: Position | None, text: str) -> None:
        """A line at a place in the document: `FILE:LINE:COL` in the file for a JSON Lines line
        (its text is the file's own), so that editors open it."""
        self.stream.write(f"{visible(placed(report, position))}: {visible(text)}\n")

    def document(self, report: DocumentReport) -> None:
        if self.quiet:
            return
        error = report.input_error
        if error is not None:
            self._placed(report, error.position, f"{error.message} [input]")
        self._input_warnings(report)
        for v in report.errors:
            at = f" (schema {v.schema_location})" if self.verbose and v.schema_location else ""
            self._placed(report, v.position, f"{v.path}: {v.message}{at} [{v.keyword}]")
        detection = report.detection
        if detection and (self.verbose or explains_rejections(report)):
            for c in detection.candidates:
                self._placed(report, None, f"tried {c.schema} ({c.score:.2f}): {c.reason} [detect]")
        if report.api_error:
            self._placed(report, None, f"{api_error_line(report.api_error)} [api-error]")
        if report.summary:
            for said in report.summary.warnings:
                self._placed(report, None, f"warning: {said} [batch]")
        reason = partial_reason(report) if self.fail_on_partial else None
        if reason is not None:
            self._placed(report, None, f"{reason} [partial]")
        self._placed(report, None, summary_line(report))

    def _input_warnings(self, report: DocumentReport) -> None:
        """Duplicate keys and the like, each at its place: odd, but the document parsed."""
        shown, more = input_warnings(report)
        for warning in shown:
            self._placed(report, warning.position, f"warning: {warning.message} [input]")
        if more is not None:
            self._placed(report, None, f"warning: {more} [input]")

    def finish(self, counts: Tally, code: ExitCode) -> None:
        self.stream.write(tally(counts) + "\n")  # no `SOURCE:` prefix: problem matchers skip it
        self.stream.flush()
