"""No forged CI command, in any format, on stdout or stderr, through the installed CLI.

GitHub Actions runs a workflow command found in any log line: `::cmd …` at the start of a line
(after leading whitespace), and the legacy `##[cmd]` anywhere in a line (tests/support/runner.py).
Response values and keys, duplicate keys, batch categories, file names and schema titles carry
both forms here, with values long enough that rich wraps them at a narrow width; every line of
every format is scanned. The github format's own annotations are the only commands allowed, and
each must be one of them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.paths import EXAMPLES, INVALID, VALID
from support.runner import runner_commands

FORGED = "::error file=README.md,line=1::pwned"
LEGACY = "##[error]pwned"
# After a space, so that rich's word wrap would start a line with it.
WRAPPED = "x" * 50 + " " + FORGED + " " + "y" * 30 + " " + LEGACY
HOSTILE = [FORGED, LEGACY, "\n" + FORGED, "\r" + FORGED, "::add-mask::secret", WRAPPED, "a ##[warning]b"]
FORMATS = ["rich", "text", "json", "github", "junit", "sarif"]
OWN_ANNOTATION = re.compile(r"::(error|warning) file=[^:,]*(,line=\d+,col=\d+)?(,title=[^:,]*)?::")


def hostile_batch() -> str:
    """The invalid portal-flags batch with runner commands in its values, keys and categories,
    and a duplicate key named like one (a warning: on stderr, or in the text and github reports)."""
    doc = json.loads((EXAMPLES / INVALID).read_text(encoding="utf-8"))
    doc["status"] = LEGACY
    doc["results"][1]["flagState"] = WRAPPED
    doc["results"][0][FORGED] = 1
    doc["results"][0][LEGACY] = 2
    doc["errors"] = [
        {
            "status": "error",
            "category": value,
            "subCategory": value,
            "message": value,
            "context": {"ids": [value]},
        }
        for value in HOSTILE
    ]
    doc["numErrors"] = 99
    text = json.dumps(doc)
    duplicate = json.dumps(LEGACY)
    return text[:-1] + f", {duplicate}: 1, {duplicate}: 2" + "}"


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory) -> Path:
    """Responses with hostile content under hostile file names, and a schema dir whose schema
    titles are runner commands (it matches nothing, so detection names it)."""
    root = tmp_path_factory.mktemp("runner")
    (root / "fixtures").mkdir()
    (root / "fixtures" / "::warning file=x.json").write_text(hostile_batch(), encoding="utf-8")
    (root / "fixtures" / "##[error]name.json").write_text(hostile_batch(), encoding="utf-8")
    (root / "fixtures" / "x.json:99:1: y.json").write_bytes((EXAMPLES / VALID).read_bytes())
    schemas = root / "schemas"
    schemas.mkdir()
    title = f"{FORGED} {LEGACY}"
    (schemas / "::error::t.json").write_text(
        json.dumps({"title": title, "description": WRAPPED, "type": "object", "required": ["nope"]}),
        encoding="utf-8",
    )
    return root


def assert_no_forged_commands(output: str, github: bool = False) -> None:
    for line in runner_commands(output):
        assert github and OWN_ANNOTATION.match(line) and "##[" not in line, line


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("columns", ["200", "60"])
def test_no_output_line_is_a_runner_command(run_cli, hostile_tree, fmt, columns):
    result = run_cli(
        "--format", fmt, "-v", "--schema-dir", "schemas", "--max-errors", "0", "fixtures",
        cwd=hostile_tree, env={"COLUMNS": columns},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert_no_forged_commands(result.stdout, github=fmt == "github")
    assert_no_forged_commands(result.stderr)
    shown = result.stdout if fmt in ("text", "github") else result.stderr  # in the report, or on stderr
    assert "duplicate key" in shown  # the warnings were written, and scanned
    if fmt == "github":
        assert len(runner_commands(result.stdout)) >= 6  # its own annotations are there


@pytest.mark.parametrize("fmt", ["rich", "text", "json"])
def test_schema_listing_and_lint_write_no_runner_command(run_cli, hostile_tree, fmt):
    listing = run_cli("schemas", "--format", fmt, "--schema-dir", "schemas", cwd=hostile_tree)
    assert listing.returncode == 0, listing.stderr
    assert_no_forged_commands(listing.stdout)
    lint = run_cli("schemas", "lint", "--format", fmt, "--schema-dir", "schemas", cwd=hostile_tree)
    assert_no_forged_commands(lint.stdout)
    assert_no_forged_commands(lint.stderr)


def test_github_lint_and_errors_on_stderr_forge_nothing(run_cli, hostile_tree, tmp_path):
    lint = run_cli("schemas", "lint", "--format", "github", "--schema-dir", "schemas", cwd=hostile_tree)
    assert_no_forged_commands(lint.stdout, github=True)
    broken = tmp_path / f"{LEGACY} {FORGED}.json"
    broken.write_text(json.dumps({"type": f"{FORGED} {LEGACY}"}), encoding="utf-8")
    result = run_cli("--schema", broken, stdin=b"{}")
    assert result.returncode == 2
    assert "not a valid Draft 2020-12 schema" in result.stderr
    assert_no_forged_commands(result.stderr)


def test_a_file_name_cannot_fake_a_position(run_cli, hostile_tree):
    """`x.json:99:1: y.json` is written with its colons escaped: no line reads as `x.json` line 99."""
    result = run_cli("--format", "text", "fixtures/x.json:99:1: y.json", cwd=hostile_tree)
    assert result.returncode == 0
    assert not [line for line in result.stdout.splitlines() if line.startswith("fixtures/x.json:99")]
    assert result.stdout.splitlines()[0].startswith("fixtures/x.json\\u003a99\\u003a1\\u003a y.json: valid")


@pytest.mark.parametrize(
    "args",
    [
        (f"--x{LEGACY}",),  # an unknown option, quoted back
        ("--format", FORGED),  # a bad choice, quoted back
        ("--max-errors", f"{LEGACY}"),  # not a number
        ("schemas", "lint", "--engine", FORGED),  # an unknown option of a subcommand
    ],
)
def test_usage_errors_quote_what_was_typed_without_a_command(run_cli, args):
    """Typer's own usage errors echo the option or value as typed (a glob-expanded file name,
    a variable in CI): they go through the sanitizer like every other message."""
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Error:" in result.stderr or "error:" in result.stderr
    assert_no_forged_commands(result.stderr)
    assert_no_forged_commands(result.stdout)
