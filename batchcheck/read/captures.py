"""Inputs that hold many responses: HAR captures and JSON Lines logs (plain or gzip-compressed).

Which reader a source gets is decided by its name (`*.har`; `*.jsonl`, `*.ndjson`, the same with
`.gz`), or by `--jsonl` for standard input and files of any other name. Each reader yields one
Document per response as it reads, so a log of any length streams through the run; each respects
a size cap and reads only the file it was named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

CaptureKind = Literal["har", "jsonl"]
# What a reader tells of entries it did not check: the capture, how many, and their media types.
Skipped = Callable[[str, int, dict[str, int]], None]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
HAR_SUFFIXES = (".har",)
CAPTURE_GLOBS = tuple(f"*{suffix}" for suffix in (*JSONL_SUFFIXES, *HAR_SUFFIXES))

MAX_LINE_BYTES = 256 << 20  # one JSON Lines line (one response): longer ones are input errors
MAX_HAR_BYTES = 1 << 30  # a HAR file is one JSON document, read whole: larger ones are input errors


def capture_kind(source: str, jsonl: bool = False) -> CaptureKind | None:
    """The reader a source needs, or None for a single response (`--jsonl`: JSON Lines unless a HAR)."""
    name = source.lower()
    if name.endswith(HAR_SUFFIXES):
        return "har"
    if jsonl or name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def mib(size: int) -> str:
    return f"{size >> 20} MiB"
