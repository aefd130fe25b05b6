"""Detection: score every candidate and decide which schema a document is.

With more than FULL_SCORING candidates (an OpenAPI document's components), quick checks rule
out first what provably cannot validate; the rest are validated, and when none validates, the
candidates that could still be `closest` are scored on a preview, then the best in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from batchcheck.detect.coverage import coverage
from batchcheck.detect.quick import quick_check
from batchcheck.detect.sample import sampled
from batchcheck.detect.scoring import MAX_INVALID, Candidate, rejected, score, type_allows
from batchcheck.detect.verdict import CLOSE_ENOUGH, verdict
from batchcheck.models import CandidateScore, Detection, RawError

FULL_SCORING = 16  # past this many candidates, quick checks rule most out before validation
_ERROR_TERMS = 0.4  # the most the error-based terms (item fit, error depth) can add
SAMPLED_PREVIEW = 3  # items per array when many schemas could be the closest
_PREVIEW_MARGIN = 0.25  # previews this close to the best are scored on the whole document
MAX_FINALISTS = 12


def detect(
    data: Any, candidates: Sequence[Candidate], full_errors: dict[str, list[RawError]] | None = None
) -> Detection:
    """Score every candidate and decide which schema the document is.

    full_errors, when given, receives the complete error lists computed on the way (by schema
    name), so the chosen schema's errors need not be collected twice.
    """
    found = full_errors if full_errors is not None else {}
    if len(candidates) > FULL_SCORING:
        return verdict(_many_scores(data, candidates, found))
    valid = {i for i, c in enumerate(candidates) if type_allows(c, data) and c.engine.is_valid(data)}
    if valid:  # the others are not the answer: their cheap terms suffice, as with many candidates
        scores = [
            CandidateScore(c.entry.name, True, 1.0, "valid") if i in valid else rejected(c, data)
            for i, c in enumerate(candidates)
        ]
    else:
        sample = sampled(data)
        scores = [score(c, data, sample, found, known_invalid=True) for c in candidates]
    if len(valid) > 1:  # ties between valid schemas go to the best coverage
        schemas = {c.entry.name: c.entry.schema for c in candidates}
        counted = [coverage(schemas[s.schema], data)[0] if s.valid else s.undeclared for s in scores]
        scores = [replace(s, undeclared=n) for s, n in zip(scores, counted, strict=True)]
    return verdict(scores)


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
    sample = sampled(data, SAMPLED_PREVIEW) if not any_valid else data
    contenders = []
    for index, candidate in enumerate(candidates):
        if index in scores:
            continue
        scores[index] = rejected(candidate, data, ruled_out.get(index, "does not validate"))
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
    previews = {index: score(candidates[index], sample, sample, {}) for index in contenders}
    if not previews:
        return {}
    best = max(preview.score for preview in previews.values())
    ranked = sorted(previews, key=lambda index: -previews[index].score)
    finalists = [i for i in ranked if previews[i].score >= best - _PREVIEW_MARGIN][:MAX_FINALISTS]
    whole = sampled(data)
    result = {index: score(candidates[index], data, whole, full_errors) for index in finalists}
    for index in ranked:
        if index not in result:
            preview = previews[index]
            result[index] = CandidateScore(
                preview.schema, False, min(preview.score, MAX_INVALID), preview.reason
            )
    return result
