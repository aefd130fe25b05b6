"""Shared fixtures: the examples directory and ways to run the batchcheck CLI."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Variables that would make rich (or anything else) colour output behind our back.
_COLOUR_FORCING = ("FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def installed_cli() -> Path:
    """The installed `batchcheck` console script of the interpreter running the tests."""
    script = Path(sys.executable).parent / "batchcheck"
    if script.is_file():
        return script
    found = shutil.which("batchcheck")
    if found is None:
        pytest.fail("the batchcheck console script is not installed (pip install -e .)")
    return Path(found)


def cli_env(env: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """os.environ with NO_COLOR=1 and COLUMNS=200; a None value in env removes that variable."""
    result = {k: v for k, v in os.environ.items() if k not in _COLOUR_FORCING}
    result.update(NO_COLOR="1", COLUMNS="200")
    for key, value in (env or {}).items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


RunCli = Callable[..., subprocess.CompletedProcess]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO_ROOT / "examples"


@pytest.fixture(name="cli_env", scope="session")
def cli_env_fixture() -> Callable[..., dict[str, str]]:
    """The environment builder run_cli uses, for tests that start processes themselves."""
    return cli_env


@pytest.fixture(scope="session")
def cli_path() -> Path:
    return installed_cli()


@pytest.fixture
def run_cli(cli_path: Path) -> RunCli:
    """run_cli(*args, stdin=None, cwd=None, env=None, text=True) -> CompletedProcess.

    Runs the installed console script in a subprocess. stdin is bytes (or None for an
    empty, non-terminal standard input). With text=False stdout/stderr stay bytes.
    """

    def run(
        *args: str | os.PathLike[str],
        stdin: bytes | None = None,
        cwd: str | os.PathLike[str] | None = None,
        env: Mapping[str, str | None] | None = None,
        text: bool = True,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [str(cli_path), *map(str, args)],
            input=stdin if stdin is not None else b"",
            capture_output=True,
            cwd=cwd,
            env=cli_env(env),
            timeout=timeout,
            check=False,
        )
        if text:
            return subprocess.CompletedProcess(
                proc.args,
                proc.returncode,
                proc.stdout.decode("utf-8", "backslashreplace"),
                proc.stderr.decode("utf-8", "backslashreplace"),
            )
        return proc

    return run


@dataclass
class Result:
    """What an in-process run of batchcheck gave: exit code, both streams, and the JSON report."""

    code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict:
        """The `--format json` report (or `schemas -f json` listing), parsed."""
        return json.loads(self.stdout)

    @property
    def documents(self) -> list[dict]:
        return self.report["documents"]


def run_in_process(*args: str | os.PathLike[str], stdin: bytes = b"") -> Result:
    """batchcheck's main() on in-memory streams: no process, no patched sys (see Environment)."""
    from batchcheck.cli import main
    from batchcheck.environment import Environment

    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], Environment(io.BytesIO(stdin), out, err))
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def bc() -> Callable[..., Result]:
    """bc(*args, stdin=b"") -> Result: batchcheck run in-process, for when a real process is not
    the point; `bc("-f", "json", path).documents[0]["errorCount"]`."""
    return run_in_process


@pytest.fixture(scope="session")
def suite_root() -> Path:
    """The JSON-Schema-Test-Suite checkout (see tests/suite.py); skipped offline unless CI requires it."""
    from suite import SuiteUnavailable
    from suite import suite_root as find_suite

    try:
        return find_suite()
    except (SuiteUnavailable, OSError, subprocess.SubprocessError) as problem:
        if os.environ.get("BATCHCHECK_REQUIRE_SUITE") == "1":
            pytest.fail(f"JSON-Schema-Test-Suite unavailable: {problem}")
        pytest.skip(f"JSON-Schema-Test-Suite unavailable: {problem}")


def pytest_terminal_summary(terminalreporter) -> None:
    """The JSON-Schema-Test-Suite counts, when test_conformance ran."""
    from suite import RESULTS

    for kind, counts in sorted(RESULTS.items()):
        reasons = ", ".join(f"{n} {why}" for why, n in counts["reasons"].items() if n)
        terminalreporter.write_line(
            f"JSON-Schema-Test-Suite draft2020-12 {kind}: {counts['run']} cases run, "
            f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
            + (f" ({reasons})" if reasons else "")
        )
