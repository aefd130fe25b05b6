"""python-jsonschema, the engine of record, behind batchcheck's engine interface.

It is given a lightly rewritten copy of the schema (a `false` subschema becomes an equivalent
object, so the error keeps the failing value's path) and batchcheck's format checkers
(formats.py); its errors come out as RawError records in the shape normalise.py describes.
Every python-jsonschema validator batchcheck builds (engine, lint, meta-schema check) comes from
`validator()`, so the regex bound applies to all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from batchcheck.errors import ConfigurationError
from batchcheck.jsontext.pointers import Parts
from batchcheck.models import EngineName, RawError
from batchcheck.validate.engine import EngineError
from batchcheck.validate.formats import INT_RANGES, int_range_check, string_checks, used_formats
from batchcheck.validate.normalise import (
    CONTAINS_FAMILY,
    FALSE_MARK,
    absent_names,
    contains_bounds,
    extra_properties,
    settle,
)
from batchcheck.vocabulary import map_subschemas

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

_KEEP_FALSE = frozenset({None, "additionalProperties", "unevaluatedProperties", "unevaluatedItems"})
_T = TypeVar("_T")
Seen = dict[tuple[Parts, Parts], int]  # raw_error's count of errors by (instance path, schema path)


def validator(schema: Any, format_checker: FormatChecker | None = None, registry: Any = None) -> Validator:
    """A Draft 2020-12 validator for schema, its regexes searched by regexes.bounded_search."""
    from jsonschema import Draft202012Validator  # lazy: start-up (the rs engine needs none of it)

    from batchcheck.validate.regexes import install

    install()  # pattern & co. in linear time (RE2), or within a time budget
    extra = {"registry": registry} if registry is not None else {}
    return Draft202012Validator(schema, format_checker=format_checker, **extra)


def format_checker(names: Iterable[str] | None = None) -> FormatChecker:
    """python-jsonschema's FormatChecker with batchcheck's checkers (formats.py): those named, or all."""
    from jsonschema import FormatChecker  # lazy: start-up

    checker = FormatChecker(formats=())
    for name, check in string_checks(names).items():
        checker.checks(name)(_strings_only(check))
    for name, bits in INT_RANGES.items():
        checker.checks(name)(int_range_check(bits))
    return checker


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    return lambda instance: not isinstance(instance, str) or check(instance)


def _false_as_schema(node: Any, keyword: str | None) -> Any:
    """`false` -> an equivalent object schema, so python-jsonschema keeps the failing value's path."""
    if node is False and keyword not in _KEEP_FALSE:
        return {"not": {}, "$comment": FALSE_MARK}
    return node


class JsonschemaEngine:
    """python-jsonschema's Draft 2020-12 validator behind batchcheck's engine interface."""

    name: EngineName = "python"
    checked_by: EngineName = "python"

    def __init__(
        self,
        schema: dict[str, Any],
        formats: bool = True,
        label: str = "schema",
        registry: Any = None,
        base_uri: str = "",
    ) -> None:
        """registry: other schemas `$ref`s may reach; base_uri: where a schema without `$id` lives."""
        self.label = label
        mapped = map_subschemas(schema, _false_as_schema)
        if registry is not None and base_uri and isinstance(mapped, dict) and "$id" not in mapped:
            mapped = {**mapped, "$id": base_uri}
        # formats of the files refs reach count too: with a registry, every checker
        checker = format_checker(None if registry is not None else used_formats(schema)) if formats else None
        self._validator = validator(mapped, checker, registry)

    def is_valid(self, data: Any) -> bool:
        return self._guard(lambda: self._validator.is_valid(data))

    def errors(self, data: Any) -> list[RawError]:
        """Every violation, in the engine's order."""
        seen: Seen = {}
        # each error becomes a RawError as it comes: a million python-jsonschema errors are never held
        found = self._guard(lambda: [raw_error(error, seen) for error in self._validator.iter_errors(data)])
        return settle(found)

    def _guard(self, step: Callable[[], _T]) -> _T:
        from referencing.exceptions import Unresolvable  # lazy: start-up

        try:
            return step()
        except Unresolvable as exc:  # the schema is unusable, whatever the document
            ref = getattr(exc, "ref", exc)
            raise ConfigurationError(f"{self.label}: cannot resolve $ref {ref!s}") from None
        except RecursionError:
            raise EngineError("document nested too deeply to validate") from None


def raw_error(error: ValidationError, seen: Seen) -> RawError:
    parts = tuple(error.absolute_path)
    keyword = "false" if error.validator is None else str(error.validator)
    if keyword == "not" and isinstance(error.schema, dict) and error.schema.get("$comment") == FALSE_MARK:
        return RawError(parts, "false", None, error.instance, error.message)
    if keyword in CONTAINS_FAMILY:
        return RawError(parts, "contains", contains_bounds(error.schema), error.instance, error.message)
    missing: str | None = None
    extras: tuple[str, ...] = ()
    if keyword in ("required", "dependentRequired") and isinstance(error.instance, dict):
        # python-jsonschema yields one error per absent name, in the keyword's order, without
        # naming it: count the errors seen at this place to know which.
        key = (parts, tuple(error.absolute_schema_path))
        nth = seen[key] = seen.get(key, -1) + 1
        absent = absent_names(keyword, error.validator_value, error.instance)
        missing = absent[nth] if nth < len(absent) else None
    elif keyword == "additionalProperties" and isinstance(error.instance, dict):
        extras = tuple(extra_properties(error.schema, error.instance))
    return RawError(parts, keyword, error.validator_value, error.instance, error.message, missing, extras)
