"""The Draft 2020-12 meta-schema check of a schema, with its errors worded for the user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.validate.python import validator

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_META_ERRORS_SHOWN = 5


def declared_draft(schema: Any) -> str:
    """The dialect schema declares (`$schema`, without a trailing `#`), 2020-12 when it says none."""
    declared = schema.get("$schema", DRAFT_2020_12) if isinstance(schema, dict) else DRAFT_2020_12
    return str(declared).rstrip("#")


def check_meta(path: Path | str, schema: dict[str, Any]) -> dict[str, Any]:
    """schema itself when it declares (or implies) Draft 2020-12 and passes its meta-schema."""
    from jsonschema.exceptions import relevance  # lazy: start-up (bundled schemas are not checked)

    declared = declared_draft(schema)
    if declared != DRAFT_2020_12:
        raise SchemaLoadError(f"{path}: declares {declared}; batchcheck checks Draft 2020-12 only")
    errors = sorted(meta_validator().iter_errors(schema), key=lambda e: (list(e.absolute_path), relevance(e)))
    if errors:
        shown = "; ".join(_meta_error(e) for e in errors[:_META_ERRORS_SHOWN])
        more = f"; and {len(errors) - _META_ERRORS_SHOWN} more" if len(errors) > _META_ERRORS_SHOWN else ""
        count = f"{len(errors)} error{'s' if len(errors) > 1 else ''}"
        raise SchemaLoadError(f"{path}: not a valid Draft 2020-12 schema ({count}): {shown}{more}")
    return schema


def _meta_error(error: Any) -> str:
    """`at /properties/a/type: 'objekt' is not valid ...`, the deepest reason of an anyOf."""
    from jsonschema.exceptions import best_match  # lazy: start-up

    chosen = best_match([error]) or error
    place = "".join(f"/{part}" for part in chosen.absolute_path) or "the root"
    return f"at {place}: {chosen.message}"


def meta_validator() -> Any:
    """A validator for the 2020-12 meta-schema; its format checker rejects a `pattern` that is no regex."""
    from jsonschema import Draft202012Validator  # lazy: start-up

    return validator(Draft202012Validator.META_SCHEMA, Draft202012Validator.FORMAT_CHECKER)
