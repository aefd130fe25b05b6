"""The verdict from every candidate's score: matched, ambiguous, closest or none."""

from __future__ import annotations

from batchcheck.models import CandidateScore, Detection, Verdict

CLOSE_ENOUGH = 0.6  # the least score of a `closest` schema
NEAR = 0.1  # candidates this close to the closest are listed as alternatives


def verdict(scores: list[CandidateScore]) -> Detection:
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
