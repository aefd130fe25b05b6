"""The command-line conventions a person expects: options before a command, a mistyped command
named as typed, -V, -q, -v and -q refused together."""

from __future__ import annotations

from support.paths import INVALID, PARTIAL, REPO_ROOT, VALID

import batchcheck

SPEC = REPO_ROOT / "tests" / "data" / "openapi" / "crm-3.1.json"
LINT = REPO_ROOT / "tests" / "data" / "lint"


def test_options_before_a_command_apply_to_it(bc):
    listed = bc("--openapi", SPEC, "--no-bundled", "schemas", "-f", "json")
    assert listed.code == 0, listed.stderr
    assert {row["origin"] for row in listed.report["schemas"]} == {f"openapi {SPEC}"}
    same = bc("schemas", "--openapi", SPEC, "--no-bundled", "-f", "json")
    assert listed.report == same.report


def test_options_before_a_subcommand_of_a_command(bc):
    result = bc("--no-bundled", "--schema-dir", LINT, "-f", "json", "schemas", "lint")
    assert result.code == 1  # the flawed schemas of that folder: findings
    assert {finding["file"].rsplit("/", 1)[1] for finding in result.report["findings"]} >= {
        "flawed.schema.json"
    }


def test_an_option_the_command_does_not_take_is_a_one_line_error_naming_it(bc):
    result = bc("--max-errors", "3", "schemas")
    assert result.code == 2
    assert "Usage: batchcheck schemas" in result.stderr
    assert "No such option: --max-errors" in result.stderr


def test_a_mistyped_command_is_named_as_typed(bc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for typed, meant in (
        ("shemas", "schemas"),
        ("confg", "config"),
        ("chek", "check"),
        ("lint", "schemas lint"),
    ):
        result = bc(typed)
        assert result.code == 2
        assert f"Error: no such command or file {typed!r}; did you mean {meant!r}?" in result.stderr
        assert result.stdout == ""
    missing = bc("-f", "text", "schemas.json")  # a file name, not a command: reported as a file
    assert (missing.code, missing.stdout.splitlines()[0]) == (2, "schemas.json: no such file [input]")


def test_a_file_that_looks_like_a_typo_but_exists_is_checked(bc, tmp_path, monkeypatch, examples_dir):
    (tmp_path / "chek").write_bytes((examples_dir / VALID).read_bytes())
    monkeypatch.chdir(tmp_path)
    assert bc("-f", "text", "chek").stdout.startswith("chek: valid")


def test_version_short_and_long(bc):
    for flag in ("-V", "--version"):
        result = bc(flag)
        assert (result.code, result.stdout) == (0, f"batchcheck {batchcheck.__version__}\n")


def test_quiet_prints_the_tally_alone(bc, examples_dir):
    paths = [examples_dir / name for name in (VALID, PARTIAL, INVALID)]
    tally = "3 files checked: 2 valid, 1 invalid, 0 unreadable; 1 batch with failed items\n"
    for fmt in ("rich", "text"):
        result = bc("-q", "-f", fmt, *paths)
        assert (result.code, result.stdout) == (1, tally)
    one = bc("-q", paths[0])
    assert one.stdout == "1 file checked: 1 valid, 0 invalid, 0 unreadable; 0 batches with failed items\n"


def test_quiet_and_verbose_together_are_refused(bc, examples_dir):
    result = bc("-q", "-v", examples_dir / VALID)
    assert result.code == 2
    assert "-v/--verbose and -q/--quiet ask for opposite reports" in result.stderr


def test_color_applies_to_the_schema_listing(bc):
    assert "\x1b[" in bc("schemas", "--color", "always").stdout
    assert "\x1b[" in bc("--color", "always", "schemas").stdout  # before the command as well
    assert "\x1b[" not in bc("schemas").stdout  # into a pipe (here: a string), none by default
