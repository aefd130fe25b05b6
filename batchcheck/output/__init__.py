"""Reporters: each turns DocumentReports into one output format.

A reporter gets every document as soon as it is checked (`document`), then the run's counts once
(`finish`): no reporter holds every report, so a capture of a million responses streams through in
flat memory. Reporters are interchangeable; the pipeline picks one by its --format name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Literal, Protocol

from batchcheck.errors import ExitCode
from batchcheck.models import DocumentReport
from batchcheck.output.console import ColorChoice

if TYPE_CHECKING:
    from batchcheck.output.describe import Tally

ReportFormat = Literal["rich", "text", "json", "github", "junit", "sarif"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("rich", "text", "json", "github", "junit", "sarif")
# The formats whose report shows the input warnings (duplicate keys) in place, each at its line, so
# that CI and editors see them: the run does not repeat them on stderr. JSON lists them in the
# document (inputWarnings); the others leave them to stderr.
SHOWS_INPUT_WARNINGS: frozenset[ReportFormat] = frozenset({"text", "github"})


class Reporter(Protocol):
    def document(self, report: DocumentReport) -> None: ...

    def finish(self, tally: Tally, code: ExitCode) -> None: ...


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
    if fmt == "sarif":
        from batchcheck.output.sarif_report import SarifReporter  # lazy: start-up

        return SarifReporter(stream, options.fail_on_partial)
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
