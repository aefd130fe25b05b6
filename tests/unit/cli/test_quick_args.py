"""The command lines read without Typer (cli/quick_args.py) mean what Typer makes of them: the
same parameters and the same ones given, for every command line it accepts; the rest is Typer's."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from batchcheck.cli.app import app
from batchcheck.cli.check_command import CHECK_DEFAULTS
from batchcheck.cli.quick_args import quick_parse

WORDS = [
    "-q", "--quiet", "-v", "--verbose", "--fail-on-partial", "--format-checks", "--no-format-checks",
    "--no-config", "--max-errors", "-f", "--format", "--color", "--engine", "-j", "--jobs",
    "0", "7", "-1", "x", "rich", "text", "json", "github", "junit", "never", "always", "auto", "rs",
    "python", "-", "--", "--help", "-h", "--version", "--schema", "--max-errors=3", "-qv", "check",
    "schemas", "config", "lint", "", "a.json", "b.json", "missing.json", "sub", "--exclude",
]  # fmt: skip


def typer_params(args: list[str]) -> tuple[dict[str, Any], set[str]]:
    """What Typer hands `check` for args, enums by value, and the parameters set on the command line."""
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    with command.make_context("check", list(args)) as ctx:
        params = {k: v.value if isinstance(v, Enum) else v for k, v in ctx.params.items()}
        named = {k for k in ctx.params if ctx.get_parameter_source(k).name == "COMMANDLINE"}
    return params, named


@pytest.fixture(autouse=True)
def files_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "b.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "check").write_text("{}")  # a file named like a command is still Typer's


def test_the_defaults_are_typers() -> None:
    assert typer_params([]) == (CHECK_DEFAULTS, set())
    assert quick_parse([]) == (CHECK_DEFAULTS, set())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=7))
def test_whatever_is_read_here_is_what_typer_reads(args: list[str]) -> None:
    quick = quick_parse(args)
    if quick is not None:
        assert quick == typer_params(args), args


@pytest.mark.parametrize(
    "args",
    [
        ["--max-errors", "0"],
        ["--max-errors", "0", "a.json", "sub"],
        ["-f", "text", "--fail-on-partial", "a.json", "b.json"],
        ["-", "--color", "never", "-j", "2", "-q"],
        ["--no-format-checks", "--engine", "python", "--no-config", "-v"],
    ],
)
def test_common_command_lines_are_read_here(args: list[str]) -> None:
    assert quick_parse(args) == typer_params(args)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"], ["--version"], ["check", "a.json"], ["missing.json"], ["--max-errors=0"], ["-qv"],
        ["-q", "-q"], ["-f", "xml"], ["--max-errors", "-1"], ["--max-errors"], ["--", "a.json"],
        ["--schema", "x", "a.json"], ["schemas"], ["lint"], [""], ["--exclude", "*.json", "sub"],
    ],
)  # fmt: skip
def test_the_rest_is_left_to_typer(args: list[str]) -> None:
    assert quick_parse(args) is None


def test_a_run_read_here_reports_as_one_read_by_typer(bc, examples_dir) -> None:
    files = [str(path) for path in sorted(examples_dir.glob("*.json"))]
    for args in (["--max-errors", "0", *files], ["-f", "text", "--fail-on-partial", *files], files[:1]):
        quick, typed = bc(*args), bc("check", *args)  # `check` is never read here
        assert (quick.code, quick.stdout, quick.stderr) == (typed.code, typed.stdout, typed.stderr)
