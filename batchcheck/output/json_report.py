"""`--format json`: one JSON object on stdout (the contract documented in docs/output.md)."""

from __future__ import annotations

from typing import Any

from batchcheck.errors import ExitCode
from batchcheck.jsontext.positions import Position
from batchcheck.models import BatchSummary, DocumentReport, ErrorSample
from batchcheck.output import WholeRunReporter
from batchcheck.output.describe import tally_counts
from batchcheck.output.sanitize import write_json


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


def document_dict(report: DocumentReport) -> dict[str, Any]:
    detection = report.detection
    error = report.input_error
    return {
        "source": report.source,
        "schema": detection.schema if detection else None,
        "detection": detection.verdict.value if detection else None,
        "alternatives": list(detection.alternatives) if detection else [],
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
            }
            for v in report.errors
        ],
        "errorCount": report.error_count,
        "candidates": [
            {"schema": c.schema, "valid": c.valid, "score": c.score, "reason": c.reason}
            for c in (detection.candidates if detection else ())
        ],
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
    }


class JsonReporter(WholeRunReporter):
    """One object for the whole run, at the end (ASCII-only, so safe anywhere)."""

    def finish(self, reports: list[DocumentReport], code: ExitCode) -> None:
        payload = {
            "documents": [document_dict(r) for r in reports],
            "exitCode": int(code),
            "tally": tally_counts(reports),
        }
        write_json(payload, self.stream)
