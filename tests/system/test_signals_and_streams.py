"""What needs a real process: signals (Ctrl-C), closed or full standard streams, a pipe closed early,
a terminal on stdin, process substitution, a file only an unprivileged process cannot read."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest
from support.documents import broken_flag_batch
from support.paths import EXAMPLES, VALID
from support.running import interruptible

VALID_FLAGS = (EXAMPLES / VALID).read_bytes()


@pytest.mark.parametrize("args", [[], ["-"]], ids=["no-argument", "dash"])
def test_no_input_on_a_terminal_is_a_usage_error(cli_path, cli_env, args):
    """Reading a terminal on stdin, batchcheck refuses to wait for typing."""
    import pty

    main, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [str(cli_path), *args],
            stdin=secondary,
            capture_output=True,
            env=cli_env(),
            timeout=30,
            check=False,
        )
    finally:
        os.close(main)
        os.close(secondary)
    assert proc.returncode == 2
    assert b"no input" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_full_disk_is_one_line_and_exit_2(cli_path, examples_dir):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [str(cli_path), str(examples_dir / "portal-flags.valid.json")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "batchcheck: error: cannot write the report: No space left on device"
    ]


def test_closed_stdout_is_one_line_and_exit_2(cli_path, examples_dir):
    proc = subprocess.run(
        f"'{cli_path}' '{examples_dir / 'portal-flags.valid.json'}' >&-",
        shell=True,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("batchcheck: error:")


def test_schema_from_a_pipe(cli_path, examples_dir):
    schema = '{"required": ["status"]}'
    proc = subprocess.run(
        [
            "bash",
            "-c",
            f"'{cli_path}' -f text -s <(echo '{schema}') '{examples_dir / 'associations.valid.json'}'",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "valid" in proc.stdout and "(forced)" in proc.stdout


def _wait_until_reading_stdin(pid: int, limit: float = 10.0) -> None:
    """Block until the process sleeps in a pipe read (Linux wchan), so start-up is over."""
    import time

    wchan = Path(f"/proc/{pid}/wchan")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not wchan.exists():  # not Linux: fall back to a generous pause
            time.sleep(3)
            return
        if "pipe_read" in wchan.read_text():  # pipe_read or anon_pipe_read; "0" while running
            return
        time.sleep(0.05)


def test_ctrl_c_exits_130_quietly(cli_path):
    import signal

    proc = subprocess.Popen(
        [str(cli_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=interruptible,
    )
    _wait_until_reading_stdin(proc.pid)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert b"Traceback" not in err and out == b""


def test_stdout_closed_early_by_head(cli_path, tmp_path):
    path = broken_flag_batch(tmp_path, 3000, appId="1")
    proc = subprocess.run(
        ["bash", "-c", f"'{cli_path}' -f text --max-errors 0 '{path}' | head -1; echo ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    first, status = proc.stdout.splitlines()
    assert first.startswith(f"{path}:")
    # quiet (no "Broken pipe", no traceback), and not exit 1: the run never reached its verdict
    assert status == "141"  # the report (3,000 lines) is far beyond what a pipe buffers
    assert proc.stderr == ""


def test_unreadable_file(cli_path, cli_env, tmp_path):
    """Permission denied. Root reads anything, so as root the check runs without that capability."""
    path = tmp_path / "secret.json"
    path.write_bytes(VALID_FLAGS)
    path.chmod(0)
    command = [str(cli_path), "--format", "text", str(path)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        drop = "--bounding-set=-dac_override,-dac_read_search"
        command = [setpriv, "--inh-caps=-all", "--ambient-caps=-all", drop, *command]
    proc = subprocess.run(command, capture_output=True, text=True, env=cli_env(), check=False, timeout=30)
    assert (proc.returncode, proc.stderr) == (2, "")
    assert f"{path}: permission denied [input]" in proc.stdout.splitlines()


def _wait_for_cpu_seconds(pid: int, seconds: float, limit: float = 30.0) -> None:
    """Until process pid has used seconds of CPU (Linux /proc; elsewhere a fixed pause)."""
    stat = Path(f"/proc/{pid}/stat")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not stat.exists():
            time.sleep(2.0)
            return
        fields = stat.read_text().rsplit(")", 1)[1].split()
        used = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        if used >= seconds:
            return
        time.sleep(0.05)


def test_ctrl_c_during_a_large_check(cli_path, tmp_path, cli_env):
    """SIGINT while batchcheck is busy checking a big batch: exit 130, no traceback."""
    items = [{"appId": "1", "flagName": "f", "portalId": i, "flagState": "MAYBE"} for i in range(60_000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"status": "COMPLETE", "results": items}, indent=1))
    proc = subprocess.Popen(
        [str(cli_path), "--format", "text", "--max-errors", "0", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
        preexec_fn=interruptible,
    )
    # Busy for real (0.3 s of CPU) before the signal; and since nobody drains stdout yet, a report
    # of 60,000 errors cannot be written out in full: the check cannot end on its own first.
    _wait_for_cpu_seconds(proc.pid, 0.3)
    assert proc.poll() is None, "the check finished before Ctrl-C: make the batch bigger"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err


def test_reading_standard_input_leaves_the_piped_file_alone(
    run_cli, examples_dir, tmp_path, cli_path, cli_env
):
    source = tmp_path / "piped.json"
    shutil.copyfile(examples_dir / "associations.partial.207.http", source)
    source.chmod(stat.S_IRUSR)
    past = 1_000_000_000_000_000_000
    os.utime(source, ns=(past, past))
    before = source.read_bytes()
    with source.open("rb") as stdin:
        proc = subprocess.run(
            [str(cli_path), "--format", "json"], stdin=stdin, capture_output=True, env=cli_env(), check=False
        )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents"][0]["http"]["status"] == 207
    assert source.read_bytes() == before
    assert source.stat().st_mtime_ns == past
