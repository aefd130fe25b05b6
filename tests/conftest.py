"""Shared fixtures: the examples directory and the two ways to run the batchcheck CLI.

`bc` runs it in-process (use it unless a real process is the point); `run_cli` starts the
installed console script. The code behind both lives in tests/support/running.py.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from support.paths import EXAMPLES, REPO_ROOT
from support.running import (
    COLOUR_FORCING,
    QUIET_ENV,
    NotInstalled,
    Result,
    cli_env,
    installed_cli,
    run_in_process,
    time_limit,
)

RunCli = Callable[..., subprocess.CompletedProcess]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(name="cli_env", scope="session")
def cli_env_fixture() -> Callable[..., dict[str, str]]:
    """The environment builder run_cli uses, for tests that start processes themselves."""
    return cli_env


@pytest.fixture(scope="session")
def cli_path() -> Path:
    try:
        return installed_cli()
    except NotInstalled as missing:
        pytest.fail(str(missing))


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


@pytest.fixture
def bc(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """bc(*args, stdin=b"", env=None, timeout=None) -> Result: batchcheck run in-process, for when a
    real process is not the point; `bc("-f", "json", path).documents[0]["errorCount"]`.

    The environment is run_cli's (NO_COLOR=1, COLUMNS=200, no colour forcing) so that rich lays
    out the same report; env changes it for one run (None removes a variable). A run past timeout
    seconds is interrupted (RunTimedOut). The working
    directory is the test's: use monkeypatch.chdir where a run needs another one."""
    for name in COLOUR_FORCING:
        monkeypatch.delenv(name, raising=False)
    for name, value in QUIET_ENV.items():
        monkeypatch.setenv(name, value)

    def run(
        *args: str | os.PathLike[str],
        stdin: bytes = b"",
        env: Mapping[str, str | None] | None = None,
        timeout: float | None = None,
    ) -> Result:
        with monkeypatch.context() as patch, time_limit(timeout):
            for name, value in (env or {}).items():
                if value is None:
                    patch.delenv(name, raising=False)
                else:
                    patch.setenv(name, value)
            return run_in_process(*args, stdin=stdin)

    return run


@pytest.fixture(scope="session")
def suite_root() -> Path:
    """The JSON-Schema-Test-Suite checkout (tests/support/suite.py); skipped offline unless CI requires it."""
    from support.suite import SuiteUnavailable
    from support.suite import suite_root as find_suite

    try:
        return find_suite()
    except (SuiteUnavailable, OSError, subprocess.SubprocessError) as problem:
        if os.environ.get("BATCHCHECK_REQUIRE_SUITE") == "1":
            pytest.fail(f"JSON-Schema-Test-Suite unavailable: {problem}")
        pytest.skip(f"JSON-Schema-Test-Suite unavailable: {problem}")


def pytest_terminal_summary(terminalreporter) -> None:
    """The JSON-Schema-Test-Suite counts, when the conformance tests ran."""
    from support.suite import RESULTS

    for kind, counts in sorted(RESULTS.items()):
        reasons = ", ".join(f"{n} {why}" for why, n in counts["reasons"].items() if n)
        terminalreporter.write_line(
            f"JSON-Schema-Test-Suite {kind}: {counts['run']} cases run, "
            f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
            + (f" ({reasons})" if reasons else "")
        )
