"""Hostile strings from a response, byte for byte, in every output format (rich, text, json, github, junit).

tests/test_injection.py checks that nothing hostile gets through; here the exact bytes each
format writes for the same hostile batch are pinned down: escapes where a person reads the
output (rich, text), JSON escapes that round-trip in --format json.
"""

from __future__ import annotations

import json

import pytest

FLAG_STATE = "ON\u001b[31mRED\u202e[bold]x[/]\u0007"  # SGR, bidi override, rich markup, BEL
CATEGORY = "[link=http://evil]c[/link]\u001b]8;;http://evil\u0007"  # rich link markup, OSC 8
MESSAGE = "m\r\n\u0000\u2028\u200b\ud800"  # CR LF, NUL, line separator, zero width, lone surrogate
ID = "i\u001b[2J"  # clear screen

HOSTILE = {
    "status": "COMPLETE",
    "results": [{"appId": 1, "flagName": "[bold]f[/bold]", "portalId": 2, "flagState": FLAG_STATE}],
    "errors": [{"status": "error", "category": CATEGORY, "message": MESSAGE, "context": {"ids": [ID]}}],
}

# What people see: every hostile character as a backslash escape, markup as plain text.
SEEN_FLAG_STATE = r'"ON\u001b[31mRED\u202e[bold]x[/]\u0007"'
SEEN_CATEGORY = r"[link=http://evil]c[/link]\u001b]8;;http://evil\u0007"
SEEN_SAMPLE = SEEN_CATEGORY + r"  m\r\n\u0000\u2028\u200b\ud800  ids i\u001b[2J"


@pytest.fixture
def hostile_file(tmp_path, monkeypatch):
    """hostile.json in the working directory (the reports name it by its relative path)."""
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(HOSTILE, ensure_ascii=True), encoding="ascii")
    monkeypatch.chdir(tmp_path)
    return path


def _stdout(bc, fmt: str, path) -> bytes:
    result = bc("--format", fmt, path.name)
    assert result.code == 1
    assert result.stderr == ""
    return result.stdout_bytes


def test_text_bytes(bc, hostile_file):
    expected = (
        'hostile.json:1:107: results[0].flagState: expected one of "ON", "OFF" or "ABSENT"; '
        f"found string {SEEN_FLAG_STATE} [enum]\n"
        "hostile.json: invalid: 1 error, BatchPortalFlagStateResponseWithErrors (closest); "
        f"batch COMPLETE: 1 succeeded, 1 failed ({SEEN_CATEGORY} 1)\n"
        "1 file checked: 0 valid, 1 invalid, 0 unreadable; 1 batch with failed items\n"
    )
    assert _stdout(bc, "text", hostile_file) == expected.encode()


def test_rich_bytes(bc, hostile_file):
    out = _stdout(bc, "rich", hostile_file)
    lines = [line.rstrip(b" ") for line in out.split(b"\n")]
    bar = "\u2502".encode()
    expected_lines = [
        "\u2718 hostile.json  invalid: 1 error  BatchPortalFlagStateResponseWithErrors (closest)".encode(),
        b"  hostile.json:1:107  results[0].flagState  enum",
        b'    expected one of "ON", "OFF" or "ABSENT"; found string ' + SEEN_FLAG_STATE.encode(),
        b"  " + bar + b"   " + SEEN_CATEGORY.encode() + b"  1" + b" " * 47 + bar,
        b"  " + bar + b"   " + SEEN_SAMPLE.encode() + b" " * 3 + bar,
    ]
    for expected in expected_lines:
        assert expected in lines, f"{expected!r} not in {out.decode()}"


def test_json_bytes(bc, hostile_file):
    out = _stdout(bc, "json", hostile_file)
    assert max(out) < 0x80  # ASCII only: \u escapes for everything else
    expected_lines = [
        rb'          "message": "expected one of \"ON\", \"OFF\" or \"ABSENT\"; found string '
        rb'\"ON\\u001b[31mRED\u202e[bold]x[/]\\u0007\"",',
        rb'            "category": "[link=http://evil]c[/link]\u001b]8;;http://evil\u0007",',
        rb'            "message": "m\r\n\u0000\u2028\u200b\ud800",',
        rb'              "i\u001b[2J"',
    ]
    lines = out.split(b"\n")
    for expected in expected_lines:
        assert expected in lines, f"{expected!r} not in {out.decode()}"
    sample = json.loads(out)["documents"][0]["summary"]["samples"][0]
    assert sample == {"category": CATEGORY, "message": MESSAGE, "ids": [ID]}  # round-trips exactly


def test_github_bytes(bc, hostile_file):
    expected = (
        "::error file=hostile.json,line=1,col=107,title=batchcheck%3A enum::results[0].flagState: "
        f'expected one of "ON", "OFF" or "ABSENT"; found string {SEEN_FLAG_STATE}\n'
        "::warning file=hostile.json,title=batchcheck%3A failed items::batch COMPLETE: 1 succeeded, "
        f"1 failed ({SEEN_CATEGORY} 1)\n"
        "checked hostile.json: invalid: 1 error, BatchPortalFlagStateResponseWithErrors (closest); "
        f"batch COMPLETE: 1 succeeded, 1 failed ({SEEN_CATEGORY} 1)\n"
        "1 file checked: 0 valid, 1 invalid, 0 unreadable; 1 batch with failed items\n"
    )
    assert _stdout(bc, "github", hostile_file) == expected.encode()


def test_junit_bytes(bc, hostile_file):
    out = _stdout(bc, "junit", hostile_file)
    assert max(out) < 0x80
    expected_lines = [
        '      <failure message="invalid: 1 error, BatchPortalFlagStateResponseWithErrors (closest)" '
        'type="invalid">hostile.json:1:107: results[0].flagState: expected one of "ON", "OFF" or "ABSENT"; '
        f"found string {SEEN_FLAG_STATE} [enum]</failure>",
        f"      <system-out>batch COMPLETE: 1 succeeded, 1 failed ({SEEN_CATEGORY} 1)</system-out>",
    ]
    lines = out.decode("ascii").split("\n")
    for expected in expected_lines:
        assert expected in lines, f"{expected!r} not in {out.decode()}"


def test_sarif_bytes(bc, hostile_file):
    out = _stdout(bc, "sarif", hostile_file)
    assert max(out) < 0x80  # ASCII only
    [result] = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "enum"]
    assert result["message"]["text"].endswith(f"found string {json.dumps(FLAG_STATE, ensure_ascii=False)}")


def test_capture_names_are_escaped(bc, tmp_path):
    """A HAR entry's URL is untrusted: its path in a document's name is escaped like any text."""
    from support.captures import entry, write_har

    url = "https://x.test/a\x1b[31mRED\u202e/\x07b"
    har = write_har(tmp_path / "c.har", [entry("GET", url, 200, '{"status": 1, "results": []}')])
    for fmt in ("rich", "text", "github", "junit"):
        out = bc("--no-config", "--format", fmt, str(har)).stdout_bytes
        assert b"\x1b" not in out and b"\x07" not in out and "\u202e".encode() not in out, fmt
        assert b"a\\u001b[31mRED\\u202e/\\u0007b" in out, fmt
