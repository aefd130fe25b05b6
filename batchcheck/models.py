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


@dataclass(frozen=True)
class Violation:
    """One schema violation as reported: where it is and why."""

    pointer: str
    path: str
    keyword: str
    message: str
    position: Position | None = None


@dataclass(frozen=True)
class CandidateScore:
    """How well one schema fits a document (1.0 = validates it)."""

    schema: str
    valid: bool
    score: float
    reason: str
    undeclared: int = 0


@dataclass(frozen=True)
class Detection:
    """Which schema a document was checked against, and how it was chosen."""

    verdict: Verdict
    schema: str | None
    alternatives: tuple[str, ...] = ()
    candidates: tuple[CandidateScore, ...] = ()


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

    def exit_code(self, fail_on_partial: bool = False) -> ExitCode:
        """This document's exit code; PARTIAL only for a valid batch with failed items."""
        if self.input_error is not None:
            return ExitCode.INPUT
        if not self.valid:
            return ExitCode.INVALID
        partial = fail_on_partial and self.summary is not None and self.summary.failed > 0
        return ExitCode.PARTIAL if partial else ExitCode.OK
