"""The copy of a schema jsonschema-rs is given, and how to read its errors back as the original's.

- Formats batchcheck does not check are dropped (jsonschema-rs knows `duration`, `iri`, … itself),
  and `int32`/`int64` become a marked `not` subschema, since jsonschema-rs only hands strings to
  custom format checkers. With `--no-format-checks` every format is dropped (an annotation).
- Regexes are respelt in the ECMA-262 jsonschema-rs reads as ECMA does (ecma.py, dialect `rs`):
  `\\d`, `\\w`, `\\s`, `.` and the rest mean what ECMA-262 says. A `pattern` only a backtracking
  engine can match (lookaround, backreferences, `\\b`) becomes a custom format whose checker is
  batchcheck's bounded search, so it draws on the document's time budget like every other engine;
  a `patternProperties` key of that kind cannot be handed over, and the schema is refused
  (RsSchemaError: `--engine auto` then validates with python-jsonschema).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from batchcheck.jsontext.pointers import Parts
from batchcheck.validate.ecma import Untranslatable, translate
from batchcheck.validate.formats import CHECKED_FORMATS, INT_RANGES, int_range
from batchcheck.validate.regexes import bounded_search, is_linear
from batchcheck.vocabulary import map_subschemas

INT_MARK = "batchcheck: format "  # $comment of the subschema standing in for an int32/int64 format
PATTERN_MARK = "batchcheck-pattern-"  # the custom format standing in for a backtracking `pattern`


class RsSchemaError(Exception):
    """jsonschema-rs cannot use this schema."""


@dataclass
class RsSchema:
    """The schema as jsonschema-rs gets it, with what maps its errors back to the original."""

    schema: Any
    patterns: dict[str, str] = field(default_factory=dict)  # custom format name -> original pattern
    originals: dict[str, str] = field(default_factory=dict)  # respelt pattern -> original
    checks: dict[str, Callable[[str], bool]] = field(default_factory=dict)

    def original(self, pattern: Any) -> Any:
        return self.originals.get(pattern, pattern) if isinstance(pattern, str) else pattern

    def original_path(self, parts: Parts) -> Parts:
        """A schema path of the copy as a path of the original (respelt patternProperties keys)."""
        return tuple(
            self.original(part) if index and parts[index - 1] == "patternProperties" else part
            for index, part in enumerate(parts)
        )


def rs_schema(schema: Any, label: str, formats: bool) -> RsSchema:
    """The copy of schema for jsonschema-rs (see the module's docstring)."""
    copy = RsSchema(schema)

    def rewrite(node: Any, keyword: str | None) -> Any:
        if not isinstance(node, dict):
            return node
        node = _formats(node, formats)
        if isinstance(node.get("patternProperties"), dict):
            node = {**node, "patternProperties": _keys(copy, node["patternProperties"], label)}
        if isinstance(node.get("pattern"), str):
            node = _pattern(copy, node)
        return node

    copy.schema = map_subschemas(schema, rewrite)
    return copy


def _formats(node: dict[str, Any], formats: bool) -> dict[str, Any]:
    """Drop formats batchcheck does not check (all of them, formats off); int32/int64 as a range."""
    fmt = node.get("format")
    if not isinstance(fmt, str) or (formats and fmt in CHECKED_FORMATS and fmt not in INT_RANGES):
        return node
    node = {key: value for key, value in node.items() if key != "format"}
    if formats and fmt in INT_RANGES:
        low, high = int_range(INT_RANGES[fmt])
        out_of_range = {
            "$comment": INT_MARK + fmt,
            "type": "integer",
            "anyOf": [{"exclusiveMaximum": low}, {"exclusiveMinimum": high}],
        }
        node["allOf"] = [*node.get("allOf", []), {"not": out_of_range}]
    return node


def _respelt(copy: RsSchema, pattern: str) -> str | None:
    """pattern as jsonschema-rs should read it, or None when it needs a backtracking engine."""
    if not is_linear(pattern):
        return None
    try:
        respelt = translate(pattern, "rs")
    except Untranslatable:
        return None
    copy.originals[respelt] = pattern
    return respelt


def _keys(copy: RsSchema, patterns: dict[str, Any], label: str) -> dict[str, Any]:
    renamed = {}
    for pattern, subschema in patterns.items():
        respelt = _respelt(copy, pattern)
        if respelt is None:
            raise RsSchemaError(
                f"{label}: jsonschema-rs cannot bound the time of the patternProperties regex {pattern!r} "
                "(lookaround, backreferences or \\b)"
            )
        renamed[respelt] = subschema
    return renamed


def _pattern(copy: RsSchema, node: dict[str, Any]) -> dict[str, Any]:
    pattern = node["pattern"]
    respelt = _respelt(copy, pattern)
    if respelt is not None:
        return {**node, "pattern": respelt}
    name = f"{PATTERN_MARK}{len(copy.patterns)}"
    copy.patterns[name] = pattern
    copy.checks[name] = lambda text: bounded_search(pattern, text)
    node = {key: value for key, value in node.items() if key != "pattern"}
    node["allOf"] = [*node.get("allOf", []), {"format": name}]
    return node
