"""HAR captures: every JSON entry a document named by its request and status, checked against its
operation's schema with --openapi; base64 and compressed bodies, non-JSON entries skipped and
counted, a cut-off capture naming the entry; positions in the decoded body, the entry's own place
in the HAR beside them."""

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
    entry,
    write_har,
)
from support.contract import assert_fits_the_contract
from support.output import no_traceback

NAME = f"POST {BATCH_READ} → 207"


def capture(tmp_path: Path) -> Path:
    """Six entries: JSON text, HTML, a broken body in base64, a PNG, a gzip body, a 204."""
    return write_har(
        tmp_path / "capture.har",
        [
            entry("POST", BASE + BATCH_READ, 207, batch_read_207()),
            entry("GET", BASE + "/", 200, "<html></html>", mime="text/html"),
            entry("post", BASE + BATCH_READ + "?x=1", 207, broken_batch_read_207().encode()),
            entry("GET", BASE + "/logo.png", 200, b"\x89PNG....", mime="image/png"),
            entry(
                "POST",
                BASE + BATCH_READ,
                207,
                gzip.compress(batch_read_207().encode()),
                headers={"content-encoding": "gzip"},
            ),
            entry("DELETE", BASE + "/crm/v4/objects/contacts/1/associations/companies/2", 204, None),
        ],
    )


def test_each_json_entry_is_a_document_checked_against_its_operation(bc, tmp_path: Path) -> None:
    har = capture(tmp_path)
    result = bc("--no-config", "--openapi", str(SPEC), "-f", "json", str(har))
    *batches, deleted = result.documents
    sources = [d["source"] for d in batches]
    assert sources == [f"{har}#1 {NAME}", f"{har}#3 {NAME}", f"{har}#5 {NAME}"]
    assert [d["detection"] for d in batches] == ["operation"] * 3
    assert {d["schema"] for d in batches} == {SCHEMA_207}
    assert {d["schemaRef"]["operation"] for d in batches} == {OPERATION}
    assert [d["valid"] for d in batches] == [True, False, True]
    assert deleted["source"] == f"{har}#6 DELETE /crm/v4/objects/contacts/1/associations/companies/2 → 204"
    assert deleted["verdict"] == "no body"
    assert result.documents[1]["request"] == {"url": BASE + BATCH_READ + "?x=1", "method": "POST"}
    assert result.documents[0]["http"]["status"] == 207
    assert result.code == 1
    assert_fits_the_contract(result.stdout)


def test_non_json_entries_are_skipped_and_counted(bc, tmp_path: Path) -> None:
    result = bc("--no-config", "-f", "json", str(capture(tmp_path)))
    assert result.report["tally"]["skippedEntries"] == 2
    assert "2 entries skipped, not JSON (text/html 1, image/png 1)" in result.stderr
    text = bc("--no-config", "-f", "text", str(capture(tmp_path)))
    assert text.stdout.rstrip().endswith("; 2 capture entries skipped (not JSON)")
    checked = len(result.documents)
    assert text.stdout.splitlines()[-1].startswith(
        f"{checked} responses checked: "
    )  # one file, many responses


def test_a_capture_with_plain_files_counts_documents(bc, tmp_path: Path, examples_dir: Path) -> None:
    har = str(capture(tmp_path))
    text = bc("--no-config", "-f", "text", har, str(examples_dir / "portal-flags.valid.json"))
    assert text.stdout.splitlines()[-1].startswith(
        f"{len(bc('--no-config', '-f', 'json', har).documents) + 1} documents checked: "
    )


def test_without_a_spec_detection_decides(bc, tmp_path: Path) -> None:
    result = bc("--no-config", "-f", "json", str(capture(tmp_path)))
    batches = result.documents[:3]
    assert "operation" not in [d["detection"] for d in batches]
    assert all(d["schema"] for d in batches)


def test_positions_count_in_the_decoded_body_and_the_entry_is_located_in_the_har(bc, tmp_path: Path) -> None:
    har = capture(tmp_path)
    result = bc("--no-config", "--openapi", str(SPEC), "-f", "json", str(har))
    broken = result.documents[1]
    error = broken["errors"][0]
    assert error["pointer"] == "/results/0/to/0/toObjectId"
    body = broken_batch_read_207()  # one line: the column is the offset in the decoded body
    assert error["line"] == 1 and body[error["column"] - 1 :].startswith("18839474952")
    origin = broken["origin"]
    assert (origin["file"], origin["entry"], origin["verbatim"]) == (str(har), 3, False)
    lines = har.read_text(encoding="utf-8").splitlines()
    assert lines[origin["line"] - 1][origin["column"] - 1 :] == "{"  # the third entry's opening brace
    before = "\n".join(lines[: origin["line"] - 1])
    assert before.count('"startedDateTime"') == 2


def test_gzip_bodies_are_inflated_with_a_warning(bc, tmp_path: Path) -> None:
    result = bc("--no-config", "-f", "json", str(capture(tmp_path)))
    warnings = [w["message"] for w in result.documents[2]["inputWarnings"]]
    assert any("gzip" in w for w in warnings)


def test_a_204_json_entry_has_no_body(bc, tmp_path: Path) -> None:
    har = write_har(tmp_path / "c.har", [entry("DELETE", BASE + "/x", 204, None)])
    result = bc("--no-config", "-f", "json", str(har))
    assert [d["verdict"] for d in result.documents] == ["no body"]
    assert result.code == 0


def test_a_truncated_capture_names_the_entry(bc, tmp_path: Path) -> None:
    har = capture(tmp_path)
    text = har.read_text(encoding="utf-8")
    cut = text.index('"startedDateTime"', text.index("logo.png"))  # inside entry 5
    har.write_text(text[:cut], encoding="utf-8")
    result = bc("--no-config", "-f", "json", str(har))
    *checked, last = result.documents
    assert [d["verdict"] for d in checked] == ["valid", "invalid"]
    assert last["source"] == f"{har}#5"
    assert last["inputError"]["message"] == "truncated capture: the file ends inside entry 5"
    assert last["inputError"]["line"] == text[:cut].count("\n") + 1 - 1  # the line the entry starts on
    assert result.code == 2
    no_traceback(result)


def test_invalid_json_inside_an_entry_is_located_in_the_har(bc, tmp_path: Path) -> None:
    har = capture(tmp_path)
    text = har.read_text(encoding="utf-8").replace('"time": 47', '"time": 47,,', 2)
    har.write_text(text, encoding="utf-8")
    result = bc("--no-config", "-f", "json", str(har))
    [only] = result.documents
    assert only["source"] == f"{har}#1"
    assert only["inputError"]["message"].startswith("invalid JSON in entry 1:")
    assert only["inputError"]["line"] == text[: text.index(",,")].count("\n") + 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"log": {"entries": {}}}', "not a HAR capture: log.entries is not an array"),
        ('{"other": 1}', "not a HAR capture: the file has no 'log' member"),
        ("[1]", "not a HAR capture: the file is not a JSON object"),
        ("", "not a HAR capture: empty file"),
        ('{"log": {"version": "1.2", "entr', "truncated capture: the file ends before log.entries"),
        ('{"log": {"entries": []}}', "no JSON response in the capture: it has no entries"),
    ],
)
def test_not_a_har(bc, tmp_path: Path, content: str, message: str) -> None:
    har = tmp_path / "x.har"
    har.write_text(content, encoding="utf-8")
    result = bc("--no-config", "-f", "json", str(har))
    assert result.documents[0]["inputError"]["message"] == message
    assert result.code == 2
    no_traceback(result)


def test_a_capture_without_json_is_an_input_error(bc, tmp_path: Path) -> None:
    har = write_har(tmp_path / "c.har", [entry("GET", BASE + "/", 200, "<p>", mime="text/html")])
    result = bc("--no-config", "-f", "json", str(har))
    message = result.documents[0]["inputError"]["message"]
    assert message == "no JSON response in the capture: 1 entries, none of them JSON (text/html 1)"
    assert result.code == 2


@pytest.mark.parametrize(
    ("body", "encoding", "message"),
    [
        (None, None, "the capture holds no body for this entry"),
        ("not base64!", "base64", "the body is not valid base64"),
        ("{", None, "invalid JSON: unexpected end of input (truncated?)"),
    ],
)
def test_bodies_that_cannot_be_read(bc, tmp_path: Path, body, encoding, message) -> None:
    item = entry("POST", BASE + BATCH_READ, 200, body)
    if encoding:
        item["response"]["content"]["encoding"] = encoding
    result = bc("--no-config", "-f", "json", str(write_har(tmp_path / "c.har", [item])))
    assert result.documents[0]["inputError"]["message"].startswith(message)
    assert result.code == 2


def test_a_minified_har_still_locates_entries(bc, tmp_path: Path) -> None:
    har = write_har(
        tmp_path / "c.har", [entry("POST", BASE + BATCH_READ, 207, batch_read_207())] * 2, indent=None
    )
    result = bc("--no-config", "-f", "json", str(har))
    starts = [d["origin"]["column"] for d in result.documents]
    text = har.read_text(encoding="utf-8")
    assert [text[c - 1] for c in starts] == ["{", "{"] and starts[0] < starts[1]


@pytest.mark.parametrize("fmt", ["rich", "text", "github", "junit", "sarif"])
def test_every_format_reports_entries(bc, tmp_path: Path, fmt: str) -> None:
    result = bc("--no-config", "--openapi", str(SPEC), "-f", fmt, str(capture(tmp_path)))
    assert result.code == 1
    assert "capture.har" in result.stdout
    no_traceback(result)


def test_json_with_headers_from_the_entry(bc, tmp_path: Path) -> None:
    """A body sent as problem+json is JSON too."""
    har = write_har(
        tmp_path / "c.har",
        [entry("GET", BASE + "/x", 404, json.dumps({"status": "error"}), mime="application/problem+json")],
    )
    result = bc("--no-config", "-f", "json", str(har))
    assert result.documents[0]["source"] == f"{har}#1 GET /x → 404"


def test_github_annotations_land_on_the_entry(bc, tmp_path: Path) -> None:
    har = write_har(tmp_path / "c.har", [entry("POST", BASE + BATCH_READ, 207, broken_batch_read_207())])
    result = bc("--no-config", "--openapi", str(SPEC), "-f", "github", str(har))
    line = har.read_text(encoding="utf-8").splitlines().index("      {") + 1  # the first entry's brace
    column = broken_batch_read_207().index("18839474952") + 1
    expected = (
        f"::error file={har},line={line},col=7,title=batchcheck%3A type::{har}#1 {NAME} at 1:{column}: "
    )
    assert expected in result.stdout


def test_a_har_over_the_cap_is_not_read(bc, tmp_path: Path, monkeypatch) -> None:
    import batchcheck.read.har as har_reader

    monkeypatch.setattr(har_reader, "MAX_HAR_BYTES", 1 << 20)
    big = write_har(tmp_path / "big.har", [entry("POST", BASE + BATCH_READ, 207, "x" * (2 << 20))])
    result = bc("--no-config", "-f", "json", str(big))
    assert result.documents[0]["inputError"]["message"] == "HAR file larger than 1 MiB; not read"
    assert result.code == 2
