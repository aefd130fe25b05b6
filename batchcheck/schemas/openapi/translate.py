"""OpenAPI's schema dialects in Draft 2020-12.

OpenAPI 3.0's dialect is translated: `nullable` adds `null` to `type` (or wraps the schema in
`anyOf` with `{"type": "null"}`), boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers,
`example`, `discriminator`, `xml`, `externalDocs` and `x-` keys are dropped, and a `$ref`'s sibling
keywords are ignored, as 3.0 says. 3.1 schemas are 2020-12 already; only `x-` keys are dropped.
In both, the OpenAPI formats `float`, `double`, `byte`, `binary` and `password` are annotations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from batchcheck.vocabulary import map_subschemas

OAS_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
_ANNOTATION_FORMATS = frozenset({"float", "double", "byte", "binary", "password"})
_DROPPED_30 = frozenset({"nullable", "example", "discriminator", "xml", "externalDocs"})


def _translate(schema: Any, rewrite: Callable[[dict[str, Any]], Any]) -> Any:
    """schema with every schema object in it (by keyword) rewritten, innermost first."""
    return map_subschemas(
        schema, lambda node, _: rewrite(node) if isinstance(node, dict) else node, unknown=False
    )


def translate_30(schema: Any) -> Any:
    """An OpenAPI 3.0 schema object in Draft 2020-12."""
    return _translate(schema, _rewrite_30)


def translate_31(schema: Any) -> Any:
    """An OpenAPI 3.1 schema object (2020-12 already) without `x-` keys and OpenAPI formats."""
    return _translate(schema, _rewrite_common)


def translator(version: str) -> Callable[[Any], Any]:
    """translate_30 or translate_31, by the document's `openapi` version (`3.0`, `3.1`)."""
    return translate_30 if version == "3.0" else translate_31


def _rewrite_common(node: dict[str, Any]) -> dict[str, Any]:
    out = {key: value for key, value in node.items() if not key.startswith("x-")}
    if out.get("format") in _ANNOTATION_FORMATS:
        del out["format"]
    if str(out.get("$schema", "")).rstrip("#") == OAS_DIALECT:
        del out["$schema"]
    return out


def _rewrite_30(node: dict[str, Any]) -> Any:
    if isinstance(node.get("$ref"), str):
        return {"$ref": node["$ref"]}  # 3.0: "properties adjacent to $ref are ignored"
    out = {key: value for key, value in _rewrite_common(node).items() if key not in _DROPPED_30}
    for bound in ("Minimum", "Maximum"):
        flag = out.get(f"exclusive{bound}")
        if isinstance(flag, bool):
            limit = out.pop(bound.lower(), None)
            if flag and limit is not None:
                out[f"exclusive{bound}"] = limit
            else:
                del out[f"exclusive{bound}"]
                if limit is not None:
                    out[bound.lower()] = limit
    if node.get("nullable") is True:
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        elif "enum" not in out:  # an enum admits null only when it lists it (OpenAPI 3.0.3)
            return {"anyOf": [out, {"type": "null"}]}
    return out
