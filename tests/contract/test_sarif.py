"""--format sarif: real output (plain files, standard input, JSON Lines, HAR, every kind of
result) validated against the official SARIF 2.1.0 schema, fetched from a registry package at
test time (tests/support/sarif.py); and what GitHub code scanning reads: rules, locations."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from support.captures import BASE, BATCH_READ, SPEC, broken_batch_read_207, entry, write_har, write_jsonl
from support.paths import ASSOC_INVALID, INVALID, VALID


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    from support.sarif import SarifSchemaUnavailable, sarif_schema

    try:
        schema = sarif_schema()
    except (SarifSchemaUnavailable, OSError, subprocess.SubprocessError) as problem:
        if os.environ.get("BATCHCHECK_REQUIRE_SUITE") == "1":
            pytest.fail(f"SARIF schema unavailable: {problem}")
        pytest.skip(f"SARIF schema unavailable: {problem}")
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def valid_sarif(validator: Draft4Validator, stdout: str) -> dict[str, Any]:
    log = json.loads(stdout)
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert not problems, problems
    assert stdout.isascii()
    return log


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    [run] = log["runs"]
    return run["results"]


def test_plain_files_every_kind_of_result(bc, examples_dir: Path, tmp_path: Path, sarif_validator) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"status": ', encoding="utf-8")
    none = tmp_path / "none.json"
    none.write_text('{"a": {"b": 1}}', encoding="utf-8")
    api_error = tmp_path / "api-error.json"
    api_error.write_text(
        '{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "no", "correlationId": "x"}',
        encoding="utf-8",
    )
    files = [examples_dir / n for n in (VALID, INVALID, ASSOC_INVALID, "associations.partial.json")]
    result = bc(
        "--no-config",
        "-f",
        "sarif",
        "--fail-on-partial",
        *map(str, files),
        str(broken),
        str(none),
        str(api_error),
    )
    log = valid_sarif(sarif_validator, result.stdout)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["tool"]["driver"]["name"] == "batchcheck"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["exitCode"] == result.code == 2
    rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    found = {r["ruleId"] for r in run["results"]}
    assert found <= rules
    assert {"input", "no-schema", "enum", "type", "required"} <= found
    assert {"partial", "api-error"} & found
    first = next(r for r in run["results"] if r["ruleId"] == "type")
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("portal-flags.invalid.json")
    assert location["region"] == {"startLine": 5, "startColumn": 15}  # as --format text says: 5:15
    assert run["properties"]["tally"]["files"] == 7


def test_standard_input_has_no_location(bc, examples_dir: Path, sarif_validator) -> None:
    result = bc("--no-config", "-f", "sarif", stdin=(examples_dir / INVALID).read_bytes())
    log = valid_sarif(sarif_validator, result.stdout)
    assert results(log) and all("locations" not in r for r in results(log))
    assert all(r["properties"]["document"] == "<stdin>" for r in results(log))


def test_a_valid_run_has_no_results(bc, examples_dir: Path, sarif_validator) -> None:
    result = bc("--no-config", "-f", "sarif", str(examples_dir / VALID))
    log = valid_sarif(sarif_validator, result.stdout)
    assert results(log) == [] and result.code == 0


def test_json_lines_are_located_on_their_line(bc, tmp_path: Path, sarif_validator) -> None:
    log_file = write_jsonl(
        tmp_path / "day.jsonl", ['{"status": "COMPLETE", "results": []}', '{"status": 1, "results": []}']
    )
    result = bc("--no-config", "-f", "sarif", str(log_file))
    found = results(valid_sarif(sarif_validator, result.stdout))
    regions = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in found}
    assert ("enum", 2) in regions
    enum = next(r for r in found if r["ruleId"] == "enum")
    assert enum["locations"][0]["physicalLocation"]["region"]["startColumn"] == 12
    assert enum["message"]["text"].startswith(f"{log_file}:2: status:")


def test_har_entries_are_located_where_the_entry_starts(bc, tmp_path: Path, sarif_validator) -> None:
    har = write_har(tmp_path / "c.har", [entry("POST", BASE + BATCH_READ, 207, broken_batch_read_207())])
    result = bc("--no-config", "--openapi", str(SPEC), "-f", "sarif", str(har))
    found = results(valid_sarif(sarif_validator, result.stdout))
    assert {r["ruleId"] for r in found} == {"type", "failed-items"}  # the 207 has a failed item
    error = next(r for r in found if r["ruleId"] == "type")
    physical = error["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("c.har")
    lines = har.read_text(encoding="utf-8").splitlines()
    region = physical["region"]
    assert lines[region["startLine"] - 1][region["startColumn"] - 1] == "{"
    assert " at 1:" in error["message"]["text"]  # the place in the decoded body
    assert error["properties"]["pointer"] == "/results/0/to/0/toObjectId"


def test_uris_of_odd_names(bc, tmp_path: Path, examples_dir: Path, sarif_validator) -> None:
    odd = tmp_path / "a dir" / "50%#ä.json"
    odd.parent.mkdir()
    odd.write_bytes((examples_dir / INVALID).read_bytes())
    result = bc("--no-config", "-f", "sarif", str(odd))
    found = results(valid_sarif(sarif_validator, result.stdout))
    uri = found[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and "a%20dir/50%25%23%C3%A4.json" in uri
