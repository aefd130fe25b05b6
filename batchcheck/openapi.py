"""OpenAPI 3.0 and 3.1 documents: their component schemas as Draft 2020-12 candidates.

Each component `NAME` of a spec titled `TITLE` becomes the candidate
`TITLE#/components/schemas/NAME` (whitespace in the title becomes `-`). The candidate's schema is
the (translated) component itself plus a `components` member holding the components it reaches
through `$ref`, so `#/components/schemas/...` references resolve inside it with no registry.

OpenAPI 3.0's schema dialect is translated: `nullable` adds `null` to `type` (or wraps the schema
in `anyOf` with `{"type": "null"}`), boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers,
`example`, `discriminator`, `xml`, `externalDocs` and `x-` keys are dropped, and a `$ref`'s sibling
keywords are ignored, as 3.0 says. 3.1 schemas are 2020-12 already; only `x-` keys are dropped.
In both, the OpenAPI formats `float`, `double`, `byte`, `binary` and `password` are annotations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from batchcheck.catalog import DRAFT_2020_12, SchemaEntry, SchemaLoadError, load_schema_file, meta_validator
from batchcheck.paths import resolve_fragment, unescape_token

_SCHEMA_PREFIX = "#/components/schemas/"
_OAS_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
_ANNOTATION_FORMATS = frozenset({"float", "double", "byte", "binary", "password"})
_DROPPED_30 = frozenset({"nullable", "example", "discriminator", "xml", "externalDocs"})
_ONE_SCHEMA = frozenset(
    {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"}
    | {"unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema"}
)
_SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAP = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def openapi_entries(path: Path, responses_only: bool = False, verify: bool = True) -> tuple[SchemaEntry, ...]:
    """The spec's component schemas (only those used as a response body, if asked) as entries."""
    spec = Spec.load(path, check_refs=verify)
    names = spec.response_schemas() if responses_only else list(spec.schemas)
    return tuple(spec.entry(name) for name in names)


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
        translate = translate_30 if spec.version == "3.0" else translate_31
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
        dialect = str(self.document.get("jsonSchemaDialect", _OAS_DIALECT)).rstrip("#")
        if dialect not in {_OAS_DIALECT, DRAFT_2020_12}:
            raise SchemaLoadError(
                f"{self.path}: jsonSchemaDialect {dialect}; batchcheck checks Draft 2020-12 only"
            )

    def check_schema(self, name: str) -> None:
        """Refuse a component that fails the 2020-12 meta-schema or reaches a missing component."""
        from jsonschema.exceptions import best_match

        where = f"{self.path}: {pointer_of(name)}"
        schema = self.translated[name]
        declared = str(schema.get("$schema", DRAFT_2020_12) if isinstance(schema, dict) else DRAFT_2020_12)
        if declared.rstrip("#") not in {DRAFT_2020_12, _OAS_DIALECT}:
            raise SchemaLoadError(f"{where}: declares {declared}; batchcheck checks Draft 2020-12 only")
        error = best_match(meta_validator().iter_errors(schema))
        if error is not None:
            inner = "".join(f"/{part}" for part in error.absolute_path)
            raise SchemaLoadError(f"{where}{inner}: not a valid Draft 2020-12 schema: {error.message}")
        self.reached(name)

    def reached(self, name: str) -> list[str]:
        """The components name reaches through `$ref`s, itself first; a missing one is an error."""
        order, stack = [name], [name]
        while stack:
            current = stack.pop()
            for ref in refs_in(self.translated[current]):
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
        if len(reached) == 1 and not any(ref == "#" for ref in refs_in(schema)):
            return schema if isinstance(schema, dict) else {"allOf": [schema]}
        carried = {other: self.translated[other] for other in reached}
        base = schema if isinstance(schema, dict) else {"allOf": [schema]}
        return {**base, "components": {"schemas": carried}}

    def entry(self, name: str) -> SchemaEntry:
        return SchemaEntry(
            name=f"{self.title}{_SCHEMA_PREFIX}{_escape(name)}",
            file=self.path,
            schema=self.candidate_schema(name),
            origin=f"openapi {self.path}",
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


def refs_in(schema: Any) -> Iterator[str]:
    """Every `$ref` string in schema (values of data keywords excluded)."""
    for node in walk_schemas(schema):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]


def walk_schemas(schema: Any) -> Iterator[dict[str, Any]]:
    """schema and every subschema in it, by keyword (a property named `example` is no keyword)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield node
        for key, value in node.items():
            stack.extend(sub for _, sub in subschema_places(key, value))


def subschema_places(key: str, value: Any) -> list[tuple[tuple[str | int, ...], Any]]:
    """The subschemas under one keyword, each with its place below the keyword's node."""
    if key in _ONE_SCHEMA:
        return [((key,), value)]
    if key in _SCHEMA_LIST and isinstance(value, list):
        return [((key, index), sub) for index, sub in enumerate(value)]
    if key in _SCHEMA_MAP and isinstance(value, dict):
        return [((key, name), sub) for name, sub in value.items()]
    return []


def _translate(node: Any, rewrite: Callable[[dict[str, Any]], Any]) -> Any:
    """node with every schema object in it rewritten, innermost first."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _ONE_SCHEMA:
            out[key] = _translate(value, rewrite)
        elif key in _SCHEMA_LIST and isinstance(value, list):
            out[key] = [_translate(item, rewrite) for item in value]
        elif key in _SCHEMA_MAP and isinstance(value, dict):
            out[key] = {name: _translate(sub, rewrite) for name, sub in value.items()}
        else:
            out[key] = value
    return rewrite(out)


def translate_30(schema: Any) -> Any:
    """An OpenAPI 3.0 schema object in Draft 2020-12."""
    return _translate(schema, _rewrite_30)


def translate_31(schema: Any) -> Any:
    """An OpenAPI 3.1 schema object (2020-12 already) without `x-` keys and OpenAPI formats."""
    return _translate(schema, _rewrite_common)


def _rewrite_common(node: dict[str, Any]) -> dict[str, Any]:
    out = {key: value for key, value in node.items() if not key.startswith("x-")}
    if out.get("format") in _ANNOTATION_FORMATS:
        del out["format"]
    if str(out.get("$schema", "")).rstrip("#") == _OAS_DIALECT:
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


def load_document(path: Path) -> dict[str, Any]:
    """An OpenAPI document from JSON (strict) or YAML (1.2-style booleans, dates kept as text)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return load_schema_file(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SchemaLoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SchemaLoadError(f"{path}: not UTF-8 text") from None
    if suffix not in {".yaml", ".yml"} and text.lstrip().startswith("{"):
        return load_schema_file(path)
    return _load_yaml(path, text)


def _load_yaml(path: Path, text: str) -> dict[str, Any]:
    import yaml

    try:
        document = yaml.load(text, Loader=_yaml_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise SchemaLoadError(f"{path}{where}: invalid YAML: {exc.problem}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise SchemaLoadError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(document, dict):
        raise SchemaLoadError(f"{path}: an OpenAPI document must be a mapping")
    try:
        size = _expanded_size(document, {}, 0)
    except (RecursionError, _Cyclic):
        raise SchemaLoadError(f"{path}: YAML aliases refer to themselves, or nesting is too deep") from None
    if size > MAX_YAML_NODES:
        raise SchemaLoadError(f"{path}: YAML expands to over {MAX_YAML_NODES:,} values (aliases?)")
    return _string_keys(document)


MAX_YAML_NODES = 2_000_000
_MAX_YAML_DEPTH = 500


class _Cyclic(Exception):
    """A YAML alias inside the value it names."""


def _expanded_size(value: Any, sizes: dict[int, int], depth: int) -> int:
    """How many values the document has once aliases are expanded (each shared value counted
    once per use, computed once); aliases that contain themselves raise _Cyclic."""
    if not isinstance(value, (dict, list)):
        return 1
    if depth > _MAX_YAML_DEPTH:
        raise RecursionError
    key = id(value)
    if key in sizes:
        if sizes[key] < 0:
            raise _Cyclic
        return sizes[key]
    sizes[key] = -1
    children = value.values() if isinstance(value, dict) else value
    sizes[key] = 1 + sum(_expanded_size(child, sizes, depth + 1) for child in children)
    return sizes[key]


def _string_keys(value: Any) -> Any:
    """YAML allows `200:` as an integer key; JSON (and OpenAPI) keys are strings."""
    if isinstance(value, dict):
        return {str(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


_LOADER: Any = None


def _yaml_loader() -> Any:
    """The C safe loader when available, with YAML 1.2 booleans and no timestamp conversion:
    `ON`/`off` stay strings (as in an enum of flag states) and dates stay text, as in JSON."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        drop = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
        loader = type("OpenApiLoader", (base,), {})
        loader.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag not in drop]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }
        loader.add_implicit_resolver(
            "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
        )
        _LOADER = loader
    return _LOADER
