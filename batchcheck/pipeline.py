"""The whole run: read each source, check it, hand it to the reporter, decide the exit code."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO

from batchcheck.check import Checker, CheckOptions
from batchcheck.models import DocumentReport, ExitCode
from batchcheck.output import make_reporter
from batchcheck.reading import iter_documents


def run(
    sources: list[str],
    options: CheckOptions,
    fmt: str,
    stream: IO[str],
    warn: Callable[[str], None],
    verbose: bool = False,
) -> ExitCode:
    """Check every source in order, streaming reports; raises ConfigurationError for a bad --schema."""
    checker = Checker(options)
    for notice in checker.notices:
        warn(notice)
    reporter = make_reporter(fmt, stream, verbose)
    reports: list[DocumentReport] = []
    for document in iter_documents(sources):
        report = checker.check(document)
        warn_about_input(report, warn)
        reporter.document(report)
        reports.append(report)
    code = exit_code(reports, options.fail_on_partial)
    reporter.finish(reports, code)
    return code


_WARNINGS_SHOWN = 20  # per document on stderr; --format json lists them all


def warn_about_input(report: DocumentReport, warn: Callable[[str], None]) -> None:
    """Duplicate keys and the like, one stderr line each: `SOURCE:LINE:COL: message`."""
    for warning in report.warnings[:_WARNINGS_SHOWN]:
        where = f":{warning.line}:{warning.column}" if warning.line is not None else ""
        warn(f"{report.source}{where}: {warning.message}")
    hidden = len(report.warnings) - _WARNINGS_SHOWN
    if hidden > 0:
        warn(f"{report.source}: … and {hidden} more (--format json lists them all)")


def exit_code(reports: Iterable[DocumentReport], fail_on_partial: bool) -> ExitCode:
    """The process exit code: INPUT (2) > INVALID (1) > PARTIAL (3) > OK (0)."""
    codes = [report.exit_code(fail_on_partial) for report in reports]
    return max(codes, key=lambda code: code.severity, default=ExitCode.OK)
