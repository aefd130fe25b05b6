"""The ways in: the console script and `python -m batchcheck`, and what Typer itself prints on the
process's own stdout (--version, --help), which an in-process run does not capture."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support.paths import INVALID

import batchcheck


def test_python_dash_m_version(tmp_path, cli_env):
    proc = subprocess.run(
        [sys.executable, "-m", "batchcheck", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=cli_env(),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"batchcheck {batchcheck.__version__}"


def test_python_dash_m_checks_files(examples_dir, cli_env):
    proc = subprocess.run(
        [sys.executable, "-m", "batchcheck", "--format", "json", str(examples_dir / INVALID)],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["documents"][0]["errorCount"] == 3


@pytest.mark.parametrize("args", [("--help",), ("-h",), ("check", "--help"), ("schemas", "--help")])
def test_help(run_cli, args):
    proc = run_cli(*args)
    assert proc.returncode == 0
    assert "Usage:" in proc.stdout
    assert "--format" in proc.stdout or "check" in proc.stdout


def test_main_help_names_both_commands(run_cli):
    proc = run_cli("--help")
    assert "check" in proc.stdout and "schemas" in proc.stdout


def test_check_help_lists_the_options(run_cli):
    proc = run_cli("check", "--help")
    for option in (
        "--schema",
        "--format",
        "--max-errors",
        "--no-format-checks",
        "--fail-on-partial",
        "--verbose",
    ):
        assert option in proc.stdout


def test_config_help(run_cli, tmp_path):
    proc = run_cli("config", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("Usage: batchcheck config [OPTIONS]")
    assert "those of `batchcheck check`" in proc.stdout
