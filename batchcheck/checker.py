"""One document through the flow: detect -> validate -> explain -> summarise, into a DocumentReport."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from batchcheck.detect import Candidate, detect
from batchcheck.errors import ConfigurationError, DocumentError
from batchcheck.explain.excerpt import excerpt_at
from batchcheck.explain.violations import explain_errors
from batchcheck.models import (
    Detection,
    Document,
    DocumentReport,
    EngineName,
    InputError,
    RawError,
    Request,
    SchemaRef,
    Verdict,
)
from batchcheck.schemas.catalog import Catalog, SchemaSources
from batchcheck.schemas.directory import base_uri
from batchcheck.schemas.entry import SchemaEntry
from batchcheck.schemas.openapi.operations import operation_entries
from batchcheck.schemas.refs import check_schema
from batchcheck.summarise import api_error, summarize
from batchcheck.validate.engine import Engine, EngineChoice
from batchcheck.validate.factory import EngineSpec, make_engines, resolve_engine_name
from batchcheck.validate.formats import unchecked_formats
from batchcheck.validate.python import JsonschemaEngine
from batchcheck.validate.regexes import regex_budget


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
    status: int | None = None  # --status: the HTTP status of responses that carry no headers
    request: Request | None = None  # --url / --method: what the responses answer
    operation: str | None = None  # --operation "METHOD /path"
    operation_id: str | None = None  # --operation-id


class Checker:
    """Checks documents against the catalog; schemas are compiled once per process.

    `notices` collects what the user should hear about the schemas (formats batchcheck cannot
    check, OpenAPI components skipped as broken); the run prints them as they come. `set_aside`
    holds the candidates (by index) found unusable so far, with why: the only thing a check
    learns that changes the verdicts of the documents after it (parallel/ compares it).
    """

    def __init__(self, options: CheckOptions, catalog: Catalog | None = None) -> None:
        self.options = options
        self.catalog = catalog or Catalog(sources=options.sources)
        self.forced: SchemaEntry | None = self.catalog.resolve(options.schema) if options.schema else None
        entries = (self.forced,) if self.forced else self.catalog.entries
        self.notices: list[str] = list(self.catalog.warnings)
        self.set_aside: dict[int, str] = {}
        self._told: set[str] = set()  # notices told once per run (see _tell_once)
        eager = [e for e in entries if e.checked]
        self._format_notices(eager)
        plain = [e for e in eager if e.registry is None]  # the others: python-jsonschema
        specs = [
            EngineSpec(e.schema, str(e.file), e.retrieve, base_uri(e.file, e.schema) if e.retrieve else "")
            for e in plain
        ]
        compiled = make_engines(specs, options.formats, options.engine)
        by_entry = dict(zip(map(id, plain), compiled, strict=True))
        self.candidates = tuple(
            Candidate(e, by_entry[id(e)] if id(e) in by_entry else self._engine(e)) for e in entries
        )  # compiled up front, so a missing format checker stops the run before any output
        self._check_operation_options()

    def _format_notices(self, entries: list[SchemaEntry]) -> None:
        """A notice per format batchcheck has no checker for, once per file (an OpenAPI
        document's components share one)."""
        if not self.options.formats:
            return
        for entry in entries:
            for fmt in unchecked_formats(entry.schema):
                self._tell_once(
                    f"{entry.file}: format {fmt!r} is not checked (batchcheck has no checker for it)"
                )

    def _engine(self, entry: SchemaEntry) -> Engine:
        """The engine for one schema not compiled with the others (see _BuiltOnFirstUse)."""
        return _BuiltOnFirstUse(entry, self)

    def _check_operation_options(self) -> None:
        """--operation and --operation-id must name an operation of the OpenAPI documents given."""
        options = self.options
        if options.operation is None and options.operation_id is None:
            return
        if self._operation(options.status, options.request) is None:
            asked = options.operation or f"operationId {options.operation_id}"
            raise ConfigurationError(
                f"--operation {asked}: no OpenAPI document given returns a response for it"
            )

    def check(self, doc: Document) -> DocumentReport:
        """The full verdict on one document; never raises for bad input."""
        report = DocumentReport(
            source=doc.source,
            http=doc.http,
            input_error=doc.error,
            warnings=doc.warnings,
            request=doc.request,
            origin=doc.origin,
        )
        if doc.no_body:  # HTTP 204/304: nothing to check, and nothing wrong
            report.no_body, report.valid = True, True
            return report
        if doc.error is not None:
            report.input_excerpt = excerpt_at(doc.text, doc.error.position)
            return report
        try:
            with regex_budget():  # one time budget for every backtracking regex search of this document
                self._validate(doc, report)
        except DocumentError as exc:
            report.input_error = InputError(str(exc))
            report.valid = None
        report.summary = summarize(doc.data, doc.http)
        report.api_error = api_error(doc.data)
        return report

    def _validate(self, doc: Document, report: DocumentReport) -> None:
        status = doc.http.status if doc.http is not None else self.options.status
        if self.forced is not None:
            report.detection = Detection(Verdict.FORCED, self.forced.name, ref=_ref(self.forced))
            self._report_errors(doc, report, self.candidates[0])
            return
        found = self._operation(status, doc.request or self.options.request)
        if found is not None:
            candidates, operation = found
            detection = detect(doc.data, candidates, status, self._broken)
            report.detection = _as_operation(detection, candidates, operation)
        else:
            report.detection = detect(doc.data, self.candidates, status, self._broken)
        if report.detection.schema is None:
            report.valid = False  # the report lists why each schema was not it
            return
        chosen = next(c for c in self.candidates if c.entry.name == report.detection.schema)
        if report.detection.verdict in (Verdict.MATCHED, Verdict.AMBIGUOUS):
            report.valid, report.engine = True, chosen.engine.checked_by  # detection validated it already
            return
        self._report_errors(doc, report, chosen)

    def _broken(self, reason: str) -> None:
        """Detection set a candidate aside (rare): told, and kept in set_aside."""
        self.notices.append(reason)
        for index, candidate in enumerate(self.candidates):
            if candidate.broken is not None and index not in self.set_aside:
                self.set_aside[index] = candidate.broken

    def learn(self, set_aside: dict[int, str]) -> None:
        """Take what another copy of this checker (a worker's) found unusable."""
        for index, reason in set_aside.items():
            self.candidates[index].broken = reason
            self.set_aside[index] = reason

    def _operation(self, status: int | None, request: Request | None) -> tuple[list[Candidate], str] | None:
        options = self.options
        if request is None and options.operation is None and options.operation_id is None:
            return None
        found = operation_entries(
            (c.entry for c in self.candidates if c.broken is None),
            status,
            url=request.url if request is not None else None,
            method=request.method if request is not None else None,
            operation=options.operation,
            operation_id=options.operation_id,
        )
        if found is None:
            if request is not None and request is options.request:  # what the user typed: say so
                specs = any(c.entry.origin == "openapi" for c in self.candidates)
                self._tell_once(_unanswered(request, status, specs))
            return None
        entries, name = found
        wanted = {id(entry) for entry in entries}
        return [c for c in self.candidates if id(c.entry) in wanted], name

    def _tell_once(self, notice: str) -> None:
        if notice not in self._told:
            self._told.add(notice)
            self.notices.append(notice)

    def _report_errors(self, doc: Document, report: DocumentReport, chosen: Candidate) -> None:
        raw_errors: list[RawError] = chosen.engine.errors(doc.data)
        report.engine = chosen.engine.checked_by  # the fallback's, when the engine handed it over
        report.valid = not raw_errors
        report.error_count = len(raw_errors)
        explained = explain_errors(doc, raw_errors, self.options.max_errors)
        report.errors, report.groups, report.group_count = explained


def _unanswered(request: Request, status: int | None, specs: bool) -> str:
    """The notice for a --url (--method, --status) that no OpenAPI operation answers."""
    asked = " ".join(part for part in (request.method, request.url) if part)
    at = f" with status {status}" if status is not None else ""
    why = (
        "no operation of the OpenAPI documents answers it"
        if specs
        else "no OpenAPI document given (--openapi)"
    )
    return f"--url {asked}{at}: {why}; the schema is detected among all of them"


def _ref(entry: SchemaEntry) -> SchemaRef:
    return SchemaRef(entry.origin, str(entry.file), entry.pointer)


def _as_operation(detection: Detection, candidates: list[Candidate], operation: str) -> Detection:
    """The operation is known: its response schema is the answer, whatever the description says."""
    if detection.schema is None:  # describes too little to be told apart: the best status fit
        entry = candidates[0].entry
        return Detection(Verdict.OPERATION, entry.name, (), detection.candidates, ref=_ref(entry))
    ref = detection.ref
    if ref is not None and ref.operation != operation:
        ref = SchemaRef(ref.origin, ref.file, ref.pointer, operation, ref.status)
    return Detection(
        Verdict.OPERATION, detection.schema, (), detection.candidates, also_in=detection.also_in, ref=ref
    )


class _BuiltOnFirstUse:
    """The engine of a schema built on first use: thousands of OpenAPI candidates or of
    schema-directory files, most never validated. A directory's schema (checked when the
    directory was read) resolves refs to its neighbours with python-jsonschema; an OpenAPI
    candidate is checked against the meta-schema and compiled with the engine `--engine` picks.
    A schema that cannot be used raises a SchemaLoadError (detection then sets the candidate
    aside)."""

    def __init__(self, entry: SchemaEntry, checker: Checker) -> None:
        self.entry, self.checker = entry, checker

    @cached_property
    def engine(self) -> Engine:
        entry, options = self.entry, self.checker.options
        if entry.registry is not None:
            base = base_uri(entry.file, entry.schema)
            return JsonschemaEngine(entry.schema, options.formats, str(entry.file), entry.registry, base)
        where = f"{entry.file}: {entry.pointer}"
        self.checker._format_notices([entry])
        if resolve_engine_name(options.engine) == "rs":
            try:  # jsonschema-rs checks the schema against the meta-schema itself, in a fraction of the time
                return make_engines([EngineSpec(entry.schema, where)], options.formats, "rs")[0]
            except ConfigurationError:
                pass  # it cannot take this schema: python-jsonschema says why, or takes it
        schema = check_schema(where, entry.schema)
        return make_engines([EngineSpec(schema, where)], options.formats, "python")[0]

    @property
    def compiled(self) -> bool:
        return "engine" in self.__dict__

    @property
    def name(self) -> EngineName:  # known once built
        return self.engine.name

    @property
    def checked_by(self) -> EngineName:
        return self.engine.checked_by

    def is_valid(self, data: Any) -> bool:
        return self.engine.is_valid(data)

    def errors(self, data: Any) -> list[RawError]:
        return self.engine.errors(data)
