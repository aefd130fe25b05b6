"""The outside world of a run: its standard streams, injected (as httpie does) so that tests run
the whole CLI in-process with in-memory streams and never patch `sys`."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from typing import IO, BinaryIO

from batchcheck.output.sanitize import visible


@dataclass
class Environment:
    """Standard input (bytes; None when closed), standard output and standard error."""

    stdin: BinaryIO | None
    stdout: IO[str]
    stderr: IO[str]

    @classmethod
    def from_process(cls) -> Environment:
        """The process's own streams; stdout writes what it cannot encode as backslash escapes."""
        if isinstance(sys.stdout, io.TextIOWrapper):  # a process's stdout (a replaced one may not be)
            sys.stdout.reconfigure(errors="backslashreplace")
        stdin = sys.stdin.buffer if sys.stdin is not None else None
        return cls(stdin, sys.stdout, sys.stderr)

    @property
    def stdin_is_terminal(self) -> bool:
        return self.stdin is not None and self.stdin.isatty()

    def warn(self, message: str) -> None:
        """`batchcheck: warning: …` on stderr, escaped."""
        self.stderr.write(f"batchcheck: warning: {visible(message)}\n")

    def error(self, message: str) -> None:
        """`batchcheck: error: …` on stderr, escaped."""
        self.stderr.write(f"batchcheck: error: {visible(message)}\n")
