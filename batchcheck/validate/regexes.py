"""Bounded regular expressions for `pattern`, `patternProperties` and friends.

Python's `re` backtracks: `^(a+)+$` against 100 KB of `a`s followed by a `b` would run for
ages. batchcheck matches schema regexes with RE2 (google-re2), whose time is linear in the
input, and only falls back to the `regex` module for what RE2 cannot express (lookaround,
backreferences, `\\Z`, or a string with a lone surrogate), under a time budget: a search that
exceeds it raises RegexTimeout, which ends the check with a clear error instead of a hang.

python-jsonschema calls `re.search` from its keyword code with no hook to plug in another
engine, so `install()` gives those modules an `re` whose `search` is this one (everything else
is the real `re`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from batchcheck.errors import DocumentError

if TYPE_CHECKING:
    import regex

FALLBACK_SECONDS = 2.0  # one search by the backtracking fallback


class RegexTimeout(DocumentError):
    """A fallback (backtracking) search ran past its time budget."""

    def __init__(self, pattern: str, length: int) -> None:
        super().__init__(
            f"pattern {pattern!r} took over {FALLBACK_SECONDS:g} s on a string of {length} characters "
            "(catastrophic backtracking?); the check was stopped"
        )


@lru_cache(maxsize=1024)
def _re2(pattern: str) -> Any:
    """The RE2 program for pattern, or None when RE2 cannot express it."""
    import re2  # lazy: start-up (only schemas with patterns)

    options = re2.Options()
    options.log_errors = False  # RE2 would log a rejected pattern to stderr
    try:
        return re2.compile(pattern, options)
    except re2.error:
        return None


@lru_cache(maxsize=1024)
def _fallback(pattern: str) -> regex.Pattern[str] | re.Pattern[str]:
    import regex  # lazy: start-up (only patterns RE2 cannot take)

    try:
        return regex.compile(pattern)
    except regex.error:  # a pattern only `re` accepts: no time budget there
        return re.compile(pattern)


def bounded_search(pattern: str, string: str) -> Any:
    """re.search(pattern, string) in linear time, or within FALLBACK_SECONDS (else RegexTimeout)."""
    program = _re2(pattern)
    if program is not None:
        try:
            return program.search(string)
        except UnicodeEncodeError:  # a lone surrogate: RE2 works on UTF-8
            pass
    fallback = _fallback(pattern)
    if isinstance(fallback, re.Pattern):
        return fallback.search(string)
    try:
        return fallback.search(string, timeout=FALLBACK_SECONDS)
    except TimeoutError:
        raise RegexTimeout(pattern, len(string)) from None


class _BoundedRe(ModuleType):
    """The `re` module with a bounded `search`."""

    def __init__(self) -> None:
        super().__init__("re")

    @staticmethod
    def search(pattern: str, string: str, flags: int = 0) -> Any:
        if flags or not isinstance(pattern, str) or not isinstance(string, str):
            return re.search(pattern, string, flags)
        return bounded_search(pattern, string)

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)


def install() -> None:
    """Make python-jsonschema's keywords search with bounded_search (idempotent)."""
    from jsonschema import _keywords, _utils  # lazy: start-up

    for module in (_keywords, _utils):
        names = vars(module)  # their `re`, an import the type stubs do not declare
        if not isinstance(names["re"], _BoundedRe):
            names["re"] = _BoundedRe()
