"""Schema regexes matched as ECMA-262 says, in bounded time: `pattern`, `patternProperties` and friends.

A pattern is translated (ecma.py) and matched by RE2 (google-re2), whose time is linear in the
input: `^(a+)+$` on 100 KB answers in a millisecond. What RE2 cannot express (lookaround,
backreferences) or take (a string with a lone surrogate, which has no UTF-8 form) is matched by
the `regex` module, a backtracking engine that takes a `timeout=`: every such search of one
document draws on one time budget (`regex_budget()`, BUDGET_SECONDS), so ten slow strings stop
after the budget, not after ten of them. Past it, RegexTimeout ends the check of that document
with a clear error instead of a hang. Outside a budget block, each search gets a budget of its own.

Every matcher batchcheck runs goes through `bounded_search`: python-jsonschema's keywords
(keywords.py), jsonschema-rs for the patterns it is not given (rs.py), detection and lint.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from batchcheck.errors import DocumentError
from batchcheck.validate.ecma import Untranslatable, ecma_error, translate

if TYPE_CHECKING:
    import regex

BUDGET_SECONDS = 2.0  # every backtracking search of one document, together


class RegexTimeout(DocumentError):
    """The backtracking searches of one document ran past their time budget."""

    def __init__(self, pattern: str, length: int) -> None:
        super().__init__(
            f"regular expressions took over {BUDGET_SECONDS:g} s on this document (pattern {pattern!r} "
            f"on a string of {length} characters: catastrophic backtracking?); the check was stopped"
        )


class PatternError(DocumentError):
    """A pattern that is not an ECMA-262 regular expression reached a matcher (an unchecked schema)."""

    def __init__(self, pattern: str, reason: str) -> None:
        super().__init__(f"pattern {pattern!r} is not an ECMA-262 regular expression: {reason}")


@dataclass
class _Budget:
    left: float


_BUDGET: ContextVar[_Budget | None] = ContextVar("batchcheck_regex_budget", default=None)


@contextmanager
def regex_budget(seconds: float = BUDGET_SECONDS) -> Iterator[None]:
    """One time budget for every backtracking search inside the block (one document's check)."""
    token = _BUDGET.set(_Budget(seconds))
    try:
        yield
    finally:
        _BUDGET.reset(token)


@lru_cache(maxsize=1024)
def _re2(pattern: str) -> Any:
    """The RE2 program of pattern, or None when RE2 cannot express it."""
    import re2  # lazy: start-up (only schemas with patterns)

    if ecma_error(pattern) is not None:
        return None
    try:
        translated = translate(pattern, "re2")
    except Untranslatable:
        return None
    options = re2.Options()
    options.log_errors = False  # RE2 would log a rejected pattern to stderr
    try:
        return re2.compile(translated, options)
    except re2.error:  # beyond RE2's limits (a{1001}, a huge program)
        return None


@lru_cache(maxsize=1024)
def _backtracking(pattern: str) -> regex.Pattern[str]:
    import regex  # lazy: start-up (only patterns RE2 cannot take)

    return regex.compile(translate(pattern, "regex"))


def check_pattern(pattern: str) -> None:
    """PatternError unless pattern is an ECMA-262 regex batchcheck can match."""
    reason = ecma_error(pattern)
    if reason is None and _re2(pattern) is None:
        try:
            _backtracking(pattern)
        except Exception as exc:  # an ECMA construct the translation misses: say so, never guess
            reason = f"batchcheck cannot match it ({type(exc).__name__}: {exc})"
    if reason is not None:
        raise PatternError(pattern, reason)


def is_linear(pattern: str) -> bool:
    """True when pattern runs on RE2, in time linear in the input (a valid pattern)."""
    return _re2(pattern) is not None


def bounded_search(pattern: str, string: str) -> bool:
    """Whether pattern (ECMA-262) matches somewhere in string: in linear time, or within the
    document's budget (else RegexTimeout)."""
    program = _re2(pattern)
    if program is not None:
        try:
            return program.search(string) is not None
        except UnicodeEncodeError:  # a lone surrogate: RE2 works on UTF-8
            pass
    else:
        check_pattern(pattern)
    budget = _BUDGET.get() or _Budget(BUDGET_SECONDS)
    if budget.left <= 0:
        raise RegexTimeout(pattern, len(string))
    started = time.monotonic()
    try:
        return _backtracking(pattern).search(string, timeout=budget.left) is not None
    except TimeoutError:
        budget.left = 0
        raise RegexTimeout(pattern, len(string)) from None
    finally:
        budget.left -= time.monotonic() - started
