"""The outside world of a run: its standard streams, injected (as httpie does) so that tests run
the whole CLI in-process with in-memory streams and never patch `sys`."""

from __future__ import annotations

import contextlib
import io
import os
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
        """The process's own streams; stdout writes what it cannot encode as backslash escapes.
        A closed stderr (`2>&-`) becomes a sink: warnings are lost, the report is not."""
        if isinstance(sys.stdout, io.TextIOWrapper):  # a process's stdout (a replaced one may not be)
            sys.stdout.reconfigure(errors="backslashreplace")
        stdin = sys.stdin.buffer if sys.stdin is not None else None
        return cls(stdin, sys.stdout, sys.stderr if sys.stderr is not None else io.StringIO())

    @property
    def stdin_is_terminal(self) -> bool:
        return self.stdin is not None and self.stdin.isatty()

    def warn(self, message: str) -> None:
        """`batchcheck: warning: …` on stderr, escaped."""
        self._say(f"batchcheck: warning: {visible(message)}\n")

    def error(self, message: str) -> None:
        """`batchcheck: error: …` on stderr, escaped."""
        self._say(f"batchcheck: error: {visible(message)}\n")

    def _say(self, line: str) -> None:
        """Write a line to stderr; a stderr that cannot take it (full, closed) changes nothing
        else: the report and the exit code stay what they are, later lines are dropped."""
        try:
            self.stderr.write(line)
            self.stderr.flush()
        except (OSError, ValueError):  # ValueError: a closed file
            self._drop_stderr()

    def _drop_stderr(self) -> None:
        """Send the rest of stderr nowhere; a process's descriptor 2 goes to /dev/null, so the
        interpreter's final flush of what is buffered fails quietly instead of changing the exit."""
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self.stderr.fileno())
        self.stderr = io.StringIO()
