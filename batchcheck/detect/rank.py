"""Detection: which schema a document is. Describe first, validate second.

1. Each candidate's share of the document's members it describes (describe.py) decides ahead of
   validity; a cheap bound skips the candidates that could not be among the best.
2. A schema describing less than half the document is not its schema (a quarter, for one an OpenAPI
   document returns for the document's HTTP status): when there is none, the verdict is `none`.
   A vacuous schema (`{"type": "object"}`) describes nothing.
3. The contenders are the schemas within TIE of the best description, and, when the document's
   HTTP status is known, the schemas an OpenAPI document returns for that status within
   STATUS_REACH of it.
4. They are ordered by verdict.py's rules (status, the user's over the bundle, validity, fit);
   only contenders are validated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from batchcheck.detect.bound import Level, bound, members
from batchcheck.detect.describe import describe
from batchcheck.detect.sample import Sizes, sampled
from batchcheck.detect.scoring import Candidate, Scored, error_reason, first_errors
from batchcheck.detect.verdict import decide, standing
from batchcheck.errors import ConfigurationError
from batchcheck.models import Detection
from batchcheck.schemas.openapi.operations import status_rank

MIN_SHARE = 0.5
MIN_SHARE_STATUS = 0.25  # a schema the document's status returns need describe a quarter of it
TIE = 0.02
STATUS_REACH = 0.10
DESCRIBE_ALL = 16  # up to this many candidates, each is described, whatever its bound
MAX_VALIDATED = 32  # distinct contenders validated per document


def detect(
    data: Any,
    candidates: Sequence[Candidate],
    status: int | None = None,
    on_broken: Callable[[str], None] | None = None,
) -> Detection:
    """Which of candidates data is (see the module's docstring); status: its HTTP status.

    A candidate found unusable on the way (a broken OpenAPI component) is set aside for good
    (`Candidate.broken`), and on_broken hears why.
    """
    usable = [candidate for candidate in candidates if candidate.broken is None]
    sizes = Sizes()
    every = len(usable) <= DESCRIBE_ALL  # each is described: no bound needed to pass any over
    level = None if every else members(data, sizes=sizes)
    scored = [_bound(candidate, data, level, status) for candidate in usable]
    best = _describe(scored, data, status, sizes)
    contenders = [
        s
        for s in scored
        if s.description is not None
        and not s.description.vacuous
        and s.share >= (MIN_SHARE_STATUS if s.status else MIN_SHARE)
        and (s.share >= best - TIE or (s.status and s.share >= best - STATUS_REACH))
    ]
    _validate(contenders, data)
    contenders = [s for s in contenders if s.candidate.broken is None]
    for candidate in usable:
        if candidate.broken is not None and on_broken is not None:
            on_broken(candidate.broken)
    rest = [s for s in scored if s not in contenders]
    if every:
        _bound_equals(rest, data, sizes)
    return decide(contenders, rest, status)


def _bound(candidate: Candidate, data: Any, level: Level | None, status: int | None) -> Scored:
    """What can be told before describing: the status fit, a type that cannot fit, and (given the
    document's levels) the bound; a candidate found broken on the way is set aside."""
    scored = Scored(candidate)
    entry = candidate.entry
    scored.status = max((status_rank(use.status, status) for use in entry.uses), default=0)
    try:
        reason = candidate.type_reason(data)
        if reason is not None:
            scored.reason, scored.typed_out = reason, True
            return scored
        if level is not None:
            scored.bound = bound(entry.outline, entry.resolve_outline, data, level, candidate.outline_view)
    except (ConfigurationError, RecursionError) as exc:
        candidate.broken = _broken(candidate, exc)
    return scored


def _bound_equals(rest: list[Scored], data: Any, sizes: Sizes) -> None:
    """The bounds of the candidates left out that describe the document equally (the listing orders
    them by it), when every candidate was described without one. A bound walks only the outline's
    names through local `$ref`s (resolve_fragment, which never raises)."""
    if len(rest) < 2:
        return
    shares = Counter(s.share for s in rest)
    tied = [s for s in rest if shares[s.share] > 1 and not s.typed_out]
    if not tied:
        return
    level = members(data, sizes=sizes)
    for s in tied:
        entry = s.candidate.entry
        s.bound = bound(entry.outline, entry.resolve_outline, data, level, s.candidate.outline_view)


def _describe(scored: list[Scored], data: Any, status: int | None, sizes: Sizes) -> float:
    """Describe data with the candidates that could be among the best (all of them, when they are
    few); return the best share."""
    best = 0.0
    every = len(scored) <= DESCRIBE_ALL
    for s in sorted(scored, key=lambda s: -s.bound):
        reach = STATUS_REACH if status is not None and s.status else TIE
        if s.candidate.broken is not None or s.reason:
            continue
        if not every and s.bound < max(MIN_SHARE_STATUS if s.status else MIN_SHARE, best - reach):
            s.reason = f"describes at most {s.bound:.0%} of the document"
            continue
        entry = s.candidate.entry
        try:
            s.description = describe(entry.shape, entry.resolve, data, s.candidate.view, sizes)
        except (ConfigurationError, RecursionError) as exc:
            s.candidate.broken = _broken(s.candidate, exc)
            continue
        d = s.description
        if d.vacuous:
            s.reason = "describes nothing: it constrains no member of the document"
        else:
            s.reason = f"describes {d.described} of {d.total} members"
            best = max(best, d.share)
    return best


def _validate(contenders: list[Scored], data: Any) -> None:
    """Validity (and, when rejected, the first errors) of the contenders, best standing first;
    identical schemas (the same component in several documents) are validated once, and past
    MAX_VALIDATED distinct ones (a collection of near-identical components) the rest are left
    unvalidated: they describe the document as well, and are counted, not judged."""
    seen: dict[str, Scored] = {}
    sample: Any = None
    for s in sorted(contenders, key=standing):
        candidate = s.candidate
        key = None  # a schema that cannot even be built (a broken component) has none
        try:
            key = candidate.entry.fingerprint  # builds a lazy candidate's schema: it may be broken
            twin = seen.get(key)
            if twin is not None:
                s.valid, s.errors, s.reason = twin.valid, twin.errors, twin.reason
                continue
            if len(seen) >= MAX_VALIDATED:
                s.reason = f"{s.reason}; not validated ({len(contenders)} schemas describe it as well)"
                continue
            seen[key] = s
            # A compiled engine answers faster than the quick checks prove anything (and they never
            # rule out a schema that validates): they run first only to spare compiling one.
            proof = None if candidate.compiled else candidate.quick_reason(data)
            s.valid = proof is None and candidate.engine.is_valid(data)
            if s.valid:
                s.reason = f"valid; {s.reason}"
                continue
            sample = sampled(data) if sample is None else sample
            s.errors = first_errors(sample, candidate.engine.errors(sample)) or first_errors(
                data, candidate.engine.errors(data)
            )
            if not s.errors and proof is None:
                proof = candidate.quick_reason(data)
            s.reason = error_reason(s.errors) if s.errors else (proof or "does not validate")
        except (ConfigurationError, RecursionError) as exc:
            candidate.broken = _broken(candidate, exc)
            if key is not None:
                seen.pop(key, None)


def _broken(candidate: Candidate, exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        where = candidate.entry.pointer or candidate.entry.name
        return f"{candidate.entry.file}: {where}: nested too deeply to use: skipped"
    return str(exc)
