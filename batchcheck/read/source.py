"""Read each input: a file's bytes, or standard input's, parsed into a Document (never raising)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from batchcheck.models import STDIN, Document, InputError
from batchcheck.read.arguments import Input
from batchcheck.read.captures import CaptureKind, Skipped, capture_kind
from batchcheck.read.parse import parse_stream


def read_inputs(
    inputs: list[Input], stdin: BinaryIO | None, jsonl: bool = False, skipped: Skipped | None = None
) -> Iterator[Document]:
    """One Document per input, in order: read and parsed, or carrying the error found while walking;
    a capture (HAR, JSON Lines, or any input with `jsonl`) one per response, as it is read.
    skipped hears of the entries of a capture that are not JSON."""
    stdin_read = False
    for item in inputs:
        if item.error is not None:
            yield Document(item.source, error=item.error)
        elif item.source == "-" and stdin_read:
            yield Document(STDIN, error=InputError("standard input was already read ('-' given twice)"))
        else:
            stdin_read = stdin_read or item.source == "-"
            kind = capture_kind(item.source, jsonl)
            if kind is not None and item.source:
                yield from read_capture(item.source, kind, stdin, skipped)
            else:
                yield from read_source(item.source, stdin)


def read_source(source: str, stdin: BinaryIO | None) -> list[Document]:
    """Read and parse one source ('-': stdin), never raising for bad input: one Document, or one
    per HTTP response when it holds several (`curl -i URL1 URL2`)."""
    if source == "-":
        if stdin is None:
            return [Document(STDIN, error=InputError("no standard input"))]
        return parse_stream(STDIN, stdin.read())
    if not source:
        return [Document(source, error=InputError("empty file name"))]
    path = Path(source)
    try:
        if path.is_dir():
            return [Document(source, error=InputError("is a directory, not a JSON file"))]
        with path.open("rb") as stream:  # no local name for the bytes: parse_stream frees them
            return parse_stream(source, stream.read())
    except FileNotFoundError:
        return [Document(source, error=InputError("no such file"))]
    except PermissionError:
        return [Document(source, error=InputError("permission denied"))]
    except OSError as exc:
        return [Document(source, error=InputError(f"cannot read: {exc.strerror or exc}"))]


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
