"""Worker processes that run one function over many tasks and hand the results back in task order.

Standard library only (multiprocessing's contexts, processes and pipes): each worker has its own
pipe; the parent sends it chunks of tasks, two ahead, and reads whichever answer is ready, so a
worker never waits for the parent to finish writing a report and the parent never blocks writing
to a worker that is writing to it. A task whose function raised hands its exception back, raised
in the parent where the task stands in the order, as a run in one process would raise it.

How workers start, chosen deliberately:

- **fork** where the platform forks safely (Linux and the BSDs): a worker is a copy of the parent
  as it is when the pool starts, the compiled schemas included (copy-on-write: nothing is compiled
  or loaded again), ready in a few milliseconds. The pool starts before the parent runs any thread
  (the progress bar's comes after), and the parent's standard streams are flushed first, so a worker
  neither inherits a held lock nor writes buffered output a second time; a worker's own stdout and
  stderr go to /dev/null.
- **spawn** elsewhere (macOS, where fork is unsafe with the system's frameworks, and Windows): a
  fresh interpreter, which rebuilds what it needs once (`setup` must then pickle).

Ctrl-C reaches the whole process group: workers ignore SIGINT (it is blocked from before they
start until they ignore it), the parent stops them and raises KeyboardInterrupt as usual. A worker
that dies (killed, out of memory) ends the run with a WorkerLost error instead of a hang.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from batchcheck.errors import BatchcheckError

T = TypeVar("T")
R = TypeVar("R")
Setup = Callable[[], Callable[[Any], Any]]  # run once in each worker: returns the function to map

AHEAD = 2  # chunks sent to a worker before its first answer: the next one is there when it finishes
_JOIN_SECONDS = 5.0


class WorkerLost(BatchcheckError):
    """A worker process ended without answering (killed, out of memory)."""


def start_method() -> str:
    """fork where it is safe and available, spawn elsewhere (see the module's docstring)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin":
        return "fork"
    return "spawn"


class _Worker:
    def __init__(self, process: Any, conn: Connection) -> None:
        self.process, self.conn = process, conn
        self.sent: deque[int] = deque()  # chunks sent, not answered yet


class Pool(Generic[T, R]):
    """`jobs` worker processes running the function setup() returns in each of them.

    Use as a context manager: leaving it stops the workers, at once when leaving on an exception
    (Ctrl-C, a closed pipe), after their current chunk otherwise.
    """

    def __init__(self, jobs: int, setup: Setup, method: str | None = None) -> None:
        context: Any = multiprocessing.get_context(method or start_method())
        self._workers: list[_Worker] = []
        blocked = _block_sigint()
        gc.freeze()  # what exists now is never scanned by a worker's collector: its pages stay shared
        try:
            for _ in range(jobs):
                ours, theirs = context.Pipe(duplex=True)
                process = context.Process(target=_serve, args=(theirs, setup), daemon=True)
                process.start()
                theirs.close()
                self._workers.append(_Worker(process, ours))
        except BaseException:
            self.close(at_once=True)
            raise
        finally:
            gc.unfreeze()
            _restore_sigmask(blocked)

    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.close(at_once=kind is not None)

    def map(self, tasks: Sequence[T], chunk: int = 1) -> Iterator[R]:
        """function(task) for every task, in the order of tasks, computed by the workers."""
        chunks = [tasks[start : start + chunk] for start in range(0, len(tasks), chunk)]
        waiting = deque(range(len(chunks)))
        answers: dict[int, list[tuple[bool, Any]]] = {}
        by_conn = {worker.conn: worker for worker in self._workers}

        def feed(worker: _Worker) -> None:
            while waiting and len(worker.sent) < AHEAD:
                number = waiting.popleft()
                try:
                    worker.conn.send((number, chunks[number]))
                except OSError:  # not the run's stdout closing: this worker's pipe
                    raise self._lost(worker) from None
                worker.sent.append(number)

        for worker in self._workers:
            feed(worker)
        for number in range(len(chunks)):
            while number not in answers:
                busy = [worker.conn for worker in self._workers if worker.sent]
                if not busy:
                    raise RuntimeError(f"chunk {number} was never sent")  # a bug, not a hang
                for conn in wait(busy):
                    worker = by_conn[conn]  # type: ignore[index]
                    answered, results = self._receive(worker)
                    worker.sent.remove(answered)
                    answers[answered] = results
                    feed(worker)
            for ok, value in answers.pop(number):
                if not ok:
                    raise value
                yield value

    def _receive(self, worker: _Worker) -> tuple[int, list[tuple[bool, Any]]]:
        try:
            answer: tuple[int, list[tuple[bool, Any]]] = worker.conn.recv()
        except (EOFError, OSError):
            raise self._lost(worker) from None
        return answer

    @staticmethod
    def _lost(worker: _Worker) -> WorkerLost:
        worker.process.join(1.0)
        code = worker.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return WorkerLost(f"a worker process ended unexpectedly ({how}); --jobs 1 checks in one process")

    def close(self, at_once: bool = False) -> None:
        """Stop the workers: told to finish, or terminated (at_once); reaped either way."""
        for worker in self._workers:
            if at_once or worker.sent:  # mid-chunk, or stopped early: its answers are not wanted
                worker.process.terminate()
            else:
                try:
                    worker.conn.send(None)
                except OSError:  # it is gone already
                    worker.process.terminate()
        for worker in self._workers:
            worker.process.join(_JOIN_SECONDS)
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers = []


def _serve(conn: Connection, setup: Setup) -> None:
    """A worker's life: answer each chunk it is sent with [(ok, result or exception)], until told
    to stop (None) or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _restore_sigmask(set())
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the process's lifetime
    try:
        try:
            function: Callable[[Any], Any] | None = setup()
            failed: BaseException | None = None
        except Exception as exc:  # every task then answers with it
            function, failed = None, exc
        while True:
            message = conn.recv()
            if message is None:
                return
            number, tasks = message
            results = [_call(function, failed, task) for task in tasks]
            try:
                conn.send((number, results))
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                conn.send((number, [(False, _portable(exc))] * len(tasks)))
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the parent is gone or stopping: nothing to say
    finally:
        conn.close()


def _call(function: Callable[[Any], Any] | None, failed: BaseException | None, task: Any) -> tuple[bool, Any]:
    if function is None:
        return False, _portable(failed or RuntimeError("the worker could not start"))
    try:
        return True, function(task)
    except Exception as exc:
        return False, _portable(exc)


def _portable(exc: BaseException) -> BaseException:
    """exc, or a RuntimeError saying what it was when it cannot travel between processes."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _block_sigint() -> set[int]:
    """Block SIGINT while workers start (they inherit the mask, then ignore it); the old mask."""
    if not hasattr(signal, "pthread_sigmask"):
        return set()
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}))


def _restore_sigmask(mask: set[int]) -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
