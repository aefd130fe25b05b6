"""Shared wording of verdicts, batch summaries and the closing tally (plain, unescaped)."""

from __future__ import annotations

from itertools import islice
from typing import Literal

from batchcheck.explain.wording import preview
from batchcheck.models import BatchSummary, DocumentReport, ErrorSample, Verdict


def _plural(n: int, noun: str, nouns: str | None = None) -> str:
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


def schema_phrase(report: DocumentReport) -> str:
    """`BatchX (matched)`, `BatchX (ambiguous; also BatchY)`, `no schema matched`."""
    detection = report.detection
    if detection is None:
        return "not checked"
    if detection.schema is None:
        return f"no schema matched (tried {len(detection.candidates)})"
    text = f"{detection.schema} ({detection.verdict.value}"
    if detection.alternatives:
        label = "also valid" if detection.verdict is Verdict.AMBIGUOUS else "also close"
        text += f"; {label}: {', '.join(detection.alternatives)}"
    return text + ")"


def explains_rejections(report: DocumentReport) -> bool:
    """List why each schema rejected it: when none matched, unless it is an API error body."""
    return report.detection is not None and report.detection.schema is None and report.api_error is None


VerdictWord = Literal["valid", "invalid", "unreadable"]


def verdict_word(report: DocumentReport) -> VerdictWord:
    if report.input_error is not None:
        return "unreadable"
    return "valid" if report.valid else "invalid"


def verdict_text(report: DocumentReport) -> str:
    """`invalid: 3 errors (100 shown)`, `valid`, `unreadable`."""
    text: str = verdict_word(report)
    if report.input_error is None and report.error_count:
        text += f": {_plural(report.error_count, 'error')}"
        if len(report.errors) < report.error_count:
            text += f" ({len(report.errors)} shown)"
    return text


def verdict_line(report: DocumentReport) -> str:
    """`invalid: 3 errors, BatchX (closest)`."""
    if report.input_error is not None:
        return verdict_text(report)
    return f"{verdict_text(report)}, {schema_phrase(report)}"


def batch_line(summary: BatchSummary, categories: bool = True) -> str:
    """`batch COMPLETE: 3 succeeded, 2 failed (VALIDATION_ERROR 2), took 416 ms`."""
    status = summary.status if isinstance(summary.status, str) else preview(summary.status)
    text = f"batch {status}: {summary.succeeded} succeeded, {summary.failed} failed"
    if categories and summary.categories:
        text += f" ({counted(summary.categories)})"
    if summary.duration_ms is not None:
        text += f", took {format_duration(summary.duration_ms)}"
    return text


CATEGORIES_SHOWN = 10  # categories (and sub-categories) named; the rest counted


def counted(counts: dict[str, int], shown: int = CATEGORIES_SHOWN) -> str:
    """`VALIDATION_ERROR 2, RATE_LIMIT 1`: the first `shown` (the most frequent), then `… and N
    more`, so a batch with 50,000 distinct categories still takes one line."""
    text = ", ".join(f"{name} {n}" for name, n in islice(counts.items(), shown))
    return text + (f", … and {len(counts) - shown:,} more" if len(counts) > shown else "")


def api_error_line(error: ErrorSample) -> str:
    """`API error INVALID_AUTHENTICATION: credentials not found (correlationId 4a5b)`."""
    extras = [f"ids {', '.join(error.ids)}"] if error.ids else []
    extras += [f"correlationId {error.correlation_id}"] if error.correlation_id else []
    return f"API error {error.category}: {error.message}" + (f" ({'; '.join(extras)})" if extras else "")


def format_duration(ms: int) -> str:
    """`416 ms`, `2.5 s`, `3 min 4 s`, `2 h 5 min`, `-1.0 s`."""
    sign, ms = ("-" if ms < 0 else ""), abs(ms)
    if ms < 1000:
        return f"{sign}{ms} ms"
    if ms < 60_000:
        return f"{sign}{ms / 1000:.1f} s"
    minutes, seconds = divmod(ms // 1000, 60)
    if minutes < 60:
        return f"{sign}{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours} h {minutes} min"


def tally_counts(reports: list[DocumentReport]) -> dict[str, int]:
    """Files checked, valid, invalid, unreadable, and batches that report failed items."""
    counts = {"files": len(reports), "valid": 0, "invalid": 0, "unreadable": 0}
    for report in reports:
        counts[verdict_word(report)] += 1
    counts["batchesWithFailedItems"] = sum(1 for r in reports if r.summary and r.summary.failed)
    return counts


def tally(reports: list[DocumentReport]) -> str:
    """`3 files checked: 1 valid, 1 invalid, 1 unreadable; 1 batch with failed items` (every field)."""
    counts = tally_counts(reports)
    partial = _plural(counts["batchesWithFailedItems"], "batch", "batches")
    return (
        f"{_plural(counts['files'], 'file')} checked: {counts['valid']} valid, {counts['invalid']} invalid, "
        f"{counts['unreadable']} unreadable; {partial} with failed items"
    )
