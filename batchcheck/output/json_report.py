"""`--format json`: one JSON object on stdout (the contract documented in docs/output.md)."""

from __future__ import annotations

from typing import IO, Any

from batchcheck.errors import ExitCode
from batchcheck.jsontext.pointers import pointer
from batchcheck.jsontext.positions import Position
from batchcheck.models import (
    BatchSummary,
    CandidateScore,
    DocumentReport,
    ErrorGroup,
    ErrorSample,
    Origin,
    Request,
    SchemaRef,
)
from batchcheck.output.describe import Tally, tally_counts, verdict_word
from batchcheck.output.streamed_json import StreamedArray, members


def sample_dict(sample: ErrorSample) -> dict[str, Any]:
    return {"category": sample.category, "message": sample.message, "ids": list(sample.ids)}


def summary_dict(summary: BatchSummary) -> dict[str, Any]:
    return {
        "status": summary.status,
        "succeeded": summary.succeeded,
        "failed": summary.failed,
        "numErrors": summary.num_errors,
        "categories": summary.categories,
        "subCategories": summary.sub_categories,
        "samples": [sample_dict(s) for s in summary.samples],
        "durationMs": summary.duration_ms,
        "warnings": summary.warnings,
    }


def _position(position: Position | None) -> dict[str, int | None]:
    """`line` and `column` (null when unknown), as every place in the contract gives them."""
    return {"line": position.line, "column": position.column} if position else {"line": None, "column": None}


def _ref(ref: SchemaRef) -> dict[str, Any]:
    return {
        "origin": ref.origin,
        "file": ref.file,
        "pointer": ref.pointer,
        "operation": ref.operation,
        "status": ref.status,
    }


def _candidate(c: CandidateScore) -> dict[str, Any]:
    return {
        "schema": c.schema,
        "valid": c.valid,
        "score": c.score,
        "reason": c.reason,
        "members": c.members,
        "undeclared": c.undeclared,
        "statusMatch": c.status_match,
    }


def group_dict(group: ErrorGroup) -> dict[str, Any]:
    return {
        "path": group.path,
        "pointer": group.pointer,
        "keyword": group.keyword,
        "message": group.message,
        "count": group.count,
        "first": {"pointer": group.first.pointer, **_position(group.first.position)},
        "examples": [pointer(parts) for parts in group.examples],
    }


def document_dict(report: DocumentReport, fail_on_partial: bool = False) -> dict[str, Any]:
    detection = report.detection
    error = report.input_error
    return {
        "source": report.source,
        "schema": detection.schema if detection else None,
        "detection": detection.verdict.value if detection else None,
        "alternatives": list(detection.alternatives) if detection else [],
        "otherAlternatives": detection.others if detection else 0,
        "alsoIn": list(detection.also_in) if detection else [],
        "schemaRef": _ref(detection.ref) if detection and detection.ref else None,
        "valid": report.valid,
        "inputError": ({"message": error.message, **_position(error.position)} if error else None),
        "http": {"status": report.http.status, "reason": report.http.reason} if report.http else None,
        "errors": [
            {
                "pointer": v.pointer,
                "path": v.path,
                "keyword": v.keyword,
                "message": v.message,
                **_position(v.position),
                "schemaLocation": v.schema_location,
            }
            for v in report.errors
        ],
        "errorCount": report.error_count,
        "candidates": [_candidate(c) for c in (detection.candidates if detection else ())],
        "summary": summary_dict(report.summary) if report.summary else None,
        "apiError": (
            {**sample_dict(report.api_error), "correlationId": report.api_error.correlation_id}
            if report.api_error
            else None
        ),
        "engine": report.engine,
        "inputWarnings": [
            {"message": w.message, **_position(w.position), "pointer": w.pointer} for w in report.warnings
        ],
        "verdict": verdict_word(report),
        "exitCode": int(report.exit_code(fail_on_partial)),
        "groups": [group_dict(g) for g in report.groups],
        "groupCount": report.group_count,
        "request": _request(report.request),
        "origin": _origin(report.origin),
    }


def _request(request: Request | None) -> dict[str, Any] | None:
    return {"url": request.url, "method": request.method} if request is not None else None


def _origin(origin: Origin | None) -> dict[str, Any] | None:
    """Where a capture's document sits in its file: the file, where the entry or line starts, the
    HAR entry's number, and whether line/column of the document map into the file (`verbatim`)."""
    if origin is None:
        return None
    return {
        "file": origin.file,
        **_position(origin.position),
        "entry": origin.entry,
        "verbatim": origin.verbatim,
    }


class JsonReporter:
    """One object for the whole run (ASCII-only, so safe anywhere), written as it goes: each
    document as soon as it is checked, the exit code and tally at the end."""

    def __init__(self, stream: IO[str], fail_on_partial: bool = False) -> None:
        self.stream = stream
        self.fail_on_partial = fail_on_partial
        self.documents = StreamedArray(stream, '{\n  "documents": [', depth=2)

    def document(self, report: DocumentReport) -> None:
        self.documents.add(document_dict(report, self.fail_on_partial))

    def finish(self, tally: Tally, code: ExitCode) -> None:
        tail = members({"exitCode": int(code), "tally": tally_counts(tally)}, depth=1)
        self.documents.close(",\n" + ",\n".join(tail) + "\n}\n")
