"""The whole run: read each source, check it, hand it to the reporter, decide the exit code."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext

from batchcheck.check import Checker, CheckOptions
from batchcheck.environment import Environment
from batchcheck.errors import ExitCode
from batchcheck.jsontext.positions import where
from batchcheck.models import DocumentReport
from batchcheck.output import ReportFormat, ReportOptions, make_reporter
from batchcheck.output.console import ColorChoice
from batchcheck.output.progress import Advance, progress_bar, wants_progress
from batchcheck.parallel import check_inputs, choose_jobs
from batchcheck.read.arguments import collect_inputs


def run(
    sources: list[str],
    options: CheckOptions,
    fmt: ReportFormat,
    env: Environment,
    verbose: bool = False,
    *,
    quiet: bool = False,
    color: ColorChoice = "auto",
    jobs: int = 0,
) -> ExitCode:
    """Check every source in order, streaming reports; raises a BatchcheckError for a bad --schema.

    Directories are walked for *.json minus `options.exclude`, each file checked once however
    often it is named. With a terminal on stdout and stderr, a progress bar runs on stderr while
    checking and the report follows it. jobs: worker processes (0: as many as pays, see
    parallel/); the report is the same whatever their number.
    """
    checker = Checker(options)
    warn = env.warn
    _tell(checker, warn)
    inputs = collect_inputs(sources, options.exclude)
    wanted = ReportOptions(verbose, quiet, options.fail_on_partial, color, documents=len(inputs))
    reporter = make_reporter(fmt, env.stdout, wanted)
    reports: list[DocumentReport] = []
    workers = choose_jobs(jobs, inputs)
    if workers > 1:  # nothing buffered may be copied into the workers
        env.stdout.flush()
        env.stderr.flush()
    with (
        check_inputs(checker, inputs, env.stdin, workers) as checked,  # workers start before the bar's thread
        _progress(fmt, len(inputs), env, color) as advance,
    ):
        for report, notices in checked:
            for notice in notices:  # what the check learnt of the schemas (a broken component)
                warn(notice)
            reports.append(report)
            if advance is None:
                warn_about_input(report, warn)
                reporter.document(report)  # streamed as it comes: no bar to tear
            else:
                advance(report.source)
    if advance is not None:  # the bar is gone: now the warnings and the report
        for report in reports:
            warn_about_input(report, warn)
            reporter.document(report)
    code = exit_code(reports, options.fail_on_partial)
    reporter.finish(reports, code)
    return code


def _tell(checker: Checker, warn: Callable[[str], None]) -> None:
    """The checker's notices not told yet, each once."""
    while checker.notices:
        warn(checker.notices.pop(0))


def _progress(
    fmt: ReportFormat, total: int, env: Environment, color: ColorChoice
) -> AbstractContextManager[Advance | None]:
    if wants_progress(fmt, total, env.stdout, env.stderr, color):
        return progress_bar(total, env.stderr)
    return nullcontext(None)


_WARNINGS_SHOWN = 20  # per document on stderr; --format json lists them all


def warn_about_input(report: DocumentReport, warn: Callable[[str], None]) -> None:
    """Duplicate keys and the like, one stderr line each: `SOURCE:LINE:COL: message`."""
    for warning in report.warnings[:_WARNINGS_SHOWN]:
        warn(f"{where(report.source, warning.position)}: {warning.message}")
    hidden = len(report.warnings) - _WARNINGS_SHOWN
    if hidden > 0:
        warn(f"{report.source}: … and {hidden} more (--format json lists them all)")


def exit_code(reports: Iterable[DocumentReport], fail_on_partial: bool) -> ExitCode:
    """The process exit code: INPUT (2) > INVALID (1) > PARTIAL (3) > OK (0)."""
    codes = [report.exit_code(fail_on_partial) for report in reports]
    return max(codes, key=lambda code: code.severity, default=ExitCode.OK)
