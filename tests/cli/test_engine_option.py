"""`--engine python|rs|auto`: both engines give the same report through the command line."""

from __future__ import annotations

import json


def _json_report(bc, *args: str) -> tuple[dict, str]:
    result = bc("--format", "json", "--max-errors", "0", *args)
    assert result.code in (0, 1), result.stderr
    report = result.report
    engines = {document.pop("engine") for document in report["documents"]}
    assert len(engines) == 1
    return report, engines.pop()


def test_both_engines_give_the_same_json_report(bc, examples_dir, tmp_path):
    drifted = json.loads((examples_dir / "portal-flags.valid.json").read_text())
    drifted["results"] = [
        {**item, "portalId": str(item["portalId"]), "extra": None} for item in drifted["results"] * 30
    ]
    drifted["startedAt"] = "2025-03-15 14:30"
    (tmp_path / "drifted.json").write_text(json.dumps(drifted, indent=2))
    files = [*map(str, sorted(examples_dir.iterdir())), str(tmp_path / "drifted.json")]
    by_python, python = _json_report(bc, "--engine", "python", *files)
    by_rs, rs = _json_report(bc, "--engine", "rs", *files)
    by_default, default = _json_report(bc, *files)
    assert (python, rs, default) == ("python", "rs", "rs")  # auto picks jsonschema-rs when installed
    assert by_python == by_rs == by_default
    assert sum(d["errorCount"] for d in by_rs["documents"]) > 90  # the drifted batch: 3 errors per item


def test_a_schema_jsonschema_rs_cannot_use(bc, tmp_path):
    """A patternProperties key only a backtracking engine can match (lookahead): jsonschema-rs
    cannot bound its time, so auto validates with python-jsonschema and --engine rs says why."""
    schema = tmp_path / "keys.schema.json"
    keys = {"patternProperties": {"^(?=x)": {"type": "integer"}}}
    schema.write_text(json.dumps({"type": "object", **keys}))
    document = tmp_path / "doc.json"
    document.write_text('{"xa": "ab"}')
    auto = bc("--format", "json", "--schema", schema, document)
    assert auto.code == 1, auto.stderr
    report = auto.documents[0]
    assert (report["engine"], report["errors"][0]["keyword"]) == ("python", "type")
    forced = bc("--engine", "rs", "--schema", schema, document)
    assert forced.code == 2
    assert forced.stderr == (
        f"batchcheck: error: {schema}: jsonschema-rs cannot bound the time of the patternProperties "
        "regex '^(?=x)' (lookaround, backreferences or \\b)\n"
    )


def test_multiple_of_is_decided_in_decimal_terms_by_both_engines(bc, tmp_path):
    """Money amounts: 19.99 is a multiple of 0.01 (binary floats alone say it is not, and
    python-jsonschema on its own does); 19.995 is not; 2 is a multiple of 1e-308 (no overflow)."""
    cases = [(0.01, "19.99", True), (0.01, "0.07", True), (0.01, "19.995", False), (1e-308, "2", True)]
    cases += [(1.5, "4.5", True), (1.5, "35", False), (0.0001, "0.00751", False)]
    for divisor, value, expected in cases:
        schema = tmp_path / "amount.schema.json"
        schema.write_text(json.dumps({"multipleOf": divisor}))
        verdicts = {
            engine: bc("-f", "json", "--engine", engine, "--schema", schema, stdin=value.encode()).documents[
                0
            ]["valid"]
            for engine in ("python", "rs")
        }
        assert verdicts == {"python": expected, "rs": expected}, (divisor, value)
