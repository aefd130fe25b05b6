"""One document through the flow: detect -> validate -> explain -> summarise, into a DocumentReport."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from batchcheck.detect import Candidate, detect
from batchcheck.errors import DocumentError
from batchcheck.explain.excerpt import excerpt_at
from batchcheck.explain.violations import explain_errors
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
        self.engine_name: EngineName = compiled[0].name if compiled else "python"
        self.candidates = tuple(
            Candidate(e, by_entry[id(e)] if id(e) in by_entry else _engine(e, options.formats))
            for e in entries
        )  # compiled up front, so a missing format checker stops the run before any output

    def check(self, doc: Document) -> DocumentReport:
        """The full verdict on one document; never raises for bad input."""
        report = DocumentReport(
            source=doc.source, http=doc.http, input_error=doc.error, warnings=doc.warnings
        )
        if doc.no_body:  # HTTP 204/304: nothing to check, and nothing wrong
            report.no_body, report.valid = True, True
            return report
        if doc.error is not None:
            report.input_excerpt = excerpt_at(doc.text, doc.error.position)
            return report
        try:
            report.engine = self.engine_name
            self._validate(doc, report)
        except DocumentError as exc:
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
            full_errors: dict[str, list[RawError]] = {}
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
        explained = explain_errors(doc, raw_errors, self.options.max_errors, in_order)
        report.errors, report.groups, report.group_count = explained


def _engine(entry: SchemaEntry, formats: bool) -> Engine:
    """The engine for one schema; a directory's schemas resolve refs to their neighbours."""
    if not entry.checked:
        return _CheckedOnFirstUse(entry, formats)
    if entry.registry is None:
        return JsonschemaEngine(entry.schema, formats, label=str(entry.file))
    base = base_uri(entry.file, entry.schema)
    return JsonschemaEngine(entry.schema, formats, str(entry.file), entry.registry, base)


class _CheckedOnFirstUse:
    """The engine of a schema not checked yet (an OpenAPI component: hundreds of them, most ruled
    out by detection's quick checks): checked against the meta-schema and compiled on first use."""

    name: EngineName = "python"

    def __init__(self, entry: SchemaEntry, formats: bool) -> None:
        self.entry, self.formats = entry, formats

    @cached_property
    def engine(self) -> JsonschemaEngine:
        check_schema(f"{self.entry.file}: {self.entry.pointer}", self.entry.schema)
        return JsonschemaEngine(
            self.entry.schema, self.formats, label=f"{self.entry.file}: {self.entry.pointer}"
        )

    def is_valid(self, data: Any) -> bool:
        return self.engine.is_valid(data)

    def errors(self, data: Any) -> list[RawError]:
        return self.engine.errors(data)
