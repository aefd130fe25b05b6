"""The validation engine: python-jsonschema, Draft 2020-12, formats asserted.

Engines yield RawError records; batchcheck words them itself (messages.py), so the
report does not depend on an engine's message strings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from batchcheck.models import ConfigurationError, RawError

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError

# Formats batchcheck asserts. Several checkers come from packages jsonschema only uses when
# installed; batchcheck depends on them and refuses to run without them.
REQUIRED_FORMATS = (
    "date-time", "time", "date", "email", "idn-email", "hostname", "idn-hostname",
    "ipv4", "ipv6", "uri", "uri-reference", "uri-template", "json-pointer",
    "relative-json-pointer", "uuid", "regex",
)  # fmt: skip
INT_RANGES = {"int32": 32, "int64": 64}


class EngineError(Exception):
    """The engine could not check this document (nested too deeply)."""


class Engine(Protocol):
    """What detection and validation need from a validation engine."""

    def is_valid(self, data: Any) -> bool: ...

    def iter_errors(self, data: Any) -> Iterator[RawError]: ...


def _int_range_check(bits: int) -> Callable[[object], bool]:
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def fits(instance: object) -> bool:
        if isinstance(instance, bool) or not isinstance(instance, (int, float)):
            return True  # formats apply only to numbers; `type` reports the rest
        if isinstance(instance, float) and not instance.is_integer():
            return True
        return low <= instance <= high

    return fits


def format_checker() -> FormatChecker:
    """python-jsonschema's Draft 2020-12 checkers, batchcheck's stricter ones, int32/int64 ranges."""
    from jsonschema import Draft202012Validator, FormatChecker

    from batchcheck.formats import CHECKERS

    checker = FormatChecker(formats=())  # FormatChecker() would mix in other drafts' `time`
    checker.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)
    for name, check in CHECKERS.items():
        checker.checks(name)(check)
    missing = [name for name in REQUIRED_FORMATS if name not in checker.checkers]
    if missing:
        raise ConfigurationError(
            f"format checkers missing for {', '.join(missing)}: reinstall batchcheck with its dependencies"
        )
    for name, bits in INT_RANGES.items():
        checker.checks(name)(_int_range_check(bits))
    return checker


def unchecked_formats(schema: Any) -> list[str]:
    """The `format` values in schema that batchcheck has no checker for (sorted)."""
    from batchcheck.catalog import subschemas

    known = set(REQUIRED_FORMATS) | set(INT_RANGES)
    used = {node["format"] for node in subschemas(schema) if isinstance(node.get("format"), str)}
    return sorted(used - known)


class JsonschemaEngine:
    """python-jsonschema's Draft 2020-12 validator behind batchcheck's engine interface."""

    def __init__(self, schema: dict[str, Any], formats: bool = True, label: str = "schema") -> None:
        from jsonschema import Draft202012Validator

        from batchcheck.regexes import install

        install()  # pattern & co. in linear time, or bounded
        self.label = label
        self._validator = Draft202012Validator(schema, format_checker=format_checker() if formats else None)

    def is_valid(self, data: Any) -> bool:
        return self._guard(lambda: self._validator.is_valid(data))

    def iter_errors(self, data: Any) -> Iterator[RawError]:
        """Every violation, lazily, in the engine's order."""
        required_seen: dict[tuple, int] = {}
        errors = self._validator.iter_errors(data)
        while True:
            error = self._guard(lambda: next(errors, None))
            if error is None:
                return
            yield _raw_error(error, required_seen)

    def _guard(self, step: Callable[[], Any]) -> Any:
        from referencing.exceptions import Unresolvable

        from batchcheck.regexes import RegexTimeout

        try:
            return step()
        except RegexTimeout as exc:
            raise EngineError(str(exc)) from None
        except Unresolvable as exc:  # the schema is unusable, whatever the document
            ref = getattr(exc, "ref", exc)
            raise ConfigurationError(f"{self.label}: cannot resolve $ref {ref!s}") from None
        except RecursionError:
            raise EngineError("document nested too deeply to validate") from None


def _raw_error(error: ValidationError, required_seen: dict[tuple, int]) -> RawError:
    parts = tuple(error.absolute_path)
    keyword = "false" if error.validator is None else str(error.validator)
    missing, extras = None, ()
    if keyword == "required" and isinstance(error.instance, dict):
        # python-jsonschema yields one `required` error per absent name, in the keyword's
        # order, without naming it: count the errors seen at this place to know which.
        key = (parts, tuple(error.absolute_schema_path))
        nth = required_seen.get(key, 0)
        required_seen[key] = nth + 1
        absent = [name for name in error.validator_value if name not in error.instance]
        missing = absent[nth] if nth < len(absent) else None
    elif keyword == "additionalProperties" and isinstance(error.instance, dict):
        extras = tuple(_extra_properties(error.schema, error.instance))
    return RawError(parts, keyword, error.validator_value, error.instance, error.message, missing, extras)


def _extra_properties(schema: Any, instance: dict[str, Any]) -> list[str]:
    declared = schema.get("properties", {}) if isinstance(schema, dict) else {}
    patterns = schema.get("patternProperties", {}) if isinstance(schema, dict) else {}
    from batchcheck.regexes import bounded_search

    return [
        key for key in instance if key not in declared and not any(bounded_search(p, key) for p in patterns)
    ]
