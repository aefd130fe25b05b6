"""Reporters: each turns DocumentReports into one output format.

A reporter gets every document as soon as it is checked (`document`), then the
whole run once (`finish`). Reporters are interchangeable; the pipeline picks one by its --format name.
"""

from __future__ import annotations

from typing import IO, Literal, Protocol

from batchcheck.errors import ExitCode
from batchcheck.models import DocumentReport

ReportFormat = Literal["rich", "text", "json", "github", "junit"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("rich", "text", "json", "github", "junit")


class Reporter(Protocol):
    def document(self, report: DocumentReport) -> None: ...

    def finish(self, reports: list[DocumentReport], code: ExitCode) -> None: ...


class WholeRunReporter:
    """A reporter that writes one document (JSON, XML) for the whole run, at `finish`."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def document(self, report: DocumentReport) -> None:
        """Nothing yet: the whole run is written at the end."""


def make_reporter(fmt: ReportFormat, stream: IO[str], verbose: bool = False, documents: int = 1) -> Reporter:
    """The reporter for a --format value; documents: how many inputs the run will report."""
    if fmt == "json":
        from batchcheck.output.json_report import JsonReporter  # lazy: start-up

        return JsonReporter(stream)
    if fmt == "text":
        from batchcheck.output.text_report import TextReporter  # lazy: start-up

        return TextReporter(stream, verbose)
    if fmt == "github":
        from batchcheck.output.github_report import GithubReporter  # lazy: start-up

        return GithubReporter(stream)
    if fmt == "junit":
        from batchcheck.output.junit_report import JunitReporter  # lazy: start-up

        return JunitReporter(stream)
    if fmt == "rich":
        from batchcheck.output.rich_report import RichReporter  # lazy: start-up

        return RichReporter(stream, verbose, compact=documents > 1 and not verbose)
    raise ValueError(f"unknown report format {fmt!r}")
