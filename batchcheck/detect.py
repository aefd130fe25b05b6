"""Detect which schema a document is: matched, ambiguous, closest or none.

Closeness of a schema that does not validate the document, from 0 to 0.99:
  0.2  x share of the schema's top-level `required` properties present
+ 0.15 x share of present top-level enum/const properties whose value is allowed (0.5 if none)
+ 0.25 x share of the document's object keys the schema declares (see `coverage`)
+ 0.25 x share of sampled items of top-level arrays whose own shape fits (see `_item_fit`)
+ 0.15 x mean depth of the errors (capped at 4, over 4): deep errors mean the outer
         structure fits and only details differ.
A schema is `closest` when it scores at least CLOSE_ENOUGH; candidates within NEAR
of it are listed as alternatives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from batchcheck.catalog import SchemaEntry
from batchcheck.engine import Engine
from batchcheck.messages import json_type, word
from batchcheck.models import CandidateScore, Detection, RawError, Verdict
from batchcheck.paths import readable_path, resolve_fragment
from batchcheck.prefilter import QuickCheck
from batchcheck.violations import in_document_order

CLOSE_ENOUGH = 0.6
MAX_INVALID = 0.99  # a schema that rejects the document never scores like one that accepts it
NEUTRAL = 0.5
NEAR = 0.1
FULL_SCORING = 16  # past this many candidates, quick checks rule most out before validation
_ERROR_TERMS = 0.4  # the most the error-based terms (item fit, error depth) can add
SAMPLED_PREVIEW = 3  # items per array when many schemas could be the closest
_PREVIEW_MARGIN = 0.25  # previews this close to the best are scored on the whole document
MAX_FINALISTS = 12
SAMPLED_ERRORS = 200
SAMPLED_ITEMS = 20
_MAX_DEPTH = 4
_PROPERTY_KEYWORDS = ("properties", "patternProperties", "additionalProperties", "unevaluatedProperties")


@dataclass(frozen=True)
class Candidate:
    """A schema taking part in detection, with its compiled engine."""

    entry: SchemaEntry
    engine: Engine


def detect(
    data: Any, candidates: Sequence[Candidate], full_errors: dict[str, list[RawError]] | None = None
) -> Detection:
    """Score every candidate and decide which schema the document is.

    full_errors, when given, receives the complete error lists computed on the way (by schema
    name), so the chosen schema's errors need not be collected twice.
    """
    found = full_errors if full_errors is not None else {}
    if len(candidates) > FULL_SCORING:
        return _verdict(_many_scores(data, candidates, found))
    valid = {i for i, c in enumerate(candidates) if _type_allows(c, data) and c.engine.is_valid(data)}
    if valid:  # the others are not the answer: their cheap terms suffice, as with many candidates
        scores = [
            CandidateScore(c.entry.name, True, 1.0, "valid") if i in valid else _rejected(c, data)
            for i, c in enumerate(candidates)
        ]
    else:
        sample = sampled(data)
        scores = [_score(c, data, sample, found, known_invalid=True) for c in candidates]
    if len(valid) > 1:  # ties between valid schemas go to the best coverage
        schemas = {c.entry.name: c.entry.schema for c in candidates}
        counted = [coverage(schemas[s.schema], data)[0] if s.valid else s.undeclared for s in scores]
        scores = [replace(s, undeclared=n) for s, n in zip(scores, counted, strict=True)]
    return _verdict(scores)


def _verdict(scores: list[CandidateScore]) -> Detection:
    valid = sorted((s for s in scores if s.valid), key=lambda s: (s.undeclared, s.schema))
    ranked = tuple(sorted(scores, key=lambda s: (not s.valid, -s.score, s.undeclared, s.schema)))
    if len(valid) == 1:
        return Detection(Verdict.MATCHED, valid[0].schema, (), ranked)
    if valid:
        others = tuple(s.schema for s in valid[1:])
        return Detection(Verdict.AMBIGUOUS, valid[0].schema, others, ranked)
    best = ranked[0] if ranked else None
    if best is None or best.score < CLOSE_ENOUGH:
        return Detection(Verdict.NONE, None, (), ranked)
    near = tuple(s.schema for s in ranked[1:] if s.score >= max(best.score - NEAR, CLOSE_ENOUGH))
    return Detection(Verdict.CLOSEST, best.schema, near, ranked)


def _type_allows(candidate: Candidate, data: Any) -> bool:
    expected = candidate.entry.schema.get("type")
    return not isinstance(expected, str) or _type_fits(expected, data)


def _type_mismatch(candidate: Candidate, data: Any) -> CandidateScore:
    expected = candidate.entry.schema.get("type")
    return CandidateScore(candidate.entry.name, False, 0.0, f"expects {expected}, found {json_type(data)}")


def _rejected(candidate: Candidate, data: Any, reason: str | None = None) -> CandidateScore:
    """A schema that does not validate and cannot be the answer: its cheap terms only."""
    if not _type_allows(candidate, data):
        return _type_mismatch(candidate, data)
    schema = candidate.entry.schema
    cheap = 0.2 * _required_share(schema, data) + 0.15 * _enum_share(schema, data)
    why = reason or quick_check(schema).reject(data) or "does not validate"
    return CandidateScore(candidate.entry.name, False, round(cheap, 3), why, 0)


def _score(
    candidate: Candidate,
    data: Any,
    sample: Any,
    full_errors: dict[str, list[RawError]],
    known_invalid: bool = False,
) -> CandidateScore:
    schema, name = candidate.entry.schema, candidate.entry.name
    if not _type_allows(candidate, data):  # no need to validate
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


def _many_scores(
    data: Any, candidates: Sequence[Candidate], full_errors: dict[str, list[RawError]]
) -> list[CandidateScore]:
    """Scores when there are many candidates: quick checks first, the validator for the rest.

    A candidate the quick checks rule out gets its cheap terms only (required and enum
    shares) and their reason. If no candidate validates the document, one ruled out is still
    scored in full when its cheap terms plus coverage could reach CLOSE_ENOUGH.
    """
    scores: dict[int, CandidateScore] = {}
    ruled_out: dict[int, str] = {}
    for index, candidate in enumerate(candidates):
        reason = quick_check(candidate.entry.schema).reject(data)
        if reason is not None:
            ruled_out[index] = reason
        elif candidate.engine.is_valid(data):
            undeclared, _ = coverage(candidate.entry.schema, data)
            scores[index] = CandidateScore(candidate.entry.name, True, 1.0, "valid", undeclared)
    any_valid = bool(scores)
    sample = _sampled(data, SAMPLED_PREVIEW) if not any_valid else data
    contenders = []
    for index, candidate in enumerate(candidates):
        if index in scores:
            continue
        scores[index] = _rejected(candidate, data, ruled_out.get(index, "does not validate"))
        if not any_valid:  # could it be the closest? (coverage judged on the sample)
            undeclared, total = coverage(candidate.entry.schema, sample)
            share = 1 - undeclared / total if total else 1.0
            if scores[index].score + 0.25 * share + _ERROR_TERMS >= CLOSE_ENOUGH:
                contenders.append(index)
    scores.update(_contender_scores(data, sample, candidates, contenders, full_errors))
    return [scores[index] for index in range(len(candidates))]


def _contender_scores(
    data: Any,
    sample: Any,
    candidates: Sequence[Candidate],
    contenders: list[int],
    full_errors: dict[str, list[RawError]],
) -> dict[int, CandidateScore]:
    """Scores of the schemas that could be the closest: first on a sample of the document (arrays
    cut to their first SAMPLED_PREVIEW items), then in full for the best of them."""
    previews = {index: _score(candidates[index], sample, sample, {}) for index in contenders}
    if not previews:
        return {}
    best = max(preview.score for preview in previews.values())
    ranked = sorted(previews, key=lambda index: -previews[index].score)
    finalists = [i for i in ranked if previews[i].score >= best - _PREVIEW_MARGIN][:MAX_FINALISTS]
    whole = sampled(data)
    result = {index: _score(candidates[index], data, whole, full_errors) for index in finalists}
    for index in ranked:
        if index not in result:
            preview = previews[index]
            result[index] = CandidateScore(
                preview.schema, False, min(preview.score, MAX_INVALID), preview.reason
            )
    return result


def _sampled(data: Any, items: int, depth: int = 0) -> Any:
    """data with every array cut to its first `items` items."""
    if depth > 64:
        return data
    if isinstance(data, list):
        return [_sampled(item, items, depth + 1) for item in data[:items]]
    if isinstance(data, dict):
        return {key: _sampled(value, items, depth + 1) for key, value in data.items()}
    return data


_QUICK: dict[int, tuple[Any, QuickCheck]] = {}


def quick_check(schema: Any) -> QuickCheck:
    """The QuickCheck of schema, built once per schema object."""
    cached = _QUICK.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _QUICK[id(schema)] = (schema, QuickCheck(schema))
    return cached[1]


def sampled(data: Any) -> Any:
    """data with every array cut to its first SAMPLED_ITEMS items (data itself if none is longer).

    Scoring a schema that rejects a big batch looks at the errors of this sample: the same items
    coverage and item fit look at, and a bounded number of errors whatever the engine.
    """
    return _cut(data, 0) if _has_long_array(data, 0) else data


def _has_long_array(data: Any, depth: int) -> bool:
    if depth > 64:
        return False
    if isinstance(data, list):
        return len(data) > SAMPLED_ITEMS or any(_has_long_array(item, depth + 1) for item in data)
    if isinstance(data, dict):
        return any(_has_long_array(value, depth + 1) for value in data.values())
    return False


def _cut(data: Any, depth: int) -> Any:
    if depth > 64:
        return data
    if isinstance(data, list):
        return [_cut(item, depth + 1) for item in islice(data, SAMPLED_ITEMS)]
    if isinstance(data, dict):
        return {key: _cut(value, depth + 1) for key, value in data.items()}
    return data


def _first_in_document_order(data: Any, errors: list[RawError]) -> list[RawError]:
    """The first SAMPLED_ERRORS errors in document order (the same whatever the engine's order)."""
    return in_document_order(data, errors)[:SAMPLED_ERRORS]


def _type_fits(expected: str, data: Any) -> bool:
    found = json_type(data)
    return found == expected or (expected == "number" and found == "integer")


def _share(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def _required_share(schema: dict, data: Any) -> float:
    required = schema.get("required", [])
    if not isinstance(required, list):
        return 1.0
    present = sum(1 for key in required if key in data) if isinstance(data, dict) else 0
    return _share(present, len(required))


def _enum_share(schema: dict, data: Any) -> float:
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
        if len(e.parts) == 2 and e.parts[0] in sampled and e.parts[1] < sampled[e.parts[0]]
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


def coverage(schema: Any, data: Any) -> tuple[int, int]:
    """(undeclared, total): object keys in data that no `properties`/`patternProperties`
    of schema declares, out of all keys looked at.

    Objects whose schema constrains no properties at all (free-form maps), and keys that
    an `additionalProperties` schema covers (typed maps), count as declared. Arrays are
    sampled (their first SAMPLED_ITEMS items) to stay cheap on big batches.
    """
    return _Coverage(schema).walk(schema, data, 0)


class _Coverage:
    def __init__(self, root: Any) -> None:
        self.root = root
        self._seen: dict[int, tuple[list[dict], bool]] = {}  # by id(schema), alive during the walk

    def walk(self, schema: Any, data: Any, depth: int) -> tuple[int, int]:
        if depth > 64 or not isinstance(data, (dict, list)):
            return 0, 0
        known = self._seen.get(id(schema))
        if known is None:
            applicable = list(self._applicable(schema, 0))
            constrained = any(keyword in s for s in applicable for keyword in _PROPERTY_KEYWORDS)
            known = self._seen[id(schema)] = (applicable, constrained)
        applicable, constrained = known
        if isinstance(data, dict):
            if not constrained:  # a free-form object: the schema accepts whatever keys it has
                return 0, len(data)
            return _add(self._key(applicable, key, value, depth) for key, value in data.items())
        if isinstance(data, list):
            return _add(
                self.walk(self._item_schema(applicable, index), item, depth + 1)
                for index, item in enumerate(islice(data, SAMPLED_ITEMS))
            )
        return 0, 0

    def _key(self, applicable: list[dict], key: str, value: Any, depth: int) -> tuple[int, int]:
        subs = [sub for schema in applicable for sub in _property_schemas(schema, key)]
        if not subs:  # a typed map (`additionalProperties: {schema}`) declares every other key
            subs = [
                s["additionalProperties"]
                for s in applicable
                if isinstance(s.get("additionalProperties"), dict)
            ]
        if not subs:
            return 1, 1
        undeclared, total = min(self.walk(sub, value, depth + 1) for sub in subs)
        return undeclared, total + 1

    def _item_schema(self, applicable: list[dict], index: int) -> Any:
        for schema in applicable:
            prefix = schema.get("prefixItems", [])
            if isinstance(prefix, list) and index < len(prefix):
                return prefix[index]
            if "items" in schema:
                return schema["items"]
        return {}

    def _applicable(self, schema: Any, depth: int) -> Iterator[dict]:
        """schema and the subschemas that apply to the same instance."""
        if not isinstance(schema, dict) or depth > 16:
            return
        yield schema
        for keyword in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(keyword, []) if isinstance(schema.get(keyword), list) else []:
                yield from self._applicable(sub, depth + 1)
        for keyword in ("then", "else"):
            yield from self._applicable(schema.get(keyword), depth + 1)
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            yield from self._applicable(resolve_fragment(self.root, ref), depth + 1)


def _add(pairs: Iterator[tuple[int, int]]) -> tuple[int, int]:
    undeclared = total = 0
    for u, t in pairs:
        undeclared, total = undeclared + u, total + t
    return undeclared, total


def _property_schemas(schema: dict, key: str) -> Iterator[Any]:
    from batchcheck.regexes import bounded_search

    properties = schema.get("properties")
    if isinstance(properties, dict) and key in properties:
        yield properties[key]
    patterns = schema.get("patternProperties")
    if isinstance(patterns, dict):
        for pattern, sub in patterns.items():
            try:
                if bounded_search(pattern, key):
                    yield sub
            except re.error:
                continue
