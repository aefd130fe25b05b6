"""Word a RawError for people: what was expected, what was found; and short renderings of values."""

from __future__ import annotations

import json
from typing import Any

from batchcheck.models import RawError

_PREVIEW = 60
_FALLBACK = 200  # longest engine message kept for keywords not worded here
_FORMAT_HINTS = {
    "date-time": "an RFC 3339 date-time such as 2025-03-15T14:30:00Z",
    "date": "an RFC 3339 date such as 2025-03-15",
    "time": "an RFC 3339 time such as 14:30:00Z",
    "int32": "an integer within int32 range",
    "int64": "an integer within int64 range",
}
_BOUNDS = {
    "minimum": ">=",
    "maximum": "<=",
    "exclusiveMinimum": ">",
    "exclusiveMaximum": "<",
}


def json_type(value: Any) -> str:
    """The JSON type name of a Python value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def preview(value: Any) -> str:
    """A short JSON rendering of a value: `"ON"`, `12`, `object with 3 properties`."""
    if isinstance(value, dict):
        return f"object with {_count(len(value), 'property', 'properties')}"
    if isinstance(value, list):
        return f"array of {_count(len(value), 'item', 'items')}"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:
        text = repr(value)
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 1] + "…"


def found(value: Any) -> str:
    """`found integer 500123`, `found null`."""
    kind = json_type(value)
    if kind in {"null", "object", "array"}:
        return f"found {preview(value)}" if kind != "null" else "found null"
    return f"found {kind} {preview(value)}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


LISTED = 10  # values named in one message (enum members, unexpected properties); the rest counted


def listing(values: Any, show: Any = None, last: str = " or ") -> str:
    """`a, b or c` of values (each rendered by show, preview by default); past LISTED values, the
    first LISTED and `… (N more)`: a message stays short whatever the schema or the document (an
    enum of 100,000 values, an object of 100,000 unexpected keys)."""
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    items = [(show or preview)(value) for value in values[:LISTED]]
    if len(values) > LISTED:
        return ", ".join(items) + f", … ({len(values) - LISTED:,} more)"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]


def word(error: RawError) -> str:
    """The message for one violation."""
    wording = _WORDERS.get(error.keyword)
    return wording(error) if wording is not None else _engine_words(error)


def _engine_words(error: RawError) -> str:
    text = error.engine_message or f"fails {error.keyword}"
    return text if len(text) <= _FALLBACK else text[: _FALLBACK - 1] + "…"


def _type(e: RawError) -> str:
    expected = e.keyword_value if isinstance(e.keyword_value, list) else [e.keyword_value]
    return f"expected {' or '.join(map(str, expected))}, {found(e.instance)}"


def _enum(e: RawError) -> str:
    if e.keyword_value == []:
        return f"no value is allowed (the enum is empty); {found(e.instance)}"
    return f"expected one of {listing(e.keyword_value)}; {found(e.instance)}"


def _const(e: RawError) -> str:
    return f"expected {preview(e.keyword_value)}; {found(e.instance)}"


def _required(e: RawError) -> str:
    return f"missing required property {preview(e.missing)}" if e.missing else _engine_words(e)


def _format(e: RawError) -> str:
    fmt = str(e.keyword_value)
    return f"expected {_FORMAT_HINTS.get(fmt, f'a valid {fmt}')}; {found(e.instance)}"


def _additional(e: RawError) -> str:
    extras = e.extras
    if not extras:
        return _engine_words(e)
    noun = "property" if len(extras) == 1 else "properties"
    return f"unexpected {noun} {listing(extras, last=', ')} (additionalProperties is false)"


def _bound(e: RawError) -> str:
    return f"expected a number {_BOUNDS[e.keyword]} {e.keyword_value}; {found(e.instance)}"


def _multiple(e: RawError) -> str:
    return f"expected a multiple of {e.keyword_value}; {found(e.instance)}"


def _length(e: RawError) -> str:
    bound = "at least" if e.keyword.startswith("min") else "at most"
    unit = {"Length": "characters", "Items": "items", "Properties": "properties"}[e.keyword[3:]]
    size = len(e.instance) if isinstance(e.instance, (str, list, dict)) else "?"
    shown = f" ({preview(e.instance)})" if isinstance(e.instance, str) else ""  # names a key too
    return f"expected {bound} {e.keyword_value} {unit}, found {size}{shown}"


def _pattern(e: RawError) -> str:
    return f"expected a string matching {preview(e.keyword_value)}; {found(e.instance)}"


def _unique(e: RawError) -> str:
    return "expected unique items, found duplicates"


def _false(e: RawError) -> str:
    return f"no value is allowed here; {found(e.instance)}"


def _any_of(e: RawError) -> str:
    which = "exactly one" if e.keyword == "oneOf" else "at least one"
    n = len(e.keyword_value) if isinstance(e.keyword_value, list) else "?"
    return f"expected a value matching {which} of {n} alternatives ({e.keyword}); {found(e.instance)}"


def _not(e: RawError) -> str:
    return f"expected a value the `not` schema rejects; {found(e.instance)}"


def _contains(e: RawError) -> str:
    """`contains` with its bounds (minContains/maxContains are reported as `contains`)."""
    bounds = e.keyword_value if isinstance(e.keyword_value, dict) else {}
    low, high = bounds.get("minContains", 1), bounds.get("maxContains")
    if high is None:
        wanted = "a matching item" if low == 1 else f"at least {preview(low)} matching items"
    else:
        wanted = f"{preview(low)} to {preview(high)} matching items"
    return f"expected an array containing {wanted} (contains); {found(e.instance)}"


def _dependent_required(e: RawError) -> str:
    """`dependentRequired`, and `dependencies` naming properties (before 2019-09)."""
    present = e.instance if isinstance(e.instance, dict) else {}
    rules = e.keyword_value if isinstance(e.keyword_value, dict) else {}
    pairs = [
        f"{preview(name)} requires {preview(needed)}"
        for name, requires in rules.items()
        if name in present and isinstance(requires, list)
        for needed in requires
        if needed not in present and (e.missing is None or needed == e.missing)
    ]
    if not pairs:
        return f"fails {e.keyword}"
    return f"missing dependent properties: {listing(pairs, str, ', ')}"


def _unevaluated(e: RawError) -> str:
    return f"unexpected properties or items ({e.keyword} is false); {found(e.instance)}"


def _property_names(e: RawError) -> str:
    keys = ", ".join(preview(k) for k in list(e.instance)[:5]) if isinstance(e.instance, dict) else ""
    return f"a property name fails propertyNames (names: {keys})"


_WORDERS = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "required": _required,
    "format": _format,
    "additionalProperties": _additional,
    **{keyword: _bound for keyword in _BOUNDS},
    "multipleOf": _multiple,
    **{f"{m}{u}": _length for m in ("min", "max") for u in ("Length", "Items", "Properties")},
    "pattern": _pattern,
    "uniqueItems": _unique,
    "false": _false,
    "anyOf": _any_of,
    "oneOf": _any_of,
    "not": _not,
    "contains": _contains,
    "dependentRequired": _dependent_required,
    "dependencies": _dependent_required,
    "unevaluatedProperties": _unevaluated,
    "unevaluatedItems": _unevaluated,
    "propertyNames": _property_names,
}
