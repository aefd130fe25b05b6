"""Plain data passed between the steps: read -> detect -> validate -> summarise -> report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from batchcheck.errors import ExitCode
from batchcheck.jsontext.pointers import Parts
from batchcheck.jsontext.positions import Position

STDIN = "<stdin>"
EngineName = Literal["rs", "python"]


class Verdict(str, Enum):
    """How the schema of a document was chosen."""

    FORCED = "forced"
    OPERATION = "operation"  # the operation was known (--url, --operation): its response schema
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    CLOSEST = "closest"
    NONE = "none"


@dataclass(frozen=True)
class HttpStatus:
    """Final status line of the HTTP headers that preceded a body (curl -i)."""

    status: int
    reason: str


@dataclass(frozen=True)
class InputError:
    """Why a source could not be read or parsed, and where in it."""

    message: str
    position: Position | None = None


@dataclass(frozen=True)
class InputWarning:
    """Something odd in a source that still parsed (a duplicate key), and where in it."""

    message: str
    position: Position | None = None
    pointer: str | None = None  # the place it concerns, when there is one
    stands_for: int = 1  # warnings it stands for: the last of a capped list counts those left out


@dataclass(frozen=True)
class Request:
    """What asked for a response, when known (`--url`/`--method`, or a capture's entry)."""

    url: str | None = None
    method: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a document sits inside the file that holds several: a HAR entry, a JSON Lines line."""

    file: str  # the file as named (`capture.har`, `logs/day.jsonl.gz`)
    position: Position  # where the entry or the line starts in it (decompressed, for a .gz)
    entry: int | None = None  # a HAR entry's number, from 1
    verbatim: bool = False  # the document's text is the file's own from `position` (a JSON Lines line)

    def place(self, position: Position | None) -> Position:
        """A place in the document as a place in the file: exact when the text is the file's own,
        else where the entry starts (a HAR body is a string inside the file, decoded)."""
        if position is None or not self.verbatim:
            return self.position
        if position.line == 1:
            return Position(self.position.line, self.position.column + position.column - 1)
        return Position(self.position.line + position.line - 1, position.column)


@dataclass
class Document:
    """One source after reading: the parsed value, or the reason it has none."""

    source: str
    text: str = ""
    body_start: int = 0
    http: HttpStatus | None = None
    data: Any = None
    error: InputError | None = None
    warnings: list[InputWarning] = field(default_factory=list)
    request: Request | None = None  # what asked for it, when the input says (a capture)
    no_body: bool = False  # an HTTP 204/304 response: no body by definition, nothing to check
    origin: Origin | None = None  # the HAR entry or JSON Lines line it came from


@dataclass(frozen=True)
class RawError:
    """One schema violation as the engine saw it, before batchcheck words it."""

    parts: Parts
    keyword: str
    keyword_value: Any
    instance: Any
    engine_message: str = ""  # the fallback wording, for keywords batchcheck does not word
    missing: str | None = None  # `required`: the absent property
    extras: tuple[str, ...] = ()  # `additionalProperties`: the properties not allowed
    schema_path: Parts = ()  # the keyword's evaluation path from the schema's root (through `$ref`s)


@dataclass(frozen=True)
class Violation:
    """One schema violation as reported: where it is and why."""

    pointer: str
    path: str
    keyword: str
    message: str
    position: Position | None = None
    schema_location: str = ""  # `#/properties/a/enum`: the evaluation path of the failing keyword


@dataclass(frozen=True)
class Excerpt:
    """The text around a place in a document (a window of its line), with the value there marked."""

    line: int
    text: str  # the line, or a window of it (untrusted: escape before printing)
    start: int  # where in text the marked value starts
    length: int  # how many characters are marked (at least 1)
    clipped_left: bool = False  # text starts inside the line
    clipped_right: bool = False  # the line goes on after text


@dataclass(frozen=True)
class ErrorGroup:
    """Violations that fail the same way at the same place of every item: one path pattern
    (array indices as `*`), one keyword, one expectation. A single violation is a group of one."""

    path: str  # `results[*].flagState`
    pointer: str  # `/results/*/flagState`
    keyword: str
    message: str  # the wording when every member says the same; else what was expected and found
    count: int
    first: Violation  # the first member in document order, located
    examples: tuple[Parts, ...]  # where the first members are (the first one included)
    excerpt: Excerpt | None = None  # the text at the first member (only for a document's first groups)


@dataclass(frozen=True)
class CandidateScore:
    """How one schema fits a document: how much of it it describes, and whether it validates it."""

    schema: str
    valid: bool | None  # None: not validated (it could not be the answer)
    score: float  # the share of the document's members it describes, 0 to 1
    reason: str
    undeclared: int = 0  # members it does not describe
    members: int = 0  # members looked at
    status_match: str | None = None  # how a declared response status fits the document's


@dataclass(frozen=True)
class SchemaRef:
    """Where the chosen schema comes from: origin, file, place in the file, and (for an OpenAPI
    response body) the operation and status that return it."""

    origin: str
    file: str
    pointer: str = ""
    operation: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class Detection:
    """Which schema a document was checked against, and how it was chosen."""

    verdict: Verdict
    schema: str | None
    alternatives: tuple[str, ...] = ()
    candidates: tuple[CandidateScore, ...] = ()
    others: int = 0  # further candidates about as good, not listed in alternatives
    also_in: tuple[str, ...] = ()  # the same schema, word for word, in other documents
    ref: SchemaRef | None = None


@dataclass(frozen=True)
class ErrorSample:
    """One failed batch item (or an API error body), as the response itself describes it."""

    category: str
    message: str
    ids: tuple[str, ...] = ()
    correlation_id: str | None = None


@dataclass
class BatchSummary:
    """How a batch went: counts, error categories and what contradicts itself."""

    status: Any
    succeeded: int
    failed: int
    num_errors: Any = None
    categories: dict[str, int] = field(default_factory=dict)
    sub_categories: dict[str, dict[str, int]] = field(default_factory=dict)
    samples: list[ErrorSample] = field(default_factory=list)
    duration_ms: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class DocumentReport:
    """Everything batchcheck has to say about one document."""

    source: str
    http: HttpStatus | None = None
    input_error: InputError | None = None
    detection: Detection | None = None
    valid: bool | None = None
    errors: list[Violation] = field(default_factory=list)
    error_count: int = 0
    summary: BatchSummary | None = None
    api_error: ErrorSample | None = None
    warnings: list[InputWarning] = field(default_factory=list)  # from reading: duplicate keys
    engine: EngineName | None = None  # the validation engine that checked it
    groups: list[ErrorGroup] = field(default_factory=list)  # the first --max-errors groups of every error
    group_count: int = 0  # all groups, shown or not
    input_excerpt: Excerpt | None = None  # the text where the input error is
    no_body: bool = False  # HTTP 204/304: nothing to check, and nothing wrong
    request: Request | None = None  # what asked for it, when the input said (a capture, an API call)
    origin: Origin | None = None  # the HAR entry or JSON Lines line it came from

    def exit_code(self, fail_on_partial: bool = False) -> ExitCode:
        """This document's exit code; PARTIAL only for a valid batch with failed items."""
        if self.no_body:
            return ExitCode.OK
        if self.input_error is not None:
            return ExitCode.INPUT
        if not self.valid:
            return ExitCode.INVALID
        partial = fail_on_partial and self.summary is not None and self.summary.failed > 0
        return ExitCode.PARTIAL if partial else ExitCode.OK
