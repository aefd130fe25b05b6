"""Ways to run batchcheck from the tests: in-process (the default) or as a real process."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

# Variables that would make rich (or anything else) colour output behind our back.
COLOUR_FORCING = ("FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
# What every run sees unless a test says otherwise: no colour, a wide "terminal".
QUIET_ENV = {"NO_COLOR": "1", "COLUMNS": "200"}


def interruptible() -> None:
    """A Popen preexec_fn: Ctrl-C (SIGINT) at its default in the child, as in a terminal's
    foreground job. A shell starts background jobs with SIGINT ignored and an ignored signal stays
    ignored across exec (POSIX), so a suite started with `&` would otherwise hand batchcheck a
    SIGINT it rightly never sees."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class NotInstalled(RuntimeError):
    """The batchcheck console script is not installed."""


def installed_cli() -> Path:
    """The installed `batchcheck` console script of the interpreter running the tests."""
    script = Path(sys.executable).parent / "batchcheck"
    if script.is_file():
        return script
    found = shutil.which("batchcheck")
    if found is None:
        raise NotInstalled("the batchcheck console script is not installed (pip install -e .)")
    return Path(found)


def cli_env(env: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """os.environ with NO_COLOR=1 and COLUMNS=200; a None value in env removes that variable."""
    result = {k: v for k, v in os.environ.items() if k not in COLOUR_FORCING}
    result.update(QUIET_ENV)
    for key, value in (env or {}).items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def _refuse_constant(name: str) -> None:
    raise AssertionError(f"non-standard JSON constant {name} in the output")


@dataclass
class Result:
    """What an in-process run of batchcheck gave: exit code, both streams, and the JSON report."""

    code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict:
        """The `--format json` report (or `schemas -f json` listing), parsed; a report's
        exitCode must be the run's exit code, and it may not hold NaN or Infinity (not JSON)."""
        payload = json.loads(self.stdout, parse_constant=_refuse_constant)
        if isinstance(payload, dict) and "exitCode" in payload:
            assert payload["exitCode"] == self.code, self.stdout[-2000:]
        return payload

    @property
    def documents(self) -> list[dict]:
        return self.report["documents"]

    @property
    def stdout_bytes(self) -> bytes:
        """stdout as UTF-8 bytes, as the console script writes it; strict, so it also checks that
        batchcheck escaped whatever UTF-8 cannot carry (a lone surrogate) itself."""
        return self.stdout.encode("utf-8")

    @property
    def stderr_bytes(self) -> bytes:
        return self.stderr.encode("utf-8")


class RunTimedOut(BaseException):
    """An in-process run took longer than its timeout (a BaseException: main() catches none of it)."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after seconds (SIGALRM; main thread only), as run_cli's timeout would."""
    if seconds is None:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise RunTimedOut(f"batchcheck did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_in_process(*args: str | os.PathLike[str], stdin: bytes = b"") -> Result:
    """batchcheck's main() on in-memory streams: no process, no patched sys (see Environment)."""
    from batchcheck.cli import main
    from batchcheck.environment import Environment

    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], Environment(io.BytesIO(stdin), out, err))
    return Result(code, out.getvalue(), err.getvalue())
