"""The work one task does on a worker: check a whole input, or one byte range of a JSON Lines file.

A task returns its reports (in order), the capture entries it skipped, and the notices the
checker gave about the schemas, all plain picklable data. Each worker process builds one Checker
per set of options and reuses it for every task, so schemas are compiled once per process.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from batchcheck.checker import Checker, CheckOptions
from batchcheck.models import Document, DocumentReport
from batchcheck.read.arguments import Input
from batchcheck.read.jsonl import documents_of
from batchcheck.read.source import read_inputs

_CHECKERS: dict[bytes, Checker] = {}
_SCAN = 1 << 16


@dataclass
class TaskResult:
    reports: list[DocumentReport] = field(default_factory=list)
    skipped: list[tuple[str, int, dict[str, int]]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    newlines: int = 0  # a partition: how many lines it holds (line numbers of the next start after them)


def checker_for(options: CheckOptions) -> Checker:
    """This process's Checker for options, built on first use."""
    key = pickle.dumps(options)
    checker = _CHECKERS.get(key)
    if checker is None:
        checker = _CHECKERS[key] = Checker(options)
    return checker


def check_input(options: CheckOptions, source: str, jsonl: bool) -> TaskResult:
    """Every document of one input (a file, a HAR, a whole JSON Lines file), checked."""
    result = TaskResult()

    def skipped(capture: str, count: int, kinds: dict[str, int]) -> None:
        result.skipped.append((capture, count, kinds))

    _check(checker_for(options), read_inputs([Input(source)], None, jsonl, skipped), result)
    return result


def check_partition(options: CheckOptions, source: str, start: int, end: int) -> TaskResult:
    """The lines of a JSON Lines file that start in bytes [start, end), checked; their line
    numbers count from 1 at the first of them (the client adds the lines before it)."""
    result = TaskResult()
    with Path(source).open("rb") as stream:
        begin, stop = line_start(stream, start), line_start(stream, end)
        stream.seek(begin)
        data = stream.read(stop - begin)
    result.newlines = data.count(b"\n")
    _check(checker_for(options), documents_of(source, io.BytesIO(data)), result)
    return result


def line_start(stream: BinaryIO, offset: int) -> int:
    """The offset of the first line that starts at or after offset (the end of the file if none)."""
    if offset <= 0:
        return 0
    stream.seek(offset - 1)
    position = offset - 1
    while chunk := stream.read(_SCAN):
        newline = chunk.find(b"\n")
        if newline >= 0:
            return position + newline + 1
        position += len(chunk)
    return position


def _check(checker: Checker, documents: Iterator[Document], result: TaskResult) -> None:
    for document in documents:
        result.reports.append(checker.check(document))
        result.notices += checker.notices
        checker.notices.clear()
