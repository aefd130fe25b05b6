"""OpenAPI documents as schema sources: the spec model (`spec`), the 3.0 -> 2020-12 translation
(`translate`) and the hardened YAML loader (`yaml`)."""

from __future__ import annotations

from pathlib import Path

from batchcheck.schemas.entry import SchemaEntry
from batchcheck.schemas.openapi.spec import Spec


def openapi_entries(path: Path, responses_only: bool = False, verify: bool = True) -> tuple[SchemaEntry, ...]:
    """The spec's component schemas (only those used as a response body, if asked) as entries."""
    spec = Spec.load(path, check_refs=verify)
    names = spec.response_schemas() if responses_only else list(spec.schemas)
    return tuple(spec.entry(name) for name in names)
