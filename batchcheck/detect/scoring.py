"""One candidate against one document: whether its type can fit, what the quick checks prove,
whether it validates, and how close it comes when it does not.

Closeness decides only between candidates that describe a document equally well and all reject
it: the one with fewer errors on the sampled document, then with deeper ones (the outer structure
fits, a detail differs), is the closest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from batchcheck.detect.describe import Description
from batchcheck.detect.quick import quick_check
from batchcheck.detect.view import View
from batchcheck.explain.violations import in_document_order
from batchcheck.explain.wording import json_type, word
from batchcheck.jsontext.pointers import readable_path
from batchcheck.models import RawError
from batchcheck.schemas.entry import SchemaEntry
from batchcheck.validate.engine import Engine

SAMPLED_ERRORS = 200
_MAX_DEPTH = 4


@dataclass(eq=False)
class Candidate:
    """A schema taking part in detection, with its engine (compiled when first used), and why it
    was set aside if it proved unusable (a broken OpenAPI component)."""

    entry: SchemaEntry
    engine: Engine
    broken: str | None = None

    def type_reason(self, data: Any) -> str | None:
        """Why its top-level `type` cannot fit data, or None."""
        outline = self.entry.outline
        expected = outline.get("type") if isinstance(outline, dict) else None
        if not isinstance(expected, (str, list)):
            return None
        allowed = [expected] if isinstance(expected, str) else [t for t in expected if isinstance(t, str)]
        if outline.get("nullable") is True:  # OpenAPI 3.0, before translation
            allowed.append("null")
        found = json_type(data)
        if found in allowed or (found == "integer" and "number" in allowed) or not allowed:
            return None
        return f"expects {' or '.join(allowed)}, found {found}"

    @cached_property
    def view(self) -> View:
        """What describing a document reads of its shape, kept for the run."""
        return View(self.entry.resolve)

    @cached_property
    def outline_view(self) -> View:
        """The same of its outline, for the bound."""
        return View(self.entry.resolve_outline)

    @property
    def compiled(self) -> bool:
        """Its engine is ready (not one compiled and checked against the meta-schema on first use)."""
        return bool(getattr(self.engine, "compiled", True))

    def quick_reason(self, data: Any) -> str | None:
        """A proof that it cannot validate data (quick checks), or None."""
        return quick_check(self.entry.schema).reject(data)


@dataclass(eq=False)
class Scored:
    """What detection learnt of one candidate on one document."""

    candidate: Candidate
    bound: float = 0.0
    description: Description | None = None
    status: int = 0  # status_rank of its best-fitting response use
    reason: str = ""
    typed_out: bool = False  # its top-level type cannot fit the document
    valid: bool | None = None
    errors: list[RawError] = field(default_factory=list)  # the first errors, when it rejects

    @property
    def share(self) -> float:
        return self.description.share if self.description is not None else 0.0

    @property
    def closeness(self) -> tuple[int, float]:
        return closeness(self.errors)


def closeness(errors: list[RawError]) -> tuple[int, float]:
    """A sort key, smaller is closer: fewer errors, then deeper ones."""
    if not errors:
        return 0, 0.0
    depth = sum(min(len(e.parts), _MAX_DEPTH) for e in errors) / (_MAX_DEPTH * len(errors))
    return len(errors), -depth


def first_errors(data: Any, errors: list[RawError]) -> list[RawError]:
    """The first SAMPLED_ERRORS errors in document order (the same whatever the engine's order)."""
    return in_document_order(data, errors)[:SAMPLED_ERRORS]


def error_reason(errors: list[RawError]) -> str:
    """Why a schema rejects the document, shallowest errors first, in one line."""
    shallow = sorted(errors, key=lambda e: len(e.parts))
    parts = [f"{readable_path(e.parts)}: {word(e)}" if e.parts else word(e) for e in shallow[:2]]
    more = len(errors) - len(parts)
    if more:
        parts.append(f"+{more}{'+' if len(errors) == SAMPLED_ERRORS else ''} more")
    return "; ".join(parts) or "does not validate"
