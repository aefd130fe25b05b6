"""An OpenAPI document's candidates: its response bodies (by default), or every component.

A response body that is a `$ref` to a component makes that component a candidate, named
`Associations v4 › BatchResponsePublicAssociationMultiWithLabel` (the document's title and
`info.version`, then the component) and knowing every operation and status that returns it. A
body that is no component (an inline schema, an array of a component) is a candidate of its own,
named by its operation and status (`Repo Host 1.0 › GET /repos/{owner}/{repo}/pulls → 200`), or
by its shared response (`… › responses/not_found`); the same body schema in several operations is one
candidate (`GET /gists → 200 (+2 operations)`). Candidates are lazy (see SchemaEntry).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from batchcheck.jsontext.pointers import unescape_token
from batchcheck.schemas.entry import ResponseUse, SchemaEntry
from batchcheck.schemas.openapi.operations import ResponseBody, response_bodies
from batchcheck.schemas.openapi.spec import SCHEMA_PREFIX, BrokenComponent, Spec, component_pointer


def spec_entries(spec: Spec, label: str, components: bool = False) -> list[SchemaEntry]:
    """The document's candidates: response bodies, or (components) every component too."""
    used: dict[str, list[ResponseUse]] = {}
    inline: dict[str, list[ResponseBody]] = {}  # by the body schema's text: one per distinct schema
    for body in response_bodies(spec.document):
        name = _component_of(spec, body.schema)
        if name is not None:
            used.setdefault(name, []).append(body.use)
        else:
            inline.setdefault(json.dumps(body.schema, sort_keys=True, default=str), []).append(body)
    names = list(spec.schemas) if components else [name for name in spec.schemas if name in used]
    entries = [_component_entry(spec, label, name, tuple(used.get(name, ()))) for name in names]
    entries += [_inline_entry(spec, label, bodies) for bodies in inline.values()]
    return entries


def _component_of(spec: Spec, schema: Any) -> str | None:
    """The component a body schema is (`{"$ref": "#/components/schemas/X"}`), else None."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(ref, str) or not ref.startswith(SCHEMA_PREFIX) or "/" in ref[len(SCHEMA_PREFIX) :]:
        return None
    name = unescape_token(ref[len(SCHEMA_PREFIX) :])
    return name if name in spec.schemas else None


def _component_entry(spec: Spec, label: str, name: str, uses: tuple[ResponseUse, ...]) -> SchemaEntry:
    where = component_pointer(name)
    return _entry(spec, f"{label} › {name}", where, uses, lambda: spec.translated(name), spec.schemas[name])


def _inline_entry(spec: Spec, label: str, bodies: list[ResponseBody]) -> SchemaEntry:
    first = bodies[0]
    if first.place[:2] == ("components", "responses"):
        title = f"responses/{first.place[2]}"
    else:
        title = f"{first.use.operation} → {first.use.status}"
        others = len({body.use.operation for body in bodies} - {first.use.operation})
        title += f" (+{others} operations)" if others > 1 else " (+1 operation)" if others else ""
    uses = tuple(body.use for body in bodies)
    shape = lambda: spec.translate(first.schema)  # noqa: E731
    return _entry(spec, f"{label} › {title}", first.pointer, uses, shape, first.schema)


def _entry(
    spec: Spec, name: str, where: str, uses: tuple[ResponseUse, ...], shape: Callable[[], Any], outline: Any
) -> SchemaEntry:
    def build() -> dict[str, Any]:
        try:
            return spec.candidate_schema(shape(), where)
        except RecursionError:
            raise BrokenComponent(f"{spec.path}: {where}: nested too deeply to use: skipped") from None

    return SchemaEntry(
        name=name,
        file=spec.path,
        origin="openapi",
        home=spec.path,
        pointer=where,
        checked=False,
        uses=uses,
        build=build,
        shape_of=shape,
        resolver=spec.resolve,
        outline_of=lambda: outline,
        outline_resolver=spec.resolve_raw,
    )
