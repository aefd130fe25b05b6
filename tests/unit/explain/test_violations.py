"""Reported errors: pointer, path, keyword, message and line:column, in document order."""

from __future__ import annotations

import json

import pytest
from support.checking import (
    PORTAL_FLAGS,
    check,
    example,
    flags_batch,
    flags_result,
    position_of,
)

from batchcheck.checker import Checker, CheckOptions
from batchcheck.schemas.meta import DRAFT_2020_12


def test_portal_flag_errors_carry_pointer_path_keyword_message_and_position(checker):
    text = example("portal-flags.invalid.json")
    report = check(checker, text)
    expected = [
        ("/results/1/appId", "results[1].appId", "type", '"12345678"', "expected integer"),
        ("/results/1/flagState", "results[1].flagState", "enum", '"MAYBE"', "MAYBE"),
        ("/results/2", "results[2]", "required", '{"appId": 12345678, "portalId"', "flagName"),
    ]
    assert report.error_count == len(expected)
    for error, (pointer, path, keyword, marker, words) in zip(report.errors, expected, strict=True):
        assert (error.pointer, error.path, error.keyword) == (pointer, path, keyword)
        assert words in error.message
        assert error.position == position_of(text, marker)


def test_association_errors_are_located_and_in_document_order(checker):
    text = example("associations.invalid.json")
    report = check(checker, text)
    expected = [
        ("/results/0/from/id", "results[0].from.id", "type", "37295"),
        ("/results/0/to/0/toObjectId", "results[0].to[0].toObjectId", "type", "5790939450"),
        ("/results/1/to/0", "results[1].to[0]", "required", '{"toObjectId": "5790939451"}'),
        ("/startedAt", "startedAt", "format", '"2025-03-15 14:30"'),
    ]
    actual = [(e.pointer, e.path, e.keyword, e.position) for e in report.errors]
    assert actual == [(p, path, k, position_of(text, marker)) for p, path, k, marker in expected]
    assert "associationTypes" in report.errors[2].message


def test_errors_are_sorted_in_document_order_not_schema_order(checker):
    # the schema lists appId before flagState; the document has them the other way round
    text = (
        '{"status": "COMPLETE", "results": [\n'
        '  {"flagState": "MAYBE", "flagName": "f", "portalId": 1, "appId": "1"},\n'
        '  {"portalId": "2", "flagState": "NO", "flagName": 3, "appId": 4}\n'
        "]}"
    )
    report = check(checker, text)
    assert report.detection.schema == PORTAL_FLAGS
    assert [e.pointer for e in report.errors] == [
        "/results/0/flagState",
        "/results/0/appId",
        "/results/1/portalId",
        "/results/1/flagState",
        "/results/1/flagName",
    ]
    positions = [e.position for e in report.errors]
    assert positions == sorted(positions)


def test_positions_after_http_headers_count_from_the_top(checker):
    original = example("associations.partial.207.http")
    text = original.replace('"toObjectId": "5790939450"', '"toObjectId": 57909')
    report = check(checker, text)
    assert report.http.status == 207
    assert [(e.pointer, *e.position) for e in report.errors] == [
        ("/results/0/to/0/toObjectId", *position_of(text, "57909,")),
    ]
    assert report.errors[0].position.line > 10


def test_keys_needing_quotes_in_path_and_escapes_in_pointer(tmp_path):
    schema = {"$schema": DRAFT_2020_12, "additionalProperties": {"type": "string"}}
    path = tmp_path / "strings.schema.json"
    path.write_text(json.dumps(schema))
    text = '{"ok": "x", "a/b~c": 1, "sp ace": 2}'
    report = check(Checker(CheckOptions(schema=str(path))), text)
    assert [(e.pointer, e.path, *e.position) for e in report.errors] == [
        ("/a~1b~0c", '["a/b~c"]', *position_of(text, "1,")),
        ("/sp ace", '["sp ace"]', *position_of(text, "2}")),
    ]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_max_errors_caps_errors_but_not_the_count(limit):
    text = example("associations.invalid.json")
    report = check(Checker(CheckOptions(max_errors=limit)), text)
    full = check(Checker(CheckOptions(max_errors=None)), text)
    assert full.error_count == len(full.errors) == 4
    assert report.error_count == 4
    assert report.errors == full.errors[:limit]


def test_many_errors_are_all_counted_and_located(checker):
    results = [flags_result(portalId=i, flagState="MAYBE" if i % 3 else "ON") for i in range(150)]
    text = json.dumps(flags_batch(*results), indent=1)
    report = check(checker, text)
    bad = [i for i in range(150) if i % 3]
    assert report.error_count == len(bad)
    assert len(report.errors) == 100  # the default max_errors
    assert [e.pointer for e in report.errors] == [f"/results/{i}/flagState" for i in bad[:100]]
    lines = text.split("\n")
    for error in report.errors:
        assert lines[error.position.line - 1][error.position.column - 1 :].startswith('"MAYBE"')
