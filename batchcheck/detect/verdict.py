"""The verdict from the contenders: their order, the winner, and what is as good as it.

Contenders are ordered by, in turn:
1. status: the schemas an OpenAPI document returns for the document's HTTP status (exact, then
   `2XX`-style ranges, then `default`) before the others;
2. fit: a larger share described (to the hundredth), then more members described (a schema whose
   items are free-form objects describes the batch's envelope alone: it accepts a broken item, but
   the schema that describes the items is the document's, and its verdict stands);
3. the user's schemas (a directory, an OpenAPI document, a file) before the bundled ones, when
   they fit as well (a user's loose schema never outranks a bundled one that describes more);
4. fewer members declared that the document lacks (a loose schema that declares much more than
   the document has is not its schema, even when it accepts it);
5. validity: a schema that validates the document before one that rejects it;
6. closeness, for schemas that reject it: fewer and deeper errors.

The first is the verdict: `matched` if it validates the document, `closest` if not. Contenders
equal to it on every rule are `alternatives` (the first three, the rest counted in `others`)
unless they are the same schema word for word, from another document (`also_in`). A valid winner
with alternatives is `ambiguous`; its alternatives may reject the document (equal on every rule
but validity: which of them the document is, only its operation can tell).
Never by name: two different schemas that tie are reported as a tie.
"""

from __future__ import annotations

from batchcheck.detect.scoring import Scored
from batchcheck.models import CandidateScore, Detection, SchemaRef, Verdict
from batchcheck.schemas.openapi.operations import status_rank

_STATUS_WORDS = {3: "exact", 2: "range", 1: "default"}
SHOWN_ALTERNATIVES = 3


def order_key(s: Scored) -> tuple[object, ...]:
    """Sort key of a contender: smaller comes first (validity: valid, rejects, not validated)."""
    validity = {True: 0, False: 1, None: 2}[s.valid]
    return (*standing(s), validity, s.closeness)


def standing(s: Scored) -> tuple[object, ...]:
    """The rules before validity: status; fit (the share described, to the hundredth, then the
    members described: of two schemas that describe all they look at, the one that looks inside
    the items, not taking them as free-form, is the document's); origin; the members declared but
    absent."""
    d = s.description
    absent, described = (d.absent, d.described) if d is not None else (0, 0)
    return (-s.status, -round(s.share, 2), -described, s.candidate.entry.origin == "bundled", absent)


def decide(contenders: list[Scored], rest: list[Scored], status: int | None) -> Detection:
    """The Detection for a document (see the module's docstring)."""
    ordered = sorted(contenders, key=order_key)
    listed = tuple(_score(s) for s in [*ordered, *sorted(rest, key=lambda s: (-s.share, -s.bound))])
    if not ordered:
        return Detection(Verdict.NONE, None, (), listed)
    winner = ordered[0]
    tied = [s for s in ordered[1:] if _ties(s, winner)]
    same = [s for s in tied if s.candidate.entry.fingerprint == winner.candidate.entry.fingerprint]
    different = [s for s in tied if s not in same]
    alternatives = tuple(s.candidate.entry.name for s in different[:SHOWN_ALTERNATIVES])
    verdict = Verdict.CLOSEST
    if winner.valid:
        verdict = Verdict.AMBIGUOUS if different else Verdict.MATCHED
    return Detection(
        verdict,
        winner.candidate.entry.name,
        alternatives,
        listed,
        others=len(different) - len(alternatives),
        also_in=tuple(s.candidate.entry.name for s in same),
        ref=schema_ref(winner, status),
    )


def _ties(s: Scored, winner: Scored) -> bool:
    """As good as the winner: equal on every rule (closeness aside). A valid winner also ties with
    a schema equal on every rule but validity: it describes the document as well and rejects it,
    so which of the two the document is cannot be told (an operation would tell)."""
    if winner.valid:
        return standing(s) == standing(winner)
    return order_key(s)[:-1] == order_key(winner)[:-1]


def schema_ref(s: Scored, status: int | None) -> SchemaRef:
    entry = s.candidate.entry
    use = max(entry.uses, key=lambda u: status_rank(u.status, status), default=None)
    return SchemaRef(
        entry.origin,
        str(entry.file),
        entry.pointer,
        use.operation if use is not None else None,
        use.status if use is not None else None,
    )


def _score(s: Scored) -> CandidateScore:
    d = s.description
    return CandidateScore(
        s.candidate.entry.name,
        s.valid,
        round(d.share if d is not None else 0.0, 3),
        s.candidate.broken or s.reason or "not looked at",
        undeclared=d.undescribed if d is not None else 0,
        members=d.total if d is not None else 0,
        status_match=_STATUS_WORDS.get(s.status),
    )
