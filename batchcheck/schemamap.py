"""Rewrite a schema subschema by subschema, knowing which keywords hold schemas.

The engines are given lightly rewritten copies of a schema (see engine.py and engine_rs.py) so
that both report the same errors; the schema batchcheck reports on is never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})  # values, not subschemas
SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)
SCHEMA_LISTS = frozenset({"prefixItems", "allOf", "anyOf", "oneOf", "items"})
SCHEMA_VALUES = frozenset(
    {
        "additionalProperties", "unevaluatedProperties", "items", "unevaluatedItems", "contains",
        "propertyNames", "not", "if", "then", "else", "additionalItems", "contentSchema",
    }
)  # fmt: skip

# fn(subschema, keyword holding it or None at the root) -> the subschema to use instead
Rewrite = Callable[[Any, "str | None"], Any]


def map_subschemas(schema: Any, rewrite: Rewrite, keyword: str | None = None) -> Any:
    """A copy of schema with rewrite applied to every subschema, innermost first.

    Dicts under unknown keywords are treated as schemas too: a `$ref` may point into them.
    """
    if isinstance(schema, dict):
        copy: dict[str, Any] = {}
        for key, value in schema.items():
            if key in DATA_KEYWORDS:
                copy[key] = value
            elif key in SCHEMA_MAPS and isinstance(value, dict):
                copy[key] = {name: map_subschemas(sub, rewrite, key) for name, sub in value.items()}
            elif key in SCHEMA_LISTS and isinstance(value, list):
                copy[key] = [map_subschemas(sub, rewrite, key) for sub in value]
            elif isinstance(value, dict) or (key in SCHEMA_VALUES and isinstance(value, bool)):
                copy[key] = map_subschemas(value, rewrite, key)
            else:
                copy[key] = value
        schema = copy
    return rewrite(schema, keyword) if isinstance(schema, (dict, bool)) else schema
