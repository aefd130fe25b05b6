"""jsonschema-rs behind batchcheck's engine interface, reporting errors as python-jsonschema does.

jsonschema-rs gets a rewritten copy of the schema (rs_schema.py: formats, regexes). `date-time`,
`date` and `time` are checked natively (formats.py checks them the same way for python-jsonschema);
the other string formats by batchcheck's own checkers, the ones python-jsonschema is given (a custom
format makes jsonschema-rs copy the document first: twice as slow, so only when a schema uses one).
The errors are mapped back to RawError records: keyword and its value from the schema, the
instance from the document itself (never the engine's copy of it), the schema path as the
original schema's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jsonschema_rs

from batchcheck.jsontext.pointers import Parts, unescape_token
from batchcheck.models import EngineName, RawError
from batchcheck.validate.engine import EngineError
from batchcheck.validate.formats import NATIVE_IN_RS, string_checks, used_formats
from batchcheck.validate.normalise import (
    BOOLEAN_BOUNDS,
    CONTAINS_FAMILY,
    absent_names,
    contains_bounds,
    extra_properties,
    settle,
)
from batchcheck.validate.python import JsonschemaEngine
from batchcheck.validate.rs_schema import INT_MARK, RsSchemaError, rs_schema
from batchcheck.vocabulary import (
    DRAFT_04,
    DRAFT_06,
    DRAFT_07,
    DRAFT_2019_09,
    DRAFT_2020_12,
    engine_dialect,
    walk_with_base,
)

__all__ = ["RsEngine", "RsSchemaError"]
_VALIDATORS = {
    DRAFT_04: jsonschema_rs.Draft4Validator,
    DRAFT_06: jsonschema_rs.Draft6Validator,
    DRAFT_07: jsonschema_rs.Draft7Validator,
    DRAFT_2019_09: jsonschema_rs.Draft201909Validator,
    DRAFT_2020_12: jsonschema_rs.Draft202012Validator,
}


class RsEngine:
    """jsonschema-rs's validator for the schema's dialect; errors come out as python-jsonschema's would."""

    name: EngineName = "rs"
    checked_by: EngineName = "rs"

    def __init__(
        self,
        schema: dict[str, Any],
        formats: bool = True,
        label: str = "schema",
        retrieve: Callable[[str], Any] | None = None,
        base_uri: str = "",
        dialect: str | None = None,
    ) -> None:
        """retrieve: a schema by URI (the user's local copies, never the network); base_uri: where
        a schema without `$id` lives; dialect: the draft (else the one schema declares)."""
        self.label = label
        self._original, self._formats = schema, formats
        self._retrieve, self._base_uri = retrieve, base_uri
        self._dialect = dialect or engine_dialect(schema)
        self._python: JsonschemaEngine | None = None
        self._copy = rs_schema(schema, label, formats)
        self._schema = self._copy.schema
        handed = used_formats(schema) - NATIVE_IN_RS  # any callable makes jsonschema-rs slower
        checks = {**(string_checks(handed) if formats else {}), **self._copy.checks} or None
        where: dict[str, Any] = {"retriever": retrieve} if retrieve is not None else {"offline": True}
        if base_uri:
            where["base_uri"] = base_uri
        try:
            self._validator = _VALIDATORS[self._dialect](
                self._schema, formats=checks, validate_formats=True, **where
            )
        except (jsonschema_rs.ValidationError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise RsSchemaError(f"{label}: jsonschema-rs cannot use this schema: {reason}") from None
        self._resources = _resources(self._schema, self._dialect)
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
        seen: dict[tuple[Parts, Parts], int] = {}
        return settle([raw for error in found for raw in self._raw_errors(error, data, seen)])

    def _fallback(self, exc: Exception) -> JsonschemaEngine:
        """python-jsonschema, for documents jsonschema-rs cannot take: a lone surrogate `\\ud800`
        (UnicodeEncodeError), or nesting deeper than it converts (`Recursion limit reached`, a
        ValueError, from 255 levels), which python-jsonschema checks, or calls too deep."""
        if not isinstance(exc, UnicodeEncodeError) and "Recursion limit" not in str(exc):
            raise exc
        self.checked_by = "python"
        if self._python is None:
            self._python = JsonschemaEngine(
                self._original, self._formats, self.label, None, self._base_uri, self._retrieve, self._dialect
            )
        return self._python

    def _raw_errors(self, error: Any, data: Any, seen: dict[tuple[Parts, Parts], int]) -> Iterator[RawError]:
        parts, instance = _value_at(data, error.instance_path)
        kind = error.kind
        path = self._copy.original_path(tuple(error.evaluation_path))
        if kind.name == "propertyNames":  # the name's own error, reported on the object
            yield self._raw(kind.error, parts, kind.error.instance, seen)
            return
        if kind.name == "falseSchema" and error.schema_path[-1:] == ["propertyNames"]:
            yield from (RawError(parts, "false", None, name, schema_path=path) for name in instance)
            return
        if kind.name == "additionalItems":  # `false`: one error on each item past `items`, as items: false
            parent = self._parent(error)
            count = (
                len(parent["items"])
                if isinstance(parent, dict) and isinstance(parent.get("items"), list)
                else 0
            )
            for index, item in enumerate(instance[count:], start=count):
                yield RawError((*parts, index), "false", None, item, schema_path=path)
            return
        yield self._raw(error, parts, instance, seen)

    def _raw(self, error: Any, parts: Parts, instance: Any, seen: dict[tuple[Parts, Parts], int]) -> RawError:
        kind = error.kind
        name = kind.name
        path = self._copy.original_path(tuple(error.evaluation_path))
        if name == "falseSchema":
            return RawError(parts, "false", None, instance, schema_path=path)
        if name == "not" and isinstance(kind.schema, dict):
            mark = kind.schema.get("$comment")
            if isinstance(mark, str) and mark.startswith(INT_MARK):
                place = (*_strip_marker(path, "not"), "format")
                return RawError(parts, "format", mark.removeprefix(INT_MARK), instance, schema_path=place)
        if name == "format" and getattr(kind, "format", None) in self._copy.patterns:
            place = (*_strip_marker(path, "format"), "pattern")
            return RawError(parts, "pattern", self._copy.patterns[kind.format], instance, schema_path=place)
        keyword = next((p for p in reversed(error.schema_path) if isinstance(p, str)), name)
        if keyword in CONTAINS_FAMILY:
            bounds = contains_bounds(self._parent(error))
            return RawError(parts, "contains", bounds, instance, schema_path=(*path[:-1], "contains"))
        value = self._keyword_value(error, keyword)
        if keyword == "pattern":
            value = self._copy.original(value)
        elif keyword in BOOLEAN_BOUNDS and isinstance(value, bool):  # Draft-04: the bound is beside it
            parent = self._parent(error)
            value = parent.get(BOOLEAN_BOUNDS[keyword]) if isinstance(parent, dict) else None
        missing: str | None = None
        extras: tuple[str, ...] = ()
        if keyword in ("required", "dependentRequired", "dependencies"):
            missing = getattr(kind, "property", None) if keyword != "dependencies" else None
            if missing is None and isinstance(instance, dict):
                nth = seen[(parts, path)] = seen.get((parts, path), -1) + 1
                absent = absent_names(keyword, value, instance)
                missing = absent[nth] if nth < len(absent) else None
        elif keyword == "additionalProperties" and isinstance(instance, dict):
            extras = tuple(extra_properties(self._parent(error), instance))
        return RawError(parts, keyword, value, instance, "", missing, extras, path)

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


def _value_at(data: Any, path: list[Any]) -> tuple[Parts, Any]:
    """The place and value at an instance path in data (the document's own object, not
    jsonschema-rs's copy); jsonschema-rs gives a key of digits (`"3"`) as a number."""
    node, parts = data, []
    for part in path:
        part = str(part) if isinstance(node, dict) else part
        parts.append(part)
        node = node[part]
    return tuple(parts), node


def _strip_marker(path: Parts, last: str) -> Parts:
    """The path of the schema object holding a marker subschema, from the marker's `…/allOf/N/<last>`."""
    return path[:-3] if path[-3:-2] == ("allOf",) and path[-1:] == (last,) else path


def _resources(schema: Any, dialect: str) -> dict[str, Any]:
    """Every schema resource by absolute URI ($id), for locating keywords in them."""
    found: dict[str, Any] = {}
    for node, base in walk_with_base(schema, "", dialect):
        if isinstance(node.get("id" if dialect == DRAFT_04 else "$id"), str):
            found.setdefault(base.partition("#")[0], node)
    found.setdefault("", schema)
    return found
