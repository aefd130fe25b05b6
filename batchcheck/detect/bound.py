"""The most a schema could describe of a document, without walking the schema: from the names it
declares on the document's first levels (a name it does not declare is undescribed, and so is
everything below it). Detection skips the candidates whose bound cannot reach the best.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from batchcheck.detect.sample import SAMPLED_ITEMS, Sizes
from batchcheck.detect.view import Facts, Resolve, View


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


def members(data: Any, depth: int = 2, sizes: Sizes | None = None) -> Level:
    """The document's levels, `depth` deep (its items', for an array document); sizes: the
    document's, when worked out already."""
    sizes = sizes or Sizes()
    level = Level()
    objects = data if isinstance(data, list) else [data]
    for obj in islice(objects, SAMPLED_ITEMS):
        if not isinstance(obj, dict):
            continue
        for key, value in obj.items():
            level.sizes[key] = level.sizes.get(key, 0) + 1 + sizes.count(value, 1)
            kind = "object" if isinstance(value, dict) else "array" if isinstance(value, list) else "scalar"
            level.kinds[key] = kind if level.kinds.get(key, kind) == kind else "mixed"
    if depth > 1:
        for key, kind in level.kinds.items():
            if kind in ("object", "array"):
                values = [
                    obj[key] for obj in islice(objects, SAMPLED_ITEMS) if isinstance(obj, dict) and key in obj
                ]
                nested = [item for v in values for item in (v if isinstance(v, list) else [v])]
                level.below[key] = members(nested, depth - 1, sizes)
    return level


def bound(schema: Any, resolve: Resolve, data: Any, level: Level, view: View | None = None) -> float:
    """The most of the document schema could describe (see the module's docstring); view: the
    schema's View kept from earlier documents (resolve is then view's)."""
    view = view or View(resolve)
    facts = view.facts(schema)
    if isinstance(data, list):
        facts = view.facts(facts.item(0))
    declared, undeclared = _bound(view, facts, level)
    return declared / (declared + undeclared) if declared + undeclared else 1.0


def _bound(view: View, facts: Facts, level: Level) -> tuple[int, int]:
    """(members that could be described, members that cannot) at level and below."""
    if facts.open:
        return level.total, 0
    if not facts.constrained:  # free-form: describe() takes its contents as opaque, never undescribed
        return 0, 0
    names = facts.declared
    declared = undeclared = 0
    for name, size in level.sizes.items():
        if name not in names:
            undeclared += size
            continue
        inner, types = view.child(facts, name)
        below, kind = level.below.get(name), level.kinds[name]
        if below is None or not inner.applicable or (types is not None and kind not in types):
            declared += size  # nothing known below: all of it might be described
            continue
        if kind == "array":
            inner = view.facts(inner.item(0))
        d, u = _bound(view, inner, below)
        declared, undeclared = declared + 1 + d, undeclared + u
    return declared, undeclared
