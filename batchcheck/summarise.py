"""Step 5, summarise: how a batch went (items succeeded and failed, by category, and what
contradicts itself), and what an API error body says."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone
from typing import Any

from batchcheck.explain.wording import preview
from batchcheck.models import BatchSummary, ErrorSample, HttpStatus

SAMPLES = 3
_ID_KEY = re.compile(
    r"^(?:id|ids|ID|IDs|IDS)$|[a-z0-9](?:Id|Ids|ID|IDs|IDS)$|_(?:id|ids)$"
)  # portalIds, from_id
_UNFINISHED = {"PENDING", "PROCESSING"}
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})\Z")


def is_batch(data: Any) -> bool:
    """A batch envelope: an object with `status` and a `results` array."""
    return isinstance(data, dict) and "status" in data and isinstance(data.get("results"), list)


def summarize(data: Any, http: HttpStatus | None = None) -> BatchSummary | None:
    """The partial-failure summary of a batch response, or None for anything else."""
    if not is_batch(data):
        return None
    errors = data.get("errors")
    error_items = [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []
    summary = BatchSummary(
        status=data["status"],
        succeeded=len(data["results"]),
        failed=len(errors) if isinstance(errors, list) else 0,
        num_errors=data.get("numErrors"),
    )
    _count_categories(summary, error_items)
    summary.samples = [_sample(e) for e in error_items[:SAMPLES]]
    started, completed = _timestamp(data.get("startedAt")), _timestamp(data.get("completedAt"))
    if started and completed:
        summary.duration_ms = round((completed - started).total_seconds() * 1000)
    summary.warnings = _warnings(summary, http)
    return summary


def api_error(data: Any) -> ErrorSample | None:
    """An API error body instead of a batch (`{"status": "error", "category": …, "message": …}`)."""
    if not isinstance(data, dict) or is_batch(data) or not isinstance(data.get("message"), str):
        return None
    if "category" not in data and data.get("status") != "error":
        return None
    sample = _sample(data)
    correlation = data.get("correlationId")
    correlation_id = None if correlation is None else _text(correlation, "")
    return ErrorSample(sample.category, sample.message, sample.ids, correlation_id)


def _count_categories(summary: BatchSummary, errors: list[dict[str, Any]]) -> None:
    categories: Counter[str] = Counter()
    subs: dict[str, Counter[str]] = {}
    for error in errors:
        category = _text(error.get("category"), "(no category)")
        categories[category] += 1
        for sub in _sub_categories(error):
            subs.setdefault(category, Counter())[sub] += 1
    summary.categories = dict(categories.most_common())
    summary.sub_categories = {c: dict(counts.most_common()) for c, counts in subs.items()}


def _sub_categories(error: dict[str, Any]) -> list[str]:
    """The error's own subCategory, else those of its detail errors."""
    if error.get("subCategory") is not None:
        return [_text(error["subCategory"], "")]
    details = error.get("errors")
    if not isinstance(details, list):
        return []
    found = {_text(d.get("subCategory"), "") for d in details if isinstance(d, dict)}
    return sorted(found - {""})


def _sample(error: dict[str, Any]) -> ErrorSample:
    return ErrorSample(
        category=_text(error.get("category"), "(no category)"),
        message=_text(error.get("message"), "(no message)"),
        ids=tuple(_context_ids(error)),
    )


def _context_ids(error: dict[str, Any]) -> list[str]:
    """Ids the error names: its `id`, then id-like values in `context` (HubSpot: `ids`)."""
    ids = [_text(error["id"], "")] if error.get("id") is not None else []
    context = error.get("context")
    if isinstance(context, dict):
        for key, value in context.items():
            if _ID_KEY.search(key):
                values = value if isinstance(value, list) else [value]
                ids.extend(_text(v, "") for v in values if v is not None)
    return ids


def _text(value: Any, default: str) -> str:
    if value is None:
        return default
    return value if isinstance(value, str) else preview(value)


def _timestamp(value: Any) -> datetime | None:
    """Parse an RFC 3339 date-time, as the `date-time` format checks it; None if it is not one."""
    match = _TIMESTAMP.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    date, time, fraction, zone = match.groups()
    fraction = (fraction or "0")[:6].ljust(6, "0")
    zone = "+00:00" if zone in ("Z", "z") else zone
    try:
        return datetime.fromisoformat(f"{date}T{time}.{fraction}{zone}").astimezone(timezone.utc)
    except (ValueError, OverflowError):  # no such day, or out of range once in UTC
        return None


def _warnings(summary: BatchSummary, http: HttpStatus | None) -> list[str]:
    warnings = []
    num_errors = summary.num_errors
    if num_errors is not None and (isinstance(num_errors, bool) or num_errors != summary.failed):
        items = "item" if summary.failed == 1 else "items"
        warnings.append(f"numErrors is {preview(num_errors)} but errors has {summary.failed} {items}")
    status = summary.status
    if isinstance(status, str) and status in _UNFINISHED:
        warnings.append(f"status is {status}: results may be incomplete")
    elif status == "CANCELED":
        warnings.append("status is CANCELED: the batch did not finish")
    if summary.duration_ms is not None and summary.duration_ms < 0:
        warnings.append("completedAt is before startedAt")
    if http is not None:
        if http.status == 200 and summary.failed:
            items = "item" if summary.failed == 1 else "items"
            warnings.append(f"HTTP 200 but {summary.failed} {items} failed (expected 207 Multi-Status)")
        elif http.status == 207 and not summary.failed:
            warnings.append("HTTP 207 Multi-Status but errors is empty")
    if summary.failed and not summary.succeeded:
        warnings.append("no item succeeded: results is empty")
    return warnings
