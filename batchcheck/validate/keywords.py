"""python-jsonschema's validator classes, extended so every regex goes through bounded_search.

`validator_class(dialect)` is the one factory: python-jsonschema's class for the dialect, extended
with `jsonschema.validators.extend` (its public API, as check-jsonschema does) by the keywords that
match regexes: `pattern`, `patternProperties`, `additionalProperties` (the keys patternProperties
leaves over) and `unevaluatedProperties` (which keys patternProperties evaluated). They behave as
python-jsonschema's own, with ECMA-262 matching in bounded time (regexes.py). `$ref` is extended
too, so an error's schema path runs through the `$ref` that led to it (its evaluation path, as
jsonschema-rs reports it). `multipleOf` is decided in the numbers' own decimal terms, as
jsonschema-rs decides it: 19.99 is a multiple of 0.01 (python-jsonschema's float division says it
is not, 19.99 / 0.01 being 1998.9999999999998). Finding which keys a `$ref`'d schema evaluated
follows python-jsonschema's own code, which reaches the validator's resolver (`_resolver`): there
is no public way to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING, Any

from batchcheck.validate.normalise import extra_properties
from batchcheck.validate.regexes import bounded_search
from batchcheck.vocabulary import DRAFT_04, DRAFT_06, DRAFT_07, DRAFT_2019_09, DRAFT_2020_12

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

Errors = Iterator["ValidationError"]
_CLASS_NAMES = {
    DRAFT_04: "Draft4Validator",
    DRAFT_06: "Draft6Validator",
    DRAFT_07: "Draft7Validator",
    DRAFT_2019_09: "Draft201909Validator",
    DRAFT_2020_12: "Draft202012Validator",
}


@cache
def validator_class(dialect: str) -> type[Validator]:
    """python-jsonschema's validator class for dialect (a known draft's URI), regexes bounded."""
    import jsonschema  # lazy: start-up (the rs engine needs none of it)
    from jsonschema.validators import extend

    base = getattr(jsonschema, _CLASS_NAMES[dialect])
    overrides: dict[str, Callable[..., Errors]] = {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
        "$ref": _through_ref(base.VALIDATORS["$ref"]),
        "multipleOf": _multiple_of,
    }
    if "unevaluatedProperties" in base.VALIDATORS:
        legacy = dialect == DRAFT_2019_09
        overrides["unevaluatedProperties"] = _unevaluated_properties(legacy)
    return extend(base, overrides)  # type: ignore[no-untyped-call,no-any-return]


def _multiple_of(validator: Any, divisor: Any, instance: Any, schema: Any) -> Errors:
    from jsonschema.exceptions import ValidationError  # lazy: start-up

    numbers = validator.is_type(instance, "number") and validator.is_type(divisor, "number")
    if numbers and divisor != 0 and not is_multiple(instance, divisor):
        yield ValidationError(f"{instance!r} is not a multiple of {divisor!r}")


def is_multiple(number: int | float, divisor: int | float) -> bool:
    """number is an integer times divisor, both read as the decimals JSON wrote (a float's
    shortest repr is its JSON text): exact, so neither 19.99 by 0.01 nor 2 by 1e-308 is lost to
    binary rounding or overflow."""
    if isinstance(number, int) and isinstance(divisor, int):
        return number % divisor == 0
    return (_exact(number) / _exact(divisor)).denominator == 1


def _exact(number: int | float) -> Fraction:
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Errors:
    from jsonschema.exceptions import ValidationError  # lazy: start-up

    if validator.is_type(instance, "string") and not bounded_search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, patterns: dict[str, Any], instance: Any, schema: Any) -> Errors:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if bounded_search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any, schema: Any) -> Errors:
    from jsonschema.exceptions import ValidationError  # lazy: start-up

    if not validator.is_type(instance, "object"):
        return
    extras = extra_properties(schema, instance)
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        listed = ", ".join(repr(each) for each in sorted(extras, key=str))
        yield ValidationError(f"Additional properties are not allowed ({listed} unexpected)")


def _through_ref(original: Callable[..., Errors]) -> Callable[..., Errors]:
    """`$ref` as python-jsonschema checks it, with `$ref` in the errors' schema path."""

    def ref(validator: Any, value: Any, instance: Any, schema: Any) -> Errors:
        for error in original(validator, value, instance, schema):
            error.relative_schema_path.appendleft("$ref")
            yield error

    return ref


def _unevaluated_properties(legacy: bool) -> Callable[..., Errors]:
    def unevaluated_properties(validator: Any, unevaluated: Any, instance: Any, schema: Any) -> Errors:
        from jsonschema.exceptions import ValidationError  # lazy: start-up

        if not validator.is_type(instance, "object"):
            return
        evaluated = set(_evaluated_keys(validator, instance, schema, legacy))
        failing = [
            key
            for key in instance
            if key not in evaluated
            and any(True for _ in validator.descend(instance[key], unevaluated, path=key, schema_path=key))
        ]
        if failing:
            listed = ", ".join(repr(each) for each in sorted(failing, key=str))
            if unevaluated is False:
                yield ValidationError(f"Unevaluated properties are not allowed ({listed} unexpected)")
            else:
                yield ValidationError(f"Unevaluated properties are not valid under the schema ({listed})")

    return unevaluated_properties


def _evaluated_keys(validator: Any, instance: dict[str, Any], schema: Any, legacy: bool) -> list[str]:
    """The keys schema evaluates (python-jsonschema's find_evaluated_property_keys_by_schema,
    Draft 2020-12's or, legacy, 2019-09's, with bounded regexes)."""
    if validator.is_type(schema, "boolean"):
        return []
    keys: list[str] = []
    for target in _ref_targets(validator, schema, legacy):
        sub = validator.evolve(schema=target.contents, _resolver=target.resolver)
        keys += _evaluated_keys(sub, instance, target.contents, legacy)
    if legacy:
        for keyword in ("properties", "additionalProperties", "unevaluatedProperties"):
            value = schema.get(keyword)
            if value is True:
                keys += instance.keys()
            elif isinstance(value, dict):
                keys += [name for name in value if name in instance]
    else:
        properties = schema.get("properties")
        if validator.is_type(properties, "object"):
            keys += properties.keys() & instance.keys()
        for keyword in ("additionalProperties", "unevaluatedProperties"):
            if (subschema := schema.get(keyword)) is not None:
                valid = validator.evolve(schema=subschema).is_valid
                keys += [key for key, value in instance.items() if valid(value)]
    for pattern in schema.get("patternProperties", {}):
        keys += [key for key in instance if bounded_search(pattern, key)]
    for name, subschema in schema.get("dependentSchemas", {}).items():
        if name in instance:
            keys += _evaluated_keys(validator, instance, subschema, legacy)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for subschema in schema.get(keyword, []):
            if validator.evolve(schema=subschema).is_valid(instance):
                keys += _evaluated_keys(validator, instance, subschema, legacy)
    if "if" in schema:
        if validator.evolve(schema=schema["if"]).is_valid(instance):
            keys += _evaluated_keys(validator, instance, schema["if"], legacy)
            if "then" in schema:
                keys += _evaluated_keys(validator, instance, schema["then"], legacy)
        elif "else" in schema:
            keys += _evaluated_keys(validator, instance, schema["else"], legacy)
    return keys


def _ref_targets(validator: Any, schema: dict[str, Any], legacy: bool) -> Iterator[Any]:
    """What the schema's `$ref` and `$dynamicRef` (2019-09: `$recursiveRef`) resolve to."""
    resolver = validator._resolver  # python-jsonschema's own code reaches it the same way
    if isinstance(schema.get("$ref"), str):
        yield resolver.lookup(schema["$ref"])
    if legacy and "$recursiveRef" in schema:
        from referencing.jsonschema import lookup_recursive_ref  # lazy: start-up

        yield lookup_recursive_ref(resolver)
    if not legacy and isinstance(schema.get("$dynamicRef"), str):
        yield resolver.lookup(schema["$dynamicRef"])
