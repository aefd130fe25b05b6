"""Wording shared by the text and rich reports."""

from __future__ import annotations

import pytest

from batchcheck.jsontext.positions import Position
from batchcheck.models import BatchSummary, Detection, DocumentReport, InputError, Verdict, Violation
from batchcheck.output.describe import batch_line, format_duration, tally, tally_counts, verdict_line


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "0 ms"),
        (416, "416 ms"),
        (2500, "2.5 s"),
        (184_000, "3 min 4 s"),
        (7_500_000, "2 h 5 min"),
        (-1000, "-1.0 s"),
        (-184_000, "-3 min 4 s"),
    ],
)
def test_format_duration(ms: int, text: str) -> None:
    assert format_duration(ms) == text


def _report(valid: bool | None, errors: int = 0, shown: int = 0, failed: int = 0) -> DocumentReport:
    violation = Violation("/a", "a", "type", "expected string, found integer 1", Position(1, 2))
    return DocumentReport(
        source="x.json",
        input_error=InputError("empty input") if valid is None else None,
        detection=None if valid is None else Detection(Verdict.CLOSEST, "S", ("T",)),
        valid=valid,
        errors=[violation] * shown,
        error_count=errors,
        summary=BatchSummary("COMPLETE", 1, failed) if failed else None,
    )


def test_verdict_line_counts_hidden_errors_and_names_alternatives() -> None:
    assert verdict_line(_report(False, errors=3, shown=1)) == (
        "invalid: 3 errors (1 shown), S (closest; also close: T)"
    )
    assert verdict_line(_report(None)) == "unreadable"


def test_tally_counts_each_verdict_and_partial_batches() -> None:
    reports = [_report(True, failed=2), _report(True, failed=1), _report(False, 1, 1), _report(None)]
    assert tally(reports) == "4 files checked: 2 valid, 1 invalid, 1 unreadable; 2 batches with failed items"
    assert (
        tally([_report(True)])
        == "1 file checked: 1 valid, 0 invalid, 0 unreadable; 0 batches with failed items"
    )
    assert tally([_report(True, failed=1)]).endswith("; 1 batch with failed items")


def test_tally_counts_match_the_line() -> None:
    reports = [_report(True, failed=2), _report(False, 1, 1), _report(None), _report(None)]
    assert tally_counts(reports) == {
        "files": 4, "valid": 1, "invalid": 1, "unreadable": 2, "noBody": 0, "batchesWithFailedItems": 1,
    }  # fmt: skip
    assert set(tally_counts([]).values()) == {0}


def test_batch_line() -> None:
    summary = BatchSummary("PENDING", 3, 2, categories={"A": 1, "B": 1}, duration_ms=1500)
    assert batch_line(summary) == "batch PENDING: 3 succeeded, 2 failed (A 1, B 1), took 1.5 s"
