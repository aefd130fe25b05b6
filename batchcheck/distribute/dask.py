"""`--dask SCHEDULER`: the inputs checked on an existing Dask cluster, reports back in input order.

Every input is a task, and a JSON Lines file larger than a partition (uncompressed: a gzip stream
cannot be split) is one task per PARTITION_BYTES of it, cut at line starts. A bounded number of
tasks is in flight (twice the cluster's worker threads), and their reports are yielded in input
order as the first pending task completes, so the client's memory stays bounded however many
inputs there are; the reporters and the exit code are the local run's. Standard input is read and
checked here. Workers open inputs and schemas by the paths as given: they must see the same files
at the same paths (a shared filesystem, started in the same directory, or absolute paths), and
have batchcheck installed.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from typing import Any, BinaryIO

from batchcheck.checker import Checker, CheckOptions
from batchcheck.distribute.tasks import TaskResult, check_input, check_partition
from batchcheck.errors import ConfigurationError
from batchcheck.jsontext.positions import Position
from batchcheck.models import DocumentReport, Origin
from batchcheck.read.arguments import Input
from batchcheck.read.captures import Skipped, capture_kind
from batchcheck.read.source import read_inputs

Client = Any  # distributed.Client and its futures, whose methods are untyped
Future = Any

PARTITION_BYTES = 16 << 20  # a JSON Lines task: about this many bytes of the file
CONNECT_TIMEOUT = "10s"


def dask_reports(
    address: str,
    options: CheckOptions,
    inputs: list[Input],
    stdin: BinaryIO | None,
    jsonl: bool,
    skipped: Skipped,
    told: set[str] | None = None,
    partition_bytes: int | None = None,
) -> Iterator[tuple[DocumentReport, list[str]]]:
    """The reports of every input, in input order, checked on the cluster at address, each with
    the schema notices not told yet (as parallel.check_documents gives them; told: those the run
    has told already, as every worker's checker learns them again)."""
    client = _connect(address)
    told = set() if told is None else told
    try:
        units = _units(inputs, jsonl, partition_bytes or PARTITION_BYTES)
        window = max(2, 2 * sum(client.nthreads().values()))
        local: Checker | None = None
        for unit, result in _in_order(client, units, options, jsonl, window):
            if result is None:  # standard input, or an input that could not be walked: here
                local = local or Checker(options)
                for document in read_inputs([unit], stdin, jsonl, skipped):
                    yield local.check(document), _fresh(local.notices, told)
                    local.notices.clear()
                continue
            for capture, count, kinds in result.skipped:
                skipped(capture, count, kinds)
            notices = _fresh(result.notices, told)
            for report in result.reports:
                yield report, notices
                notices = []
    finally:
        client.close()


def _fresh(notices: list[str], told: set[str]) -> list[str]:
    """The notices not told yet (every worker's checker learns the same ones), each once."""
    fresh = [notice for notice in dict.fromkeys(notices) if notice not in told]
    told.update(fresh)
    return fresh


def _connect(address: str) -> Client:
    try:
        from distributed import Client  # lazy: dask is an optional extra
    except ImportError:
        raise ConfigurationError(
            "--dask needs Dask's distributed scheduler: pip install 'batchcheck[dask]'"
        ) from None
    try:
        connect: Any = Client
        return connect(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigurationError(f"--dask {address}: cannot reach the scheduler: {exc}") from None


# A unit of work: an input checked here (None), a whole input on the cluster, or a byte range of one.
_Unit = tuple[Input, tuple[int, int] | None, bool]


def _units(inputs: list[Input], jsonl: bool, partition: int) -> Iterator[_Unit]:
    for item in inputs:
        if item.error is not None or item.source in ("-", ""):
            yield item, None, True
            continue
        size = _size(item.source)
        splittable = capture_kind(item.source, jsonl) == "jsonl" and not item.source.lower().endswith(".gz")
        if splittable and size > partition:
            for start in range(0, size, partition):
                yield item, (start, min(size, start + partition)), False
        else:
            yield item, None, False


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # the task will say why it cannot be read


def _in_order(
    client: Client, units: Iterator[_Unit], options: CheckOptions, jsonl: bool, window: int
) -> Iterator[tuple[Input, TaskResult | None]]:
    """Each unit with its result, in order; at most `window` tasks in flight."""
    pending: deque[tuple[_Unit, Future | None]] = deque()
    lines: dict[str, int] = {}  # a partitioned file: the lines before its next partition
    exhausted = False
    while pending or not exhausted:
        while not exhausted and sum(f is not None for _, f in pending) < window:
            unit = next(units, None)
            if unit is None:
                exhausted = True
                break
            pending.append((unit, _submit(client, unit, options, jsonl)))
        if not pending:
            break
        (item, span, here), future = pending.popleft()
        if here or future is None:
            yield item, None
            continue
        result: TaskResult = future.result()
        if span is not None:
            before = lines.get(item.source, 0) if span[0] > 0 else 0
            result.reports = [_renumbered(report, before) for report in result.reports]
            lines[item.source] = before + result.newlines
        yield item, result


def _submit(client: Client, unit: _Unit, options: CheckOptions, jsonl: bool) -> Future | None:
    item, span, here = unit
    if here:
        return None
    if span is None:
        return client.submit(check_input, options, item.source, jsonl, pure=False)
    return client.submit(check_partition, options, item.source, span[0], span[1], pure=False)


def _renumbered(report: DocumentReport, before: int) -> DocumentReport:
    """A partition's report with its line number counted from the top of the file."""
    origin = report.origin
    if before == 0 or origin is None:
        return report
    line = origin.position.line + before
    report.source = f"{origin.file}:{line}"
    report.origin = Origin(origin.file, Position(line, origin.position.column), origin.entry, origin.verbatim)
    return report
