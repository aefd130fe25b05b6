"""Reporters: each turns DocumentReports into one output format.

A reporter gets every document as soon as it is checked (`document`), then the
whole run once (`finish`). Reporters are interchangeable; the pipeline picks one by its --format name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Literal, Protocol

from batchcheck.errors import ExitCode
from batchcheck.models import DocumentReport
from batchcheck.output.console import ColorChoice

ReportFormat = Literal["rich", "text", "json", "github", "junit"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("rich", "text", "json", "github", "junit")


class Reporter(Protocol):
    def document(self, report: DocumentReport) -> None: ...

    def finish(self, reports: list[DocumentReport], code: ExitCode) -> None: ...


class WholeRunReporter:
    """A reporter that writes one document (JSON, XML) for the whole run, at `finish`."""

    def __init__(self, stream: IO[str], fail_on_partial: bool = False) -> None:
        self.stream = stream
        self.fail_on_partial = fail_on_partial

    def document(self, report: DocumentReport) -> None:
        """Nothing yet: the whole run is written at the end."""


@dataclass(frozen=True)
class ReportOptions:
    """What the run asks of its report: -v, -q, --fail-on-partial (the formats say why it exits 3),
    --color, and how many inputs it has."""

    verbose: bool = False
    quiet: bool = False
    fail_on_partial: bool = False
    color: ColorChoice = "auto"
    documents: int = 1


def make_reporter(fmt: ReportFormat, stream: IO[str], options: ReportOptions | None = None) -> Reporter:
    """The reporter for a --format value."""
    options = options or ReportOptions()
    if fmt == "json":
        from batchcheck.output.json_report import JsonReporter  # lazy: start-up

        return JsonReporter(stream, options.fail_on_partial)
    if fmt == "text":
        from batchcheck.output.text_report import TextReporter  # lazy: start-up

        return TextReporter(stream, options.verbose, options.quiet, options.fail_on_partial)
    if fmt == "github":
        from batchcheck.output.github_report import GithubReporter  # lazy: start-up

        return GithubReporter(stream, options.fail_on_partial)
    if fmt == "junit":
        from batchcheck.output.junit_report import JunitReporter  # lazy: start-up

        return JunitReporter(stream, options.fail_on_partial)
    if fmt == "rich":
        from batchcheck.output.rich_report import RichReporter  # lazy: start-up

        compact = options.documents > 1 and not options.verbose
        return RichReporter(
            stream,
            options.verbose,
            compact=compact,
            quiet=options.quiet,
            fail_on_partial=options.fail_on_partial,
            color=options.color,
        )
    raise ValueError(f"unknown report format {fmt!r}")
