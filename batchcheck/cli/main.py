"""The entry point: run the app against an Environment; every error becomes its exit code here."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from typer import Abort
from typer._click.exceptions import ClickException, UsageError

from batchcheck.cli.app import app
from batchcheck.cli.group import usage_lines
from batchcheck.environment import Environment
from batchcheck.errors import BatchcheckError, ExitCode, OutputClosed


def main(args: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run batchcheck with args (default: the process's) against env (default: its streams) and
    return the exit code; the console script exits with it. Never raises for bad input."""
    if env is None:
        if sys.stdout is None:
            if sys.stderr is not None:
                sys.stderr.write("batchcheck: error: standard output is closed\n")
            return ExitCode.INPUT
        env = Environment.from_process()
    try:
        try:  # not standalone: Typer hands usage errors back (written below, to env.stderr)
            code = app(args=args, prog_name="batchcheck", obj=env, standalone_mode=False)
        except SystemExit as end:  # shell completion ends the process this way
            code = end.code if isinstance(end.code, int) else ExitCode.INPUT if end.code else ExitCode.OK
        env.stdout.flush()
        return int(code or ExitCode.OK)
    except UsageError as exc:
        env.stderr.write(usage_lines(exc))
        return exc.exit_code
    except ClickException as exc:
        env.error(exc.format_message())
        return exc.exit_code
    except BatchcheckError as exc:
        env.error(str(exc))
        return int(exc.exit_code)
    except (KeyboardInterrupt, Abort):
        return ExitCode.INTERRUPTED
    except (BrokenPipeError, OutputClosed):  # `| head`: the reader is gone, the verdict never reached
        _silence_stdout()
        return ExitCode.CLOSED
    except OSError as exc:  # disk full, closed descriptor: the report could not be written
        _silence_stdout()
        env.error(f"cannot write the report: {exc.strerror or exc}")
        return ExitCode.INPUT


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
