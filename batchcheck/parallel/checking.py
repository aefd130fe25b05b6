"""Check a run's inputs in one process or in several, handing each document's report over in input
order with the notices to tell after it: the same reports, notices and order either way.

`check_inputs(checker, inputs, stdin, jobs)` is the one entry point: a context manager (the
workers start on entering it, before any thread of the run, and stop on leaving it) that iterates
over `(report, notices)` pairs. With jobs > 1, files are checked by worker processes, each with
its own copy of the checker; standard input, and inputs that carry their error, are checked here.

What makes the copies agree with one checker: a check learns nothing that changes a later verdict
but the candidates it sets aside (a broken OpenAPI component, `Checker.set_aside`). Each worker
says, with every document, what its copy had set aside when the check began; when that is not what
the checker here knows at that point of the order, the document and every one after it are
checked here, in order, as one process would. Notices a copy tells that were told already (a
format another copy compiled first) are dropped: one process tells each once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from typing import BinaryIO

from batchcheck.checker import Checker, CheckOptions
from batchcheck.models import Document, DocumentReport
from batchcheck.read.arguments import Input
from batchcheck.read.captures import Skipped, capture_kind
from batchcheck.read.source import read_input, read_inputs, read_source

Checks = Iterator[tuple[DocumentReport, list[str]]]  # each report, and the checker's new notices

MIN_FILES = 64  # auto: fewer files than this go through one process, unless they are big
MIN_BYTES = 2 << 20  # ... together this many bytes
MAX_CHUNK = 16  # files sent to a worker at once


@dataclass
class Checked:
    """One document checked: its report, what the checker told meanwhile, what it had set aside
    when the check began, and what it set aside during it."""

    report: DocumentReport
    notices: list[str]
    before: frozenset[int] = frozenset()
    learnt: dict[int, str] = field(default_factory=dict)


def check_document(checker: Checker, document: Document) -> Checked:
    """checker.check(document), with what a parent needs to put it in order (see the docstring)."""
    before = frozenset(checker.set_aside)
    report = checker.check(document)
    notices = checker.notices[:]
    checker.notices.clear()
    learnt = {index: why for index, why in checker.set_aside.items() if index not in before}
    return Checked(report, notices, before, learnt)


def check_file(checker: Checker, source: str) -> tuple[list[Checked], BaseException | None]:
    """Every document of one file, checked; a failure that ends the run (an unusable `--schema`
    met on first use) comes after the documents checked before it, as a run in one process meets it."""
    done: list[Checked] = []
    try:
        for document in read_source(source, None):
            done.append(check_document(checker, document))
    except Exception as exc:
        return done, exc
    return done, None


def usable_cores() -> int:
    """The CPUs this process may run on (its affinity, where the platform says)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def pooled(item: Input, jsonl: bool = False) -> bool:
    """A file a worker can read: not standard input, not an input that carries its error, not a
    capture (HAR, JSON Lines: read here, its documents streaming, in flat memory)."""
    return item.error is None and item.source not in ("-", "") and capture_kind(item.source, jsonl) is None


def choose_jobs(requested: int, inputs: list[Input], jsonl: bool = False) -> int:
    """Worker processes for a run: requested (0: auto, the usable cores when the files are many or
    big enough to pay for starting them), never more than the files; 1 means none."""
    files = [item.source for item in inputs if pooled(item, jsonl)]
    if requested == 1 or len(files) < 2:
        return 1
    if requested > 1:
        return min(requested, len(files))
    cores = usable_cores()
    if cores < 2 or (len(files) < MIN_FILES and _size(files) < MIN_BYTES):
        return 1
    return min(cores, len(files))


def _size(files: list[str]) -> int:
    total = 0
    for path in files:
        try:
            total += os.stat(path).st_size
        except OSError:
            continue
    return total


@contextmanager
def check_inputs(
    checker: Checker,
    inputs: list[Input],
    stdin: BinaryIO | None,
    jobs: int = 1,
    method: str | None = None,
    *,
    jsonl: bool = False,
    skipped: Skipped | None = None,
) -> Iterator[Checks]:
    """(report, notices told while checking it) for every document of inputs, in order; jobs > 1:
    files checked in that many worker processes (started here: enter this before any thread).
    jsonl and skipped: as for read_inputs (captures are read here)."""
    files = [item.source for item in inputs if pooled(item, jsonl)]
    if jobs <= 1 or len(files) < 2:
        yield check_documents(checker, read_inputs(inputs, stdin, jsonl, skipped))
        return
    from batchcheck.parallel.pool import Pool, start_method  # lazy: start-up (multiprocessing: 10 ms)

    method = method or start_method()
    fork = method == "fork"
    setup = partial(_inherited, checker) if fork else partial(_rebuilt, _portable(checker.options))
    with Pool[str, tuple[list[Checked], BaseException | None]](min(jobs, len(files)), setup, method) as pool:
        chunk = max(1, min(MAX_CHUNK, len(files) // (jobs * 4)))
        yield _InOrder(checker, stdin, jsonl, skipped).run(inputs, pool.map(files, chunk), pool.close)


def check_documents(checker: Checker, documents: Iterable[Document]) -> Checks:
    """Each document's report in input order, as it is checked, with what the checker learnt of
    the schemas meanwhile (a broken component met), each notice once: the one place that maps the
    checker over documents in this process."""
    for document in documents:
        report = checker.check(document)
        notices = checker.notices[:]
        checker.notices.clear()
        yield report, notices


class _InOrder:
    """The parent's side: the workers' answers taken in input order, checked against what this
    checker knows, the rest checked here."""

    def __init__(
        self, checker: Checker, stdin: BinaryIO | None, jsonl: bool = False, skipped: Skipped | None = None
    ) -> None:
        self.checker, self.stdin = checker, stdin
        self.jsonl, self.skipped = jsonl, skipped
        self.told: set[str] = set()

    def run(
        self,
        inputs: list[Input],
        answers: Iterator[tuple[list[Checked], BaseException | None]],
        stop_workers: Callable[[bool], None],
    ) -> Checks:
        stdin_read, alone = False, False
        for item in inputs:
            skip = 0
            if pooled(item, self.jsonl) and not alone:
                done, error = next(answers)
                for checked in done:
                    if checked.before != frozenset(self.checker.set_aside):
                        alone = True  # the copies no longer know what this run has learnt
                        break
                    self.checker.learn(checked.learnt)
                    yield checked.report, self._fresh(checked.notices)
                    skip += 1
                else:
                    if error is not None:
                        raise error
                    continue
                stop_workers(True)  # their answers are of no use any more
            read = read_input(item, self.stdin, stdin_read, self.jsonl, self.skipped)
            documents = islice(read, skip, None)
            for report, notices in check_documents(self.checker, documents):
                yield report, self._fresh(notices)
            stdin_read = stdin_read or (item.source == "-" and item.error is None)

    def _fresh(self, notices: list[str]) -> list[str]:
        """notices not told yet by this run."""
        fresh = [notice for notice in notices if notice not in self.told]
        self.told.update(fresh)
        return fresh


def _inherited(checker: Checker) -> partial[tuple[list[Checked], BaseException | None]]:
    """A forked worker's function: the checker it inherited, compiled schemas and all."""
    checker.notices.clear()
    return partial(check_file, checker)


def _rebuilt(options: CheckOptions) -> partial[tuple[list[Checked], BaseException | None]]:
    """A spawned worker's function: the checker built again from the options, once."""
    checker = Checker(options)
    checker.notices.clear()  # the parent told them
    return partial(check_file, checker)


def _portable(options: CheckOptions) -> CheckOptions:
    """options without what was cached on them (the schema sources' resolution), for pickling."""
    return replace(options, sources=replace(options.sources))
