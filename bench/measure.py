"""Timing one process: wall time around it, its peak RSS from the kernel, its exit status checked.

Each run goes through bench/launch.py, a fresh small process that forks the tool, times it and
reads its peak RSS from os.wait4: on Linux ru_maxrss (KiB) of a reaped child is the largest
resident set of that child and of the descendants it waited for, so a wrapper cannot hide its
worker. What the launcher had mapped when it forked is a floor under every figure (rss_floor).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.tools import BenchError, Invocation, Tool

LAUNCHER = Path(__file__).resolve().with_name("launch.py")
# Variables that would make a tool colour or restyle its output behind the benchmark's back.
_STYLE_FORCING = ("FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    rss_kib: int
    exit_code: int


@dataclass(frozen=True)
class Outcome:
    sample: Sample
    stdout: str
    stderr: str


def bench_env() -> dict[str, str]:
    """The environment every tool runs in: this one, without colour forcing, NO_COLOR set.

    PYTHONDONTWRITEBYTECODE is dropped too: with it, an editable install recompiles its modules
    on every start (about 30 ms for batchcheck), while a pip-installed peer has its bytecode
    compiled at install time. Users of either get cached bytecode; so does the benchmark.
    """
    dropped = {*_STYLE_FORCING, "PYTHONDONTWRITEBYTECODE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env["NO_COLOR"] = "1"
    return env


def run_once(invocation: Invocation, env: Mapping[str, str], keep_output: bool = False) -> Outcome:
    """Run invocation once through the launcher, stdout/stderr to temporary files.

    The outcome holds all of stdout and stderr when keep_output is set, else their last 4 KiB.
    """
    with tempfile.TemporaryDirectory(prefix="batchcheck-bench-run-") as folder:
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        stdin = str(invocation.stdin) if invocation.stdin is not None else "-"
        argv = [sys.executable, "-I", "-S", str(LAUNCHER), stdin, str(out), str(err), *invocation.argv]
        done = subprocess.run(argv, capture_output=True, text=True, env=dict(env), check=False)
        try:
            wall, rss, code = done.stdout.split()
        except ValueError:
            raise BenchError(f"the launcher failed on {invocation.argv[0]}: {done.stderr.strip()}") from None
        sample = Sample(float(wall), int(rss), int(code))
        tail = None if keep_output else 4096
        return Outcome(sample, _read(out, tail), _read(err, tail))


def _read(path: Path, tail: int | None) -> str:
    """The whole file, or its last `tail` bytes."""
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(0 if tail is None else max(0, size - tail))
        return handle.read().decode("utf-8", "replace")


def rss_floor(env: Mapping[str, str]) -> int:
    """ru_maxrss (KiB) the launcher reports for a program that does nothing: no tool reads lower."""
    true = shutil.which("true") or "/bin/true"
    return min(run_once(Invocation([true]), env).sample.rss_kib for _ in range(3))


@dataclass
class Contender:
    """A tool on one workload: how it is invoked and which exit status a correct run gives."""

    tool: Tool
    invocation: Invocation
    expected_exit: int


def alternate(
    label: str, contenders: list[Contender], warmup: int, runs: int, env: Mapping[str, str]
) -> tuple[dict[str, list[Sample]], dict[str, str]]:
    """Rounds of A B C …: warm-up rounds first, then `runs` counted ones.

    Returns the counted samples per tool and, per tool, the output (stdout then stderr) of its
    first run, kept for counting the errors it reported. Raises BenchError on any unexpected exit status.
    """
    samples: dict[str, list[Sample]] = {c.tool.name: [] for c in contenders}
    first_output: dict[str, str] = {}
    for round_no in range(warmup + runs):
        counted = round_no >= warmup
        for contender in contenders:
            name = contender.tool.name
            outcome = run_once(contender.invocation, env, keep_output=name not in first_output)
            first_output.setdefault(name, outcome.stdout + outcome.stderr)
            check_exit(label, contender, outcome)
            if counted:
                samples[name].append(outcome.sample)
            tag = f"run {round_no - warmup + 1}/{runs}" if counted else "warm-up"
            print(f"  {label} {name:<16} {tag:<9} {_seconds(outcome.sample.wall):>9}  "
                  f"{outcome.sample.rss_kib / 1024:8.1f} MiB", file=sys.stderr)  # fmt: skip
    return samples, first_output


def check_exit(label: str, contender: Contender, outcome: Outcome) -> None:
    """Raise BenchError when a tool's exit status is not the one a correct run gives."""
    if outcome.sample.exit_code == contender.expected_exit:
        return
    tail = " | ".join((outcome.stderr or outcome.stdout).strip().splitlines()[-4:])
    raise BenchError(
        f"{label}: {contender.tool.name} exited {outcome.sample.exit_code}, expected "
        f"{contender.expected_exit} ({' '.join(contender.invocation.argv[:6])} …): {tail}"
    )


@dataclass(frozen=True)
class Stats:
    median: float
    low: float
    high: float
    rss_kib: float  # median peak RSS
    runs: int


def summarise(samples: list[Sample]) -> Stats:
    walls = [s.wall for s in samples]
    rss = statistics.median(s.rss_kib for s in samples)
    return Stats(statistics.median(walls), min(walls), max(walls), rss, len(samples))


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def file_size(path: Path) -> int:
    if path.is_dir():
        return sum(child.stat().st_size for child in path.glob("*.json"))
    return path.stat().st_size
