"""Shared wording of verdicts, batch summaries and the closing tally (plain, unescaped)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Literal

from batchcheck.errors import ExitCode
from batchcheck.explain.wording import preview
from batchcheck.jsontext.pointers import readable_path
from batchcheck.jsontext.positions import Position, where
from batchcheck.models import BatchSummary, DocumentReport, ErrorGroup, ErrorSample, InputWarning, Verdict


def _plural(n: int, noun: str, nouns: str | None = None) -> str:
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


def schema_phrase(report: DocumentReport) -> str:
    """`BatchX (matched)`, `BatchX (ambiguous; also valid: BatchY and 2 more)`,
    `X (operation POST /x → 207)`, `no schema matched`."""
    detection = report.detection
    if detection is None:
        return "not checked"
    if detection.schema is None:
        return f"no schema matched (tried {len(detection.candidates)})"
    verdict = detection.verdict.value
    if detection.verdict is Verdict.OPERATION and detection.ref is not None and detection.ref.operation:
        verdict += f" {detection.ref.operation} → {detection.ref.status}"
    parts = [verdict]
    if detection.alternatives or detection.others:
        valid = {c.schema: c.valid for c in detection.candidates}
        label, names = "also close", list(detection.alternatives)
        if detection.verdict is Verdict.AMBIGUOUS:
            label = "also valid" if all(valid.get(name) for name in names) else "also as good"
            notes = {False: " (rejects it)", None: " (not validated)"}
            names = [name + notes.get(valid.get(name), "") for name in names]
        more = f"{detection.others} more" if detection.others else ""
        listed = ", ".join(names) + (f" and {more}" if names and more else more)
        parts.append(f"{label}: {listed}" if names else f"{more} about as good")
    if detection.also_in:
        parts.append(f"also in {_plural(len(detection.also_in), 'other document')}")  # the same schema
    return f"{detection.schema} ({'; '.join(parts)})"


def explains_rejections(report: DocumentReport) -> bool:
    """List why each schema rejected it: when none matched, unless it is an API error body."""
    return report.detection is not None and report.detection.schema is None and report.api_error is None


VerdictWord = Literal["valid", "invalid", "unreadable", "no body"]


def verdict_word(report: DocumentReport) -> VerdictWord:
    if report.no_body:
        return "no body"
    if report.input_error is not None:
        return "unreadable"
    return "valid" if report.valid else "invalid"


def verdict_text(report: DocumentReport, grouped: bool = False) -> str:
    """`invalid: 3 errors (100 shown)`, `valid`, `unreadable`, `no body (HTTP 204 …)`; grouped (a
    report that shows groups): `invalid: 6000 errors in 2 groups`."""
    text: str = verdict_word(report)
    if report.no_body:
        status = f"HTTP {report.http.status}" if report.http else "its HTTP status"
        return f"{text} ({status} has none by definition: nothing to check)"
    if report.input_error is None and report.error_count:
        text += f": {_plural(report.error_count, 'error')}"
        if grouped:
            groups = report.group_count or len(report.groups)
            return text + (f" in {groups} groups" if 1 < groups < report.error_count else "")
        if len(report.errors) < report.error_count:
            text += f" ({len(report.errors)} shown)"
    return text


def verdict_line(report: DocumentReport) -> str:
    """`invalid: 3 errors, BatchX (closest)`."""
    if report.input_error is not None or report.no_body:
        return verdict_text(report)
    return f"{verdict_text(report)}, {schema_phrase(report)}"


def summary_line(report: DocumentReport) -> str:
    """The verdict, the HTTP status and the batch line: what the text and github formats say last
    about a document."""
    summary = verdict_line(report)
    if report.http and not report.no_body:
        summary += f"; HTTP {report.http.status} {report.http.reason}".rstrip()
    if report.summary:
        summary += "; " + batch_line(report.summary)
    return summary


def partial_reason(report: DocumentReport) -> str | None:
    """Why --fail-on-partial fails this document (`2 of 5 items failed (VALIDATION_ERROR 2)`), or
    None when it does not."""
    summary = report.summary
    if report.exit_code(fail_on_partial=True) is not ExitCode.PARTIAL or summary is None:
        return None
    total = summary.succeeded + summary.failed
    categories = ", ".join(f"{c} {n}" for c, n in summary.categories.items())
    detail = f" ({categories})" if categories else ""
    return f"{summary.failed} of {total} items failed{detail}; --fail-on-partial exits 3"


def first_problem(report: DocumentReport, fail_on_partial: bool) -> tuple[Position | None, str]:
    """Where the document goes wrong first, and what it is: the line a list of failing files shows."""
    error = report.input_error
    if error is not None:
        return error.position, f"unreadable: {error.message}"
    first = report.errors[0] if report.errors else report.groups[0].first if report.groups else None
    if first is not None:
        return first.position, f"{first.path}: {first.message} [{first.keyword}]"
    if report.api_error is not None:
        return None, api_error_line(report.api_error)
    if not report.valid:
        return None, schema_phrase(report)
    reason = partial_reason(report) if fail_on_partial else None
    return None, reason or verdict_line(report)


def group_heading(group: ErrorGroup) -> str:
    """`results[*].flagState`: the pattern for a group, the path itself for a single error."""
    return group.first.path if group.count == 1 else group.path


def group_places(group: ErrorGroup) -> str:
    """`results[7], [57], [107] and 5997 more`: where a group's members are, the first in full."""
    first, *others = group.examples
    indices = ["".join(f"[{p}]" for p in parts if isinstance(p, int)) for parts in others]
    names = [readable_path(first), *indices]
    rest = group.count - len(names)
    return ", ".join(names) + (f" and {rest} more" if rest > 0 else "")


def located(source: str, position: Position | None) -> str:
    """`SOURCE:LINE:COL` (escaped), the form terminals and editors open."""
    return where(source, position)


def placed(report: DocumentReport, position: Position | None) -> str:
    """`SOURCE:LINE:COL` of a place in a document; for a JSON Lines line, whose text is the file's
    own, `FILE:LINE:COL` in the file, so that a click opens the right line and column."""
    origin = report.origin
    if origin is not None and origin.verbatim:
        if position is None:  # the line itself: `FILE:LINE`, the name the document goes by
            return f"{where(origin.file, None)}:{origin.position.line}"
        return where(origin.file, origin.place(position))
    return where(report.source, position)


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


_TALLY_KEYS = {"valid": "valid", "invalid": "invalid", "unreadable": "unreadable", "no body": "noBody"}


class Tally:
    """The run's counts, kept as reports stream past (no report is held): files (documents)
    checked, valid, invalid, unreadable, without a body (HTTP 204/304), batches that report failed
    items, and capture entries skipped as not JSON."""

    def __init__(self, reports: Iterable[DocumentReport] = ()) -> None:
        self.counts = {"files": 0, "valid": 0, "invalid": 0, "unreadable": 0, "noBody": 0}
        self.counts["batchesWithFailedItems"] = 0
        self.skipped = 0
        self.captured = 0  # of the documents, those that are a capture's entry or line
        for report in reports:
            self.add(report)

    def add(self, report: DocumentReport) -> None:
        self.counts["files"] += 1
        self.counts[_TALLY_KEYS[verdict_word(report)]] += 1
        self.counts["batchesWithFailedItems"] += bool(report.summary and report.summary.failed)
        self.captured += report.origin is not None

    def merge(self, other: Tally) -> None:
        for key, count in other.counts.items():
            self.counts[key] += count
        self.skipped += other.skipped
        self.captured += other.captured

    @property
    def files(self) -> int:
        return self.counts["files"]


def _tally(reports: Tally | Iterable[DocumentReport]) -> Tally:
    return reports if isinstance(reports, Tally) else Tally(reports)


def tally_counts(reports: Tally | Iterable[DocumentReport]) -> dict[str, int]:
    """Files checked, valid, invalid, unreadable, without a body (HTTP 204/304), batches that
    report failed items; and `skippedEntries` (capture entries that are not JSON) when any was."""
    counted = _tally(reports)
    skipped = {"skippedEntries": counted.skipped} if counted.skipped else {}
    return {**counted.counts, **skipped}


def tally(reports: Tally | Iterable[DocumentReport]) -> str:
    """`3 files checked: 1 valid, 1 invalid, 1 unreadable; 1 batch with failed items` (every field;
    `, 1 without a body` after unreadable only when a 204/304 was checked; `; 4 capture entries
    skipped (not JSON)` at the end when a HAR had some)."""
    counted = _tally(reports)
    counts = tally_counts(counted)
    partial = _plural(counts["batchesWithFailedItems"], "batch", "batches")
    bodiless = f", {counts['noBody']} without a body" if counts["noBody"] else ""
    skipped = counts.get("skippedEntries", 0)
    entries = (
        f"; {_plural(skipped, 'capture entry', 'capture entries')} skipped (not JSON)" if skipped else ""
    )
    checked = _plural(counts["files"], _checked_noun(counted))
    return (
        f"{checked} checked: {counts['valid']} valid, {counts['invalid']} invalid, "
        f"{counts['unreadable']} unreadable{bodiless}; {partial} with failed items{entries}"
    )


def _checked_noun(counted: Tally) -> str:
    """What the tally counts: files; the responses of captures (HAR entries, JSON Lines lines);
    documents, when both were checked."""
    if not counted.captured:
        return "file"
    return "response" if counted.captured == counted.files else "document"


WARNINGS_SHOWN = 20  # input warnings per document in the human formats; --format json lists more


def input_warnings(report: DocumentReport) -> tuple[list[InputWarning], str | None]:
    """The input warnings a human format shows (duplicate keys and the like: the first
    WARNINGS_SHOWN) and the line that counts the rest, if any."""
    hidden = sum(warning.stands_for for warning in report.warnings[WARNINGS_SHOWN:])
    more = f"… and {hidden:,} more (--format json lists up to 1,000)" if hidden > 0 else None
    return report.warnings[:WARNINGS_SHOWN], more
