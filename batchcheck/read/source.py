"""Read each input: a file's bytes, or standard input's, parsed into a Document (never raising)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from batchcheck.models import STDIN, Document, InputError
from batchcheck.read.arguments import Input
from batchcheck.read.parse import parse_stream

_TRAILING = {"/", ".", os.sep}  # a name Path shortens (a trailing separator or `.`) before opening


def read_inputs(inputs: list[Input], stdin: BinaryIO | None) -> Iterator[Document]:
    """One Document per input, in order: read and parsed, or carrying the error found while walking."""
    stdin_read = False
    for item in inputs:
        yield from read_input(item, stdin, stdin_read)
        stdin_read = stdin_read or (item.source == "-" and item.error is None)


def read_input(item: Input, stdin: BinaryIO | None, stdin_read: bool = False) -> list[Document]:
    """The Documents of one input; stdin_read: standard input was read by an earlier one."""
    if item.error is not None:
        return [Document(item.source, error=item.error)]
    if item.source == "-" and stdin_read:
        return [Document(STDIN, error=InputError("standard input was already read ('-' given twice)"))]
    return read_source(item.source, stdin)


def read_source(source: str, stdin: BinaryIO | None) -> list[Document]:
    """Read and parse one source ('-': stdin), never raising for bad input: one Document, or one
    per HTTP response when it holds several (`curl -i URL1 URL2`)."""
    if source == "-":
        if stdin is None:
            return [Document(STDIN, error=InputError("no standard input"))]
        return parse_stream(STDIN, stdin.read())
    if not source:
        return [Document(source, error=InputError("empty file name"))]
    try:
        name = source if source[-1] not in _TRAILING else str(Path(source))  # `a.json/` reads a.json
        with open(name, "rb") as stream:  # no local name for the bytes: parse_stream frees them
            return parse_stream(source, stream.read())
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
