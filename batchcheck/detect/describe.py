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

What the walk reads of the schema comes from its View (view.py), kept from one document to the
next. `bound` (bound.py) gives, without walking the schema, the most it could describe.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any

from batchcheck.detect.sample import MAX_DEPTH as _MAX_DEPTH
from batchcheck.detect.sample import SAMPLED_ITEMS, Sizes
from batchcheck.detect.view import OPAQUE, Facts, Resolve, View
from batchcheck.explain.wording import json_type


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


def describe(
    schema: Any, resolve: Resolve, data: Any, view: View | None = None, sizes: Sizes | None = None
) -> Description:
    """How much of data schema describes (see the module's docstring); view: the schema's View
    kept from earlier documents (resolve is then view's); sizes: the document's, worked out once."""
    walker = _Walker(view or View(resolve), sizes or Sizes())
    described, total, absent = walker.value(schema, data, 0)
    return Description(described, total, absent, vacuous=walker.vacuous)


class _Walker:
    def __init__(self, view: View, sizes: Sizes) -> None:
        self.view = view
        self.count = sizes.count
        self.vacuous = False

    def value(self, schema: Any, data: Any, depth: int) -> tuple[int, int, int]:
        if depth > _MAX_DEPTH or not isinstance(data, (dict, list)):
            return 0, 0, 0
        return self.container(self.view.facts(schema), data, depth, True)

    def container(self, facts: Facts, data: Any, depth: int, top: bool) -> tuple[int, int, int]:
        """(described, total, absent) for data, an object or array at most _MAX_DEPTH deep, against
        the schemas facts tells of; top: data is the document, or an item of the document's array
        (the level whose emptiness makes a schema vacuous). The hot loop of detection: it calls
        itself for containers only, as a scalar (or what is too deep) holds no member."""
        types = facts.types
        if types is not None and ("object" if isinstance(data, dict) else "array") not in types:
            return 0, 1, 0  # another type: one undescribed value
        described = total = absent = 0
        view, deeper = self.view, depth + 1
        if isinstance(data, list):
            if deeper <= _MAX_DEPTH:
                top = top and depth == 0
                for index, item in enumerate(islice(data, SAMPLED_ITEMS)):
                    if isinstance(item, (dict, list)):
                        d, t, a = self.container(facts.item_facts(view, index), item, deeper, top)
                        described, total, absent = described + d, total + t, absent + a
            return described, total, absent
        if not facts.constrained:
            if top and data:
                self.vacuous = True  # describes nothing of the document itself
                return 0, self.count(data, depth), 0
            return 0, 0, 0  # a free-form object below the top: opaque
        declared = facts.declared
        absent = len(declared) - len(declared.intersection(data))
        known = facts.known
        for key, value in data.items():
            subs = known.get(key)
            if subs is None:
                subs = facts.subs(key)
            maps = None
            if not subs:  # a typed map takes any name (at the top only values of its type, so
                # that a map of strings does not describe every document)
                maps = [m for m in facts.maps if not top or _fits_map(m, value)]
                if not maps and key in facts.required:
                    maps = [OPAQUE]  # required and nothing more: declared, its value opaque
                if not maps:  # undescribed, and so is everything below it
                    total += 1 + self.count(value, deeper)
                    continue
            if not isinstance(value, (dict, list)) or deeper > _MAX_DEPTH:
                described, total = described + 1, total + 1  # a described value with nothing below
                continue
            if maps is None and len(subs) == 1:
                d, t, a = self.container(facts.member_facts(view, key)[0], value, deeper, False)
            else:  # each schema's Facts in turn, as the walk meets them
                walked = (self.container(view.facts(sub), value, deeper, False) for sub in maps or subs)
                d, t, a = max(walked, key=_best)
            described, total, absent = described + d + 1, total + t + 1, absent + a
        return described, total, absent


def _best(result: tuple[int, int, int]) -> tuple[int, int]:
    """Of several schemas for one member: the one describing most, then declaring least it lacks."""
    return result[0], -result[2]


def _fits_map(map_schema: dict[str, Any], value: Any) -> bool:
    """A typed map (`additionalProperties: {schema}`, one that says something) takes value when
    its `type`, if any, fits the value's."""
    kind = map_schema.get("type")
    if kind is None:
        return True
    kinds = kind if isinstance(kind, list) else [kind]
    found = json_type(value)
    return found in kinds or (found == "integer" and "number" in kinds)
