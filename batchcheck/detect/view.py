"""What detection reads of a schema, worked out once per subschema and kept for the whole run.

Describing a document (describe.py) and bounding what a schema could describe (bound.py) ask the
same questions of the same subschemas for every document: which subschemas apply in place
(`allOf`, `$ref`, ...), which types they allow, which names they declare, which schemas a member
name gets. A `View` of one candidate answers each once: a run of a thousand fixtures walks each
schema's applicators once, not a thousand times. The answers are those the uncached walk gives,
in the same order; an exception (a broken OpenAPI component's `$ref`) is never kept, so it is
raised again wherever the walk meets it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from batchcheck.validate.regexes import bounded_search
from batchcheck.vocabulary import PROPERTY_KEYWORDS, applicators

Resolve = Callable[[str], Any]
OPAQUE: dict[str, Any] = {}  # the schema of a member `required` names and nothing describes
_MAX_NAMES = 512  # member names remembered per subschema (a map keyed by ids has any number)


class Facts:
    """What a list of subschemas, all applying to one instance, say about it."""

    __slots__ = (
        "_children",
        "_item_facts",
        "_items",
        "_member_facts",
        "_patterns",
        "applicable",
        "constrained",
        "declared",
        "known",
        "maps",
        "open",
        "required",
        "types",
    )

    def __init__(self, applicable: list[dict[str, Any]]) -> None:
        self.applicable = applicable
        self.required = required(applicable)
        self.constrained = bool(self.required) or any(
            _constrains(s.get(key)) for s in applicable for key in PROPERTY_KEYWORDS
        )
        self.types = allowed_types(applicable)
        self.declared = declared(applicable) | self.required
        self._patterns = any(isinstance(s.get("patternProperties"), dict) for s in applicable)
        self.open = self._patterns or any(
            isinstance(s.get("additionalProperties"), dict) and bool(s.get("additionalProperties"))
            for s in applicable
        )  # a map or patterns here may take any name
        maps = (s.get("additionalProperties") for s in applicable)
        self.maps: list[dict[str, Any]] = [m for m in maps if isinstance(m, dict) and m]
        self.known: dict[str, list[Any]] = {}  # subs() of the names met so far (see subs)
        self._items: dict[int, Any] = {}
        self._children: dict[str, tuple[Facts, set[str] | None]] = {}
        self._member_facts: dict[str, list[Facts]] = {}
        self._item_facts: dict[int, Facts] = {}

    def subs(self, key: str) -> list[Any]:
        """The schemas a member named key gets: `properties` entries and matching
        `patternProperties`, in the order of the applicable subschemas."""
        found = self.known.get(key)
        if found is None:
            found = [sub for schema in self.applicable for sub in property_schemas(schema, key)]
            if not self._patterns and len(self.known) < _MAX_NAMES:  # a regex search may time out:
                self.known[key] = found  # only what `properties` alone decides is kept
        return found

    def item(self, index: int) -> Any:
        """The schema of an array's item at index (`{}` when none says)."""
        found = self._items.get(index)
        if found is None:
            found = self._items[index] = item_schema(self.applicable, index)
        return found

    def member_facts(self, view: View, key: str) -> list[Facts]:
        """The Facts of each of subs(key) (asked only for a member whose value is a container)."""
        found = self._member_facts.get(key)
        if found is None:
            found = [view.facts(sub) for sub in self.subs(key)]
            if not self._patterns and len(self._member_facts) < _MAX_NAMES:
                self._member_facts[key] = found
        return found

    def item_facts(self, view: View, index: int) -> Facts:
        """The Facts of item(index) (asked only for an item that is a container)."""
        found = self._item_facts.get(index)
        if found is None:
            found = self._item_facts[index] = view.facts(self.item(index))
        return found


class View:
    """One schema's Facts, per subschema, with `$ref`s resolved by resolve."""

    def __init__(self, resolve: Resolve) -> None:
        self.resolve = resolve
        self._facts: dict[int, tuple[Any, Facts]] = {}  # by id, the subschema kept so the id stays its own

    def facts(self, schema: Any) -> Facts:
        """The Facts of schema and the subschemas applying in place with it."""
        known = self._facts.get(id(schema))
        if known is None or known[0] is not schema:
            known = self._facts[id(schema)] = (schema, Facts(list(applicators(schema, self.resolve))))
        return known[1]

    def child(self, facts: Facts, name: str) -> tuple[Facts, set[str] | None]:
        """For bound(): the subschemas applying to a member named name (of every schema facts
        gives it, in turn), and the types they allow (None: any)."""
        known = facts._children.get(name)
        if known is None:
            inner = [s for sub in facts.subs(name) for s in applicators(sub, self.resolve)]
            known = (Facts(inner), allowed_types(inner) if inner else None)
            if not facts._patterns:
                facts._children[name] = known
        return known


def _constrains(value: Any) -> bool:
    """A property keyword's value says something about members (`true` and `{}` do not)."""
    return value is False or (isinstance(value, dict) and bool(value))


def allowed_types(applicable: list[dict[str, Any]]) -> set[str] | None:
    """The container types (object, array) the schemas allow, when one of them says (else None)."""
    allowed: set[str] | None = None
    for schema in applicable:
        kind = schema.get("type")
        kinds = {kind} if isinstance(kind, str) else set(kind) if isinstance(kind, list) else None
        if kinds is not None:
            allowed = kinds if allowed is None else allowed | kinds
    return allowed


def declared(applicable: list[dict[str, Any]]) -> set[str]:
    """The names the schemas' `properties` declare."""
    names: set[str] = set()
    for schema in applicable:
        properties = schema.get("properties")
        if isinstance(properties, dict):
            names.update(properties)
    return names


def required(applicable: list[dict[str, Any]]) -> set[str]:
    """The names the schemas' `required` lists name (a member named only there is described, its
    value opaque)."""
    names: set[str] = set()
    for schema in applicable:
        listed = schema.get("required")
        if isinstance(listed, list):
            names.update(name for name in listed if isinstance(name, str))
    return names


def item_schema(applicable: list[dict[str, Any]], index: int) -> Any:
    """The schema of an array's item at index, from the first schema that says."""
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


def property_schemas(schema: dict[str, Any], key: str) -> Iterator[Any]:
    """The schemas schema gives a member named key: its `properties` entry, matching patterns."""
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
