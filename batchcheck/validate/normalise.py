"""One shape of error whatever the engine: the rules both engines' errors are brought to.

- a `false` subschema is reported where the value it rejects sits, keyword `false`;
- `required` and `dependentRequired`: one error per missing property, naming it;
- `contains`, `minContains`, `maxContains`: keyword `contains`, with the bounds;
- `required`, `dependentRequired`, `dependencies` (a list): one error per missing property, naming it;
- `additionalItems: false`: one `false` error per item past `items`;
- Draft-04's `exclusiveMaximum: true`: keyword `exclusiveMaximum`, with the `maximum`;
- `additionalProperties` names the properties not allowed;
- `unevaluated*` errors on a value with other errors at or below it are dropped (`settle`).
"""

from __future__ import annotations

from typing import Any

from batchcheck.models import RawError
from batchcheck.validate.regexes import bounded_search

FALSE_MARK = "batchcheck: false schema"  # $comment of the {"not": {}} standing in for `false`
CONTAINS_FAMILY = frozenset({"contains", "minContains", "maxContains"})  # all reported as `contains`
# Draft-04's boolean exclusiveMaximum/exclusiveMinimum: reported as that keyword, with the bound
BOOLEAN_BOUNDS = {"exclusiveMaximum": "maximum", "exclusiveMinimum": "minimum"}
_UNEVALUATED = frozenset({"unevaluatedProperties", "unevaluatedItems"})


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
    return [
        key for key in instance if key not in declared and not any(bounded_search(p, key) for p in patterns)
    ]
