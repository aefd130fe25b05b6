"""The whole run: read each source, check it, hand it to the reporter, decide the exit code.

Documents stream: each is read, checked and reported before the next is read, and only the
counts are kept, so a capture of any length runs in flat memory. (The progress bar, on a terminal
with many files, holds the reports until it is gone; it is left out when a capture is checked.)
`parallel.check_documents` is the one place that maps the checker over the documents, in input
order; `--jobs` spreads the files over worker processes (batchcheck/parallel/) and `--dask` over a
cluster (batchcheck/distribute/), each handing the reports back in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import BinaryIO

from batchcheck.checker import Checker, CheckOptions
from batchcheck.environment import Environment
from batchcheck.errors import ExitCode, UsageError
from batchcheck.jsontext.positions import where
from batchcheck.models import DocumentReport
from batchcheck.output import SHOWS_INPUT_WARNINGS, Reporter, ReportFormat, ReportOptions, make_reporter
from batchcheck.output.console import ColorChoice
from batchcheck.output.describe import Tally, input_warnings
from batchcheck.output.progress import Advance, progress_bar, wants_progress
from batchcheck.parallel import Checks, check_inputs, choose_jobs
from batchcheck.read.arguments import Input, collect_inputs
from batchcheck.read.captures import Skipped, capture_kind


@dataclass(frozen=True)
class RunOptions:
    """How the inputs are read and where they are checked (beyond CheckOptions)."""

    jsonl: bool = False  # --jsonl: standard input (and files of other names) as JSON Lines
    dask: str | None = None  # --dask ADDRESS: check on that Dask cluster


def run(
    sources: list[str],
    options: CheckOptions,
    fmt: ReportFormat,
    env: Environment,
    verbose: bool = False,
    *,
    quiet: bool = False,
    color: ColorChoice = "auto",
    reading: RunOptions | None = None,
    jobs: int = 0,
) -> ExitCode:
    """Check every source in order, streaming reports; raises a BatchcheckError for a bad --schema.

    Directories are walked for *.json and captures minus `options.exclude`, each file checked once
    however often it is named. With a terminal on stdout and stderr, a progress bar runs on stderr
    while checking and the report follows it. jobs: worker processes for the plain files (0: as
    many as pays, see parallel/; captures stream in this process meanwhile; --dask: the cluster's
    workers instead); the report is the same whatever their number.
    """
    reading = reading or RunOptions()
    checker = Checker(options)
    warn = env.warn
    told = _tell(checker, warn)
    inputs = collect_inputs(sources, options.exclude)
    if not inputs:  # every argument excluded: checking nothing is no success
        raise UsageError("nothing to check: --exclude left out every input")
    captures = any(capture_kind(item.source, reading.jsonl) for item in inputs)
    documents = max(2, len(inputs)) if captures else len(inputs)  # a capture holds many: compact
    wanted = ReportOptions(verbose, quiet, options.fail_on_partial, color, documents=documents)
    counts = Tally()

    def skipped(source: str, count: int, kinds: dict[str, int]) -> None:
        counts.skipped += count
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
        noun = "entry" if count == 1 else "entries"
        warn(f"{source}: {count} {noun} skipped, not JSON ({detail})")

    reporter = make_reporter(fmt, env.stdout, wanted)
    code = ExitCode.OK
    held: list[DocumentReport] = []
    workers = 1 if reading.dask is not None else choose_jobs(jobs, inputs, reading.jsonl)
    if workers > 1:  # nothing buffered may be copied into the workers
        env.stdout.flush()
        env.stderr.flush()
    try:
        with (
            _checking(checker, inputs, env.stdin, reading, workers, skipped, told) as checked,  # workers
            _progress(fmt, 0 if captures else len(inputs), env, color) as advance,  # start before the bar
        ):
            for report, notices in checked:
                for notice in notices:  # what the check learnt of the schemas (a broken component)
                    warn(notice)
                counts.add(report)
                code = max(code, report.exit_code(options.fail_on_partial), key=lambda c: c.severity)
                if advance is None:
                    if fmt not in SHOWS_INPUT_WARNINGS:  # else the report has them, not stderr
                        warn_about_input(report, warn)
                    reporter.document(report)  # streamed as it comes: no bar to tear
                else:
                    held.append(report)
                    advance(report.source)
    except KeyboardInterrupt:  # Ctrl-C: what the bar held is still shown, then the run ends (130)
        if held:  # (streamed, it is on the screen already)
            _report(held, reporter, warn)
            shown = f"the {len(held):,} documents above were" if len(held) > 1 else "the document above was"
            warn(f"interrupted: {shown} checked, the rest of the inputs not")
        raise
    _report(held, reporter, warn)  # the bar is gone: now the warnings and the report
    reporter.finish(counts, code)
    return code


def _report(reports: list[DocumentReport], reporter: Reporter, warn: Callable[[str], None]) -> None:
    for report in reports:
        warn_about_input(report, warn)
        reporter.document(report)


def _checking(
    checker: Checker,
    inputs: list[Input],
    stdin: BinaryIO | None,
    reading: RunOptions,
    workers: int,
    skipped: Skipped,
    told: list[str],
) -> AbstractContextManager[Checks]:
    """Where the documents are checked: on a Dask cluster, or here and (plain files, with
    workers > 1) in worker processes."""
    if reading.dask is not None:
        from batchcheck.distribute.dask import dask_reports  # lazy: start-up (dask is an extra)

        options, jsonl = checker.options, reading.jsonl
        return nullcontext(dask_reports(reading.dask, options, inputs, stdin, jsonl, skipped, set(told)))
    return check_inputs(checker, inputs, stdin, workers, jsonl=reading.jsonl, skipped=skipped)


def _tell(checker: Checker, warn: Callable[[str], None]) -> list[str]:
    """The checker's notices not told yet, each once; returns them."""
    told = []
    while checker.notices:
        told.append(checker.notices.pop(0))
        warn(told[-1])
    return told


def _progress(
    fmt: ReportFormat, total: int, env: Environment, color: ColorChoice
) -> AbstractContextManager[Advance | None]:
    if wants_progress(fmt, total, env.stdout, env.stderr, color):
        return progress_bar(total, env.stderr)
    return nullcontext(None)


def warn_about_input(report: DocumentReport, warn: Callable[[str], None]) -> None:
    """Duplicate keys and the like, one stderr line each: `SOURCE:LINE:COL: message`."""
    shown, more = input_warnings(report)
    for warning in shown:
        warn(f"{where(report.source, warning.position)}: {warning.message}")
    if more is not None:
        warn(f"{where(report.source, None)}: {more}")


def exit_code(reports: Iterable[DocumentReport], fail_on_partial: bool) -> ExitCode:
    """The process exit code: INPUT (2) > INVALID (1) > PARTIAL (3) > OK (0)."""
    codes = [report.exit_code(fail_on_partial) for report in reports]
    return max(codes, key=lambda code: code.severity, default=ExitCode.OK)
