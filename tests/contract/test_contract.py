"""The published JSON contract (schemas/contract/report.schema.json) describes real --format json output."""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator
from support.contract import CONTRACT, VALIDATORS, assert_fits_the_contract, contract


def test_the_contract_is_a_valid_2020_12_schema():
    schema = contract()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


API_ERROR = {
    "status": "error",
    "category": "INVALID_AUTHENTICATION",
    "message": "bad token",
    "correlationId": "4a5b",
}
CASES = {
    "valid": (["portal-flags.valid.json"], 0),
    "partial": (["associations.partial.json"], 0),
    "partial-strict": (["--fail-on-partial", "portal-flags.partial.json"], 3),
    "invalid": (["portal-flags.invalid.json", "associations.invalid.json"], 1),
    "curl -i headers": (["associations.partial.207.http"], 0),
    "input error": (["@broken"], 2),
    "missing file": (["@missing"], 2),
    "api error": (["@api"], 1),
    "no match": (["@stranger"], 1),
    "verbose": (["-v", "portal-flags.valid.json", "@stranger"], 1),
    "forced": (["--schema", "BatchAssociationResponse", "portal-flags.valid.json"], 1),
    "capped": (["--max-errors", "1", "associations.invalid.json"], 1),
    "directory": (["@dir"], 2),
}


@pytest.mark.parametrize(("args", "code"), CASES.values(), ids=CASES.keys())
def test_real_output_fits_the_contract(bc, examples_dir, tmp_path, args, code):
    made = {
        "@broken": tmp_path / "broken.json",
        "@missing": tmp_path / "missing.json",
        "@api": tmp_path / "api.json",
        "@stranger": tmp_path / "stranger.json",
        "@dir": tmp_path,
    }
    made["@broken"].write_text('{"status": "COMPLETE", "results": [1,,]}', encoding="utf-8")
    made["@api"].write_text(json.dumps(API_ERROR), encoding="utf-8")
    made["@stranger"].write_text('{"hello": [1, 2]}', encoding="utf-8")
    argv = [
        str(made.get(a, examples_dir / a)) if a.startswith("@") or a.endswith((".json", ".http")) else a
        for a in args
    ]
    result = bc("--format", "json", *argv)
    assert result.code == code, result.stdout + result.stderr
    payload = assert_fits_the_contract(result.stdout)
    assert payload["exitCode"] == code
    assert payload["tally"]["files"] == len(payload["documents"])


def test_the_contract_rejects_what_it_should(bc, examples_dir):
    """The test above can fail: a renamed, mistyped or undocumented field is caught."""
    payload = bc("--format", "json", examples_dir / "portal-flags.partial.json").report
    renamed = copy.deepcopy(payload)
    renamed["documents"][0]["error_count"] = renamed["documents"][0].pop("errorCount")
    mistyped = copy.deepcopy(payload)
    mistyped["documents"][0]["summary"]["failed"] = "2"
    extra = copy.deepcopy(payload)
    extra["documents"][0]["surprise"] = 1
    assert not VALIDATORS["published"].is_valid(renamed)
    assert not VALIDATORS["published"].is_valid(mistyped)
    assert VALIDATORS["published"].is_valid(extra)  # consumers must tolerate additions...
    assert not VALIDATORS["closed"].is_valid(extra)  # ...but batchcheck documents each one


def test_the_contract_takes_no_part_in_detection(bc, examples_dir, tmp_path):
    listed = bc("schemas", "--format", "json").report["schemas"]
    assert all(row["file"] != CONTRACT.name for row in listed)
    assert len(listed) == 2
    # batchcheck's own report, checked by batchcheck, matches no bundled schema.
    report = tmp_path / "report.json"
    report.write_text(
        bc("--format", "json", examples_dir / "portal-flags.valid.json").stdout, encoding="utf-8"
    )
    [document] = bc("--format", "json", report).documents
    assert document["detection"] == "none"
    assert {c["schema"] for c in document["candidates"]} == {row["name"] for row in listed}


def test_the_contract_can_be_used_as_a_user_schema(bc, examples_dir, tmp_path):
    """Anyone can check a saved report with batchcheck itself: --schema the contract file."""
    report = tmp_path / "report.json"
    report.write_text(
        bc("--format", "json", examples_dir / "portal-flags.invalid.json").stdout, encoding="utf-8"
    )
    result = bc("--format", "json", "--schema", CONTRACT, report)
    assert result.code == 0, result.stdout
    [document] = result.documents
    assert document["valid"] is True
