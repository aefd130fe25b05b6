"""`--format json`: the shape of every document, whatever the input."""

from __future__ import annotations

from pathlib import Path

from support.output import position_of
from support.paths import INVALID, PARTIAL

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


def test_json_contract(bc, examples_dir, tmp_path):
    unparseable = tmp_path / "unparseable.json"
    unparseable.write_text('{"status": "COMPLETE", "results": [\n  1,\n  2,,\n]}', encoding="utf-8")
    not_batch = tmp_path / "not-batch.json"
    not_batch.write_text('{"hello": "world"}', encoding="utf-8")
    files = [*sorted(examples_dir.iterdir()), unparseable, not_batch]
    result = bc("--format", "json", *files)
    payload = result.report
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


def test_json_is_a_single_document_even_for_stdin_garbage(bc):
    result = bc("--format", "json", "-", stdin=b"\xff\xfe\x00garbage")
    payload = result.report
    assert result.code == 2
    [document] = payload["documents"]
    check_document_contract(document)
    assert document["valid"] is None
    assert document["inputError"]["message"]


def test_in_process_json(bc, examples_dir):
    result = bc("--format", "json", examples_dir / INVALID)
    assert result.code == 1
    assert result.report["exitCode"] == 1
    assert result.documents[0]["errorCount"] == 3
