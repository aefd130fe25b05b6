"""Read each input: a file's bytes, or standard input's, parsed into a Document (never raising).

Inputs are read under a size cap (MAX_INPUT_BYTES), so `batchcheck < /dev/zero` ends with an
error instead of filling the memory; a device named on the command line is refused before it is
read, as the directory walk refuses one (a named pipe is read: `<(curl ...)`), and so is a file
under /proc or /sys.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from batchcheck.models import STDIN, Document, InputError
from batchcheck.read.arguments import Input, file_kind
from batchcheck.read.captures import CaptureKind, Skipped, capture_kind
from batchcheck.read.parse import parse_stream

MAX_INPUT_BYTES = 512 * 1024 * 1024  # a response; parsed, it takes about six times as much memory
_TOO_BIG = InputError(f"larger than {MAX_INPUT_BYTES // 2**20} MiB; not checked")


def read_inputs(
    inputs: list[Input], stdin: BinaryIO | None, jsonl: bool = False, skipped: Skipped | None = None
) -> Iterator[Document]:
    """One Document per input, in order: read and parsed, or carrying the error found while walking;
    a capture (HAR, JSON Lines, or any input with `jsonl`) one per response, as it is read.
    skipped hears of the entries of a capture that are not JSON."""
    stdin_read = False
    for item in inputs:
        yield from read_input(item, stdin, stdin_read, jsonl, skipped)
        stdin_read = stdin_read or (item.source == "-" and item.error is None)


def read_input(
    item: Input,
    stdin: BinaryIO | None,
    stdin_read: bool = False,
    jsonl: bool = False,
    skipped: Skipped | None = None,
) -> Iterator[Document]:
    """The Documents of one input, as read; stdin_read: standard input was read by an earlier one."""
    if item.error is not None:
        yield Document(item.source, error=item.error)
    elif item.source == "-" and stdin_read:
        yield Document(STDIN, error=InputError("standard input was already read ('-' given twice)"))
    else:
        kind = capture_kind(item.source, jsonl)
        if kind is None or not item.source:
            yield from read_source(item.source, stdin)
        elif (refused := _capture_refused(item.source)) is not None:
            yield Document(item.source, error=refused)
        else:
            yield from read_capture(item.source, kind, stdin, skipped)


def read_source(source: str, stdin: BinaryIO | None) -> list[Document]:
    """Read and parse one source ('-': stdin), never raising for bad input: one Document, or one
    per HTTP response when it holds several (`curl -i URL1 URL2`)."""
    if source == "-":
        if stdin is None:
            return [Document(STDIN, error=InputError("no standard input"))]
        return _parse_capped(STDIN, stdin)
    if not source:
        return [Document(source, error=InputError("empty file name"))]
    path = Path(source)
    try:
        info = os.stat(source)  # one stat: what it is, how big (`a.json/` is no file, as for `cat`)
        if stat.S_ISDIR(info.st_mode):
            return [Document(source, error=InputError("is a directory, not a JSON file"))]
        refused = _refused(path, info)
        if refused is None and stat.S_ISREG(info.st_mode) and info.st_size > MAX_INPUT_BYTES:
            refused = _TOO_BIG
        if refused is not None:
            return [Document(source, error=refused)]
        with open(source, "rb") as stream:
            refused = _not_readable(os.fstat(stream.fileno()).st_mode)  # the file opened is still one
            return [Document(source, error=refused)] if refused else _parse_capped(source, stream)
    except FileNotFoundError:
        return [Document(source, error=InputError("no such file"))]
    except IsADirectoryError:
        return [Document(source, error=InputError("is a directory, not a JSON file"))]
    except PermissionError:
        if os.path.isdir(source):  # Windows refuses to open a directory this way
            return [Document(source, error=InputError("is a directory, not a JSON file"))]
        return [Document(source, error=InputError("permission denied"))]
    except OSError as exc:
        return [Document(source, error=InputError(f"cannot read: {exc.strerror or exc}"))]


def _refused(path: Path, info: os.stat_result) -> InputError | None:
    """Why a file named on the command line (of stat info) is not read (a device, a socket, a file
    under /proc or /sys), before it is opened; None when it may be."""
    return _not_readable(info.st_mode) or _system_file(path, info.st_mode)


def _capture_refused(source: str) -> InputError | None:
    """_refused for a capture; its reader reports a missing file (and reads stdin, `-`) itself."""
    if source == "-":
        return None
    try:
        return _refused(Path(source), os.stat(source))
    except OSError:
        return None


def _not_readable(mode: int) -> InputError | None:
    """Why a file named on the command line is not read: a device or a socket."""
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return None
    return InputError(f"not a regular file ({file_kind(mode)}); not read")


_SYSTEM = ("/proc/", "/sys/")


def _system_file(path: Path, mode: int) -> InputError | None:
    """A regular file under /proc or /sys (`x.json -> /proc/self/environ` in a fixture folder a
    shell glob expands) is no response: it is not read. Pipes there (`<(curl …)`) are."""
    if stat.S_ISREG(mode) and os.path.realpath(path).startswith(_SYSTEM):
        return InputError("a system file (/proc, /sys), not a response; not read")
    return None


def _parse_capped(source: str, stream: BinaryIO) -> list[Document]:
    """The stream read to its end, at most MAX_INPUT_BYTES of it, and parsed (one Document per
    HTTP response it holds).

    No local name keeps the bytes: parse_stream frees them once decoded.
    """
    read = [stream.read(MAX_INPUT_BYTES + 1)]
    if len(read[0]) > MAX_INPUT_BYTES:
        return [Document(source, error=_TOO_BIG)]
    return parse_stream(source, read.pop())


def read_capture(
    source: str, kind: CaptureKind, stdin: BinaryIO | None, skipped: Skipped | None = None
) -> Iterator[Document]:
    """Every response of a capture, as a Document each, in order, as the file is read."""
    if kind == "har":
        from batchcheck.read.har import read_har  # lazy: start-up

        yield from read_har(source, skipped)
    else:
        from batchcheck.read.jsonl import read_jsonl  # lazy: start-up

        yield from read_jsonl(source, stdin)
