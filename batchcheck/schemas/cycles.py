"""`$ref` cycles that apply a schema to the same value forever.

`{"$ref": "#"}`, or `a` → `b` → `a` through `$defs`, checks the value against itself again and
again: python-jsonschema recurses until Python's stack runs out (and blames the document),
jsonschema-rs gives up and calls it valid. Such a schema is broken whatever the document, so it is
found when the schema is loaded.

A cycle counts when every step applies to the *same* value: `$ref` (and `$dynamicRef`), and
`allOf`, `anyOf`, `oneOf`, `not`, `if`, `then`, `else`, `dependentSchemas`
(vocabulary.SAME_INSTANCE). A recursive schema that goes through `properties`, `items` and the
like moves to a smaller value at each turn, ends with the document, and is fine.

`in_place_cycles` knows nothing of files or registries: the caller passes a resolver, so the
same search serves user schemas (`referencing` registries, refs.py) and OpenAPI components.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from batchcheck.jsontext.pointers import pointer
from batchcheck.vocabulary import SAME_INSTANCE, base_of, places_with_base, subschema_places

_REF_KEYWORDS = ("$ref", "$dynamicRef")
_GREY, _DONE = 1, 2
MAX_CYCLES = 5  # reported at most, each told from its smallest label


class Target(NamedTuple):
    """What a `$ref` resolves to: how to show it, the schema, the base URI in force inside it."""

    label: str  # `#/$defs/a`, `other.json#/$defs/b`
    schema: Any
    base: str


# (ref, base URI where it appears) -> its target, or None when it resolves to nothing
Resolve = Callable[[str, str], "Target | None"]


class _Step(NamedTuple):
    label: str
    node: Any
    base: str


def in_place_cycles(schema: Any, resolve: Resolve, base: str = "", root: str = "#") -> list[list[str]]:
    """The cycles of schema through same-value applicators, each as the labels (`#` pointers, or
    what resolve names a target in another resource) of the schemas along it, the first repeated
    at the end: `["#", "#"]`, `["#/$defs/a", "#/$defs/b", "#/$defs/a"]`.

    Every schema object of schema is a starting point (a cycle in `$defs` bites once a property
    refers to it); the search is iterative and visits each schema object once.
    """
    state: dict[int, int] = {}
    cycles: list[list[str]] = []
    for parts, node, node_base in places_with_base(schema, base):
        if id(node) not in state:
            _search(_Step(root + pointer(parts), node, node_base), resolve, state, cycles)
        if len(cycles) >= MAX_CYCLES:
            break
    return sorted(_from_smallest(cycle) for cycle in cycles[:MAX_CYCLES])


def _from_smallest(cycle: list[str]) -> list[str]:
    """The cycle told from its smallest label, whichever schema the search met first."""
    ring = cycle[:-1]
    start = ring.index(min(ring))
    return ring[start:] + ring[:start] + [ring[start]]


def _search(start: _Step, resolve: Resolve, state: dict[int, int], cycles: list[list[str]]) -> None:
    """Depth-first from start; a step back onto the current path closes a cycle."""
    path: list[_Step] = [start]
    on_path: dict[int, int] = {id(start.node): 0}
    pending: list[Iterator[_Step]] = [_next_steps(start, resolve)]
    state[id(start.node)] = _GREY
    while pending:
        step = next(pending[-1], None)
        if step is None:
            done = path.pop()
            state[id(done.node)] = _DONE
            del on_path[id(done.node)]
            pending.pop()
            continue
        key = id(step.node)
        if state.get(key) == _GREY:
            cycles.append([s.label for s in path[on_path[key] :]] + [step.label])
        elif key not in state:
            state[key] = _GREY
            on_path[key] = len(path)
            path.append(step)
            pending.append(_next_steps(step, resolve))


def _next_steps(step: _Step, resolve: Resolve) -> Iterator[_Step]:
    """The schema objects that apply to the same value as step's: its same-value subschemas and
    the targets of its refs."""
    node = step.node
    if not isinstance(node, dict):
        return
    for keyword in SAME_INSTANCE:
        for place, sub in subschema_places(keyword, node.get(keyword)):
            if isinstance(sub, dict):
                yield _Step(step.label + pointer(place), sub, base_of(sub, step.base))
    for keyword in _REF_KEYWORDS:
        ref = node.get(keyword)
        target = resolve(ref, step.base) if isinstance(ref, str) else None
        if target is not None and isinstance(target.schema, dict):
            yield _Step(target.label, target.schema, target.base)


def describe(cycle: list[str]) -> str:
    """`#/$defs/a → #/$defs/b → #/$defs/a`."""
    return " → ".join(cycle)
