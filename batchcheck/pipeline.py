"""The whole run: read each source, check it, hand it to the reporter, decide the exit code."""

from __future__ import annotations

import sys
from typing import IO

from batchcheck.check import Checker, CheckOptions, exit_code
from batchcheck.models import DocumentReport, ExitCode
from batchcheck.output import make_reporter
from batchcheck.output.sanitize import visible
from batchcheck.reading import iter_documents


def run(
    sources: list[str], options: CheckOptions, fmt: str, stream: IO[str], verbose: bool = False
) -> ExitCode:
    """Check every source in order, streaming reports; raises ConfigurationError for a bad --schema."""
    checker = Checker(options)
    for notice in checker.notices:
        sys.stderr.write(f"batchcheck: warning: {visible(notice)}\n")
    reporter = make_reporter(fmt, stream, verbose)
    reports: list[DocumentReport] = []
    for document in iter_documents(sources):
        report = checker.check(document)
        reporter.document(report)
        reports.append(report)
    code = exit_code(reports, options.fail_on_partial)
    reporter.finish(reports, code)
    return code
