"""How well one schema fits a document it does not validate, from 0 to 0.99.

  0.2  x share of the schema's top-level `required` properties present
+ 0.15 x share of present top-level enum/const properties whose value is allowed (0.5 if none)
+ 0.25 x share of the document's object keys the schema declares (see coverage.py)
+ 0.25 x share of sampled items of top-level arrays whose own shape fits (see `_item_fit`)
+ 0.15 x mean depth of the errors (capped at 4, over 4): deep errors mean the outer
         structure fits and only details differ.
A schema that validates the document scores 1.0; one whose top-level `type` cannot fit, 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from batchcheck.detect.coverage import coverage
from batchcheck.detect.quick import quick_check
from batchcheck.detect.sample import SAMPLED_ITEMS
from batchcheck.explain.violations import in_document_order
from batchcheck.explain.wording import json_type, word
from batchcheck.jsontext.pointers import readable_path
from batchcheck.models import CandidateScore, RawError
from batchcheck.schemas.entry import SchemaEntry
from batchcheck.validate.engine import Engine

MAX_INVALID = 0.99  # a schema that rejects the document never scores like one that accepts it
NEUTRAL = 0.5
SAMPLED_ERRORS = 200
_MAX_DEPTH = 4


@dataclass(frozen=True)
class Candidate:
    """A schema taking part in detection, with its compiled engine."""

    entry: SchemaEntry
    engine: Engine


def type_allows(candidate: Candidate, data: Any) -> bool:
    expected = candidate.entry.schema.get("type")
    return not isinstance(expected, str) or _type_fits(expected, data)


def _type_mismatch(candidate: Candidate, data: Any) -> CandidateScore:
    expected = candidate.entry.schema.get("type")
    return CandidateScore(candidate.entry.name, False, 0.0, f"expects {expected}, found {json_type(data)}")


def rejected(candidate: Candidate, data: Any, reason: str | None = None) -> CandidateScore:
    """A schema that does not validate and cannot be the answer: its cheap terms only."""
    if not type_allows(candidate, data):
        return _type_mismatch(candidate, data)
    schema = candidate.entry.schema
    cheap = 0.2 * _required_share(schema, data) + 0.15 * _enum_share(schema, data)
    why = reason or quick_check(schema).reject(data) or "does not validate"
    return CandidateScore(candidate.entry.name, False, round(cheap, 3), why, 0)


def score(
    candidate: Candidate,
    data: Any,
    sample: Any,
    full_errors: dict[str, list[RawError]],
    known_invalid: bool = False,
) -> CandidateScore:
    schema, name = candidate.entry.schema, candidate.entry.name
    if not type_allows(candidate, data):  # no need to validate
        return _type_mismatch(candidate, data)
    if not known_invalid and candidate.engine.is_valid(data):
        return CandidateScore(name, True, 1.0, "valid")  # coverage counted only if several validate
    undeclared, total = coverage(schema, data)
    errors, source = (candidate.engine.errors(sample), sample) if sample is not data else ([], data)
    if not errors:  # no sample, or the sample passes: what fails lies beyond it
        errors, source = in_document_order(data, candidate.engine.errors(data)), data
        full_errors[name] = errors  # in document order already
    errors = errors[:SAMPLED_ERRORS] if source is data else _first_in_document_order(source, errors)
    score = (
        0.2 * _required_share(schema, data)
        + 0.15 * _enum_share(schema, data)
        + 0.25 * (1 - undeclared / total if total else 1.0)
        + 0.25 * _item_fit(data, errors)
        + 0.15 * _error_depth(errors)
    )
    return CandidateScore(name, False, min(round(score, 3), MAX_INVALID), _reason(errors), undeclared)


def _first_in_document_order(data: Any, errors: list[RawError]) -> list[RawError]:
    """The first SAMPLED_ERRORS errors in document order (the same whatever the engine's order)."""
    return in_document_order(data, errors)[:SAMPLED_ERRORS]


def _type_fits(expected: str, data: Any) -> bool:
    found = json_type(data)
    return found == expected or (expected == "number" and found == "integer")


def _share(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def _required_share(schema: dict[str, Any], data: Any) -> float:
    required = schema.get("required", [])
    if not isinstance(required, list):
        return 1.0
    present = sum(1 for key in required if key in data) if isinstance(data, dict) else 0
    return _share(present, len(required))


def _enum_share(schema: dict[str, Any], data: Any) -> float:
    """Share of present top-level enum/const values allowed; 0.5 when there is none to judge."""
    properties = schema.get("properties", {})
    if not isinstance(data, dict) or not isinstance(properties, dict):
        return NEUTRAL
    checked = hits = 0
    for key, sub in properties.items():
        if key in data and isinstance(sub, dict) and ("enum" in sub or "const" in sub):
            checked += 1
            allowed = sub["enum"] if "enum" in sub else [sub["const"]]
            hits += data[key] in allowed if isinstance(allowed, list) else 0
    return hits / checked if checked else NEUTRAL


def _item_fit(data: Any, errors: list[RawError]) -> float:
    """Share of the sampled items of top-level arrays with no error on the item itself.

    An error at `/results/3` (missing required property, wrong type) means the item has
    another shape; errors deeper down mean the item fits and a detail differs.
    """
    if not isinstance(data, dict):
        return 1.0
    sampled = {key: min(len(v), SAMPLED_ITEMS) for key, v in data.items() if isinstance(v, list) and v}
    misfits = {
        e.parts[:2]
        for e in errors
        if len(e.parts) == 2
        and e.parts[0] in sampled
        and isinstance(e.parts[1], int)  # below an array a path goes on with an index
        and e.parts[1] < sampled[e.parts[0]]
    }
    total = sum(sampled.values())
    return 1 - len(misfits) / total if total else 1.0


def _error_depth(errors: list[RawError]) -> float:
    if not errors:
        return 1.0
    depths = [len(e.parts) for e in errors]
    return sum(min(d, _MAX_DEPTH) for d in depths) / (_MAX_DEPTH * len(depths))


def _reason(errors: list[RawError]) -> str:
    """Why a schema rejects the document, shallowest errors first, in one line."""
    shallow = sorted(errors, key=lambda e: len(e.parts))
    parts = [f"{readable_path(e.parts)}: {word(e)}" if e.parts else word(e) for e in shallow[:2]]
    more = len(errors) - len(parts)
    if more:
        parts.append(f"+{more}{'+' if len(errors) == SAMPLED_ERRORS else ''} more")
    return "; ".join(parts) or "does not validate"
