"""--jobs with real processes: Ctrl-C and a reader that goes away end the run as they do without
workers (130 and 141, quietly) and leave no worker behind; a worker killed from outside is one
error line; on a terminal the progress bar runs and the report after it is the one-process report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from support.running import interruptible
from support.terminal import on_terminal

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads workers from /proc")


@pytest.fixture(scope="module")
def heavy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sixty batches of 3,000 broken items: seconds of work, a report far beyond a pipe's buffer."""
    folder = tmp_path_factory.mktemp("heavy")
    items = [{"appId": "1", "flagName": "f", "portalId": i, "flagState": "MAYBE"} for i in range(3000)]
    text = json.dumps({"status": "COMPLETE", "results": items}, indent=1)
    for n in range(60):
        (folder / f"b{n:02}.json").write_text(text)
    return folder


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(word) for word in path.read_text().split()] if path.exists() else []


def session_processes(session: int) -> list[int]:
    """The processes still alive (not zombies) in a session."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":  # fields[3]: session id; [0]: state
            found.append(int(stat.parent.name))
    return found


def wait_for_workers(pid: int, count: int, limit: float = 30.0) -> list[int]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        workers = children(pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.02)
    raise AssertionError(f"batchcheck started {children(pid)} workers, expected {count}")


def test_ctrl_c_with_workers_exits_130_quietly_and_leaves_none(cli_path, cli_env, heavy):
    proc = subprocess.Popen(
        [str(cli_path), "-j", "2", "-f", "text", "--max-errors", "0", str(heavy)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=cli_env(),
        start_new_session=True,  # a process group of its own, as a terminal's foreground job
        preexec_fn=interruptible,
    )
    workers = wait_for_workers(proc.pid, 2)
    time.sleep(0.3)  # busy checking
    assert proc.poll() is None, "the run ended before Ctrl-C: make the folder heavier"
    os.killpg(proc.pid, signal.SIGINT)  # the terminal sends it to every process of the group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert session_processes(proc.pid) == []
    assert all(not Path(f"/proc/{worker}").exists() for worker in workers)


def test_a_reader_gone_with_workers_exits_141_quietly_and_leaves_none(cli_path, heavy):
    proc = subprocess.Popen(
        ["bash", "-c", f"'{cli_path}' -j 2 -f text --max-errors 0 '{heavy}' | head -1; echo ${{PIPESTATUS}}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    out, err = proc.communicate(timeout=60)
    first, status = out.splitlines()
    assert first.startswith(str(heavy / "b00.json"))
    assert (status, err) == ("141", "")
    time.sleep(0.2)
    assert session_processes(proc.pid) == []


def test_a_worker_killed_from_outside_is_one_error_line(cli_path, cli_env, heavy):
    proc = subprocess.Popen(
        [str(cli_path), "-j", "2", "-f", "json", str(heavy)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
        start_new_session=True,
    )
    workers = wait_for_workers(proc.pid, 2)
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err.splitlines() == [
        "batchcheck: error: a worker process ended unexpectedly (signal 9); --jobs 1 checks in one process"
    ]
    assert session_processes(proc.pid) == []


def test_the_bar_runs_with_workers_and_the_same_report_follows(cli_path, cli_env, tmp_path, examples_dir):
    for n in range(12):
        source = sorted(examples_dir.iterdir())[n % 7]
        (tmp_path / f"f{n:02}.json").write_bytes(source.read_bytes())
    screens = [on_terminal(cli_path, "-j", jobs, tmp_path, env=cli_env(), columns=120) for jobs in ("1", "2")]
    for screen in screens:
        assert screen.code == 1
        assert "checking" in screen.raw  # the bar ran
    reports = [screen.raw[screen.raw.index("\x1b[?25h") :] for screen in screens]  # after the bar
    assert reports[0] == reports[1]
    assert f"{tmp_path / 'f11.json'}" in screens[1].text
