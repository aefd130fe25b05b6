"""End-to-end tests of the installed `batchcheck` console script (subprocess)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import batchcheck

VALID = "portal-flags.valid.json"
INVALID = "portal-flags.invalid.json"
PARTIAL = "portal-flags.partial.json"
ASSOC_INVALID = "associations.invalid.json"
BUNDLED = {"BatchAssociationResponse", "BatchPortalFlagStateResponseWithErrors"}

# `SOURCE:LINE:COL: message [keyword]`: one line per located error or input error.
LOCATED_LINE = re.compile(
    r"^(?P<source>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+) \[(?P<keyword>[\w-]+)\]$"
)


def report_of(proc: subprocess.CompletedProcess) -> dict:
    """Parse `--format json` output, checking it agrees with the process exit code."""
    payload = json.loads(proc.stdout)
    assert payload["exitCode"] == proc.returncode, proc.stdout
    return payload


def position_of(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of needle in a file (found independently)."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in text:
            return number, text.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stdout
    assert "Traceback" not in proc.stderr


# --- standard input ---------------------------------------------------------------------


@pytest.mark.parametrize("args", [("-",), ()], ids=["dash", "no-argument"])
def test_reads_standard_input(run_cli, examples_dir, args):
    proc = run_cli("--format", "json", *args, stdin=(examples_dir / VALID).read_bytes())
    assert proc.returncode == 0, proc.stderr
    [document] = report_of(proc)["documents"]
    assert document["source"] == "<stdin>"
    assert document["valid"] is True
    assert document["schema"] == "BatchPortalFlagStateResponseWithErrors"
    assert document["detection"] == "matched"


def test_invalid_document_on_standard_input_is_located(run_cli, examples_dir):
    proc = run_cli("--format", "text", stdin=(examples_dir / INVALID).read_bytes())
    assert proc.returncode == 1
    line, column = position_of(examples_dir / INVALID, '"MAYBE"')
    assert f"<stdin>:{line}:{column}: results[1].flagState:" in proc.stdout


# --- several files and exit codes ---------------------------------------------------------


def test_every_file_is_reported_in_order(run_cli, examples_dir):
    files = sorted(str(p) for p in examples_dir.iterdir())
    proc = run_cli("--format", "json", *files)
    documents = report_of(proc)["documents"]
    assert [d["source"] for d in documents] == files
    # Two invalid examples, the rest valid: the exit code is decided once every file is read.
    assert proc.returncode == 1
    assert sorted(Path(d["source"]).name for d in documents if d["valid"] is False) == [
        ASSOC_INVALID,
        INVALID,
    ]


@pytest.mark.parametrize(
    ("names", "options", "expected"),
    [
        ([VALID], [], 0),
        ([VALID, "associations.valid.json"], [], 0),
        ([PARTIAL], [], 0),
        ([INVALID], [], 1),
        ([ASSOC_INVALID], [], 1),
        (["missing.json"], [], 2),
        ([PARTIAL], ["--fail-on-partial"], 3),
        ([VALID], ["--fail-on-partial"], 0),
    ],
)
def test_exit_codes(run_cli, examples_dir, names, options, expected):
    proc = run_cli(*options, *(examples_dir / n for n in names))
    assert proc.returncode == expected, proc.stdout + proc.stderr
    no_traceback(proc)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([PARTIAL, INVALID, "missing.json"], 2),
        (["missing.json", INVALID, PARTIAL], 2),
        ([INVALID, "missing.json"], 2),
        ([PARTIAL, "missing.json"], 2),
        ([PARTIAL, INVALID], 1),
        ([INVALID, PARTIAL], 1),
        ([VALID, PARTIAL], 3),
        ([PARTIAL, VALID], 3),
    ],
)
@pytest.mark.parametrize("fmt", ["rich", "text", "json"])
def test_exit_code_precedence_input_over_invalid_over_partial(run_cli, examples_dir, names, expected, fmt):
    paths = [examples_dir / n for n in names]
    proc = run_cli("--fail-on-partial", "--format", fmt, *paths)
    assert proc.returncode == expected
    if fmt == "json":
        assert [d["source"] for d in report_of(proc)["documents"]] == [str(p) for p in paths]
    else:
        for path in paths:
            assert str(path) in proc.stdout


def test_unparseable_file_does_not_stop_the_others(run_cli, tmp_path, examples_dir):
    broken = tmp_path / "broken.json"
    broken.write_text('{"status": "COMPLETE",\n  "results": [1,,2]\n}\n', encoding="utf-8")
    proc = run_cli("--format", "text", broken, examples_dir / VALID, examples_dir / INVALID)
    assert proc.returncode == 2
    assert f"{broken}:2:" in proc.stdout
    assert f"{examples_dir / VALID}: valid" in proc.stdout
    assert f"{examples_dir / INVALID}: invalid" in proc.stdout


# --- text format -------------------------------------------------------------------------


def test_text_format_lines(run_cli, examples_dir):
    invalid = examples_dir / INVALID
    files = [invalid, examples_dir / VALID, examples_dir / ASSOC_INVALID]
    proc = run_cli("--format", "text", *files)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()

    located = [m.groupdict() for m in map(LOCATED_LINE.match, lines) if m]
    errors_in_invalid = [m for m in located if m["source"] == str(invalid)]
    assert [m["keyword"] for m in errors_in_invalid] == ["type", "enum", "required"]

    # The wrong flagState "MAYBE" of results[1] is reported where it stands in the file.
    line, column = position_of(invalid, '"MAYBE"')
    [enum_error] = [m for m in errors_in_invalid if m["keyword"] == "enum"]
    assert (int(enum_error["line"]), int(enum_error["col"])) == (line, column)
    assert enum_error["message"].startswith("results[1].flagState: ")
    assert '"MAYBE"' in enum_error["message"]
    line, column = position_of(invalid, '"12345678"')
    [type_error] = [m for m in errors_in_invalid if m["keyword"] == "type"]
    assert (int(type_error["line"]), int(type_error["col"])) == (line, column)

    # Then exactly one summary line per document, after its error lines.
    for path in files:
        summaries = [
            i for i, text in enumerate(lines) if re.match(rf"{re.escape(str(path))}: (valid|invalid)", text)
        ]
        assert len(summaries) == 1, proc.stdout
        own = [i for i, text in enumerate(lines) if text.startswith(f"{path}:")]
        assert summaries[0] == max(own)
    assert f"{invalid}: invalid: 3 errors, BatchPortalFlagStateResponseWithErrors" in proc.stdout
    assert f"{examples_dir / VALID}: valid, BatchPortalFlagStateResponseWithErrors (matched)" in proc.stdout


def test_text_format_input_error_line(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "status": "COMPLETE",\n  "results": [}\n', encoding="utf-8")
    proc = run_cli("--format", "text", bad)
    assert proc.returncode == 2
    try:
        json.loads(bad.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        expected = (exc.lineno, exc.colno)
    match = LOCATED_LINE.match(proc.stdout.splitlines()[0])
    assert match is not None, proc.stdout
    assert match["source"] == str(bad)
    assert (int(match["line"]), int(match["col"])) == expected
    assert match["keyword"] == "input"
    assert f"{bad}: unreadable" in proc.stdout.splitlines()


# --- json format -------------------------------------------------------------------------

DOCUMENT_KEYS = {"source", "schema", "detection", "alternatives", "valid", "inputError", "http", "errors"}
ERROR_KEYS = {"pointer", "path", "keyword", "message", "line", "column"}
SUMMARY_KEYS = {"status", "succeeded", "failed", "numErrors", "categories", "durationMs", "warnings"}
VERDICTS = {"forced", "matched", "ambiguous", "closest", "none"}


def check_document_contract(document: dict) -> None:
    assert document.keys() >= DOCUMENT_KEYS
    assert isinstance(document["source"], str)
    assert document["schema"] is None or isinstance(document["schema"], str)
    assert document["detection"] is None or document["detection"] in VERDICTS
    assert isinstance(document["alternatives"], list)
    assert all(isinstance(a, str) for a in document["alternatives"])
    assert document["valid"] in (True, False, None)
    assert isinstance(document["errors"], list)
    if document["inputError"] is not None:
        assert document["valid"] is None
        assert set(document["inputError"]) >= {"message", "line", "column"}
        assert isinstance(document["inputError"]["message"], str)
    if document["http"] is not None:
        assert isinstance(document["http"]["status"], int)
        assert isinstance(document["http"]["reason"], str)
    for error in document["errors"]:
        assert error.keys() >= ERROR_KEYS
        assert all(isinstance(error[k], str) for k in ("pointer", "path", "keyword", "message"))
        assert error["pointer"] == "" or error["pointer"].startswith("/")
        assert isinstance(error["line"], int) and error["line"] >= 1
        assert isinstance(error["column"], int) and error["column"] >= 1
    assert isinstance(document["errorCount"], int)
    assert document["errorCount"] >= len(document["errors"])
    summary = document["summary"]
    if summary is not None:
        assert summary.keys() >= SUMMARY_KEYS
        assert isinstance(summary["succeeded"], int)
        assert isinstance(summary["failed"], int)
        assert isinstance(summary["categories"], dict)
        assert all(isinstance(k, str) and isinstance(v, int) for k, v in summary["categories"].items())
        assert summary["durationMs"] is None or isinstance(summary["durationMs"], int)
        assert isinstance(summary["warnings"], list)
        assert all(isinstance(w, str) for w in summary["warnings"])


def test_json_contract(run_cli, examples_dir, tmp_path):
    unparseable = tmp_path / "unparseable.json"
    unparseable.write_text('{"status": "COMPLETE", "results": [\n  1,\n  2,,\n]}', encoding="utf-8")
    not_batch = tmp_path / "not-batch.json"
    not_batch.write_text('{"hello": "world"}', encoding="utf-8")
    files = [*sorted(examples_dir.iterdir()), unparseable, not_batch]
    proc = run_cli("--format", "json", *files)
    payload = report_of(proc)
    assert {"documents", "exitCode"} <= payload.keys()
    assert payload["exitCode"] == 2
    documents = payload["documents"]
    assert len(documents) == len(files)
    for document in documents:
        check_document_contract(document)

    by_name = {Path(d["source"]).name: d for d in documents}
    broken = by_name["unparseable.json"]
    assert broken["valid"] is None
    assert broken["schema"] is None and broken["errors"] == [] and broken["summary"] is None
    assert broken["inputError"]["message"].startswith("invalid JSON")
    assert (broken["inputError"]["line"], broken["inputError"]["column"]) == (3, 5)

    other = by_name["not-batch.json"]
    assert other["valid"] is False and other["detection"] == "none" and other["schema"] is None
    assert other["summary"] is None

    partial = by_name[PARTIAL]
    assert partial["valid"] is True and partial["inputError"] is None and partial["http"] is None
    assert partial["summary"]["status"] == "COMPLETE"
    assert (partial["summary"]["succeeded"], partial["summary"]["failed"]) == (3, 2)
    assert partial["summary"]["categories"] == {"VALIDATION_ERROR": 2}
    assert partial["summary"]["durationMs"] == 416

    http = by_name["associations.partial.207.http"]
    assert http["http"] == {"status": 207, "reason": "Multi-Status"}
    assert http["summary"]["failed"] == 2

    invalid = by_name[INVALID]
    assert [(e["pointer"], e["keyword"]) for e in invalid["errors"]] == [
        ("/results/1/appId", "type"),
        ("/results/1/flagState", "enum"),
        ("/results/2", "required"),
    ]
    assert invalid["errors"][1]["path"] == "results[1].flagState"
    line, column = position_of(examples_dir / INVALID, '"MAYBE"')
    assert (invalid["errors"][1]["line"], invalid["errors"][1]["column"]) == (line, column)


def test_json_is_a_single_document_even_for_stdin_garbage(run_cli):
    proc = run_cli("--format", "json", "-", stdin=b"\xff\xfe\x00garbage")
    payload = report_of(proc)
    assert proc.returncode == 2
    [document] = payload["documents"]
    check_document_contract(document)
    assert document["valid"] is None
    assert document["inputError"]["message"]


@pytest.mark.parametrize("fmt", ["json", "text", "rich"])
def test_max_errors_caps_the_list_but_not_the_count(run_cli, examples_dir, fmt):
    proc = run_cli("--format", fmt, "--max-errors", "1", examples_dir / INVALID)
    assert proc.returncode == 1
    if fmt == "json":
        [document] = report_of(proc)["documents"]
        assert len(document["errors"]) == 1
        assert document["errors"][0]["pointer"] == "/results/1/appId"
        assert document["errorCount"] == 3
    elif fmt == "text":
        located = [line for line in proc.stdout.splitlines() if LOCATED_LINE.match(line)]
        assert len(located) == 1
        assert "invalid: 3 errors (1 shown)" in proc.stdout
    else:
        assert "3 errors (1 shown)" in proc.stdout
        assert "and 2 more" in proc.stdout


def test_max_errors_zero_shows_all(run_cli, examples_dir):
    proc = run_cli("--format", "json", "--max-errors", "0", examples_dir / ASSOC_INVALID)
    [document] = report_of(proc)["documents"]
    assert document["errorCount"] == 4
    assert len(document["errors"]) == 4


# --- --schema -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["BatchPortalFlagStateResponseWithErrors", "BatchPortalFlagStateResponseWithErrors.schema"]
)
def test_schema_by_title_or_stem_is_forced(run_cli, examples_dir, name):
    proc = run_cli("--format", "json", "--schema", name, examples_dir / VALID)
    [document] = report_of(proc)["documents"]
    assert proc.returncode == 0
    assert document["detection"] == "forced"
    assert document["schema"] == "BatchPortalFlagStateResponseWithErrors"
    assert document["valid"] is True


@pytest.mark.parametrize("name", ["BatchAssociationResponse", "BatchAssociationResponse.schema"])
def test_forcing_the_wrong_schema_makes_the_document_invalid(run_cli, examples_dir, name):
    proc = run_cli("--format", "json", "-s", name, examples_dir / VALID)
    [document] = report_of(proc)["documents"]
    assert proc.returncode == 1
    assert document["detection"] == "forced"
    assert document["schema"] == "BatchAssociationResponse"
    assert document["valid"] is False
    assert {e["keyword"] for e in document["errors"]} == {"required"}


def write_schema(path: Path, schema: dict) -> Path:
    path.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}))
    return path


def test_schema_from_a_user_file(run_cli, examples_dir, tmp_path):
    schema = write_schema(
        tmp_path / "mine.schema.json",
        {
            "title": "CompleteBatch",
            "type": "object",
            "required": ["status", "results"],
            "properties": {"status": {"const": "COMPLETE"}},
        },
    )
    proc = run_cli("--format", "json", "--schema", schema, examples_dir / VALID, examples_dir / ASSOC_INVALID)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    documents = report_of(proc)["documents"]
    assert [(d["schema"], d["detection"], d["valid"]) for d in documents] == [
        ("CompleteBatch", "forced", True),
        ("CompleteBatch", "forced", True),
    ]


def test_user_schema_without_title_is_named_after_its_file(run_cli, examples_dir, tmp_path):
    schema = write_schema(tmp_path / "needs-nope.schema.json", {"type": "object", "required": ["nope"]})
    proc = run_cli("--format", "json", "--schema", schema, examples_dir / VALID)
    assert proc.returncode == 1
    [document] = report_of(proc)["documents"]
    assert document["schema"] == "needs-nope"
    assert document["detection"] == "forced"
    assert [(e["keyword"], e["pointer"], e["line"], e["column"]) for e in document["errors"]] == [
        ("required", "", 1, 1)
    ]


BROKEN_SCHEMAS = [
    pytest.param('{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": 12}', id="fails-meta"),
    pytest.param('{"type": "object", "required": "status"}', id="fails-meta-required"),
    pytest.param('{"type": "object",\n "properties": {', id="not-json"),
    pytest.param("[1, 2]", id="not-an-object"),
    pytest.param('{"$schema": "http://json-schema.org/draft-07/schema#"}', id="other-draft"),
    pytest.param(b"\xff\xfe\x00\xd8", id="not-text"),
    pytest.param('{"properties": {"status": {"pattern": "["}}}', id="invalid-regex"),
]


@pytest.mark.parametrize("content", BROKEN_SCHEMAS)
def test_broken_schema_file_is_a_usage_error(run_cli, examples_dir, tmp_path, content):
    schema = tmp_path / "broken.schema.json"
    if isinstance(content, bytes):
        schema.write_bytes(content)
    else:
        schema.write_text(content, encoding="utf-8")
    proc = run_cli("--schema", schema, examples_dir / VALID)
    no_traceback(proc)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert str(schema) in proc.stderr
    assert proc.stderr.startswith("batchcheck: error: ")


def test_unknown_schema_name_is_a_usage_error(run_cli, examples_dir):
    proc = run_cli("--schema", "nosuch", examples_dir / VALID)
    no_traceback(proc)
    assert proc.returncode == 2
    assert "nosuch" in proc.stderr
    # The message names the schemas that do exist.
    assert all(name in proc.stderr for name in BUNDLED)


# --- unreadable sources -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["rich", "text", "json"])
def test_directory_argument(run_cli, tmp_path, fmt):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    proc = run_cli("--format", fmt, folder)
    no_traceback(proc)
    assert proc.returncode == 2
    assert str(folder) in proc.stdout + proc.stderr
    assert "directory" in proc.stdout + proc.stderr


@pytest.mark.parametrize("fmt", ["rich", "text", "json"])
def test_missing_file_is_named_and_the_others_still_reported(run_cli, examples_dir, tmp_path, fmt):
    missing = tmp_path / "does-not-exist.json"
    proc = run_cli("--format", fmt, examples_dir / VALID, missing, examples_dir / INVALID)
    no_traceback(proc)
    assert proc.returncode == 2
    if fmt == "json":
        documents = report_of(proc)["documents"]
        assert [d["source"] for d in documents] == [
            str(examples_dir / VALID),
            str(missing),
            str(examples_dir / INVALID),
        ]
        assert documents[1]["valid"] is None
        assert "no such file" in documents[1]["inputError"]["message"]
        assert documents[0]["valid"] is True
        assert documents[2]["valid"] is False
    else:
        assert str(missing) in proc.stdout
        assert "no such file" in proc.stdout
        assert str(examples_dir / VALID) in proc.stdout
        assert str(examples_dir / INVALID) in proc.stdout
        assert "results[1].flagState" in proc.stdout


# --- other options ------------------------------------------------------------------------


def test_no_format_checks(run_cli, examples_dir):
    with_formats = report_of(run_cli("--format", "json", examples_dir / ASSOC_INVALID))["documents"][0]
    proc = run_cli("--format", "json", "--no-format-checks", examples_dir / ASSOC_INVALID)
    without = report_of(proc)["documents"][0]
    assert [e["pointer"] for e in with_formats["errors"] if e["keyword"] == "format"] == ["/startedAt"]
    assert "format" not in {e["keyword"] for e in without["errors"]}
    assert without["errorCount"] == with_formats["errorCount"] - 1


def test_no_format_checks_accepts_a_bad_date_time(run_cli, examples_dir, tmp_path):
    data = json.loads((examples_dir / VALID).read_text(encoding="utf-8"))
    data["startedAt"] = "yesterday"
    doc = tmp_path / "bad-date.json"
    doc.write_text(json.dumps(data), encoding="utf-8")
    assert run_cli(doc).returncode == 1
    assert run_cli("--no-format-checks", doc).returncode == 0


@pytest.mark.parametrize("fmt", ["rich", "text"])
def test_verbose_shows_each_candidates_score(run_cli, examples_dir, fmt):
    scores = {
        c["schema"]: c["score"]
        for c in report_of(run_cli("--format", "json", examples_dir / VALID))["documents"][0]["candidates"]
    }
    assert set(scores) == BUNDLED
    quiet = run_cli("--format", fmt, examples_dir / VALID)
    verbose = run_cli("--format", fmt, "-v", examples_dir / VALID)
    assert quiet.returncode == verbose.returncode == 0
    for schema, score in scores.items():
        if fmt == "text":
            assert f"tried {schema} ({score:.2f}): " in verbose.stdout
            assert "tried " not in quiet.stdout
        else:
            row = next(line for line in verbose.stdout.splitlines() if line.strip().startswith(schema))
            assert f"{score:.2f}" in row.split()
            assert "undeclared keys" in verbose.stdout
            assert "undeclared keys" not in quiet.stdout


@pytest.mark.parametrize("fmt", ["rich", "text", "json"])
def test_fail_on_partial_with_partial_examples(run_cli, examples_dir, fmt):
    partials = sorted(examples_dir.glob("*.partial.json"))
    assert len(partials) == 2
    assert run_cli("--format", fmt, *partials).returncode == 0
    proc = run_cli("--format", fmt, "--fail-on-partial", *partials)
    assert proc.returncode == 3
    if fmt == "json":
        documents = report_of(proc)["documents"]
        assert all(d["valid"] is True and d["summary"]["failed"] > 0 for d in documents)


def test_schemas_command_rich(run_cli):
    proc = run_cli("schemas")
    assert proc.returncode == 0
    for name in BUNDLED:
        assert name in proc.stdout
        assert f"{name}.schema.json" in proc.stdout


def test_schemas_command_json(run_cli):
    proc = run_cli("schemas", "--format", "json")
    assert proc.returncode == 0
    rows = json.loads(proc.stdout)["schemas"]
    assert {row["name"] for row in rows} == BUNDLED
    assert {row["file"] for row in rows} == {f"{name}.schema.json" for name in BUNDLED}
    assert all(row["origin"] == "bundled" and row["description"] for row in rows)


def test_schemas_command_text_is_tab_separated(run_cli):
    proc = run_cli("schemas", "--format", "text")
    assert proc.returncode == 0
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    assert {row[0] for row in rows} == BUNDLED
    assert all(f"{row[0]}.schema.json" in row for row in rows)


def test_version(run_cli):
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"batchcheck {batchcheck.__version__}"


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


def test_unknown_option_is_a_usage_error(run_cli, examples_dir):
    proc = run_cli("--no-such-option", examples_dir / VALID)
    assert proc.returncode == 2
    no_traceback(proc)


def test_bad_format_value_is_a_usage_error(run_cli, examples_dir):
    proc = run_cli("--format", "xml", examples_dir / VALID)
    assert proc.returncode == 2
    no_traceback(proc)


# --- rich output --------------------------------------------------------------------------


def test_rich_output_when_not_a_terminal_has_no_ansi(run_cli, examples_dir):
    files = sorted(examples_dir.iterdir())
    proc = run_cli(*files, "missing.json", env={"NO_COLOR": None, "TERM": "xterm-256color"}, text=False)
    assert proc.returncode == 2
    assert b"\x1b" not in proc.stdout
    assert b"\x1b" not in proc.stderr
    out = proc.stdout.decode("utf-8")
    for path in files:
        assert str(path) in out
    assert "8 files checked: 5 valid, 2 invalid, 1 unreadable; 3 batches with failed items" in out


def test_rich_output_content(run_cli, examples_dir):
    proc = run_cli(examples_dir / INVALID)
    assert proc.returncode == 1
    assert "invalid: 3 errors" in proc.stdout
    line, column = position_of(examples_dir / INVALID, '"MAYBE"')
    row = next(text for text in proc.stdout.splitlines() if "results[1].flagState" in text)
    assert f"{line}:{column}" in row.split()
    proc = run_cli(examples_dir / PARTIAL)  # one document: the full batch panel
    assert proc.returncode == 0
    out = proc.stdout
    assert "batch COMPLETE: 3 succeeded, 2 failed" in out
    category_row = next(text for text in out.splitlines() if "VALIDATION_ERROR" in text)
    assert category_row.split()[1:3] == ["VALIDATION_ERROR", "2"]
    assert "Portal 22222222 has not installed app 12345678" in out


def test_rich_lists_valid_batches_in_two_lines_among_several(run_cli, examples_dir):
    """Several documents: a valid batch is its header and batch line; an invalid one keeps its
    table and panel; -v shows every document in full."""
    proc = run_cli(examples_dir / INVALID, examples_dir / PARTIAL)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    header = next(i for i, text in enumerate(lines) if PARTIAL in text)
    assert "valid" in lines[header]
    assert lines[header + 1].strip().startswith("batch COMPLETE: 3 succeeded, 2 failed (VALIDATION_ERROR 2")
    assert "╭" not in "".join(lines[header:])  # no panel for the valid batch
    assert "╭" in "".join(lines[:header])  # the invalid document keeps its panel
    assert "results[1].flagState" in proc.stdout
    full = run_cli("-v", examples_dir / INVALID, examples_dir / PARTIAL).stdout
    assert "Portal 22222222 has not installed app 12345678" in full
    assert "Portal 22222222 has not installed app 12345678" not in proc.stdout


# --- in process (Typer CliRunner) ---------------------------------------------------------


def test_in_process_json(bc, examples_dir):
    result = bc("--format", "json", examples_dir / INVALID)
    assert result.code == 1
    assert result.report["exitCode"] == 1
    assert result.documents[0]["errorCount"] == 3


def test_in_process_stdin(bc, examples_dir):
    result = bc("--format", "text", "-", stdin=(examples_dir / PARTIAL).read_bytes())
    assert result.code == 0
    assert "<stdin>: valid, BatchPortalFlagStateResponseWithErrors (matched)" in result.stdout


def test_in_process_schemas(bc):
    result = bc("schemas", "--format", "json")
    assert result.code == 0
    assert {row["name"] for row in result.report["schemas"]} == BUNDLED
