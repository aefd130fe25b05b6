"""How much of a document a schema describes: the document's object members, at every depth, that
the schema declares, following `$ref`s and the subschemas that apply in place (allOf & co.).

A member is *described* when a `properties` or `patternProperties` entry names it, a typed map
(`additionalProperties: {schema}`) takes it and its value has the map's type, or `required` names
it (its value then opaque); every other member is *undescribed*. The members of an object the
schema leaves free-form (no property keyword at all) are opaque below the top: the key holding it
counts, its contents do not. A schema that constrains no member of the document's top level is
*vacuous*: it describes nothing, however much it accepts. Arrays are sampled (their first
SAMPLED_ITEMS items).

`absent` counts members the schema declares that the document lacks, on the objects looked at:
of two schemas that describe a document equally well, the one that declares less beyond it fits
it more tightly (a 200 body is not its 207 variant, which declares `errors` too).

`bound` gives, without walking the schema, the most any schema declaring a given set of top-level
names could describe: detection skips the candidates that could not be the best.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from batchcheck.detect.sample import SAMPLED_ITEMS
from batchcheck.explain.wording import json_type
from batchcheck.validate.regexes import bounded_search
from batchcheck.vocabulary import PROPERTY_KEYWORDS, applicators

Resolve = Callable[[str], Any]
_MAX_DEPTH = 64


@dataclass(frozen=True)
class Description:
    """How much of a document one schema describes."""

    described: int
    total: int
    absent: int = 0
    vacuous: bool = False

    @property
    def share(self) -> float:
        """described / total, from 0 to 1; 0 for a vacuous schema, 1 for a document with no members."""
        if self.vacuous:
            return 0.0
        return self.described / self.total if self.total else 1.0

    @property
    def undescribed(self) -> int:
        return self.total - self.described


def describe(schema: Any, resolve: Resolve, data: Any) -> Description:
    """How much of data schema describes (see the module's docstring)."""
    walker = _Walker(resolve)
    described, total, absent = walker.value(schema, data, 0)
    return Description(described, total, absent, vacuous=walker.vacuous)


class _Walker:
    def __init__(self, resolve: Resolve) -> None:
        self.resolve = resolve
        self.vacuous = False
        self._applicable: dict[int, tuple[list[dict[str, Any]], bool, set[str] | None]] = {}  # by id

    def applicable(self, schema: Any) -> tuple[list[dict[str, Any]], bool, set[str] | None]:
        """The subschemas applying to the instance schema applies to, whether any of them says
        anything about an object's members, and the JSON types they allow (None: any)."""
        known = self._applicable.get(id(schema))
        if known is None:
            found = list(applicators(schema, self.resolve))
            constrained = any(
                _constrains(s.get(keyword)) for s in found for keyword in PROPERTY_KEYWORDS
            ) or any(_required(s) for s in found)
            known = self._applicable[id(schema)] = (found, constrained, _allowed_types(found))
        return known

    def value(self, schema: Any, data: Any, depth: int, top: bool = True) -> tuple[int, int, int]:
        """(described, total, absent) for data against schema; top: data is the document, or an
        item of the document's array (the level whose emptiness makes a schema vacuous)."""
        if depth > _MAX_DEPTH or not isinstance(data, (dict, list)):
            return 0, 0, 0
        applicable, constrained, types = self.applicable(schema)
        if types is not None and _kind(data) not in types:  # another type: one undescribed value
            return 0, 1, 0
        if isinstance(data, list):
            return _add(
                self.value(_item_schema(applicable, index), item, depth + 1, top and depth == 0)
                for index, item in enumerate(islice(data, SAMPLED_ITEMS))
            )
        if not constrained:
            if top and data:
                self.vacuous = True  # describes nothing of the document itself
                return 0, _count(data, depth), 0
            return 0, 0, 0  # a free-form object below the top: opaque
        absent = sum(1 for name in _declared(applicable) if name not in data)
        described, total, deeper_absent = _add(
            self.member(applicable, k, v, depth, top) for k, v in data.items()
        )
        return described, total, absent + deeper_absent

    def member(
        self, applicable: list[dict[str, Any]], key: str, value: Any, depth: int, top: bool
    ) -> tuple[int, int, int]:
        subs = [sub for schema in applicable for sub in _property_schemas(schema, key)]
        if not subs:  # a typed map takes any name (at the top only values of its type, so that a
            # map of strings does not describe every document)
            maps = (s.get("additionalProperties") for s in applicable)
            subs = [m for m in maps if isinstance(m, dict) and m and (not top or _fits_map(m, value))]
        if not subs and any(key in _required(s) for s in applicable):
            subs = [{}]  # required and nothing more: declared, its value opaque
        if not subs:  # undescribed, and so is everything below it
            return 0, 1 + _count(value, depth + 1), 0
        best = max(
            (self.value(sub, value, depth + 1, top=False) for sub in subs), key=lambda r: (r[0], -r[2])
        )
        return best[0] + 1, best[1] + 1, best[2]


def _constrains(value: Any) -> bool:
    """A property keyword's value says something about members (`true` and `{}` do not)."""
    return value is False or (isinstance(value, dict) and bool(value))


def _allowed_types(applicable: list[dict[str, Any]]) -> set[str] | None:
    """The container types (object, array) the schemas allow, when one of them says (else None)."""
    allowed: set[str] | None = None
    for schema in applicable:
        kind = schema.get("type")
        kinds = {kind} if isinstance(kind, str) else set(kind) if isinstance(kind, list) else None
        if kinds is not None:
            allowed = kinds if allowed is None else allowed | kinds
    return allowed


def _kind(data: Any) -> str:
    return "object" if isinstance(data, dict) else "array"


def _add(parts: Iterator[tuple[int, int, int]]) -> tuple[int, int, int]:
    described = total = absent = 0
    for d, t, a in parts:
        described, total, absent = described + d, total + t, absent + a
    return described, total, absent


def _declared(applicable: list[dict[str, Any]]) -> set[str]:
    """The member names the schemas declare: in `properties`, or `required`."""
    names: set[str] = set()
    for schema in applicable:
        properties = schema.get("properties")
        if isinstance(properties, dict):
            names.update(properties)
        names.update(_required(schema))
    return names


def _required(schema: dict[str, Any]) -> list[str]:
    required = schema.get("required")
    return [name for name in required if isinstance(name, str)] if isinstance(required, list) else []


def _item_schema(applicable: list[dict[str, Any]], index: int) -> Any:
    for schema in applicable:
        prefix = schema.get("prefixItems", [])
        if isinstance(prefix, list) and index < len(prefix):
            return prefix[index]
        if "items" in schema:
            items = schema["items"]
            if isinstance(items, list):  # the array form before 2020-12
                return items[index] if index < len(items) else schema.get("additionalItems", {})
            return items
    return {}


def _property_schemas(schema: dict[str, Any], key: str) -> Iterator[Any]:
    properties = schema.get("properties")
    if isinstance(properties, dict) and key in properties:
        yield properties[key]
    patterns = schema.get("patternProperties")
    if isinstance(patterns, dict):
        for pattern, sub in patterns.items():
            try:
                if bounded_search(pattern, key):
                    yield sub
            except Exception:  # a pattern batchcheck cannot read describes nothing
                continue


def _fits_map(map_schema: Any, value: Any) -> bool:
    """A typed map (`additionalProperties: {schema}`) takes value: a schema that says something,
    and whose `type`, if any, fits the value's."""
    if not isinstance(map_schema, dict) or not map_schema:
        return False
    kind = map_schema.get("type")
    if kind is None:
        return True
    kinds = kind if isinstance(kind, list) else [kind]
    found = json_type(value)
    return found in kinds or (found == "integer" and "number" in kinds)


# --- a bound without walking the schema --------------------------------------------------------


@dataclass
class Level:
    """The document's members at one level (an object's names, or an array's items' names taken
    together): for each name, how many members stand at and below it, and the level below it."""

    sizes: dict[str, int] = field(default_factory=dict)
    below: dict[str, Level] = field(default_factory=dict)  # names whose values are all objects or all arrays
    kinds: dict[str, str] = field(default_factory=dict)  # "object" or "array", for those names

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


def members(data: Any, depth: int = 2) -> Level:
    """The document's levels, `depth` deep (its items', for an array document)."""
    level = Level()
    objects = data if isinstance(data, list) else [data]
    for obj in islice(objects, SAMPLED_ITEMS):
        if not isinstance(obj, dict):
            continue
        for key, value in obj.items():
            level.sizes[key] = level.sizes.get(key, 0) + 1 + _count(value, 1)
            kind = "object" if isinstance(value, dict) else "array" if isinstance(value, list) else "scalar"
            level.kinds[key] = kind if level.kinds.get(key, kind) == kind else "mixed"
    if depth > 1:
        for key, kind in level.kinds.items():
            if kind in ("object", "array"):
                values = [
                    obj[key] for obj in islice(objects, SAMPLED_ITEMS) if isinstance(obj, dict) and key in obj
                ]
                nested = [item for v in values for item in (v if isinstance(v, list) else [v])]
                level.below[key] = members(nested, depth - 1)
    return level


def _count(data: Any, depth: int) -> int:
    if depth > _MAX_DEPTH:
        return 0
    if isinstance(data, dict):
        return sum(1 + _count(value, depth + 1) for value in data.values())
    if isinstance(data, list):
        return sum(_count(item, depth + 1) for item in islice(data, SAMPLED_ITEMS))
    return 0


def bound(schema: Any, resolve: Resolve, data: Any, level: Level) -> float:
    """The most of the document schema could describe, from the names it declares on the first
    levels (an undeclared name, and all below it, is undescribed whatever the rest says)."""
    applicable = list(applicators(schema, resolve))
    if isinstance(data, list):
        applicable = list(applicators(_item_schema(applicable, 0), resolve))
    declared, undeclared = _bound(applicable, resolve, level)
    return declared / (declared + undeclared) if declared + undeclared else 1.0


def _bound(applicable: list[dict[str, Any]], resolve: Resolve, level: Level) -> tuple[int, int]:
    """(members that could be described, members that cannot) at level and below."""
    if _open(applicable):
        return level.total, 0
    names = _declared(applicable)
    declared = undeclared = 0
    for name, size in level.sizes.items():
        if name not in names:
            undeclared += size
            continue
        below = level.below.get(name)
        subs = [sub for schema in applicable for sub in _property_schemas(schema, name)]
        inner = [s for sub in subs for s in applicators(sub, resolve)]
        types = _allowed_types(inner) if inner else None
        if below is None or not inner or (types is not None and level.kinds[name] not in types):
            declared += size  # nothing known below: all of it might be described
            continue
        if level.kinds[name] == "array":
            inner = list(applicators(_item_schema(inner, 0), resolve))
        d, u = _bound(inner, resolve, below)
        declared, undeclared = declared + 1 + d, undeclared + u
    return declared, undeclared


def _open(applicable: list[dict[str, Any]]) -> bool:
    """A map or patterns here may take any name."""
    return any(
        isinstance(s.get("patternProperties"), dict)
        or (isinstance(s.get("additionalProperties"), dict) and bool(s.get("additionalProperties")))
        for s in applicable
    )
