"""The ordered process pool: results in task order, a task's exception where the task stands, a
worker that dies named, workers gone when the pool is left (early too), Ctrl-C left to the parent,
and spawned workers (the start method of macOS and Windows) as well as forked ones."""

from __future__ import annotations

import multiprocessing
import operator
import os
import signal
import time
from functools import partial

import pytest

from batchcheck.parallel.pool import Pool, WorkerLost, start_method


def slow_square(number: int) -> int:
    time.sleep(0.002 * (number % 5))  # workers finish out of order
    if number == 13:
        raise ValueError("thirteen")
    return number * number


def test_fork_where_it_is_safe() -> None:
    assert start_method() == ("fork" if os.name == "posix" and os.uname().sysname != "Darwin" else "spawn")


def test_results_come_back_in_task_order_whatever_finishes_first() -> None:
    with Pool[int, int](3, lambda: slow_square, "fork") as pool:
        assert list(pool.map(list(range(13)), chunk=2)) == [n * n for n in range(13)]


def test_an_exception_is_raised_where_its_task_stands() -> None:
    got = []
    with Pool[int, int](2, lambda: slow_square, "fork") as pool, pytest.raises(ValueError, match="thirteen"):
        for value in pool.map(list(range(20)), chunk=3):
            got.append(value)
    assert got == [n * n for n in range(13)]  # everything before task 13, nothing after


def test_a_worker_that_dies_is_named_not_waited_for() -> None:
    def die(number: int) -> int:
        if number == 5:
            os.kill(os.getpid(), signal.SIGKILL)
        return number

    with Pool[int, int](2, lambda: die, "fork") as pool, pytest.raises(WorkerLost, match="signal 9"):
        list(pool.map(list(range(10)), chunk=1))
    assert multiprocessing.active_children() == []


def test_leaving_early_stops_the_workers() -> None:
    with Pool[int, int](2, lambda: slow_square, "fork") as pool:
        for value in pool.map(list(range(12)), chunk=1):
            if value == 4:
                break
    assert multiprocessing.active_children() == []


def test_workers_leave_ctrl_c_to_the_parent() -> None:
    def pid(_task: int) -> int:
        return os.getpid()

    with Pool[int, int](2, lambda: pid, "fork") as pool:
        workers = set(pool.map(list(range(8)), chunk=1))
        for worker in workers:
            os.kill(worker, signal.SIGINT)
        time.sleep(0.2)
        assert set(pool.map(list(range(8)), chunk=1)) <= workers  # still there, still answering


def test_a_setup_that_fails_fails_every_task() -> None:
    def broken() -> None:
        raise OSError("no schema here")

    with Pool[int, int](2, broken, "fork") as pool, pytest.raises(OSError, match="no schema here"):
        list(pool.map([1, 2, 3]))


def test_spawned_workers_set_up_from_a_pickled_setup() -> None:
    setup = partial(operator.methodcaller, "upper")  # importable in a fresh interpreter
    with Pool[str, str](2, setup, "spawn") as pool:
        assert list(pool.map(["a", "b", "c", "d"], chunk=1)) == ["A", "B", "C", "D"]
