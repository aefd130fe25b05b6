"""Run the flow for each document: detect -> validate -> summarise, into a DocumentReport."""

from __future__ import annotations

from dataclasses import dataclass

from batchcheck.catalog import Catalog, SchemaEntry
from batchcheck.detect import Candidate, detect
from batchcheck.engine import EngineError, make_engines, unchecked_formats
from batchcheck.models import (
    Detection,
    Document,
    DocumentReport,
    InputError,
    RawError,
    Verdict,
)
from batchcheck.regexes import RegexTimeout
from batchcheck.summary import api_error, summarize
from batchcheck.violations import report_violations


@dataclass(frozen=True)
class CheckOptions:
    """What the user asked for; the CLI builds it, nothing else reads argv."""

    schema: str | None = None
    formats: bool = True
    max_errors: int | None = 100
    fail_on_partial: bool = False
    engine: str = "auto"  # auto | rs | python
    exclude: tuple[str, ...] = ()  # globs of paths not to check (--exclude)


class Checker:
    """Checks documents against the catalog; schemas are compiled once per process."""

    def __init__(self, options: CheckOptions, catalog: Catalog | None = None) -> None:
        self.options = options
        self.catalog = catalog or Catalog()
        self.forced: SchemaEntry | None = self.catalog.resolve(options.schema) if options.schema else None

        entries = (self.forced,) if self.forced else self.catalog.entries
        self.notices = [
            f"{e.file}: format {fmt!r} is not checked (batchcheck has no checker for it)"
            for e in entries
            if options.formats
            for fmt in unchecked_formats(e.schema)
        ]
        engines = make_engines([(e.schema, str(e.file)) for e in entries], options.formats, options.engine)
        self.engine_name = engines[0].name if engines else "python"
        self.candidates = tuple(Candidate(e, engine) for e, engine in zip(entries, engines, strict=True))
        # compiled up front, so a missing format checker stops the run before any output

    def check(self, doc: Document) -> DocumentReport:
        """The full verdict on one document; never raises for bad input."""
        report = DocumentReport(
            source=doc.source, http=doc.http, input_error=doc.error, warnings=doc.warnings
        )
        if doc.error is not None:
            return report
        try:
            report.engine = self.engine_name
            self._validate(doc, report)
        except (EngineError, RegexTimeout) as exc:
            report.input_error = InputError(str(exc))
            report.valid = None
        report.summary = summarize(doc.data, doc.http)
        report.api_error = api_error(doc.data)
        return report

    def _validate(self, doc: Document, report: DocumentReport) -> None:
        if self.forced is not None:
            report.detection = Detection(Verdict.FORCED, self.forced.name)
            chosen = self.candidates[0]
        else:
            full_errors: dict[str, list] = {}
            report.detection = detect(doc.data, self.candidates, full_errors)
            if report.detection.verdict is Verdict.NONE:
                report.valid = False  # the report lists why each schema rejected it
                return
            if report.detection.verdict in (Verdict.MATCHED, Verdict.AMBIGUOUS):
                report.valid = True  # detection ran the validator already
                return
            chosen = next(c for c in self.candidates if c.entry.name == report.detection.schema)
            known = full_errors.get(chosen.entry.name)  # in document order
            if known is not None:
                self._report_errors(doc, report, known, in_order=True)
                return
        self._report_errors(doc, report, chosen.engine.errors(doc.data))

    def _report_errors(
        self, doc: Document, report: DocumentReport, raw_errors: list[RawError], in_order: bool = False
    ) -> None:
        report.valid = not raw_errors
        report.error_count = len(raw_errors)
        report.errors = report_violations(doc, raw_errors, self.options.max_errors, in_order)
