"""Run one command and print `WALL_SECONDS MAXRSS_KIB EXIT_CODE`: the benchmark's stopwatch.

    python -I -S bench/launch.py STDIN|- STDOUT STDERR COMMAND [ARG]...

A fresh, small process that forks and execs the command, so the command's peak RSS is not
inflated by the benchmark's own memory: on Linux a child's ru_maxrss starts from what its parent
had mapped when it forked (and from the parent's peak when it is spawned with vfork). Kept to
the few modules `python -S` loads anyway, so that floor stays a few MiB. STDIN, when given, is
fed through a real pipe.
"""

import os
import signal
import sys
import time


def main(argv: list[str]) -> int:
    stdin_path, stdout_path, stderr_path, *command = argv
    data = None if stdin_path == "-" else _read(stdin_path)
    out = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    read_end, write_end = os.pipe() if data is not None else (os.open(os.devnull, os.O_RDONLY), -1)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        _exec(command, read_end, out, err, write_end)
    os.close(read_end)
    if data is not None:
        _feed(write_end, data)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    print(f"{wall:.6f} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
    return 0


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _exec(command: list[str], stdin: int, stdout: int, stderr: int, unused: int) -> None:
    try:
        for name in ("SIGPIPE", "SIGXFSZ"):  # Python ignores these; a tool expects the default
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
        if unused >= 0:
            os.close(unused)
        os.dup2(stdin, 0)
        os.dup2(stdout, 1)
        os.dup2(stderr, 2)
        os.execvp(command[0], command)
    except OSError as exc:
        os.write(2, f"launch: cannot run {command[0]}: {exc}\n".encode())
    os._exit(127)


def _feed(fd: int, data: bytes) -> None:
    """Write data to the child's stdin; a child that stops reading just ends the feed."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        pass
    finally:
        os.close(fd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
