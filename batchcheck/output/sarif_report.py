"""`--format sarif`: SARIF 2.1.0 (GitHub code scanning and other SARIF viewers), one log for the run.

Each schema error is a result with its physical location (the file, `startLine`, `startColumn`
in code points: `columnKind` says so); so is an unreadable input, a document no schema matched,
an API error body, a batch with failed items (`warning`, or `error` under --fail-on-partial) and
each batch contradiction (`warning`). A document from a capture is located in its file: a JSON
Lines line exactly, a HAR entry where the entry starts (the place in the decoded body is in the
message). Standard input has no file to point at: its results carry no location. Results stream
out as documents are checked; the rules they name, the files checked (`artifacts`: files, not
documents) and the counts follow them. ASCII-only JSON.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any
from urllib.parse import quote

from batchcheck.errors import ExitCode
from batchcheck.jsontext.positions import Position
from batchcheck.models import STDIN, DocumentReport
from batchcheck.output.describe import (
    Tally,
    api_error_line,
    batch_line,
    explains_rejections,
    partial_reason,
    schema_phrase,
    tally_counts,
)
from batchcheck.output.streamed_json import StreamedArray, members

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/batchcheck/batchcheck"
_RULES = {
    "input": "The input cannot be read or parsed as JSON",
    "no-schema": "No known schema describes the document",
    "api-error": "The response is an API error body",
    "partial": "A batch reports failed items (--fail-on-partial)",
    "failed-items": "A batch reports failed items",
    "batch": "A batch contradicts itself",
}


def artifact_uri(path: str) -> str:
    """A file path as a SARIF artifact URI: relative paths as given (forward slashes,
    percent-encoded), absolute ones as `file://` URIs."""
    posix = path.replace(os.sep, "/")
    while posix.startswith("./") and len(posix) > 2:
        posix = posix[2:]
    if os.path.isabs(path):
        return "file://" + quote(posix if posix.startswith("/") else "/" + posix)
    return quote(posix)


class SarifReporter:
    """One SARIF log: results as each document is checked, the tool and its rules at the end."""

    def __init__(self, stream: IO[str], fail_on_partial: bool = False) -> None:
        self.fail_on_partial = fail_on_partial
        head = members({"$schema": SARIF_SCHEMA, "version": "2.1.0"}, depth=1)
        opening = "{\n" + ",\n".join(head) + ',\n  "runs": [\n    {\n      "results": ['
        self.results = StreamedArray(stream, opening, depth=4)
        self.rules: dict[str, str] = {}
        self.artifacts: dict[str, None] = {}  # every file checked, in order (files, not documents)

    def document(self, report: DocumentReport) -> None:
        file = report.origin.file if report.origin is not None else report.source
        if file not in (STDIN, "-", ""):
            self.artifacts.setdefault(artifact_uri(file))
        for result in self._results(report):
            self.results.add(result)

    def finish(self, tally: Tally, code: ExitCode) -> None:
        rules = [{"id": rule, "shortDescription": {"text": text}} for rule, text in self.rules.items()]
        driver = {"name": "batchcheck", "version": _version(), "informationUri": INFORMATION_URI}
        run = {
            "tool": {"driver": {**driver, "rules": rules}},
            "artifacts": [{"location": {"uri": uri}} for uri in self.artifacts],
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": code is not ExitCode.INPUT, "exitCode": int(code)}],
            "properties": {"tally": tally_counts(tally)},
        }
        self.results.close(",\n" + ",\n".join(members(run, depth=3)) + "\n    }\n  ]\n}\n")

    def _results(self, report: DocumentReport) -> list[dict[str, Any]]:
        results = []
        error = report.input_error
        if error is not None:
            results.append(self._result(report, "input", "error", error.message, error.position))
        for v in report.errors:
            message = f"{v.path}: {v.message}" if v.path else v.message
            extra = {"pointer": v.pointer, "schemaLocation": v.schema_location}
            results.append(self._result(report, v.keyword, "error", message, v.position, extra))
        hidden = report.error_count - len(report.errors)
        if hidden > 0:
            more = f"… and {hidden} more errors (--max-errors 0 shows all)"
            results.append(self._result(report, "more-errors", "error", more, None))
        if report.detection is not None and explains_rejections(report):
            tried = "; ".join(f"{c.schema} {c.score:.2f}: {c.reason}" for c in report.detection.candidates)
            results.append(
                self._result(report, "no-schema", "error", f"{schema_phrase(report)}: {tried}", None)
            )
        if report.api_error is not None:
            results.append(self._result(report, "api-error", "error", api_error_line(report.api_error), None))
        reason = partial_reason(report) if self.fail_on_partial else None
        if reason is not None:
            results.append(self._result(report, "partial", "error", reason, None))
        elif report.summary is not None and report.summary.failed:
            results.append(self._result(report, "failed-items", "warning", batch_line(report.summary), None))
        for warning in report.summary.warnings if report.summary is not None else ():
            results.append(self._result(report, "batch", "warning", warning, None))
        return results

    def _result(
        self,
        report: DocumentReport,
        rule: str,
        level: str,
        message: str,
        position: Position | None,
        extra: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self.rules.setdefault(rule, _RULES.get(rule, f"JSON Schema keyword `{rule}`"))
        origin = report.origin
        text = message
        if origin is not None:  # a capture's document: named in the message, located in its file
            inside = f" at {position} of the body" if position is not None and not origin.verbatim else ""
            text = f"{report.source}{inside}: {message}"
        result: dict[str, Any] = {"ruleId": rule, "level": level, "message": {"text": text}}
        location = _location(report, position)
        if location is not None:
            result["locations"] = [location]
        schema = report.detection.schema if report.detection else None
        result["properties"] = {"document": report.source, "schema": schema, **(extra or {})}
        return result


def _location(report: DocumentReport, position: Position | None) -> dict[str, Any] | None:
    origin = report.origin
    file = origin.file if origin is not None else report.source
    if file in (STDIN, "-", ""):
        return None
    place = origin.place(position) if origin is not None else position
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(file)}}
    if place is not None:
        physical["region"] = {"startLine": place.line, "startColumn": place.column}
    return {"physicalLocation": physical}


def _version() -> str:
    try:
        return version("batchcheck")
    except PackageNotFoundError:  # a checkout on sys.path, not installed
        return "0"
