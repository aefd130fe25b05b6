"""One OpenAPI 3.0 or 3.1 document: its component schemas in Draft 2020-12, translated and put
together only when they are needed.

Loading a document reads it and checks its version and dialect, nothing more: a collection of
hundreds of documents and thousands of components loads in about the time it takes to parse it.
A component is translated (translate.py) when detection first looks at it, and a candidate's
whole schema (the component plus every component it reaches through `$ref`, carried under a
`components` member so `#/components/schemas/...` resolves inside it) is built when it is
validated. A component that cannot be used (a `$ref` to nothing, to another file, or a cycle of
`$ref`s that would recurse forever) raises BrokenComponent naming the document, the component
and the reason; the caller skips that candidate and the others still decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.jsontext.pointers import pointer, resolve_fragment, unescape_token
from batchcheck.schemas.cycles import Target, describe, in_place_cycles
from batchcheck.schemas.meta import DRAFT_2020_12
from batchcheck.schemas.openapi.translate import OAS_DIALECT, translator
from batchcheck.schemas.openapi.yaml import load_document
from batchcheck.vocabulary import refs

SCHEMA_PREFIX = "#/components/schemas/"


class BrokenComponent(SchemaLoadError):
    """A component (or inline schema) of a document that cannot be used; the others can."""


@dataclass(eq=False)
class Spec:
    """One OpenAPI document: where it is, its version, and its components."""

    path: Path
    document: dict[str, Any]
    version: str  # "3.0" or "3.1"
    _translated: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: Path) -> Spec:
        return cls.from_document(path, load_document(path))

    @classmethod
    def from_document(cls, path: Path, document: dict[str, Any]) -> Spec:
        version = str(document.get("openapi", ""))
        if not re.match(r"3\.[01]\.", version):
            found = f"openapi {version!r}" if version else "no 'openapi' version"
            raise SchemaLoadError(f"{path}: not an OpenAPI 3.0 or 3.1 document ({found})")
        dialect = str(document.get("jsonSchemaDialect", OAS_DIALECT)).rstrip("#")
        if dialect not in {OAS_DIALECT, DRAFT_2020_12}:
            raise SchemaLoadError(
                f"{path}: jsonSchemaDialect {dialect}; batchcheck checks Draft 2020-12 only"
            )
        return cls(path, document, version[:3])

    @cached_property
    def schemas(self) -> dict[str, Any]:
        components = self.document.get("components") or {}
        schemas = components.get("schemas") or {} if isinstance(components, dict) else {}
        if not isinstance(schemas, dict):
            raise SchemaLoadError(f"{self.path}: components.schemas must be an object")
        return {str(name): schema for name, schema in schemas.items()}

    @cached_property
    def label(self) -> str:
        """`Associations v4`: the title and `info.version`, whitespace collapsed (the file stem
        when there is no title)."""
        info = self.document.get("info")
        info = info if isinstance(info, dict) else {}
        title = " ".join(str(info.get("title") or "").split()) or self.path.stem
        version = " ".join(str(info.get("version") or "").split())
        return f"{title} {version}" if version and version not in title else title

    def translated(self, name: str) -> Any:
        """Component `name` in Draft 2020-12 (translated once)."""
        if name not in self._translated:
            self._translated[name] = translator(self.version)(self.schemas[name])
        return self._translated[name]

    def translate(self, schema: Any) -> Any:
        """A schema of this document that is no component (an inline response body) in 2020-12
        (translated once)."""
        key = f"#inline {id(schema)}"  # no component name starts with `#`
        if key not in self._translated:
            self._translated[key] = translator(self.version)(schema)
        return self._translated[key]

    def resolve(self, ref: str) -> Any:
        """What a `$ref` of a translated schema points at, or None when it points at nothing local."""
        name = self._component(ref)
        if name is None:
            return None
        target = self.translated(name)
        rest = ref[len(SCHEMA_PREFIX) :].split("/", 1)
        return resolve_fragment(target, "#/" + rest[1]) if len(rest) > 1 else target

    def resolve_raw(self, ref: str) -> Any:
        """What a `$ref` points at in the document as written (no translation), or None."""
        return resolve_fragment(self.document, ref) if ref.startswith("#/components/") else None

    def _component(self, ref: str) -> str | None:
        if not ref.startswith(SCHEMA_PREFIX):
            return None
        name = unescape_token(ref[len(SCHEMA_PREFIX) :].split("/")[0])
        return name if name in self.schemas else None

    def reached(self, schema: Any, where: str) -> list[str]:
        """The components schema reaches through `$ref`s; raises BrokenComponent for a `$ref` to
        nothing or to another document."""
        order: list[str] = []
        stack = [schema]
        while stack:
            for ref in refs(stack.pop(), unknown=False):
                if ref == "#" or (ref.startswith("#/") and not ref.startswith(SCHEMA_PREFIX)):
                    continue  # inside the schema itself (the carried components answer `#/components`)
                name = self._component(ref)
                if name is None:
                    place = "not in this document" if not ref.startswith("#") else "no such component"
                    raise BrokenComponent(f"{self.path}: {where}: cannot resolve $ref {ref} ({place})")
                if name not in order:
                    order.append(name)
                    stack.append(self.translated(name))
        return order

    def candidate_schema(self, schema: Any, where: str) -> dict[str, Any]:
        """schema (translated), carrying the components it reaches so its refs resolve inside it;
        BrokenComponent when it cannot be used (see reached, and _refuse_cycles)."""
        reached = self.reached(schema, where)
        whole = schema if isinstance(schema, dict) else {"allOf": [schema]}
        own_refs = list(refs(schema, unknown=False))
        if reached or "#" in own_refs:
            carried = {name: self.translated(name) for name in reached}
            whole = {**whole, "components": {"schemas": carried}}
        if own_refs:
            _refuse_cycles(whole, f"{self.path}: {where}")
        return whole


def _refuse_cycles(schema: dict[str, Any], where: str) -> None:
    """BrokenComponent for a `$ref` cycle through applicators alone (`A` allOf `B`, `B` oneOf
    `A`): validating anything against it never ends (cycles.py: the same rule as user schemas)."""

    def resolve(ref: str, _base: str) -> Target | None:
        target = resolve_fragment(schema, ref)
        return Target(ref, target, "") if target is not None else None

    cycles = in_place_cycles(schema, resolve)
    if cycles:
        raise BrokenComponent(
            f"{where}: $ref cycle {describe(cycles[0])}: the schema applies to the same value "
            "forever: skipped"
        )


def component_pointer(name: str) -> str:
    """`/components/schemas/NAME`, NAME escaped as a JSON Pointer token."""
    if "~" in name or "/" in name:
        return pointer(("components", "schemas", name))
    return f"/components/schemas/{name}"
