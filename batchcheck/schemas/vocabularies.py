"""Custom meta-schemas: the vocabularies a `$vocabulary` turns on, and the schema the engines get.

A schema whose `$schema` is a custom meta-schema (read locally, never fetched) is evaluated with
the vocabularies that meta-schema lists. The engines know the drafts, not vocabularies, so they
get a copy of the schema that declares the draft the meta-schema builds on and holds no keyword of
a standard vocabulary left out (no `validation`: `minimum` and `type` are annotations, dropped).
An unknown vocabulary the meta-schema requires (`true`) is refused, as the specification says;
an optional one (`false`) is ignored.
"""

from __future__ import annotations

from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.vocabulary import DRAFT_2019_09, DRAFT_2020_12, map_subschemas

_VALIDATION = frozenset(
    {
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains",
        "minContains", "maxProperties", "minProperties", "required", "dependentRequired",
    }
)  # fmt: skip
_APPLICATOR = frozenset(
    {
        "prefixItems", "items", "contains", "additionalProperties", "properties", "patternProperties",
        "dependentSchemas", "propertyNames", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
    }
)  # fmt: skip
_UNEVALUATED = frozenset({"unevaluatedItems", "unevaluatedProperties"})
_ANNOTATIONS: frozenset[str] = frozenset()  # meta-data, content, format-annotation: nothing to drop
_VOCABULARIES = {
    DRAFT_2020_12: {
        "core": frozenset(), "applicator": _APPLICATOR, "unevaluated": _UNEVALUATED,
        "validation": _VALIDATION, "meta-data": _ANNOTATIONS, "format-annotation": _ANNOTATIONS,
        "format-assertion": _ANNOTATIONS, "content": _ANNOTATIONS,
    },
    DRAFT_2019_09: {
        "core": frozenset(), "applicator": _APPLICATOR | _UNEVALUATED | {"additionalItems"},
        "validation": _VALIDATION, "meta-data": _ANNOTATIONS, "format": _ANNOTATIONS,
        "content": _ANNOTATIONS,
    },
}  # fmt: skip
_PREFIX = {
    DRAFT_2020_12: "https://json-schema.org/draft/2020-12/vocab/",
    DRAFT_2019_09: "https://json-schema.org/draft/2019-09/vocab/",
}


def without_vocabularies(label: str, schema: dict[str, Any], meta: Any, dialect: str) -> dict[str, Any]:
    """schema as the engines should get it under the custom meta-schema meta (of dialect)."""
    declared = meta.get("$vocabulary") if isinstance(meta, dict) else None
    copy = {**schema, "$schema": dialect}
    if dialect not in _VOCABULARIES or not isinstance(declared, dict):
        return copy  # no $vocabulary: the draft's own vocabularies
    known = _VOCABULARIES[dialect]
    enabled: set[str] = set()
    for uri, required in declared.items():
        name = uri.removeprefix(_PREFIX[dialect])
        if name in known and uri.startswith(_PREFIX[dialect]):
            enabled.add(name)
        elif required is True:
            raise SchemaLoadError(
                f"{label}: its meta-schema requires the vocabulary {uri}, which batchcheck does not know"
            )
    dropped = frozenset().union(*(keywords for name, keywords in known.items() if name not in enabled))
    if not dropped:
        return copy

    def drop(node: Any, keyword: str | None) -> Any:
        return {k: v for k, v in node.items() if k not in dropped} if isinstance(node, dict) else node

    result: dict[str, Any] = map_subschemas(copy, drop)
    return result
