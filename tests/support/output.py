"""Reading batchcheck's human formats: located lines, positions found independently."""

from __future__ import annotations

import re
from pathlib import Path

# `SOURCE:LINE:COL: message [keyword]`: one line per located error or input error.
LOCATED_LINE = re.compile(
    r"^(?P<source>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+) \[(?P<keyword>[\w-]+)\]$"
)


def position_of(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of needle in a file (found independently)."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in text:
            return number, text.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def no_traceback(result) -> None:
    """Neither stream of a run (in-process Result or CompletedProcess) shows a traceback."""
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
