"""How much of a document a schema describes: the document's object members, at every depth, that
the schema declares, following `$ref`s and the subschemas that apply in place (allOf & co.).

A member is *described* when a `properties` or `patternProperties` entry names it, or a typed
map (`additionalProperties: {schema}`) takes it and its value has the map's type; every other
member is *undescribed*. The members of an object the schema leaves free-form (no property keyword
at all) are opaque below the top: the key holding it counts, its contents do not. A schema that
constrains no member of the document's top level is *vacuous*: it describes nothing, however much
it accepts. Arrays are sampled (their first SAMPLED_ITEMS items).

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
from batchcheck.detect.sample import SAMPLED_ITEMS, count
from batchcheck.detect.view import Resolve, View
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


def describe(schema: Any, resolve: Resolve, data: Any, view: View | None = None) -> Description:
    """How much of data schema describes (see the module's docstring); view: the schema's View
    kept from earlier documents (resolve is then view's)."""
    walker = _Walker(view or View(resolve))
    described, total, absent = walker.value(schema, data, 0)
    return Description(described, total, absent, vacuous=walker.vacuous)


class _Walker:
    def __init__(self, view: View) -> None:
        self.facts = view.facts
        self.vacuous = False

    def value(self, schema: Any, data: Any, depth: int, top: bool = True) -> tuple[int, int, int]:
        """(described, total, absent) for data against schema; top: data is the document, or an
        item of the document's array (the level whose emptiness makes a schema vacuous)."""
        if depth > _MAX_DEPTH or not isinstance(data, (dict, list)):
            return 0, 0, 0
        facts = self.facts(schema)
        types = facts.types
        if types is not None and ("object" if isinstance(data, dict) else "array") not in types:
            return 0, 1, 0  # another type: one undescribed value
        described = total = absent = 0
        if isinstance(data, list):
            top = top and depth == 0
            for index, item in enumerate(islice(data, SAMPLED_ITEMS)):
                d, t, a = self.value(facts.item(index), item, depth + 1, top)
                described, total, absent = described + d, total + t, absent + a
            return described, total, absent
        if not facts.constrained:
            if top and data:
                self.vacuous = True  # describes nothing of the document itself
                return 0, count(data, depth), 0
            return 0, 0, 0  # a free-form object below the top: opaque
        for name in facts.declared:
            if name not in data:
                absent += 1
        for key, value in data.items():
            subs = facts.subs(key)
            if not subs:  # a typed map takes any name (at the top only values of its type, so
                # that a map of strings does not describe every document)
                subs = [m for m in facts.maps if not top or _fits_map(m, value)]
                if not subs:  # undescribed, and so is everything below it
                    total += 1 + count(value, depth + 1)
                    continue
            if not isinstance(value, (dict, list)) or depth + 1 > _MAX_DEPTH:
                described, total = described + 1, total + 1  # a described value with nothing below
                continue
            if len(subs) == 1:
                d, t, a = self.value(subs[0], value, depth + 1, False)
            else:
                d, t, a = max(
                    (self.value(sub, value, depth + 1, False) for sub in subs), key=lambda r: (r[0], -r[2])
                )
            described, total, absent = described + d + 1, total + t + 1, absent + a
        return described, total, absent


def _fits_map(map_schema: dict[str, Any], value: Any) -> bool:
    """A typed map (`additionalProperties: {schema}`, one that says something) takes value when
    its `type`, if any, fits the value's."""
    kind = map_schema.get("type")
    if kind is None:
        return True
    kinds = kind if isinstance(kind, list) else [kind]
    found = json_type(value)
    return found in kinds or (found == "integer" and "number" in kinds)
