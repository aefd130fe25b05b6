"""python-jsonschema, the engine of record, behind batchcheck's engine interface.

It is given a lightly rewritten copy of the schema (a `false` subschema becomes an equivalent
object, so the error keeps the failing value's path) and batchcheck's format checkers
(formats.py); its errors come out as RawError records in the shape normalise.py describes.
Every python-jsonschema validator batchcheck builds (engine, lint, meta-schema check) comes from
`validator()`, whose classes come from the one factory (keywords.py), so the regex bound applies
to all of them, whatever the draft.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from batchcheck.errors import ConfigurationError
from batchcheck.jsontext.pointers import Parts
from batchcheck.models import EngineName, RawError
from batchcheck.validate.engine import EngineError
from batchcheck.validate.formats import INT_RANGES, int_range_check, string_checks, used_formats
from batchcheck.validate.keywords import validator_class
from batchcheck.validate.normalise import (
    BOOLEAN_BOUNDS,
    CONTAINS_FAMILY,
    FALSE_MARK,
    absent_names,
    contains_bounds,
    extra_properties,
    settle,
)
from batchcheck.vocabulary import DRAFT_04, DRAFT_2020_12, engine_dialect, map_subschemas, walk

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

_KEEP_FALSE = frozenset({None, "additionalProperties", "unevaluatedProperties", "unevaluatedItems"})
_T = TypeVar("_T")
Seen = dict[tuple[Parts, Parts], int]  # raw_error's count of errors by (instance path, schema path)


def validator(
    schema: Any, format_checker: FormatChecker | None = None, registry: Any = None, dialect: str | None = None
) -> Validator:
    """A validator for schema in its dialect (the `$schema` it declares, else Draft 2020-12; or
    dialect), its regexes matched as ECMA-262 in bounded time (keywords.py)."""
    cls = validator_class(dialect or engine_dialect(schema))
    registry = meta_schemas() if registry is None else registry.combine(meta_schemas())
    return cls(without_dialects(schema), format_checker=format_checker, registry=registry)


@cache
def meta_schemas() -> Any:
    """The drafts' meta-schemas (python-jsonschema's), as resources without `$schema`, so that
    a `$ref` to one is validated by batchcheck's classes too (see without_dialects)."""
    from jsonschema_specifications import REGISTRY  # lazy: start-up
    from referencing import Registry

    resources = ((uri, schema_resource(REGISTRY.contents(uri))) for uri in REGISTRY)
    return Registry().with_resources(resources).crawl()  # their anchors too, for $dynamicRef


def without_dialects(schema: Any) -> Any:
    """schema without its `$schema`s: python-jsonschema switches to its own stock class (stock `re`,
    no `$ref` in paths) for a subschema that declares one, as `$ref: "#"` reaches the root."""
    if not isinstance(schema, dict) or not any("$schema" in node for _, node in walk(schema)):
        return schema
    return map_subschemas(schema, _no_dialect)


def _no_dialect(node: Any, keyword: str | None) -> Any:
    return {k: v for k, v in node.items() if k != "$schema"} if isinstance(node, dict) else node


def schema_resource(contents: Any, dialect: str = DRAFT_2020_12) -> Any:
    """A referencing resource for a schema another one `$ref`s: found by the rules of the dialect
    it declares (else dialect's), validated without `$schema` (see without_dialects)."""
    from referencing.jsonschema import specification_with  # lazy: start-up

    declared = contents.get("$schema") if isinstance(contents, dict) else None
    specification = specification_with(declared or dialect, default=specification_with(dialect))
    return specification.create_resource(without_dialects(contents))


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
        retrieve: Callable[[str], Any] | None = None,
        dialect: str | None = None,
    ) -> None:
        """registry: other schemas `$ref`s may reach, or retrieve: a schema by URI (local copies,
        never the network); base_uri: where a schema without `$id` lives; dialect: the draft (else
        the one schema declares)."""
        self.label = label
        dialect = dialect or engine_dialect(schema)
        mapped = map_subschemas(schema, _false_as_schema)  # Draft-04: additionalItems may be false
        if retrieve is not None:
            registry = retrieving_registry(retrieve, dialect)
        id_key = "id" if dialect == DRAFT_04 else "$id"
        if registry is not None and base_uri and isinstance(mapped, dict) and id_key not in mapped:
            mapped = {**mapped, id_key: base_uri}
        # formats of the files refs reach count too: with a registry, every checker
        checker = format_checker(None if registry is not None else used_formats(schema)) if formats else None
        self._validator = validator(mapped, checker, registry, dialect)

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


def retrieving_registry(retrieve: Callable[[str], Any], dialect: str = DRAFT_2020_12) -> Any:
    """A referencing registry of the meta-schemas, and of whatever retrieve finds by URI (in the
    dialect it declares, else in dialect: that of the schema referring to it)."""
    from referencing import Registry  # lazy: start-up

    def resource(uri: str) -> Any:
        return schema_resource(retrieve(uri), dialect)

    # `retrieve` is referencing's documented alias of its attrs field `_retrieve`
    return Registry(retrieve=resource).combine(meta_schemas())  # type: ignore[call-arg]


def raw_error(error: ValidationError, seen: Seen) -> RawError:
    parts = tuple(error.absolute_path)
    path = tuple(error.absolute_schema_path)
    keyword = "false" if error.validator is None else str(error.validator)
    if keyword == "not" and isinstance(error.schema, dict) and error.schema.get("$comment") == FALSE_MARK:
        return RawError(parts, "false", None, error.instance, error.message, schema_path=path[:-1])
    if keyword in CONTAINS_FAMILY:
        bounds = contains_bounds(error.schema)
        place = (*path[:-1], "contains")
        return RawError(parts, "contains", bounds, error.instance, error.message, schema_path=place)
    exclusive = next((k for k, bound in BOOLEAN_BOUNDS.items() if bound == keyword), None)
    if exclusive and isinstance(error.schema, dict) and error.schema.get(exclusive) is True:  # Draft-04
        place = (*path[:-1], exclusive)
        return RawError(
            parts, exclusive, error.validator_value, error.instance, error.message, schema_path=place
        )
    missing: str | None = None
    extras: tuple[str, ...] = ()
    if keyword in ("required", "dependentRequired", "dependencies") and isinstance(error.instance, dict):
        # python-jsonschema yields one error per absent name, in the keyword's order, without
        # naming it: count the errors seen at this place to know which.
        key = (parts, tuple(error.absolute_schema_path))
        nth = seen[key] = seen.get(key, -1) + 1
        absent = absent_names(keyword, error.validator_value, error.instance)
        missing = absent[nth] if nth < len(absent) else None
    elif keyword == "additionalProperties" and isinstance(error.instance, dict):
        extras = tuple(extra_properties(error.schema, error.instance))
    value, message = error.validator_value, error.message
    return RawError(parts, keyword, value, error.instance, message, missing, extras, path)
