"""`--format github`: GitHub Actions workflow commands, so errors show up as annotations.

One `::error file=…,line=…,col=…,title=…::message` per schema error, unreadable input, document
that matched no schema and API error body; a `::warning` per batch with failed items and per
batch contradiction. Escaping follows the workflow-command rules
(https://docs.github.com/actions/reference/workflow-commands): in the message `%`, CR and LF;
in properties also `:` and `,`. Text from a response is made `visible()` first, so no control
character (ANSI colour, a new line that would start a forged command) reaches the log.
"""

from __future__ import annotations

from typing import IO, Literal

from batchcheck.errors import ExitCode
from batchcheck.jsontext.positions import Position
from batchcheck.models import DocumentReport, Origin
from batchcheck.output.describe import (
    Tally,
    api_error_line,
    batch_line,
    explains_rejections,
    input_warnings,
    partial_reason,
    schema_phrase,
    summary_line,
    tally,
)
from batchcheck.output.sanitize import visible

AnnotationKind = Literal["error", "warning", "notice"]  # the workflow commands that annotate
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = (*_DATA_ESCAPES, (":", "%3A"), (",", "%2C"))


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF percent-encoded."""
    for char, code in _DATA_ESCAPES:
        text = text.replace(char, code)
    return text


def escape_property(text: str) -> str:
    """A workflow command's property value: as data, plus `:` and `,`."""
    for char, code in _PROPERTY_ESCAPES:
        text = text.replace(char, code)
    return text


def command(
    kind: AnnotationKind, message: str, file: str, position: Position | None = None, title: str = ""
) -> str:
    """`::kind file=…,line=…,col=…,title=…::message`, every part escaped (untrusted text made visible)."""
    properties = [("file", file)]
    if position is not None:
        properties += [("line", str(position.line)), ("col", str(position.column))]
    if title:
        properties.append(("title", title))
    props = ",".join(f"{name}={escape_property(visible(value))}" for name, value in properties)
    return f"::{kind} {props}::{escape_data(visible(message))}"


def _repo_path(source: str) -> str:
    """The path as given, minus a leading `./` (`batchcheck .`), as annotations name files."""
    while source.startswith("./") and len(source) > 2:
        source = source[2:]
    return source


class GithubReporter:
    """Workflow commands as each document is checked, then the tally as a plain log line."""

    def __init__(self, stream: IO[str], fail_on_partial: bool = False) -> None:
        self.stream = stream
        self.fail_on_partial = fail_on_partial
        self.origin: Origin | None = None  # of the document being reported
        self.source = ""

    def _emit(
        self, kind: AnnotationKind, message: str, file: str, position: Position | None = None, title: str = ""
    ) -> None:
        origin, given = self.origin, position
        if origin is not None:  # a capture's document: annotated on the capture file, named in the message
            file, position = _repo_path(origin.file), origin.place(position)
            if not origin.verbatim:  # a HAR entry: where in its body, and which entry
                at = f" at {position_in_body}" if (position_in_body := given) is not None else ""
                message = f"{self.source}{at}: {message}"
        self.stream.write(command(kind, message, file, position, title) + "\n")

    def document(self, report: DocumentReport) -> None:
        self.origin, self.source = report.origin, report.source
        source = _repo_path(report.source)
        self._errors(report, source)
        reason = partial_reason(report) if self.fail_on_partial else None
        if reason is not None:  # what makes the run exit 3
            self._emit("error", reason, source, title="batchcheck: --fail-on-partial")
        elif report.summary is not None and report.summary.failed:
            self._emit("warning", batch_line(report.summary), source, title="batchcheck: failed items")
        for warning in report.summary.warnings if report.summary is not None else ():
            self._emit("warning", warning, source, title="batchcheck: batch")
        # A plain log line; it starts with a fixed word, so a file named `::error::…` forges nothing.
        self.stream.write(f"checked {visible(source)}: {visible(summary_line(report))}\n")

    def _errors(self, report: DocumentReport, source: str) -> None:
        """`::error` for an unreadable input, each schema error, no schema matched, an API error body."""
        error = report.input_error
        if error is not None:
            title = "batchcheck: unreadable"
            self._emit("error", error.message, source, error.position, title=title)
        shown, more = input_warnings(report)
        for warning in shown:  # a duplicate key and the like: odd, but it parsed
            self._emit("warning", warning.message, source, warning.position, title="batchcheck: input")
        if more is not None:
            self._emit("warning", more, source, title="batchcheck: input")
        for v in report.errors:
            message = f"{v.path}: {v.message}" if v.path else v.message
            self._emit("error", message, source, v.position, title=f"batchcheck: {v.keyword}")
        hidden = report.error_count - len(report.errors)
        if hidden > 0:
            self._emit("error", f"… and {hidden} more errors (--max-errors 0 shows all)", source)
        if report.detection is not None and explains_rejections(report):
            tried = "; ".join(f"{c.schema} {c.score:.2f}: {c.reason}" for c in report.detection.candidates)
            self._emit("error", f"{schema_phrase(report)}: {tried}", source, title="batchcheck: no schema")
        if report.api_error is not None:
            self._emit("error", api_error_line(report.api_error), source, title="batchcheck: API error")

    def finish(self, counts: Tally, code: ExitCode) -> None:
        self.stream.write(tally(counts) + "\n")  # starts with a number, never `::`
        self.stream.flush()
