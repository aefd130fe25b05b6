"""An OpenAPI 3.0 or 3.1 document: its component schemas in Draft 2020-12, as candidates.

Each component `NAME` of a spec titled `TITLE` becomes the candidate
`TITLE#/components/schemas/NAME` (whitespace in the title becomes `-`). The candidate's schema is
the (translated) component itself plus a `components` member holding the components it reaches
through `$ref`, so `#/components/schemas/...` references resolve inside it with no registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.jsontext.pointers import resolve_fragment, unescape_token
from batchcheck.schemas.entry import SchemaEntry
from batchcheck.schemas.meta import DRAFT_2020_12
from batchcheck.schemas.openapi.translate import OAS_DIALECT, translator
from batchcheck.schemas.openapi.yaml import load_document
from batchcheck.vocabulary import refs

_SCHEMA_PREFIX = "#/components/schemas/"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class Spec:
    """One OpenAPI document, its version and its component schemas in Draft 2020-12."""

    path: Path
    document: dict[str, Any]
    version: str
    translated: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, check_refs: bool = True) -> Spec:
        document = load_document(path)
        version = str(document.get("openapi", ""))
        if not re.match(r"3\.[01]\.", version):
            found = f"openapi {version!r}" if version else "no 'openapi' version"
            raise SchemaLoadError(f"{path}: not an OpenAPI 3.0 or 3.1 document ({found})")
        spec = cls(path, document, version[:3])
        spec.check_dialect()
        translate = translator(spec.version)
        spec.translated = {name: translate(schema) for name, schema in spec.schemas.items()}
        for name in spec.schemas if check_refs else ():
            spec.reached(name)  # every $ref resolves; the meta-schema is checked on first use
        return spec

    @cached_property
    def schemas(self) -> dict[str, Any]:
        components = self.document.get("components") or {}
        schemas = components.get("schemas") or {} if isinstance(components, dict) else {}
        if not isinstance(schemas, dict):
            raise SchemaLoadError(f"{self.path}: components.schemas must be an object")
        return {str(name): schema for name, schema in schemas.items()}

    @cached_property
    def title(self) -> str:
        info = self.document.get("info")
        title = info.get("title") if isinstance(info, dict) else None
        text = str(title).strip() if title else ""
        return re.sub(r"\s+", "-", text) or self.path.stem

    def check_dialect(self) -> None:
        dialect = str(self.document.get("jsonSchemaDialect", OAS_DIALECT)).rstrip("#")
        if dialect not in {OAS_DIALECT, DRAFT_2020_12}:
            raise SchemaLoadError(
                f"{self.path}: jsonSchemaDialect {dialect}; batchcheck checks Draft 2020-12 only"
            )

    def reached(self, name: str) -> list[str]:
        """The components name reaches through `$ref`s, itself first; a missing one is an error."""
        order, stack = [name], [name]
        while stack:
            current = stack.pop()
            for ref in refs(self.translated[current], unknown=False):
                target = self._target(current, ref)
                if target is not None and target not in order:
                    order.append(target)
                    stack.append(target)
        return order

    def _target(self, owner: str, ref: str) -> str | None:
        if ref.startswith("#") and not ref.startswith(_SCHEMA_PREFIX) and ref != "#":
            raise SchemaLoadError(f"{self.path}: {pointer_of(owner)}: cannot resolve $ref {ref}")
        if not ref.startswith(_SCHEMA_PREFIX):
            if ref.startswith("#"):
                return None
            raise SchemaLoadError(
                f"{self.path}: {pointer_of(owner)}: cannot resolve $ref {ref} (not in this document)"
            )
        target = unescape_token(ref[len(_SCHEMA_PREFIX) :].split("/")[0])
        if target not in self.translated:
            raise SchemaLoadError(f"{self.path}: {pointer_of(owner)}: cannot resolve $ref {ref}")
        return target

    def candidate_schema(self, name: str) -> Any:
        """The component, carrying the components it reaches so its refs resolve inside it."""
        schema = self.translated[name]
        reached = self.reached(name)
        if len(reached) == 1 and not any(ref == "#" for ref in refs(schema, unknown=False)):
            return schema if isinstance(schema, dict) else {"allOf": [schema]}
        carried = {other: self.translated[other] for other in reached}
        base = schema if isinstance(schema, dict) else {"allOf": [schema]}
        return {**base, "components": {"schemas": carried}}

    def entry(self, name: str) -> SchemaEntry:
        return SchemaEntry(
            name=f"{self.title}{_SCHEMA_PREFIX}{_escape(name)}",
            file=self.path,
            schema=self.candidate_schema(name),
            origin="openapi",
            home=self.path,
            pointer=pointer_of(name),
            checked=False,
        )

    def response_schemas(self) -> list[str]:
        """Component schemas a response body refers to (a pure alias's target too), in spec order."""
        used: set[str] = set()
        for media in self._response_media():
            schema = media.get("schema") if isinstance(media, dict) else None
            name = self._component_of(schema)
            while name is not None and name not in used:
                used.add(name)
                name = self._component_of(self.schemas[name])  # an alias: `{"$ref": ...}` only
        return [name for name in self.schemas if name in used]

    def _component_of(self, schema: Any) -> str | None:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref.startswith(_SCHEMA_PREFIX) and "/" not in ref[len(_SCHEMA_PREFIX) :]:
                name = unescape_token(ref[len(_SCHEMA_PREFIX) :])
                return name if name in self.schemas else None
        return None

    def _response_media(self) -> Iterator[Any]:
        paths = self.document.get("paths") or {}
        for item in paths.values() if isinstance(paths, dict) else ():
            for method in _METHODS:
                operation = item.get(method) if isinstance(item, dict) else None
                responses = operation.get("responses") if isinstance(operation, dict) else None
                for response in responses.values() if isinstance(responses, dict) else ():
                    content = self._resolve_response(response).get("content")
                    yield from content.values() if isinstance(content, dict) else ()

    def _resolve_response(self, response: Any, depth: int = 0) -> dict[str, Any]:
        """A response object, following `$ref`s to `#/components/responses/...`."""
        while isinstance(response, dict) and isinstance(response.get("$ref"), str) and depth < 32:
            response, depth = resolve_fragment(self.document, response["$ref"]), depth + 1
        return response if isinstance(response, dict) else {}


def pointer_of(name: str) -> str:
    return f"/components/schemas/{_escape(name)}"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
