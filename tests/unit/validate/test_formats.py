"""Format checks: date-time, int64 and int32 ranges, and what counts as a format."""

from __future__ import annotations

import json

import pytest
from support.checking import (
    PORTAL_FLAGS,
    check,
    flags_batch,
    flags_result,
)

from batchcheck.checker import Checker, CheckOptions
from batchcheck.models import Verdict
from batchcheck.schemas.meta import DRAFT_2020_12


def test_bad_date_time_fails_with_format_checks_and_passes_without():
    body = flags_batch(flags_result()) | {"startedAt": "2025-03-15 14:30"}
    checked = check(Checker(CheckOptions()), body)
    assert checked.detection.verdict is Verdict.CLOSEST
    assert [(e.pointer, e.keyword) for e in checked.errors] == [("/startedAt", "format")]
    assert "date-time" in checked.errors[0].message
    unchecked = check(Checker(CheckOptions(formats=False)), body)
    assert (unchecked.detection.verdict, unchecked.detection.schema) == (Verdict.MATCHED, PORTAL_FLAGS)
    assert unchecked.valid is True


@pytest.mark.parametrize(
    ("value", "fits"),
    [(2**63 - 1, True), (-(2**63), True), (0, True), (2**63, False), (-(2**63) - 1, False), (2**64, False)],
)
def test_int64_range(checker, value, fits):
    report = check(checker, flags_batch(flags_result(appId=value)))
    assert report.detection.schema == PORTAL_FLAGS
    assert report.valid is fits
    if not fits:
        assert [(e.pointer, e.keyword) for e in report.errors] == [("/results/0/appId", "format")]
        assert "int64" in report.errors[0].message


def test_int64_range_is_not_checked_without_format_checks():
    report = check(Checker(CheckOptions(formats=False)), flags_batch(flags_result(appId=2**63)))
    assert report.detection.verdict is Verdict.MATCHED
    assert report.valid is True


@pytest.fixture
def int32_checker(tmp_path) -> Checker:
    schema = {
        "$schema": DRAFT_2020_12,
        "title": "Counter",
        "type": "object",
        "properties": {"n": {"type": "integer", "format": "int32"}, "m": {"format": "int32"}},
    }
    path = tmp_path / "counter.schema.json"
    path.write_text(json.dumps(schema))
    return Checker(CheckOptions(schema=str(path)))


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        (2**31 - 1, True),
        (-(2**31), True),
        (2**31, False),
        (-(2**31) - 1, False),
        (2**40, False),
    ],
)
def test_int32_range(int32_checker, value, fits):
    report = check(int32_checker, {"n": value})
    assert report.detection.verdict is Verdict.FORCED
    assert report.valid is fits
    if not fits:
        assert [(e.pointer, e.keyword) for e in report.errors] == [("/n", "format")]
        assert "int32" in report.errors[0].message


@pytest.mark.parametrize(
    ("value", "fits"),
    [("99999999999", True), (True, True), (1.5, True), (2147483648.0, False), (2147483647.0, True)],
    ids=repr,
)
def test_int32_applies_to_integral_numbers_only(int32_checker, value, fits):
    assert check(int32_checker, {"m": value}).valid is fits


def test_formats_inside_data_keywords_are_not_formats():
    from batchcheck.validate.formats import unchecked_formats

    schema = {
        "properties": {
            "a": {"format": "duration"},
            "b": {"const": {"format": "csv"}, "examples": [{"format": "x"}], "default": {"format": "y"}},
        }
    }
    assert unchecked_formats(schema) == ["duration"]
