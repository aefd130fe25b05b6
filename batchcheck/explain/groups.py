"""Group violations that fail the same way: the same place in every item (array indices as `*`),
the same keyword, the same expectation. 6,000 items with one bad enum value are one group of 6,000;
counts are exact, whatever --max-errors shows. Each group keeps its first members and a tally of
the values found, so its message can say `found string "MAYBE" x4000, "on" x2000` (x: TIMES)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from batchcheck.explain.wording import found, word
from batchcheck.jsontext.pointers import Parts, pointer, readable_path
from batchcheck.models import RawError

EXAMPLES = 3  # members kept per group, to name where it happens
_DISTINCT = 50  # distinct values tallied per group; the rest are counted together
_SHOWN = 3  # distinct values a message names
_WILD = "*"
TIMES = "\N{MULTIPLICATION SIGN}"  # `enum x6000`, as printed


@dataclass
class Group:
    """Raw errors of one kind: the first, a few more, how many, and the values they found."""

    first: RawError
    count: int = 0
    examples: list[Parts] = field(default_factory=list)
    values: dict[Any, list[Any]] = field(default_factory=dict)  # value key -> [count, a value]
    other_values: int = 0  # members whose value is past the _DISTINCT tallied

    def add(self, error: RawError) -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(error.parts)
        key = _value_key(error.instance)
        tally = self.values.get(key)
        if tally is not None:
            tally[0] += 1
        elif len(self.values) < _DISTINCT:
            self.values[key] = [1, error.instance]
        else:
            self.other_values += 1

    @property
    def parts(self) -> Parts:
        return self.first.parts


def group_errors(ordered: list[RawError]) -> list[Group]:
    """Every error in one group, the groups in the order of their first member."""
    groups: dict[Any, Group] = {}
    keywords: dict[int, Any] = {}  # id of a keyword value -> its key (one schema node, many errors)
    for error in ordered:
        shape = tuple(-1 if type(part) is int else part for part in error.parts)
        value = error.keyword_value
        value_key = keywords.get(id(value))
        if value_key is None:
            value_key = keywords[id(value)] = _schema_key(value)
        key = (shape, error.keyword, value_key, error.missing, error.extras)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(error)
        group.add(error)
    return list(groups.values())


def pattern_path(parts: Parts) -> str:
    """`results[*].flagState`: the readable path with every index as `*`."""
    text = ""
    for part in parts:
        segment = f"[{_WILD}]" if isinstance(part, int) else readable_path((part,))
        text += segment if segment.startswith("[") or not text else f".{segment}"
    return text or readable_path(())


def pattern_pointer(parts: Parts) -> str:
    """`/results/*/flagState`."""
    return pointer(tuple(_WILD if isinstance(p, int) else p for p in parts))


def group_message(group: Group) -> str:
    """The first member's wording when all found the same; else the expectation and the values."""
    message = word(group.first)
    distinct = len(group.values) + (1 if group.other_values else 0)
    if distinct <= 1:
        return message
    said = found(group.first.instance)
    if not message.endswith(said):  # a wording that names the value its own way
        return f"{message} (and {distinct - 1} other values)" if group.count > 1 else message
    return message[: -len(said)] + "found " + _values(group)


def _values(group: Group) -> str:
    """`string "MAYBE" x4000, "on" x2000 or "ENABLED" x4` (x: TIMES); `… and 497 other values`."""
    ranked = sorted(group.values.values(), key=lambda tally: -tally[0])
    counted = any(n > 1 for n, _ in ranked)
    names = []
    kind = None
    for n, value in ranked[:_SHOWN]:
        text = found(value).removeprefix("found ")
        this_kind, _, rest = text.partition(" ")
        if this_kind == kind and rest:  # `string "a", "b"`: the type once
            text = rest
        kind = this_kind
        names.append(f"{text} {TIMES}{n}" if counted else text)
    others = len(ranked) - len(names)
    if group.other_values or others:
        more = sum(n for n, _ in ranked[_SHOWN:]) + group.other_values
        tail = "other values" if more != 1 else "other value"
        return f"{', '.join(names)} and {more} {tail}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _value_key(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return (type(value), len(value))
    return (type(value), value)


def _schema_key(value: Any) -> Any:
    """A hashable stand-in for a keyword's value (an enum's list, a const's object)."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=repr)
    return (type(value), value)
