"""Text -> one strict RFC 8259 value: NaN, Infinity, `1e999`, over-long integers and trailing data
are input errors with their line:column; a duplicate key is flagged (the last value is kept)."""

from __future__ import annotations

import gc
import json
import math
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from batchcheck.jsontext.positions import line_column, skip_whitespace
from batchcheck.models import HttpStatus, InputError

_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')
_LONG_INT = re.compile(r'"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])(-?\d{4301,})(?![\d.eE])')  # ints only


class _NonStandardConstant(ValueError):
    """NaN or Infinity, which Python's json accepts and RFC 8259 does not."""


def _reject_constant(name: str) -> None:
    raise _NonStandardConstant(name)


class _Overflow(ValueError):
    """A number literal too large for a float (`1e999`): Python would make it infinity."""


def _finite_float(literal: str) -> float:
    value = float(literal)
    if value in (math.inf, -math.inf):
        raise _Overflow(literal)
    return value


_BIG = 1_000_000  # characters: above this, the garbage collector leaves the parsed value alone


def _flagging_hook() -> tuple[Any, list[bool]]:
    """An object_pairs_hook building plain dicts, and the flag it sets on a duplicate key.

    Comparing sizes is all it does, so parsing stays cheap; read/duplicates.py locates the
    duplicates only for a document that has one.
    """
    seen: list[bool] = []

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs) and not seen:
            seen.append(True)
        return obj

    return build, seen


def _decoder(object_pairs_hook: Any) -> json.JSONDecoder:
    return json.JSONDecoder(
        parse_constant=_reject_constant, parse_float=_finite_float, object_pairs_hook=object_pairs_hook
    )


def parse_json(
    text: str, start: int, http: HttpStatus | None, end: int | None = None
) -> tuple[object, InputError | None, bool]:
    """Parse exactly one RFC 8259 value from text[start:end], positions counted in all of text.

    The flag says whether an object repeated a key (the last value was kept).
    """
    hook, duplicates = _flagging_hook()
    data, error = _parse_value(text, start, len(text) if end is None else end, http, _decoder(hook))
    return data, error, error is None and bool(duplicates)


def _parse_value(
    text: str, start: int, stop: int, http: HttpStatus | None, decoder: json.JSONDecoder
) -> tuple[object, InputError | None]:
    begin = skip_whitespace(text, start)
    if text.startswith("\ufeff", begin):  # a BOM after curl -i headers
        begin = skip_whitespace(text, begin + 1)
    if begin >= stop:
        after = f" after HTTP headers (HTTP {http.status} {http.reason})" if http else ""
        return None, InputError(f"empty input{after}")
    if text.startswith("<", begin):
        served = f"HTTP {http.status} {http.reason}; " if http else ""
        message = f"looks like HTML, not JSON ({served}an error page from a proxy or server?)"
        return None, InputError(message, line_column(text, begin))
    try:
        with _gc_paused(freeze=len(text) > _BIG):
            data, end = decoder.raw_decode(text, begin)
    except json.JSONDecodeError as exc:
        return None, InputError(_syntax_message(text, begin, stop, exc), line_column(text, exc.pos))
    except _NonStandardConstant as exc:
        return None, _located(text, begin, _CONSTANT, f"invalid JSON: {exc} is not allowed")
    except _Overflow as exc:
        literal = re.compile(r'"(?:[^"\\]|\\.)*"|(' + re.escape(str(exc)) + ")")
        message = f"number {_preview(str(exc)).strip(chr(39))} is out of range for a 64-bit float"
        return None, _located(text, begin, literal, message)
    except RecursionError:
        return None, InputError("invalid JSON: nesting too deep to parse")
    except ValueError as exc:  # int digits limit and the like
        if "digits" not in str(exc):
            return None, InputError(f"invalid JSON: {exc}")
        limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)()
        message = f"integer longer than Python's limit of {limit} digits"
        return None, _located(text, begin, _LONG_INT, message)
    trailing = skip_whitespace(text, end)
    if trailing < stop:
        return None, InputError("invalid JSON: trailing data after the value", line_column(text, trailing))
    return data, None


@contextmanager
def _gc_paused(freeze: bool) -> Iterator[None]:
    """No cyclic garbage collection while parsing, and (freeze) none over the parsed value later.

    A parsed document holds no cycles (reference counting frees it), but every collection
    triggered by the millions of containers of a big batch would rescan all of them: without
    this a 100 MB batch parses 3x slower, and validation errors cost 100 µs each. Frozen objects
    are still freed when unused; only small inputs skip the freeze, so that cyclic garbage of a
    long run over many files is still collected.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def _syntax_message(text: str, begin: int, stop: int, exc: json.JSONDecodeError) -> str:
    """Say `truncated`, `not JSON` and what JSONC or a curl trace looks like where the parser
    only says what it expected."""
    truncated = "unexpected end of input (truncated?)"
    if skip_whitespace(text, exc.pos) >= stop:
        return f"invalid JSON: {truncated}"
    if exc.msg.startswith("Unterminated string"):  # no closing quote before the end
        return f"invalid JSON: a string runs to the {truncated.removeprefix('unexpected ')}"
    if _CURL_TRACE.match(text, begin):
        return (
            "looks like curl's verbose trace (`*`, `>` and `<` lines), not a response: drop "
            "`2>&1` so that only the response is piped (`curl -i` keeps the headers)"
        )
    jsonc = _not_json_but(text, begin, exc.pos)
    if jsonc is not None:
        return f"invalid JSON: {jsonc}"
    if exc.pos == begin and exc.msg == "Expecting value":
        return f"not JSON: starts with {_preview(text[begin:].splitlines()[0])}"
    return f"invalid JSON: {exc.msg}"


_CURL_TRACE = re.compile(r"(?:\* {1,3}\S|> [A-Z]+ |< HTTP/|\{ \[\d+ bytes data\]|\} \[\d+ bytes data\])")
_JSONC = "a JSONC file, such as tsconfig.json or VS Code settings?"


def _not_json_but(text: str, begin: int, pos: int) -> str | None:
    """What the text at pos is, when it is something JSON5 or JSONC allows and JSON does not."""
    pos = skip_whitespace(text, pos)
    if text.startswith(("//", "/*"), pos):
        return f"comments are not JSON ({_JSONC})"
    before = text[max(begin, pos - 200) : pos].rstrip(" \t\r\n")
    if text.startswith(("}", "]"), pos) and before.endswith(","):
        return f"a trailing comma before `{text[pos]}` is not JSON ({_JSONC})"
    if text.startswith("'", pos):
        return "single-quoted strings are not JSON: JSON strings take double quotes"
    return None


def _preview(literal: str, limit: int = 30) -> str:
    return repr(literal if len(literal) <= limit else literal[:limit] + "…")


def _located(text: str, start: int, pattern: re.Pattern[str], message: str) -> InputError:
    """Attach the position of the first unquoted match of pattern's group 1, if any."""
    for match in pattern.finditer(text, start):
        if match.group(1):
            return InputError(message, line_column(text, match.start(1)))
    return InputError(message)
