"""Running the installed CLI with its output on a pseudo-terminal of a given size, as a person
at a terminal sees it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from support.running import interruptible

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


@dataclass
class Screen:
    """What a run printed on the terminal (stdout and stderr both), and its exit code."""

    code: int
    raw: str  # with the escape sequences the terminal received

    @property
    def text(self) -> str:
        """The output without escape sequences, line ends as `\\n`."""
        return _ANSI.sub("", self.raw).replace("\r\n", "\n")

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def on_terminal(
    cli_path: Path,
    *args: str | os.PathLike[str],
    env: Mapping[str, str],
    columns: int = 80,
    timeout: float = 60,
    interrupt_on: re.Pattern[bytes] | None = None,
) -> Screen:
    """Run `batchcheck ARGS` with stdout and stderr on a columns-wide pseudo-terminal (stdin: nothing);
    interrupt_on: Ctrl-C (SIGINT) as soon as what the terminal has shown matches it."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environment = {k: v for k, v in env.items() if k not in {"COLUMNS", "LINES"}}
    environment.setdefault("TERM", "xterm-256color")
    proc = subprocess.Popen(
        [str(cli_path), *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=environment,
        preexec_fn=interruptible,
    )
    os.close(slave)
    deadline = time.monotonic() + timeout
    try:
        received = read_terminal(master, proc, deadline, interrupt_on)
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return Screen(code, received.decode("utf-8", "replace"))


def read_terminal(
    master: int, proc: subprocess.Popen[bytes], deadline: float, interrupt_on: re.Pattern[bytes] | None = None
) -> bytes:
    """What the child writes to the pseudo-terminal master until it closes it or exits (or the
    deadline); interrupt_on: Ctrl-C (SIGINT) as soon as what it has shown matches it."""
    received = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            received += chunk
            if interrupt_on is not None and interrupt_on.search(received):
                proc.send_signal(signal.SIGINT)
                interrupt_on = None
        elif proc.poll() is not None:
            break
    return received
