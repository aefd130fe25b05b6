"""Odd inputs, odd environments and realistic drift, through the installed CLI."""

from __future__ import annotations

import json

import pytest
from support.documents import broken_flag_batch, flag_items


def _json(result) -> dict:
    """The report (result.report refuses NaN and Infinity, which are not JSON)."""
    assert "Traceback" not in result.stderr
    return result.report


def _doc(bc, body: str | bytes, *args: str) -> dict:
    raw = body.encode() if isinstance(body, str) else body
    return _json(bc("--format", "json", *args, stdin=raw))["documents"][0]


# --- where the report goes -----------------------------------------------------------------


# --- input errors with a clear reason ------------------------------------------------------


CUT = "(truncated?)"


@pytest.mark.parametrize(
    ("body", "message", "line", "column"),
    [
        ('{"a":\n  -1e999}', "number -1e999 is out of range for a 64-bit float", 2, 3),
        ('{"status": "COMPLETE", "results": [', "invalid JSON: unexpected end of input (truncated?)", 1, 36),
        ("upstream connect error or reset", "not JSON: starts with 'upstream connect error or rese…'", 1, 1),
        ("HTTP/1.1 502 Bad Gateway\r\n\r\nupstream error", "not JSON: starts with 'upstream error'", 3, 1),
        ('{"status": "COMPLETE", "res', f"invalid JSON: a string runs to the end of input {CUT}", 1, 24),
        ("[1e" + "9" * 3000 + "]", f"number 1e{'9' * 28}… is out of range for a 64-bit float", 1, 2),
    ],
)  # fmt: skip
def test_input_error_wording(bc, body, message, line, column):
    doc = _doc(bc, body)
    assert doc["inputError"] == {"message": message, "line": line, "column": column}
    assert doc["valid"] is None


def test_bom_after_curl_headers_is_accepted(bc, examples_dir):
    body = (examples_dir / "portal-flags.valid.json").read_bytes()
    doc = _doc(bc, b"HTTP/1.1 200 OK\r\n\r\n\xef\xbb\xbf" + body)
    assert (doc["valid"], doc["http"]["status"]) == (True, 200)


def test_empty_name_and_second_dash(bc, examples_dir):
    stdin = (examples_dir / "portal-flags.valid.json").read_bytes()
    result = bc("--format", "json", "", "-", "-", stdin=stdin)
    docs = _json(result)["documents"]
    assert [d["inputError"] and d["inputError"]["message"] for d in docs] == [
        "empty file name",
        None,
        "standard input was already read ('-' given twice)",
    ]
    assert result.code == 2


# --- schemas that cannot be used ------------------------------------------------------------


def test_unresolvable_ref_is_a_usage_error(bc, tmp_path, examples_dir):
    schema = tmp_path / "ref.json"
    schema.write_text('{"$ref": "#/$defs/nope"}')
    result = bc("-s", str(schema), examples_dir / "portal-flags.valid.json")
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"batchcheck: error: {schema}: cannot resolve $ref #/$defs/nope"


def test_formats_without_a_checker_are_named(bc, tmp_path, examples_dir):
    schema = tmp_path / "f.json"
    schema.write_text('{"properties": {"a": {"format": "duration"}, "b": {"format": "hubspot-id"}}}')
    result = bc("-s", str(schema), examples_dir / "portal-flags.valid.json")
    assert result.code == 0
    unchecked = "is not checked (batchcheck has no checker for it)"
    assert result.stderr.splitlines() == [
        f"batchcheck: warning: {schema}: format 'duration' {unchecked}",
        f"batchcheck: warning: {schema}: format 'hubspot-id' {unchecked}",
    ]
    quiet = bc("-s", str(schema), "--no-format-checks", examples_dir / "portal-flags.valid.json")
    assert quiet.stderr == ""


@pytest.mark.parametrize(
    ("fmt", "bad", "good"),
    [
        ("hostname", "not a host!", "api.hubapi.com"),
        ("uri", "no scheme here", "https://api.hubapi.com/crm/v4"),
        ("json-pointer", "results/0", "/results/0"),
    ],
)
def test_formats_from_the_extra_checkers_are_asserted(bc, tmp_path, fmt, bad, good):
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"properties": {"v": {"format": fmt}}}))
    bad_doc = _doc(bc, json.dumps({"v": bad}), "-s", str(schema))
    assert [(e["pointer"], e["keyword"]) for e in bad_doc["errors"]] == [("/v", "format")]
    assert _doc(bc, json.dumps({"v": good}), "-s", str(schema))["valid"] is True


# --- realistic drift -----------------------------------------------------------------------


@pytest.mark.parametrize("status", ["PROCESSING", "CANCELED"])
def test_flag_batch_with_a_status_the_schema_lacks_stays_a_flag_batch(bc, status):
    body = {"status": status, "results": flag_items(30)}
    doc = _doc(bc, json.dumps(body))
    assert (doc["schema"], doc["detection"]) == ("BatchPortalFlagStateResponseWithErrors", "closest")
    assert [(e["pointer"], e["keyword"]) for e in doc["errors"]] == [("/status", "enum")]
    assert any(status in w for w in doc["summary"]["warnings"])


def test_an_unknown_batch_matches_nothing(bc):
    results = [
        {"id": str(i), "properties": {"email": f"u{i}@example.test"}, "archived": False} for i in range(30)
    ]
    body = {
        "status": "COMPLETE",
        "results": results,
        "startedAt": "2025-03-15T14:30:00Z",
        "completedAt": "2025-03-15T14:30:01Z",
    }
    doc = _doc(bc, json.dumps(body))
    assert (doc["schema"], doc["detection"], doc["valid"]) == (None, "none", False)
    assert all(c["reason"] and c["score"] < 0.6 for c in doc["candidates"])
    assert doc["summary"]["succeeded"] == 30  # summarised all the same


def test_a_schema_that_describes_all_and_rejects_is_closest_never_valid(bc, examples_dir):
    """The score is the share of the document a schema describes, whatever its validity: the
    association schema describes every member of the invalid example and rejects it."""
    doc = _json(bc("--format", "json", examples_dir / "associations.invalid.json"))["documents"][0]
    assert (doc["detection"], doc["valid"]) == ("closest", False)
    best = doc["candidates"][0]
    assert (best["schema"], best["score"], best["undeclared"], best["valid"]) == (
        doc["schema"],
        1.0,
        0,
        False,
    )
    for c in doc["candidates"]:
        if c["members"]:
            assert c["score"] == round(1 - c["undeclared"] / c["members"], 3)


def test_api_error_body(bc):
    body = (
        "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\r\n"
        '{"status":"error","message":"Authentication credentials not found.",'
        '"correlationId":"4a5b-77","category":"INVALID_AUTHENTICATION"}'
    )
    doc = _doc(bc, body)
    assert doc["apiError"] == {
        "category": "INVALID_AUTHENTICATION",
        "message": "Authentication credentials not found.",
        "ids": [],
        "correlationId": "4a5b-77",
    }
    text = bc("--format", "text", stdin=body.encode()).stdout
    assert "API error INVALID_AUTHENTICATION: Authentication credentials not found." in text
    assert "[detect]" not in text  # no schema-by-schema rejection for an error body
    assert "HTTP 401 Unauthorized" in text


# --- wording of keywords python-jsonschema words differently ---------------------------------


def test_combinator_and_name_keywords_are_worded(bc, tmp_path, examples_dir):
    schema = tmp_path / "comb.json"
    schema.write_text(
        json.dumps(
            {
                "properties": {"status": {"anyOf": [{"type": "integer"}, {"type": "boolean"}]}},
                "propertyNames": {"maxLength": 6},
                "dependentRequired": {"status": ["zzz"]},
            }
        )
    )
    doc = _json(bc("--format", "json", "-s", str(schema), examples_dir / "portal-flags.valid.json"))
    messages = {e["message"] for e in doc["documents"][0]["errors"]}
    assert 'expected at most 6 characters, found 7 ("results")' in messages
    assert 'missing dependent properties: "status" requires "zzz"' in messages
    assert (
        'expected a value matching at least one of 2 alternatives (anyOf); found string "COMPLETE"'
        in messages
    )


def test_rich_report_groups_many_errors_of_one_kind(bc, tmp_path):
    """600 items failing the same way: one entry, its exact count, its first place (clickable),
    where the others are; the text format keeps one line per error for the tools that read it."""
    path = broken_flag_batch(tmp_path, 600, flagState="MAYBE")
    out = bc("--max-errors", "0", path).stdout
    [entry] = [line.split() for line in out.splitlines() if "flagState" in line and "enum" in line]
    where, pattern, keyword, count = entry
    assert (pattern, keyword, count) == ("results[*].flagState", "enum", "\u00d7600")
    assert "invalid: 600 errors" in out
    assert "results[0].flagState, [1], [2] and 597 more" in out
    line, column = map(int, where.removeprefix(f"{path}:").split(":"))
    assert path.read_text().splitlines()[line - 1][column - 1 :].startswith('"MAYBE"')
    text = bc("-f", "text", "--max-errors", "0", path).stdout
    assert sum(1 for line in text.splitlines() if line.endswith("[enum]")) == 600


def test_user_schema_refs_are_resolved_before_any_output(bc, tmp_path, examples_dir):
    schema = tmp_path / "s.json"
    schema.write_text(
        json.dumps(
            {
                "$id": "https://example.test/root",
                "$defs": {"a": {"type": "string"}},
                "properties": {
                    "a": {"$ref": "#/$defs/a"},
                    "sub": {"$id": "sub/", "$defs": {"x": {}}, "$ref": "#/$defs/x"},  # its own base
                    "meta": {"$ref": "https://json-schema.org/draft/2020-12/schema"},
                    "data": {"const": {"$ref": "not a reference, a value"}},
                    "b": {"$ref": "#/$defs/missing"},
                },
            }
        )
    )
    valid = examples_dir / "portal-flags.valid.json"
    result = bc("--format", "json", "-s", str(schema), valid, valid)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.strip() == f"batchcheck: error: {schema}: cannot resolve $ref #/$defs/missing"


def test_numerrors_true_is_a_mismatch(bc):
    body = {"status": "COMPLETE", "results": [], "numErrors": True, "errors": [{}]}
    warnings = _doc(bc, json.dumps(body))["summary"]["warnings"]
    assert "numErrors is true but errors has 1 item" in warnings


@pytest.mark.parametrize(
    ("started", "completed"),
    [
        ("9999-12-31T23:59:59-00:01", "9999-12-31T23:59:59Z"),
        ("0001-01-01T00:00:00+23:59", "0001-01-02T00:00:00Z"),
    ],
)
def test_timestamps_at_the_ends_of_time(bc, started, completed):
    body = {"status": "COMPLETE", "results": [], "startedAt": started, "completedAt": completed}
    assert _doc(bc, json.dumps(body))["summary"]["durationMs"] is None


@pytest.mark.parametrize("fmt", ["rich", "text"])
def test_invisible_characters_are_escaped(bc, fmt):
    hidden = "\u2060\u2064\U000e0041\u00ad\u034f\ufe0f\u3164"
    body = json.dumps({"status": f"x{hidden}y", "results": []}, ensure_ascii=False).encode()
    out = bc("--format", fmt, stdin=body).stdout_bytes.decode()
    assert not any(char in out for char in hidden)
    assert "x\\u2060\\u2064\\U000e0041\\u00ad\\u034f\\ufe0f\\u3164y" in out
