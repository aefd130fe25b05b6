"""The memory of a process tree over a run: batchcheck with its workers, all processes together.

ru_maxrss (bench/launch.py) is the peak of the largest process of a tree, not of the tree: with
worker processes it is one worker's (or the parent's) peak. Here a separate, untimed run is
sampled every few milliseconds from /proc (Linux): the sum of every live process's RSS, and of
its PSS, which counts the pages forked workers still share with their parent once, not once per
process. Sampling misses peaks shorter than the interval; the figures are a floor.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.tools import Invocation

INTERVAL_S = 0.005


@dataclass(frozen=True)
class TreeMemory:
    rss_kib: int  # the largest sum of RSS seen
    pss_kib: int  # the largest sum of PSS seen
    processes: int  # the most processes alive at once


def available() -> bool:
    return Path("/proc/self/smaps_rollup").exists()


def tree_memory(invocation: Invocation, env: Mapping[str, str]) -> TreeMemory:
    """Run invocation (stdout and stderr discarded) and sample its process tree until it exits."""
    stdin = invocation.stdin.open("rb") if invocation.stdin is not None else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            invocation.argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(env)
        )
        rss = pss = most = 0
        while proc.poll() is None:
            pids = _tree(proc.pid)
            found = [_kib(pid) for pid in pids]
            rss = max(rss, sum(r for r, _ in found))
            pss = max(pss, sum(p for _, p in found))
            most = max(most, len(pids))
            time.sleep(INTERVAL_S)
        return TreeMemory(rss, pss, most)
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()


def _tree(root: int) -> list[int]:
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        try:
            stack += [int(word) for word in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def _kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in KiB; (0, 0) once it is gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {}
    for line in rollup.splitlines()[1:]:
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            values[name] = int(rest.split()[0])
    return values.get("Rss", 0), values.get("Pss", 0)
