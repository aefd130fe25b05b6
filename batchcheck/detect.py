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
from dataclasses import dataclass
from itertools import islice
from typing import Any

from batchcheck.catalog import SchemaEntry
from batchcheck.engine import Engine
from batchcheck.messages import json_type, word
from batchcheck.models import CandidateScore, Detection, RawError, Verdict
from batchcheck.paths import readable_path

CLOSE_ENOUGH = 0.6
MAX_INVALID = 0.99  # a schema that rejects the document never scores like one that accepts it
NEUTRAL = 0.5
NEAR = 0.1
SAMPLED_ERRORS = 200
SAMPLED_ITEMS = 20
_MAX_DEPTH = 4
_PROPERTY_KEYWORDS = ("properties", "patternProperties", "additionalProperties", "unevaluatedProperties")


@dataclass(frozen=True)
class Candidate:
    """A schema taking part in detection, with its compiled engine."""

    entry: SchemaEntry
    engine: Engine


def detect(data: Any, candidates: Sequence[Candidate]) -> Detection:
    """Score every candidate and decide which schema the document is."""
    scores = [_score(c, data) for c in candidates]
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


def _score(candidate: Candidate, data: Any) -> CandidateScore:
    schema, name = candidate.entry.schema, candidate.entry.name
    expected = schema.get("type")
    if isinstance(expected, str) and not _type_fits(expected, data):  # no need to validate
        return CandidateScore(name, False, 0.0, f"expects {expected}, found {json_type(data)}")
    undeclared, total = coverage(schema, data)
    if candidate.engine.is_valid(data):
        return CandidateScore(name, True, 1.0, "valid", undeclared)
    errors = list(islice(candidate.engine.iter_errors(data), SAMPLED_ERRORS))
    score = (
        0.2 * _required_share(schema, data)
        + 0.15 * _enum_share(schema, data)
        + 0.25 * (1 - undeclared / total if total else 1.0)
        + 0.25 * _item_fit(data, errors)
        + 0.15 * _error_depth(errors)
    )
    return CandidateScore(name, False, min(round(score, 3), MAX_INVALID), _reason(errors), undeclared)


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

    def walk(self, schema: Any, data: Any, depth: int) -> tuple[int, int]:
        if depth > 64:
            return 0, 0
        applicable = list(self._applicable(schema, 0))
        if isinstance(data, dict):
            return _add(self._key(applicable, key, value, depth) for key, value in data.items())
        if isinstance(data, list):
            return _add(
                self.walk(self._item_schema(applicable, index), item, depth + 1)
                for index, item in enumerate(islice(data, SAMPLED_ITEMS))
            )
        return 0, 0

    def _key(self, applicable: list[dict], key: str, value: Any, depth: int) -> tuple[int, int]:
        if not any(keyword in schema for schema in applicable for keyword in _PROPERTY_KEYWORDS):
            return 0, 1  # a free-form object: the schema accepts whatever keys it has
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
            yield from self._applicable(self._resolve(ref), depth + 1)

    def _resolve(self, ref: str) -> Any:
        node = self.root
        for token in ref[1:].split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node.get(token) if isinstance(node, dict) else None
        return node


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
