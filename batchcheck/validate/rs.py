"""jsonschema-rs behind batchcheck's engine interface, reporting errors as python-jsonschema does.

jsonschema-rs gets a rewritten copy of the schema: formats batchcheck does not check are dropped
(jsonschema-rs knows `duration`, `iri`, … itself), and `int32`/`int64` become a marked `not`
subschema, since jsonschema-rs only hands strings to custom format checkers. `date-time`, `date`
and `time` are checked natively (formats.py checks them the same way for python-jsonschema); the
other string formats by batchcheck's own checkers, the ones python-jsonschema is given (a custom
format makes jsonschema-rs copy the document first: twice as slow, so only when a schema uses one).
The errors are mapped back to RawError records: keyword and its value from the schema, the
instance from the document itself (never the engine's copy of it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs

from batchcheck.jsontext.pointers import Parts, unescape_token
from batchcheck.models import EngineName, RawError
from batchcheck.validate.engine import EngineError
from batchcheck.validate.formats import (
    CHECKED_FORMATS,
    INT_RANGES,
    NATIVE_IN_RS,
    int_range,
    string_checks,
    used_formats,
)
from batchcheck.validate.normalise import (
    CONTAINS_FAMILY,
    absent_names,
    contains_bounds,
    extra_properties,
    settle,
)
from batchcheck.validate.python import JsonschemaEngine
from batchcheck.vocabulary import map_subschemas, walk_with_base

INT_MARK = "batchcheck: format "  # $comment of the subschema standing in for an int32/int64 format


class RsSchemaError(Exception):
    """jsonschema-rs cannot compile this schema."""


def _rs_formats(node: Any, keyword: str | None) -> Any:
    """Drop formats batchcheck does not check; turn int32/int64 into a marked range subschema."""
    if not isinstance(node, dict) or not isinstance(node.get("format"), str):
        return node
    fmt = node["format"]
    if fmt in CHECKED_FORMATS and fmt not in INT_RANGES:
        return node
    node = {key: value for key, value in node.items() if key != "format"}
    if fmt in INT_RANGES:
        low, high = int_range(INT_RANGES[fmt])
        out_of_range = {
            "$comment": INT_MARK + fmt,
            "type": "integer",
            "anyOf": [{"exclusiveMaximum": low}, {"exclusiveMinimum": high}],
        }
        node["allOf"] = [*node.get("allOf", []), {"not": out_of_range}]
    return node


class RsEngine:
    """jsonschema-rs's Draft 2020-12 validator; errors come out as python-jsonschema's would."""

    name: EngineName = "rs"
    checked_by: EngineName = "rs"

    def __init__(self, schema: dict[str, Any], formats: bool = True, label: str = "schema") -> None:
        self.label = label
        self._original, self._formats = schema, formats
        self._python: JsonschemaEngine | None = None
        self._schema = map_subschemas(schema, _rs_formats) if formats else schema
        handed = used_formats(schema) - NATIVE_IN_RS  # any callable makes jsonschema-rs slower
        checks = (string_checks(handed) or None) if formats else None
        try:
            self._validator = jsonschema_rs.Draft202012Validator(
                self._schema, formats=checks, validate_formats=formats, offline=True
            )
        except (jsonschema_rs.ValidationError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise RsSchemaError(f"{label}: jsonschema-rs cannot use this schema: {reason}") from None
        self._resources = _resources(self._schema)
        self._parents: dict[tuple[str | None, Parts], Any] = {}  # by (absolute location, schema path)

    def is_valid(self, data: Any) -> bool:
        self.checked_by = "rs"
        try:
            return self._validator.is_valid(data)
        except (UnicodeEncodeError, ValueError) as exc:
            return self._fallback(exc).is_valid(data)
        except RecursionError:
            raise EngineError("document nested too deeply to validate") from None

    def errors(self, data: Any) -> list[RawError]:
        """Every violation (jsonschema-rs collects them all at once)."""
        self.checked_by = "rs"
        try:
            found = self._validator.iter_errors(data)
        except (UnicodeEncodeError, ValueError) as exc:
            return self._fallback(exc).errors(data)
        except RecursionError:
            raise EngineError("document nested too deeply to validate") from None
        return settle([raw for error in found for raw in self._raw_errors(error, data)])

    def _fallback(self, exc: Exception) -> JsonschemaEngine:
        """python-jsonschema, for documents jsonschema-rs cannot take: a lone surrogate `\\ud800`
        (UnicodeEncodeError), or nesting deeper than it converts (`Recursion limit reached`, a
        ValueError, from 255 levels), which python-jsonschema checks, or calls too deep."""
        if not isinstance(exc, UnicodeEncodeError) and "Recursion limit" not in str(exc):
            raise exc
        self.checked_by = "python"
        if self._python is None:
            self._python = JsonschemaEngine(self._original, self._formats, self.label)
        return self._python

    def _raw_errors(self, error: Any, data: Any) -> Iterator[RawError]:
        parts = tuple(error.instance_path)
        kind = error.kind
        if kind.name == "propertyNames":  # the name's own error, reported on the object
            yield self._raw(kind.error, parts, kind.error.instance)
            return
        instance = _value_at(data, parts)
        if kind.name == "falseSchema" and error.schema_path[-1:] == ["propertyNames"]:
            yield from (RawError(parts, "false", None, name) for name in instance)  # each name fails
            return
        yield self._raw(error, parts, instance)

    def _raw(self, error: Any, parts: Parts, instance: Any) -> RawError:
        kind = error.kind
        name = kind.name
        if name == "falseSchema":
            return RawError(parts, "false", None, instance)
        if name == "not" and isinstance(kind.schema, dict):
            mark = kind.schema.get("$comment")
            if isinstance(mark, str) and mark.startswith(INT_MARK):
                return RawError(parts, "format", mark.removeprefix(INT_MARK), instance)
        keyword = next((p for p in reversed(error.schema_path) if isinstance(p, str)), name)
        if keyword in CONTAINS_FAMILY:
            return RawError(parts, "contains", contains_bounds(self._parent(error)), instance)
        value = self._keyword_value(error, keyword)
        missing: str | None = None
        extras: tuple[str, ...] = ()
        if keyword in ("required", "dependentRequired"):
            missing = getattr(kind, "property", None)
            if missing is None and isinstance(instance, dict):
                absent = absent_names(keyword, value, instance)
                missing = absent[0] if absent else None
        elif keyword == "additionalProperties" and isinstance(instance, dict):
            extras = tuple(extra_properties(self._parent(error), instance))
        return RawError(parts, keyword, value, instance, "", missing, extras)

    def _keyword_value(self, error: Any, keyword: str) -> Any:
        parent = self._parent(error)
        if isinstance(parent, dict) and keyword in parent:
            return parent[keyword]
        fields = error.kind.as_dict()  # a keyword in a schema batchcheck cannot see (a meta-schema)
        return next(iter(fields.values())) if len(fields) == 1 else None

    def _parent(self, error: Any) -> Any:
        """The schema object holding the failing keyword, in the schema jsonschema-rs compiled."""
        key = (error.absolute_keyword_location, tuple(error.schema_path))
        if key not in self._parents:
            self._parents[key] = self._find_parent(error)
        return self._parents[key]

    def _find_parent(self, error: Any) -> Any:
        location = error.absolute_keyword_location
        if location:
            base, _, fragment = location.partition("#")
            node = self._resources.get(base)
            tokens: list[Any] = [unescape_token(t) for t in fragment.split("/")[1:]]
        else:
            node, tokens = self._schema, list(error.schema_path)
        for token in tokens[:-1]:
            if isinstance(node, dict):
                node = node.get(str(token))
            elif isinstance(node, list) and str(token).isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node


def _value_at(data: Any, parts: Parts) -> Any:
    """The value at parts inside data (the document's own object, not jsonschema-rs's copy)."""
    node = data
    for part in parts:
        node = node[part]
    return node


def _resources(schema: Any) -> dict[str, Any]:
    """Every schema resource by absolute URI ($id), for locating keywords in them."""
    found: dict[str, Any] = {}
    for node, base in walk_with_base(schema, ""):
        if isinstance(node.get("$id"), str):
            found.setdefault(base.partition("#")[0], node)
    found.setdefault("", schema)
    return found
