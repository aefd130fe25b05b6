"""Validation engines: python-jsonschema (the engine of record) and jsonschema-rs (the fast one).

Engines yield RawError records; batchcheck words them itself (messages.py), so the report
does not depend on an engine's message strings. Both engines are given the same `format`
checkers (formats.py) and report errors in the same shape:
- a `false` subschema is reported where the value it rejects sits, keyword `false`
  (python-jsonschema alone would report `properties: {"a": false}` on the parent object and
  `items: false` as one error on the array);
- `required` and `dependentRequired`: one error per missing property, naming it;
- `additionalProperties`/`unevaluatedProperties`/`unevaluatedItems` false: one error on the object
  or array; `propertyNames`: the failing keyword of the name's schema, on the object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from batchcheck.formats import CHECKED_FORMATS, INT_RANGES, STRING_FORMATS, int_range_check, string_checks
from batchcheck.models import ConfigurationError, RawError

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError

REQUIRED_FORMATS = STRING_FORMATS  # the string formats asserted (kept for older imports)
ENGINE_NAMES = ("auto", "rs", "python")
FALSE_MARK = "batchcheck: false schema"  # $comment of the {"not": {}} standing in for `false`
CONTAINS_FAMILY = frozenset({"contains", "minContains", "maxContains"})  # all reported as `contains`
_UNEVALUATED = frozenset({"unevaluatedProperties", "unevaluatedItems"})
_KEEP_FALSE = frozenset({None, "additionalProperties", "unevaluatedProperties", "unevaluatedItems"})
__all__ = ["INT_RANGES", "REQUIRED_FORMATS", "Engine", "EngineError", "JsonschemaEngine", "make_engines"]


class EngineError(Exception):
    """The engine could not check this document (nested too deeply)."""


class Engine(Protocol):
    """What detection and validation need from a validation engine."""

    name: str

    def is_valid(self, data: Any) -> bool: ...

    def errors(self, data: Any) -> list[RawError]: ...


def rs_available() -> bool:
    """True when jsonschema-rs can be imported."""
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_engine_name(requested: str) -> str:
    """`auto` -> `rs` when jsonschema-rs is installed, else `python`; `rs` without it is an error."""
    if requested not in ENGINE_NAMES:
        raise ConfigurationError(f"--engine {requested}: choose auto, rs or python")
    if requested == "python" or (requested == "auto" and not rs_available()):
        return "python"
    if not rs_available():
        raise ConfigurationError("--engine rs: jsonschema-rs is not installed (pip install jsonschema-rs)")
    return "rs"


def make_engines(schemas: list[tuple[dict[str, Any], str]], formats: bool, requested: str) -> list[Engine]:
    """One compiled engine per (schema, label); `auto` falls back to python-jsonschema for all of
    them when jsonschema-rs cannot compile one (a regex it does not support, say)."""
    name = resolve_engine_name(requested)
    if name == "rs":
        from batchcheck.engine_rs import RsEngine, RsSchemaError

        try:
            return [RsEngine(schema, formats, label) for schema, label in schemas]
        except RsSchemaError as exc:
            if requested == "rs":
                raise ConfigurationError(str(exc)) from None
    return [JsonschemaEngine(schema, formats, label) for schema, label in schemas]


def format_checker(names: Iterable[str] | None = None) -> FormatChecker:
    """python-jsonschema's FormatChecker with batchcheck's checkers (formats.py): those named, or all."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in string_checks(names).items():
        checker.checks(name)(_strings_only(check))
    for name, bits in INT_RANGES.items():
        checker.checks(name)(int_range_check(bits))
    return checker


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    return lambda instance: not isinstance(instance, str) or check(instance)


def used_formats(schema: Any) -> set[str]:
    """The `format` values schema uses."""
    from batchcheck.catalog import subschemas

    return {node["format"] for node in subschemas(schema) if isinstance(node.get("format"), str)}


def unchecked_formats(schema: Any) -> list[str]:
    """The `format` values in schema that batchcheck has no checker for (sorted)."""
    return sorted(used_formats(schema) - CHECKED_FORMATS)


def _false_as_schema(node: Any, keyword: str | None) -> Any:
    """`false` -> an equivalent object schema, so python-jsonschema keeps the failing value's path."""
    if node is False and keyword not in _KEEP_FALSE:
        return {"not": {}, "$comment": FALSE_MARK}
    return node


class JsonschemaEngine:
    """python-jsonschema's Draft 2020-12 validator behind batchcheck's engine interface."""

    name = "python"

    def __init__(
        self,
        schema: dict[str, Any],
        formats: bool = True,
        label: str = "schema",
        registry: Any = None,
        base_uri: str = "",
    ) -> None:
        """registry: other schemas `$ref`s may reach; base_uri: where a schema without `$id` lives."""
        from jsonschema import Draft202012Validator

        from batchcheck.regexes import install
        from batchcheck.schemamap import map_subschemas

        install()  # pattern & co. in linear time (RE2), or within a time budget
        self.label = label
        mapped = map_subschemas(schema, _false_as_schema)
        if registry is not None and base_uri and isinstance(mapped, dict) and "$id" not in mapped:
            mapped = {**mapped, "$id": base_uri}
        self._validator = Draft202012Validator(
            mapped,
            # formats of the files refs reach count too: with a registry, every checker
            format_checker=(format_checker(None if registry else used_formats(schema)) if formats else None),
            **({"registry": registry} if registry is not None else {}),
        )

    def is_valid(self, data: Any) -> bool:
        return self._guard(lambda: self._validator.is_valid(data))

    def errors(self, data: Any) -> list[RawError]:
        """Every violation, in the engine's order."""
        seen: dict[tuple, int] = {}
        found = self._guard(lambda: list(self._validator.iter_errors(data)))
        return settle([_raw_error(error, seen) for error in found])

    def iter_errors(self, data: Any) -> Iterator[RawError]:
        return iter(self.errors(data))

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


def _raw_error(error: ValidationError, seen: dict[tuple, int]) -> RawError:
    parts = tuple(error.absolute_path)
    keyword = "false" if error.validator is None else str(error.validator)
    if keyword == "not" and isinstance(error.schema, dict) and error.schema.get("$comment") == FALSE_MARK:
        return RawError(parts, "false", None, error.instance, error.message)
    if keyword in CONTAINS_FAMILY:
        return RawError(parts, "contains", contains_bounds(error.schema), error.instance, error.message)
    missing, extras = None, ()
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


def contains_bounds(schema: Any) -> dict[str, Any]:
    """`contains` with its bounds: {"minContains": 1, "maxContains": None} unless schema says otherwise."""
    schema = schema if isinstance(schema, dict) else {}
    return {"minContains": schema.get("minContains", 1), "maxContains": schema.get("maxContains")}


def settle(errors: list[RawError]) -> list[RawError]:
    """Drop `unevaluated*` errors on a value that has other errors at or below it.

    What counts as evaluated once another keyword failed differs between engines (annotations
    of failing subschemas are dropped); the other errors say what is wrong there.
    """
    unevaluated = [e for e in errors if e.keyword in _UNEVALUATED]
    if not unevaluated:
        return errors
    others = [e.parts for e in errors if e.keyword not in _UNEVALUATED]
    places = {parts[:depth] for parts in others for depth in range(len(parts) + 1)}
    return [e for e in errors if e.keyword not in _UNEVALUATED or e.parts not in places]


def absent_names(keyword: str, value: Any, instance: dict[str, Any]) -> list[str]:
    """The names a `required` / `dependentRequired` value asks for that instance lacks, in order."""
    if keyword == "required":
        return [name for name in value if name not in instance] if isinstance(value, list) else []
    rules = value if isinstance(value, dict) else {}
    return [
        needed
        for name, needs in rules.items()
        if name in instance and isinstance(needs, list)
        for needed in needs
        if needed not in instance
    ]


def extra_properties(schema: Any, instance: dict[str, Any]) -> list[str]:
    """The keys of instance that neither `properties` nor `patternProperties` of schema declare."""
    declared = schema.get("properties", {}) if isinstance(schema, dict) else {}
    patterns = schema.get("patternProperties", {}) if isinstance(schema, dict) else {}
    from batchcheck.regexes import bounded_search

    return [
        key for key in instance if key not in declared and not any(bounded_search(p, key) for p in patterns)
    ]
