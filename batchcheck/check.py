"""One document through the flow: detect -> validate -> explain -> summarise, into a DocumentReport."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from batchcheck.detect import Candidate, detect
from batchcheck.errors import DocumentError
from batchcheck.explain.violations import report_violations
from batchcheck.models import Detection, Document, DocumentReport, EngineName, InputError, RawError, Verdict
from batchcheck.schemas.catalog import Catalog, SchemaSources
from batchcheck.schemas.directory import base_uri
from batchcheck.schemas.entry import SchemaEntry
from batchcheck.schemas.refs import check_schema
from batchcheck.summarise import api_error, summarize
from batchcheck.validate.engine import Engine, EngineChoice
from batchcheck.validate.factory import make_engines
from batchcheck.validate.formats import unchecked_formats
from batchcheck.validate.python import JsonschemaEngine


@dataclass(frozen=True)
class CheckOptions:
    """What the user asked for; the CLI builds it, nothing else reads argv."""

    schema: str | None = None
    formats: bool = True
    max_errors: int | None = 100
    fail_on_partial: bool = False
    engine: EngineChoice = "auto"
    exclude: tuple[str, ...] = ()  # globs of paths not to check (--exclude)
    sources: SchemaSources = field(default_factory=SchemaSources)


class Checker:
    """Checks documents against the catalog; schemas are compiled once per process."""

    def __init__(self, options: CheckOptions, catalog: Catalog | None = None) -> None:
        self.options = options
        self.catalog = catalog or Catalog(sources=options.sources)
        self.forced: SchemaEntry | None = self.catalog.resolve(options.schema) if options.schema else None

        entries = (self.forced,) if self.forced else self.catalog.entries
        notices = (
            f"{e.file}: format {fmt!r} is not checked (batchcheck has no checker for it)"
            for e in entries
            if options.formats
            for fmt in unchecked_formats(e.schema)
        )
        self.notices = list(dict.fromkeys(notices))  # an OpenAPI document's components share a file
        plain = [e for e in entries if e.checked and e.registry is None]  # the others: python-jsonschema
        compiled = make_engines([(e.schema, str(e.file)) for e in plain], options.formats, options.engine)
        by_entry = dict(zip(map(id, plain), compiled, strict=True))
        self.engine_name: EngineName = compiled[0].name if compiled else "python"  # no schema: none ran
        self.candidates = tuple(
            Candidate(e, by_entry[id(e)] if id(e) in by_entry else _engine(e, options.formats))
            for e in entries
        )  # compiled up front, so a missing format checker stops the run before any output

    def check(self, doc: Document) -> DocumentReport:
        """The full verdict on one document; never raises for bad input."""
        report = DocumentReport(
            source=doc.source, http=doc.http, input_error=doc.error, warnings=doc.warnings
        )
        if doc.error is not None:
            return report
        try:
            engine = self._validate(doc, report)
            report.engine = engine.checked_by if engine is not None else self.engine_name
        except DocumentError as exc:
            report.input_error = InputError(str(exc))
            report.valid = None
        report.summary = summarize(doc.data, doc.http)
        report.api_error = api_error(doc.data)
        return report

    def _validate(self, doc: Document, report: DocumentReport) -> Engine | None:
        """Validate doc, filling in report; the engine of the schema it was checked against (when
        none matched, of the best-scored one), whose `checked_by` names the engine that did it."""
        if self.forced is not None:
            report.detection = Detection(Verdict.FORCED, self.forced.name)
            chosen = self.candidates[0]
        else:
            full_errors: dict[str, list[RawError]] = {}
            report.detection = detect(doc.data, self.candidates, full_errors)
            best = report.detection.schema or next((c.schema for c in report.detection.candidates), None)
            found = next((c for c in self.candidates if c.entry.name == best), None)
            if found is None or report.detection.verdict is Verdict.NONE:
                report.valid = False  # the report lists why each schema rejected it
                return found.engine if found is not None else None
            chosen = found
            if report.detection.verdict in (Verdict.MATCHED, Verdict.AMBIGUOUS):
                report.valid = True  # detection ran the validator already
                return chosen.engine
            known = full_errors.get(chosen.entry.name)  # in document order
            if known is not None:
                self._report_errors(doc, report, known, in_order=True)
                return chosen.engine
        self._report_errors(doc, report, chosen.engine.errors(doc.data))
        return chosen.engine

    def _report_errors(
        self, doc: Document, report: DocumentReport, raw_errors: list[RawError], in_order: bool = False
    ) -> None:
        report.valid = not raw_errors
        report.error_count = len(raw_errors)
        report.errors = report_violations(doc, raw_errors, self.options.max_errors, in_order)


def _engine(entry: SchemaEntry, formats: bool) -> Engine:
    """The engine for one schema that is not compiled with the others: a directory's schema
    (refs resolve to its neighbours) or an OpenAPI component, built when detection first needs it
    (quick checks rule most out), after its meta-schema check for a component."""
    if entry.checked and entry.registry is None:
        return JsonschemaEngine(entry.schema, formats, label=str(entry.file))
    return _BuiltOnFirstUse(entry, formats)


class _BuiltOnFirstUse:
    """The engine of a schema built on first use: hundreds of OpenAPI components or thousands of
    schema-directory files, most ruled out by detection's quick checks; a component not checked
    yet is checked against the meta-schema first."""

    name: EngineName = "python"
    checked_by: EngineName = "python"

    def __init__(self, entry: SchemaEntry, formats: bool) -> None:
        self.entry, self.formats = entry, formats

    @cached_property
    def engine(self) -> JsonschemaEngine:
        entry = self.entry
        if entry.registry is not None:
            base = base_uri(entry.file, entry.schema)
            return JsonschemaEngine(entry.schema, self.formats, str(entry.file), entry.registry, base)
        check_schema(f"{entry.file}: {entry.pointer}", entry.schema)
        return JsonschemaEngine(entry.schema, self.formats, label=f"{entry.file}: {entry.pointer}")

    def is_valid(self, data: Any) -> bool:
        return self.engine.is_valid(data)

    def errors(self, data: Any) -> list[RawError]:
        return self.engine.errors(data)
