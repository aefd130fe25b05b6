"""Shell completion as Typer provides it, through the installed console script."""

from __future__ import annotations

import pytest

# Typer detects the shell from the parent process; this (Typer's own) switch makes the shell an argument.
PICK_SHELL = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}


def bash_completions(run_cli, *words: str) -> list[str]:
    """What bash's completion function gets for `batchcheck WORDS…` with the cursor on the last word."""
    env = {"_BATCHCHECK_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(["batchcheck", *words])}
    env["COMP_CWORD"] = str(len(words))
    proc = run_cli(env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_options_of_the_default_check_command_complete(run_cli):
    assert bash_completions(run_cli, "--for") == ["--format", "--format-checks"]
    assert bash_completions(run_cli, "--ex") == ["--exclude"]
    assert bash_completions(run_cli, "check", "--fail") == ["--fail-on-partial"]


def test_command_names_complete(run_cli):
    assert bash_completions(run_cli, "sch") == ["schemas"]
    assert bash_completions(run_cli, "c") == ["check", "config"]
    assert bash_completions(run_cli, "schemas", "l") == ["lint"]
    assert bash_completions(run_cli, "") == []  # an empty first word: the shell lists the files


def test_format_values_complete(run_cli):
    assert bash_completions(run_cli, "--format", "") == ["rich", "text", "json", "github", "junit", "sarif"]
    assert bash_completions(run_cli, "schemas", "--format", "") == ["rich", "text", "json"]


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete_bash"), ("zsh", "#compdef batchcheck"), ("fish", "complete --command batchcheck")],
)
def test_show_completion_prints_the_script(run_cli, shell, marker):
    proc = run_cli("--show-completion", shell, env=PICK_SHELL)
    assert proc.returncode == 0, proc.stderr
    assert marker in proc.stdout


def test_install_completion_writes_to_the_users_shell_setup(run_cli, tmp_path):
    proc = run_cli("--install-completion", "bash", env={**PICK_SHELL, "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    script = tmp_path / ".bash_completions" / "batchcheck.sh"
    assert "_BATCHCHECK_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert str(script.relative_to(tmp_path)) in (tmp_path / ".bashrc").read_text(encoding="utf-8")
