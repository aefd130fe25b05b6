"""The progress bar: on stderr, only when a person watches a terminal, never in pipes or other formats."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from support.terminal import on_terminal, read_terminal

BAR_TEXT = b"checking"


@pytest.fixture
def many(tmp_path: Path, examples_dir: Path) -> Path:
    """Eight fixtures: more than a handful."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(8):
        shutil.copyfile(examples_dir / "portal-flags.partial.json", folder / f"f{n}.json")
    return folder


def run_on_terminal(
    args: list[str],
    cli_path: Path,
    env: dict[str, str],
    stdout_tty: bool = True,
    stderr_tty: bool = True,
    term: str = "xterm-256color",
) -> tuple[int, bytes, bytes]:
    """Run the CLI with stdout and/or stderr on a pseudo-terminal; returns (code, terminal, piped)."""
    master, slave = pty.openpty()
    env = {**env, "TERM": term, "COLUMNS": "120", "LINES": "40"}
    proc = subprocess.Popen(
        [str(cli_path), *args],
        stdin=subprocess.DEVNULL,
        stdout=slave if stdout_tty else subprocess.PIPE,
        stderr=slave if stderr_tty else subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    terminal = read_terminal(master, proc, time.monotonic() + 60)
    piped = (proc.stdout or proc.stderr).read() if (proc.stdout or proc.stderr) else b""
    code = proc.wait(timeout=30)
    os.close(master)
    return code, terminal, piped


def test_bar_on_a_terminal_then_the_report(cli_path, cli_env, many):
    code, terminal, _ = run_on_terminal([str(many)], cli_path, cli_env())
    assert code == 0
    assert BAR_TEXT in terminal
    assert b"8/8" in terminal  # the last state is drawn before the bar is removed
    text = terminal.decode("utf-8", "replace")
    # The report comes after the bar and is whole: every file and the tally.
    assert text.rindex("checking") < text.index(str(many / "f0.json"))
    for n in range(8):
        assert str(many / f"f{n}.json") in text
    assert "8 files checked: 8 valid, 0 invalid, 0 unreadable; 8 batches with failed items" in text


def test_no_bar_for_a_handful(cli_path, cli_env, many):
    files = [str(p) for p in sorted(many.iterdir())[:5]]
    code, terminal, _ = run_on_terminal(files, cli_path, cli_env())
    assert code == 0
    assert BAR_TEXT not in terminal
    assert files[0].encode() in terminal


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_no_bar_with_another_format(cli_path, cli_env, many, fmt):
    code, terminal, _ = run_on_terminal(["--format", fmt, str(many)], cli_path, cli_env())
    assert code == 0
    assert BAR_TEXT not in terminal
    assert b"\x1b[?25l" not in terminal  # rich hides the cursor while a bar runs


def test_no_bar_on_a_dumb_terminal(cli_path, cli_env, many):
    code, terminal, _ = run_on_terminal([str(many)], cli_path, cli_env(), term="dumb")
    assert code == 0
    assert BAR_TEXT not in terminal
    assert terminal.startswith("✔ ".encode())  # the report, from the first byte
    assert str(many / "f7.json").encode() in terminal


def test_no_bar_when_stdout_is_piped(cli_path, cli_env, many):
    code, terminal, piped = run_on_terminal([str(many)], cli_path, cli_env(), stdout_tty=False)
    assert code == 0
    assert terminal == b""  # stderr, the terminal, got nothing
    assert str(many / "f7.json").encode() in piped


def test_no_bar_when_stderr_is_piped(cli_path, cli_env, many):
    code, terminal, piped = run_on_terminal([str(many)], cli_path, cli_env(), stderr_tty=False)
    assert code == 0
    assert piped == b""
    assert BAR_TEXT not in terminal
    assert str(many / "f7.json").encode() in terminal


def test_no_bar_in_pipes(run_cli, many):
    proc = run_cli(many, env={"NO_COLOR": None, "FORCE_COLOR": None})
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert "checking" not in proc.stdout


def test_bar_shows_hostile_file_names_escaped(cli_path, cli_env, many):
    (many / "f0.json").rename(many / "\x1b[31mINJECTED\x1b]8;;x\x07.json")
    code, terminal, _ = run_on_terminal([str(many)], cli_path, cli_env())
    assert code == 0
    assert BAR_TEXT in terminal
    assert b"\x1b[31mINJECTED" not in terminal
    assert b"\x1b]8;;x" not in terminal
    assert b"\\u001b[31mINJECTED" in terminal


def test_no_bar_with_color_never(cli_path, cli_env, many):
    code, terminal, _ = run_on_terminal(["--color", "never", str(many)], cli_path, cli_env())
    assert code == 0
    assert BAR_TEXT not in terminal
    assert b"\x1b[" not in terminal  # not a colour, not a cursor movement


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_under_the_bar_still_shows_what_was_checked(cli_path, cli_env, tmp_path, examples_dir, jobs):
    """The bar holds the report until it is gone; Ctrl-C midway shows the documents checked so far
    (an invalid one among them), says the run was cut short, and exits 130."""
    folder = tmp_path / "fixtures"
    folder.mkdir()
    shutil.copyfile(examples_dir / "portal-flags.invalid.json", folder / "a-invalid.json")
    for n in range(3000):
        shutil.copyfile(examples_dir / "portal-flags.partial.json", folder / f"f{n:04}.json")
    screen = on_terminal(
        cli_path,
        "-j",
        "1",
        folder,
        env=cli_env(),
        columns=120,
        interrupt_on=re.compile(rb"[1-9][0-9]*/3,?001"),
    )
    assert screen.code == 130, screen.text
    assert f"{folder / 'a-invalid.json'}" in screen.text
    assert "MAYBE" in screen.text  # its error, as the report shows it
    assert "interrupted: the " in screen.text and "the rest of the inputs not" in screen.text
    assert "Traceback" not in screen.text
