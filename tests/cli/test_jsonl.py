"""JSON Lines: a document per line (plain, gzip, --jsonl on stdin), envelopes that carry their
request for operation-aware selection, a bad line reported alone, flat streaming."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from support.captures import (
    BASE,
    BATCH_READ,
    OPERATION,
    SCHEMA_207,
    SPEC,
    batch_read_207,
    broken_batch_read_207,
    envelope,
    write_jsonl,
)
from support.contract import assert_fits_the_contract
from support.output import no_traceback

VALID = json.dumps({"status": "COMPLETE", "results": [], "startedAt": "2025-03-15T14:30:00Z"})


def test_each_line_is_a_document_named_by_its_line(bc, tmp_path: Path) -> None:
    log = write_jsonl(tmp_path / "day.jsonl", [VALID, "", '{"status": 1, "results": []}', VALID])
    result = bc("--no-config", "-f", "json", str(log))
    assert [d["source"] for d in result.documents] == [f"{log}:1", f"{log}:3", f"{log}:4"]  # blank: skipped
    assert [d["verdict"] for d in result.documents] == ["valid", "invalid", "valid"]
    assert result.code == 1
    origin = result.documents[1]["origin"]
    assert origin == {"file": str(log), "line": 3, "column": 1, "entry": None, "verbatim": True}
    assert_fits_the_contract(result.stdout)


def test_a_bad_line_is_an_input_error_of_its_own_and_the_rest_still_runs(bc, tmp_path: Path) -> None:
    log = write_jsonl(tmp_path / "day.ndjson", [VALID, '{"status": "COMPLETE", "results": [}', VALID, "NaN"])
    result = bc("--no-config", "-f", "json", str(log))
    verdicts = [(d["source"].rsplit(":", 1)[1], d["verdict"]) for d in result.documents]
    assert verdicts == [("1", "valid"), ("2", "unreadable"), ("3", "valid"), ("4", "unreadable")]
    error = result.documents[1]["inputError"]
    assert (error["line"], error["column"]) == (1, 36)
    assert result.code == 2


def test_text_lines_point_into_the_file_itself(bc, tmp_path: Path) -> None:
    """`FILE:LINE:COL` as editors open it: the line of the file, the column in that line."""
    log = write_jsonl(tmp_path / "day.jsonl", [VALID, '{"status": 1, "results": []}'])
    result = bc("--no-config", "-f", "text", str(log))
    assert f"{log}:2:12: status: expected" in result.stdout
    assert f"{log}:2: invalid" in result.stdout


def test_envelope_lines_get_their_operation_schema(bc, tmp_path: Path) -> None:
    body = json.loads(batch_read_207())
    log = write_jsonl(
        tmp_path / "traffic.jsonl", [envelope(body), envelope(json.loads(broken_batch_read_207()))]
    )
    result = bc("--no-config", "--openapi", str(SPEC), "-f", "json", str(log))
    first, second = result.documents
    assert first["detection"] == second["detection"] == "operation"
    assert first["schema"] == second["schema"] == SCHEMA_207
    assert first["schemaRef"]["operation"] == OPERATION
    assert first["http"] == {"status": 207, "reason": "Multi-Status"}
    assert first["request"] == {"url": BASE + BATCH_READ, "method": "POST"}
    assert first["valid"] is True and second["valid"] is False
    error = second["errors"][0]
    assert error["pointer"] == "/results/0/to/0/toObjectId"
    line = log.read_text(encoding="utf-8").splitlines()[1]
    assert line[error["column"] - 1 :].startswith("18839474952")  # the column is the line's own
    assert error["line"] == 1


def test_envelope_status_without_url_still_prefers_the_status(bc, tmp_path: Path) -> None:
    log = write_jsonl(
        tmp_path / "t.jsonl", [json.dumps({"status": 207, "body": json.loads(batch_read_207())})]
    )
    result = bc("--no-config", "--openapi", str(SPEC), "-f", "json", str(log))
    assert result.documents[0]["schema"] == SCHEMA_207
    assert result.documents[0]["http"]["status"] == 207
    assert result.documents[0]["request"] is None


def test_not_an_envelope_is_a_body(bc, tmp_path: Path) -> None:
    """A response that happens to have `body` but no request member is checked whole."""
    log = write_jsonl(tmp_path / "t.jsonl", ['{"body": 1, "status": "OK"}'])
    result = bc("--no-config", "-f", "json", str(log))
    assert result.documents[0]["request"] is None and result.documents[0]["http"] is None


def test_gzip_file_and_concatenated_members(bc, tmp_path: Path) -> None:
    first = gzip.compress((VALID + "\n").encode())
    second = gzip.compress(b'{"status": 1, "results": []}\n')
    log = tmp_path / "day.jsonl.gz"
    log.write_bytes(first + second)  # `cat a.gz b.gz`
    result = bc("--no-config", "-f", "json", str(log))
    assert [d["source"] for d in result.documents] == [f"{log}:1", f"{log}:2"]
    assert [d["verdict"] for d in result.documents] == ["valid", "invalid"]


def test_corrupt_gzip_is_an_input_error_after_the_lines_before_it(bc, tmp_path: Path) -> None:
    data = gzip.compress(((VALID + "\n") * 50).encode() + b"x" * 10)
    log = tmp_path / "day.jsonl.gz"
    log.write_bytes(data[:-30] + b"\x00" * 30)
    result = bc("--no-config", "-f", "json", str(log))
    assert result.code == 2
    assert result.documents[-1]["inputError"]["message"].startswith("the gzip data")
    no_traceback(result)


def test_jsonl_option_reads_standard_input(bc) -> None:
    stdin = (VALID + "\n" + '{"status": 1, "results": []}\n').encode()
    result = bc("--no-config", "--jsonl", "-f", "json", stdin=stdin)
    assert [d["source"] for d in result.documents] == ["<stdin>:1", "<stdin>:2"]
    assert result.code == 1


def test_gzip_on_standard_input(bc) -> None:
    result = bc("--no-config", "--jsonl", "-f", "json", stdin=gzip.compress(((VALID + "\n") * 3).encode()))
    assert [d["verdict"] for d in result.documents] == ["valid"] * 3


def test_a_line_over_the_cap_is_an_input_error_and_never_held(bc, tmp_path: Path, monkeypatch) -> None:
    import batchcheck.read.jsonl as jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1 << 20)
    monkeypatch.setattr(jsonl, "_CHUNK", 1 << 16)
    huge = '{"status": "COMPLETE", "results": ["' + "x" * (3 << 20) + '"]}'
    log = write_jsonl(tmp_path / "big.jsonl", [VALID, huge, VALID])
    result = bc("--no-config", "-f", "json", str(log))
    assert [d["verdict"] for d in result.documents] == ["valid", "unreadable", "valid"]
    assert result.documents[1]["inputError"]["message"] == "line longer than 1 MiB; not checked"
    assert result.documents[2]["source"].endswith(":3")


def test_directories_are_walked_for_logs(bc, tmp_path: Path) -> None:
    (tmp_path / "logs" / "old").mkdir(parents=True)
    write_jsonl(tmp_path / "logs" / "a.jsonl", [VALID])
    write_jsonl(tmp_path / "logs" / "old" / "b.ndjson.gz", [VALID], compress=True)
    (tmp_path / "logs" / "notes.txt").write_text("x", encoding="utf-8")
    result = bc("--no-config", "-f", "json", str(tmp_path / "logs"))
    assert [Path(d["source"]).name for d in result.documents] == ["a.jsonl:1", "b.ndjson.gz:1"]


def test_no_such_log(bc, tmp_path: Path) -> None:
    result = bc("--no-config", "-f", "json", str(tmp_path / "missing.jsonl"))
    assert result.code == 2
    assert result.documents[0]["inputError"]["message"] == "no such file"


@pytest.mark.parametrize("fmt", ["rich", "text", "github", "junit", "sarif"])
def test_every_format_reports_lines(bc, tmp_path: Path, fmt: str) -> None:
    log = write_jsonl(tmp_path / "day.jsonl", [VALID, '{"status": 1, "results": []}'])
    result = bc("--no-config", "-f", fmt, str(log))
    assert result.code == 1
    assert "day.jsonl" in result.stdout
    no_traceback(result)


def test_a_cut_off_gzip_log_says_so_after_the_lines_it_holds(bc, tmp_path: Path) -> None:
    lines = [json.dumps({"status": "COMPLETE", "results": [], "n": n}) for n in range(20000)]
    data = gzip.compress("\n".join(lines).encode())
    log = tmp_path / "day.jsonl.gz"
    log.write_bytes(data[: len(data) // 2])
    result = bc("--no-config", "-f", "json", str(log))
    *lines, last = result.documents
    assert lines and all(d["verdict"] == "valid" for d in lines)
    assert last["inputError"]["message"] == "the gzip data ends early (truncated?)"
    assert result.code == 2


def test_github_annotations_land_on_the_log_file(bc, tmp_path: Path) -> None:
    log = write_jsonl(tmp_path / "day.jsonl", [VALID, '{"status": 1, "results": []}'])
    result = bc("--no-config", "-f", "github", str(log))
    assert (
        f"::error file={log},line=2,col=12,title=batchcheck%3A type::status: expected string" in result.stdout
    )


def test_the_rich_report_places_lines_in_the_file(bc, tmp_path: Path) -> None:
    log = write_jsonl(tmp_path / "day.jsonl", [VALID, VALID, '{"status": 1, "results": []}'])
    result = bc("--no-config", "--color", "never", str(log))
    assert f"{log}:3:12  status  enum" in result.stdout
    assert "    3 │ {" in result.stdout  # the excerpt numbered by the file's line
    assert f"{log}:1  valid" not in result.stdout  # compact: a capture holds many documents
