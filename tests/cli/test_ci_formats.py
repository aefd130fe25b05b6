"""`--format github` (workflow commands) and `--format junit` (JUnit XML), through the real CLI."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

VALID = "portal-flags.valid.json"
INVALID = "portal-flags.invalid.json"
PARTIAL = "portal-flags.partial.json"
ASSOC_INVALID = "associations.invalid.json"

# `::kind prop=value,prop=value::message` (the properties part is optional).
COMMAND = re.compile(r"^::(?P<kind>[a-z-]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def unescape(text: str) -> str:
    """What the runner makes of an escaped value (the workflow-command rules, reversed)."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def commands(stdout: str) -> list[dict]:
    """Every workflow command in the output, properties and message unescaped."""
    found = []
    for line in stdout.splitlines():
        match = COMMAND.match(line)
        if match is None:
            continue
        props = dict(p.split("=", 1) for p in (match["props"] or "").split(",") if p)
        found.append(
            {
                "kind": match["kind"],
                **{key: unescape(value) for key, value in props.items()},
                "message": unescape(match["data"]),
            }
        )
    return found


def json_report(bc, *args) -> dict:
    return bc("--format", "json", *args).report


# --- github ---------------------------------------------------------------------------------


def test_github_one_error_per_schema_error_at_its_position(bc, examples_dir):
    files = [examples_dir / INVALID, examples_dir / VALID, examples_dir / ASSOC_INVALID]
    result = bc("--format", "github", *files)
    assert result.code == 1
    expected = json_report(bc, *files)
    errors = [c for c in commands(result.stdout) if c["kind"] == "error"]
    wanted = [
        {
            "kind": "error",
            "file": d["source"],
            "line": str(e["line"]),
            "col": str(e["column"]),
            "title": f"batchcheck: {e['keyword']}",
            "message": f"{e['path']}: {e['message']}",
        }
        for d in expected["documents"]
        for e in d["errors"]
    ]
    assert errors == wanted
    assert len(errors) == 3 + 4
    # Every line is a command, a `checked …` line or the closing tally: nothing else reaches the log.
    for line in result.stdout.splitlines():
        assert COMMAND.match(line) or line.startswith("checked ") or re.match(r"\d+ files? checked: ", line)
    assert result.stdout.splitlines()[-1].startswith("3 files checked: 1 valid, 2 invalid, 0 unreadable")


def test_github_input_errors_no_match_api_errors_and_partial_batches(bc, examples_dir, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "status": "COMPLETE",\n  "results": [}\n', encoding="utf-8")
    stranger = tmp_path / "stranger.json"
    stranger.write_text('{"hello": "world"}', encoding="utf-8")
    api = tmp_path / "api-error.json"
    api.write_text(
        json.dumps({"status": "error", "category": "INVALID_AUTHENTICATION", "message": "bad token"}),
        encoding="utf-8",
    )
    result = bc("--format", "github", broken, stranger, api, examples_dir / PARTIAL, tmp_path / "gone.json")
    assert result.code == 2
    by_file: dict[str, list[dict]] = {}
    for command in commands(result.stdout):
        by_file.setdefault(command["file"], []).append(command)

    [unreadable] = by_file[str(broken)]
    assert unreadable["kind"] == "error" and unreadable["title"] == "batchcheck: unreadable"
    assert (unreadable["line"], unreadable["col"]) == ("3", "15")
    assert unreadable["message"].startswith("invalid JSON")

    [no_match] = by_file[str(stranger)]
    assert no_match["kind"] == "error" and no_match["title"] == "batchcheck: no schema"
    assert "line" not in no_match
    assert no_match["message"].startswith("no schema matched (tried 2): ")
    assert "BatchAssociationResponse" in no_match["message"]

    api_commands = by_file[str(api)]
    assert [c["title"] for c in api_commands] == ["batchcheck: API error"]
    assert api_commands[0]["message"] == "API error INVALID_AUTHENTICATION: bad token"

    [partial] = by_file[str(examples_dir / PARTIAL)]
    assert partial["kind"] == "warning" and partial["title"] == "batchcheck: failed items"
    assert partial["message"].startswith("batch COMPLETE: 3 succeeded, 2 failed (VALIDATION_ERROR 2)")

    [missing] = by_file[str(tmp_path / "gone.json")]
    assert missing["kind"] == "error" and missing["message"] == "no such file"


def test_github_batch_warnings_are_warnings(bc, examples_dir, tmp_path):
    doc = json.loads((examples_dir / PARTIAL).read_text(encoding="utf-8"))
    doc["numErrors"] = 5
    path = tmp_path / "contradicts.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    found = commands(bc("--format", "github", path).stdout)
    assert [c["kind"] for c in found] == ["warning", "warning"]
    assert found[1]["title"] == "batchcheck: batch"
    assert found[1]["message"] == "numErrors is 5 but errors has 2 items"


def test_a_duplicate_key_is_annotated_at_its_line_not_left_to_stderr(bc, examples_dir, tmp_path):
    text = (examples_dir / VALID).read_text(encoding="utf-8").replace("{\n", '{\n  "status": "PENDING",\n', 1)
    path = tmp_path / "dup.json"
    path.write_text(text, encoding="utf-8")
    line = 3  # the last "status", whose value the check used
    assert text.splitlines()[line - 1].startswith('  "status": "COMPLETE"')
    result = bc("--format", "github", path)
    [warning] = [c for c in commands(result.stdout) if c.get("title") == "batchcheck: input"]
    assert (warning["kind"], warning["line"], warning["col"]) == ("warning", str(line), "3")
    assert warning["message"].startswith('duplicate key "status" in the top-level object (2 times')
    assert result.stderr == ""
    text_lines = bc("--format", "text", path).stdout.splitlines()
    assert any(
        t.startswith(f"{path}:{line}:3: warning: duplicate key") and t.endswith("[input]") for t in text_lines
    )
    assert "duplicate key" in bc("--format", "json", path).stderr  # elsewhere: stderr, as before


HOSTILE_VALUE = "50% off,\r\n::error file=forged.json::forged: %0A done"
HOSTILE_NAME = "we,ird: 100%.json"


def test_github_escapes_hostile_strings(bc, examples_dir, tmp_path):
    doc = json.loads((examples_dir / INVALID).read_text(encoding="utf-8"))
    doc["results"][1]["flagState"] = HOSTILE_VALUE
    path = tmp_path / HOSTILE_NAME
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = bc("--format", "github", path)
    assert result.code == 1
    out = result.stdout_bytes.decode("ascii")
    assert "\r" not in out
    # The value's CR LF never starts a line: the only commands are the three real errors.
    command_lines = [line for line in out.splitlines() if line.startswith("::")]
    assert len(command_lines) == 3
    assert all(line.startswith("::error file=") for line in command_lines)
    assert all("/we%2Cird%3A 100%25.json,line=" in line for line in command_lines)
    found = commands(out)
    assert len(found) == 3
    assert {c["file"] for c in found} == {str(path)}  # `,`, `:` and `%` survive as properties
    [enum] = [c for c in found if c["title"] == "batchcheck: enum"]
    # `%` of the value reaches the runner as `%`; CR LF arrive as visible `\r\n`, never as a line
    # break, and the `::` of the value as `:\u003a` (docs/robustness.md, runner commands).
    assert '"50% off,\\r\\n:\\u003aerror file=forged.json:\\u003aforged: %0A done"' in enum["message"]
    assert "\n" not in enum["message"]


def test_github_file_name_cannot_forge_a_command(bc, examples_dir, tmp_path, monkeypatch):
    path = tmp_path / "::error file=x::forged.json"
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(examples_dir / VALID, tmp_path / path.name)
    monkeypatch.chdir(tmp_path)
    result = bc("--format", "github", path.name)
    assert result.code == 0
    assert not [line for line in result.stdout.splitlines() if line.startswith("::")]
    name = path.name.replace("::", ":\\u003a")  # every `::` broken
    verdict = "valid, BatchPortalFlagStateResponseWithErrors (matched)"
    batch = "batch COMPLETE: 3 succeeded, 0 failed, took 416 ms"
    assert result.stdout.splitlines()[0] == f"checked {name}: {verdict}; {batch}"


# --- junit ----------------------------------------------------------------------------------


def junit(result) -> ET.Element:
    assert result.stdout.startswith("<?xml version='1.0' encoding='us-ascii'?>")
    return ET.fromstring(result.stdout.encode("ascii"))


def test_junit_counts_and_failures(bc, examples_dir, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[1,", encoding="utf-8")
    files = [*sorted(examples_dir.glob("*.json")), broken]
    result = bc("--format", "junit", *files)
    assert result.code == 2
    root = junit(result)
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    for node in (root, suite):
        assert (node.get("tests"), node.get("failures"), node.get("errors")) == ("7", "2", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [str(f) for f in files]
    assert len(root.findall(".//failure")) == 2
    assert len(root.findall(".//error")) == 1

    expected = {d["source"]: d for d in json_report(bc, *files)["documents"]}
    for case in cases:
        document = expected[case.get("name")]
        failure, error = case.find("failure"), case.find("error")
        if document["valid"] is False:
            assert error is None
            lines = failure.text.splitlines()
            assert len(lines) == document["errorCount"]
            for line, e in zip(lines, document["errors"], strict=True):
                where = f"{document['source']}:{e['line']}:{e['column']}"
                assert line == f"{where}: {e['path']}: {e['message']} [{e['keyword']}]"
            assert failure.get("message").startswith(f"invalid: {document['errorCount']} errors")
            assert case.get("classname") == f"batchcheck.{document['schema']}"
        elif document["valid"] is None:
            assert failure is None
            assert error.get("type") == "input"
            assert error.get("message") == "invalid JSON: unexpected end of input (truncated?)"
            assert error.text == f"{broken}:1:4: invalid JSON: unexpected end of input (truncated?)"
        else:
            assert failure is None and error is None
        out = case.find("system-out")
        if document["summary"]:
            assert out.text.startswith(f"batch {document['summary']['status']}: ")
        else:
            assert out is None


def test_junit_no_schema_and_api_error_are_failures(bc, tmp_path):
    stranger = tmp_path / "stranger.json"
    stranger.write_text('{"hello": "world"}', encoding="utf-8")
    api = tmp_path / "api.json"
    api.write_text('{"status": "error", "category": "RATE_LIMITS", "message": "slow down"}', encoding="utf-8")
    root = junit(bc("--format", "junit", stranger, api))
    failures = root.findall(".//failure")
    assert [f.get("message") for f in failures] == ["invalid, no schema matched (tried 2)"] * 2
    assert "tried BatchAssociationResponse" in failures[0].text
    assert failures[1].text.splitlines()[-1] == "API error RATE_LIMITS: slow down"


CONTROL_AND_MARKUP = 'x\u0001\u0008\u000b\u000c\u001b[31m\u007f<b>&amp;"]]>\ud800\uffff'


def test_junit_is_well_formed_with_control_characters_and_markup(bc, examples_dir, tmp_path):
    doc = json.loads((examples_dir / INVALID).read_text(encoding="utf-8"))
    doc["results"][1]["flagState"] = CONTROL_AND_MARKUP
    doc["status"] = CONTROL_AND_MARKUP
    name = "bad\x01\x1b<&>.json"
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=True), encoding="ascii")
    result = bc("--format", "junit", path)
    assert result.code == 1
    assert max(result.stdout_bytes) < 0x80
    assert {b for b in result.stdout_bytes if b < 0x20} <= {0x0A}  # no raw control characters at all
    root = ET.fromstring(result.stdout_bytes)  # well-formed XML 1.0
    [case] = root.iter("testcase")
    assert case.get("name") == str(tmp_path / "bad\\u0001\\u001b<&>.json")
    failure = case.find("failure")
    # The value, quoted as JSON in the message: markup intact, every control character escaped.
    assert (
        'found string "x\\u0001\\b\\u000b\\f\\u001b[31m\\u007f<b>&amp;\\"]]>\\ud800\\uffff"' in failure.text
    )
    assert case.find("system-out").text.startswith("batch x\\u0001")


def test_junit_of_nothing_is_no_suite_but_an_error(bc, examples_dir):
    """Checking nothing is exit 2, not an empty (passing) suite."""
    result = bc("--format", "junit", "--exclude", "*", examples_dir)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "batchcheck: error: nothing to check: --exclude left out every input\n"


@pytest.mark.parametrize("fmt", ["github", "junit"])
def test_ci_formats_keep_the_exit_codes(bc, examples_dir, fmt):
    assert bc("--format", fmt, examples_dir / VALID).code == 0
    assert bc("--format", fmt, examples_dir / INVALID).code == 1
    assert bc("--format", fmt, examples_dir / PARTIAL, "--fail-on-partial").code == 3
    assert bc("--format", fmt, Path("nope.json")).code == 2


def test_github_names_files_as_the_repository_does(bc, examples_dir, tmp_path, monkeypatch):
    shutil.copyfile(examples_dir / INVALID, tmp_path / "flags.json")
    monkeypatch.chdir(tmp_path)
    found = commands(bc("--format", "github", ".").stdout)
    assert {c["file"] for c in found} == {"flags.json"}  # not ./flags.json
    found = commands(bc("--format", "github", "./flags.json").stdout)
    assert {c["file"] for c in found} == {"flags.json"}


def test_github_says_how_many_errors_were_left_out(bc, examples_dir):
    found = commands(bc("--format", "github", "--max-errors", "1", examples_dir / INVALID).stdout)
    assert [c["kind"] for c in found] == ["error", "error"]
    assert found[0]["title"] == "batchcheck: type"
    assert found[1]["message"] == "… and 2 more errors (--max-errors 0 shows all)"
    assert "line" not in found[1]
