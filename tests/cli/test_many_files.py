"""Many files in the default report: only the documents with something to say, then the failing
ones with their first error, then the tally; each file once; and --fail-on-partial saying why it
exits 3 in every format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from support.contract import assert_fits_the_contract
from support.paths import INVALID, PARTIAL, VALID


def failing(lines: list[str]) -> list[str]:
    """The entries of the closing `failing (N):` list, each as one line (a long one wraps after
    its `SOURCE:LINE:COL`, the rest indented)."""
    start = next(i for i, line in enumerate(lines) if line.startswith("failing ("))
    entries: list[str] = []
    for line in lines[start + 1 : -1]:
        if line.startswith("    "):
            entries[-1] += "  " + line.strip()
        else:
            entries.append(line.strip())
    return entries


@pytest.fixture
def three(examples_dir):
    return [examples_dir / name for name in (VALID, PARTIAL, INVALID)]


def test_only_what_matters_then_the_failing_files(bc, three):
    valid, partial, invalid = three
    result = bc(*three)
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert not [line for line in lines if str(valid) in line]
    header = lines.index(f"✔ {partial}  valid  BatchPortalFlagStateResponseWithErrors (matched)")
    assert lines[header + 1] == "  batch COMPLETE: 3 succeeded, 2 failed (VALIDATION_ERROR 2), took 416 ms"
    assert "failing (1):" in lines
    assert failing(lines) == [
        f'{invalid}:5:15  results[1].appId: expected integer, found string "12345678" [type]'
    ]
    assert lines[-1] == "3 files checked: 2 valid, 1 invalid, 0 unreadable; 1 batch with failed items"
    verbose = bc("-v", *three).stdout
    assert str(valid) in verbose and "failing (1):" in verbose


def test_an_unreadable_file_is_listed_with_its_place(bc, tmp_path, three):
    broken = tmp_path / "broken.json"
    broken.write_text('{"status": "COMPLETE",\n  "results": [1,,2]\n}\n')
    lines = bc(*three, broken).stdout.splitlines()
    assert "failing (2):" in lines
    assert failing(lines)[1] == f"{broken}:2:17  unreadable: invalid JSON: Expecting value"


def test_the_same_file_named_twice_is_checked_once(bc, examples_dir):
    path = examples_dir / INVALID
    result = bc("-f", "json", examples_dir, path, f"{examples_dir}/./{INVALID}")
    sources = [d["source"] for d in result.documents]
    assert sources.count(str(path)) == 1
    assert len(sources) == len(list(examples_dir.glob("*.json")))


@pytest.mark.parametrize("fmt", ["rich", "text", "json", "github", "junit"])
def test_fail_on_partial_says_why_in_every_format(bc, three, fmt):
    valid, partial, _ = three
    result = bc("--fail-on-partial", "-f", fmt, valid, partial)
    assert result.code == 3
    reason = "2 of 5 items failed (VALIDATION_ERROR 2); --fail-on-partial exits 3"
    out = result.stdout
    if fmt == "rich":
        assert failing(out.splitlines()) == [f"{partial}  {reason}"]
    elif fmt == "text":
        assert f"{partial}: {reason} [partial]" in out.splitlines()
    elif fmt == "json":
        documents = assert_fits_the_contract(out)["documents"]
        assert [(d["source"], d["exitCode"]) for d in documents] == [(str(valid), 0), (str(partial), 3)]
        assert documents[1]["summary"]["categories"] == {"VALIDATION_ERROR": 2}
    elif fmt == "github":
        assert f"::error file={partial},title=batchcheck%3A --fail-on-partial::{reason}" in out.splitlines()
    else:
        suite = ET.fromstring(out.split("\n", 1)[1])[0]
        assert suite.get("failures") == "1"
        [failure] = [case.find("failure") for case in suite if case.get("name") == str(partial)]
        assert (failure.get("type"), failure.get("message")) == ("partial", reason)


def test_without_fail_on_partial_nothing_fails(bc, three):
    valid, partial, _ = three
    for fmt in ("text", "github"):
        assert "--fail-on-partial" not in bc("-f", fmt, valid, partial).stdout


def test_github_carries_the_http_status_and_the_batch_line_as_text_does(bc, examples_dir):
    http = (examples_dir / "associations.partial.207.http").read_bytes()
    github = bc("-f", "github", stdin=http).stdout.splitlines()
    text = bc("-f", "text", stdin=http).stdout.splitlines()
    summary = (
        "valid, BatchAssociationResponse (matched); HTTP 207 Multi-Status; batch COMPLETE: 1 succeeded, "
        "2 failed (OBJECT_NOT_FOUND 1, VALIDATION_ERROR 1), took 416 ms"
    )
    assert f"checked <stdin>: {summary}" in github
    assert f"<stdin>: {summary}" in text


def test_json_groups_every_error_with_exact_counts(bc, tmp_path):
    items = [{"appId": 1, "flagName": "f", "portalId": i, "flagState": "ON"} for i in range(300)]
    for index in range(7, 300, 50):
        items[index]["flagState"] = "MAYBE"
    items[8]["flagState"] = "on"
    path = tmp_path / "batch.json"
    path.write_text(json.dumps({"status": "COMPLETE", "results": items}, indent=1))
    result = bc("-f", "json", "--max-errors", "2", path)
    document = assert_fits_the_contract(result.stdout)["documents"][0]
    assert (document["errorCount"], len(document["errors"]), document["groupCount"]) == (7, 2, 1)
    [group] = document["groups"]
    assert group["path"] == "results[*].flagState" and group["pointer"] == "/results/*/flagState"
    assert (group["keyword"], group["count"]) == ("enum", 7)
    assert group["examples"] == ["/results/7/flagState", "/results/8/flagState", "/results/57/flagState"]
    assert group["first"]["pointer"] == "/results/7/flagState" and group["first"]["line"] > 1
    assert group["message"] == (
        'expected one of "ON", "OFF" or "ABSENT"; found string "MAYBE" \u00d76 or "on" \u00d71'
    )
