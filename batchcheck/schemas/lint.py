"""`batchcheck schemas lint`: what is wrong with the schemas themselves.

Four checks: the 2020-12 meta-schema; `example`/`examples`/`default` values that fail the
(sub)schema they sit in; `$ref`s that do not resolve; and `required` names that are not among
`properties` when `additionalProperties` is false. Findings name the file, the JSON Pointer inside
it, and the line:column when the file can be located (JSON and YAML).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from jsonschema.exceptions import best_match, relevance

from batchcheck.errors import SchemaLoadError
from batchcheck.explain.wording import json_type, word
from batchcheck.jsontext.locate import locate_positions
from batchcheck.jsontext.pointers import Parts, pointer, readable_path, unescape_token
from batchcheck.jsontext.positions import Position
from batchcheck.schemas.cycles import describe, in_place_cycles
from batchcheck.schemas.directory import base_uri
from batchcheck.schemas.entry import SchemaEntry
from batchcheck.schemas.files import load_schema_file
from batchcheck.schemas.meta import DRAFT_2020_12, declared_draft, meta_validator
from batchcheck.schemas.openapi.spec import Spec
from batchcheck.schemas.openapi.translate import translator
from batchcheck.schemas.openapi.yaml import load_document, yaml_positions
from batchcheck.schemas.refs import Refs
from batchcheck.validate.python import format_checker, raw_error, validator
from batchcheck.validate.regexes import bounded_search
from batchcheck.vocabulary import is_schema, walk

FindingKind = Literal["meta-schema", "example", "default", "ref", "required", "dialect"]


@dataclass(frozen=True)
class Finding:
    """One problem in a schema file."""

    file: str
    parts: Parts  # where in the file
    kind: FindingKind
    message: str
    position: Position | None = None

    @property
    def pointer(self) -> str:
        return pointer(self.parts)


@dataclass
class Unit:
    """One file to lint: its schemas (by where they sit in it) and how to validate values."""

    file: Path
    roots: dict[Parts, Any]  # schema objects to lint, by their place in the file
    translate: Callable[[Any], Any] = lambda schema: schema
    context: dict[str, Any] | None = None  # the root `#` refs resolve against (OpenAPI: the components)
    registry: Any = None
    base: str = ""
    findings: list[Finding] = field(default_factory=list)

    def add(self, parts: Parts, kind: FindingKind, message: str) -> None:
        self.findings.append(Finding(str(self.file), parts, kind, message))


def units_for(entries: tuple[SchemaEntry, ...]) -> list[Unit]:
    """One unit per schema file or OpenAPI document among entries (a document's components together)."""
    files: dict[Path, Unit] = {}
    specs: dict[Path, list[str]] = {}
    for entry in entries:
        if entry.pointer:
            name = unescape_token(entry.pointer.rsplit("/", 1)[1])
            specs.setdefault(entry.file, []).append(name)
        elif entry.file not in files:
            files[entry.file] = _schema_unit(entry)
    return [*files.values(), *(_openapi_unit(path, names) for path, names in specs.items())]


def unit_for_path(path: Path) -> Unit:
    """A schema file or an OpenAPI document named on the command line."""
    document = load_document(path) if path.suffix.lower() in {".yaml", ".yml"} else load_schema_file(path)
    if isinstance(document.get("openapi"), str):
        return _openapi_unit(path, None)
    return Unit(path, {(): document}, base=base_uri(path, document))


def _schema_unit(entry: SchemaEntry) -> Unit:
    base = base_uri(entry.file, entry.schema) if entry.registry is not None else ""
    return Unit(entry.file, {(): entry.schema}, registry=entry.registry, base=base)


def _openapi_unit(path: Path, names: list[str] | None) -> Unit:
    """A document's component schemas (names: which; None: all), validated in 2020-12 translation."""
    spec = Spec.load(path, check_refs=False)
    translate = translator(spec.version)
    chosen = spec.schemas if names is None else {n: spec.schemas[n] for n in names}
    roots: dict[Parts, Any] = {("components", "schemas", name): schema for name, schema in chosen.items()}
    return Unit(path, roots, translate, {"components": {"schemas": spec.translated}})


def lint(unit: Unit) -> list[Finding]:
    """Every finding in the unit, located."""
    for parts, schema in unit.roots.items():
        _lint_schema(unit, parts, schema)
    _locate(unit)
    return unit.findings


def _lint_schema(unit: Unit, at: Parts, original: Any) -> None:
    translated = unit.translate(original)
    if declared_draft(translated) != DRAFT_2020_12:
        declared = translated["$schema"]
        unit.add((*at, "$schema"), "dialect", f"declares {declared}; batchcheck checks Draft 2020-12 only")
        return
    meta_errors = sorted(meta_validator().iter_errors(translated), key=relevance)
    for error in meta_errors:
        unit.add((*at, *error.absolute_path), "meta-schema", f"not valid Draft 2020-12: {error.message}")
    validator = _validator(unit, translated) if not meta_errors else None
    _ref_findings(unit, at, translated, original)
    for parts, node in walk(original, unknown=False):
        _check_required(unit, (*at, *parts), node)
        if not meta_errors:
            _check_values(unit, (*at, *parts), node, validator)


def _validator(unit: Unit, translated: Any) -> Any:
    root = translated
    if unit.context is not None:
        root = unit.context
    elif unit.base and isinstance(translated, dict) and "$id" not in translated:
        root = {**translated, "$id": unit.base}
    return validator(root, format_checker(), unit.registry)


def _ref_findings(unit: Unit, at: Parts, translated: Any, original: Any) -> None:
    """`ref` findings: refs that resolve to nothing or to no schema, files refused on the way
    (outside the folder, not a schema), and same-value `$ref` cycles."""
    if not isinstance(translated, dict):
        return
    try:
        if unit.context is not None:  # refs of an OpenAPI component reach into the document
            refs = Refs({**translated, **unit.context})
        else:
            refs = Refs(translated, unit.registry, unit.base)
        problems = {ref: _ref_problem(refs, ref, base) for ref, base in dict.fromkeys(refs.found)}
        cycles = in_place_cycles(translated, refs.target, refs.base)
    except Exception:  # a schema too broken to crawl: the meta-schema findings say why
        return
    for parts, node in walk(original, unknown=False):
        ref = node.get("$ref")
        problem = problems.get(ref) if isinstance(ref, str) else None
        if problem is not None:
            unit.add((*at, *parts, "$ref"), "ref", problem)
    for cycle in cycles:
        first = cycle[0].partition("#")[2]
        parts = tuple(unescape_token(token) for token in first.split("/")[1:]) if cycle[0][0] == "#" else ()
        unit.add(
            (*at, *parts),
            "ref",
            f"$ref cycle {describe(cycle)}: the schema applies to the same value forever",
        )


def _ref_problem(refs: Refs, ref: str, base: str) -> str | None:
    try:
        resolved = refs.lookup(ref, base)
    except SchemaLoadError as refused:
        return str(refused)
    if resolved is None:
        return f"cannot resolve $ref {ref}"
    if not is_schema(resolved.contents):
        return f"$ref {ref} points at {json_type(resolved.contents)}, not a schema"
    return None


def _check_required(unit: Unit, at: Parts, node: dict[str, Any]) -> None:
    if node.get("additionalProperties") is not False or not isinstance(node.get("required"), list):
        return
    properties, pattern_properties = node.get("properties"), node.get("patternProperties")
    declared = properties if isinstance(properties, dict) else {}
    patterns = pattern_properties if isinstance(pattern_properties, dict) else {}
    for index, name in enumerate(node["required"]):
        if not isinstance(name, str) or name in declared:
            continue
        if any(_matches(pattern, name) for pattern in patterns):
            continue
        message = f"required property {name!r} is not among properties, and additionalProperties is false"
        unit.add((*at, "required", index), "required", message)


def _matches(pattern: str, name: str) -> bool:
    try:
        return bounded_search(pattern, name) is not None
    except re.error:
        return False


def _check_values(unit: Unit, at: Parts, node: dict[str, Any], validator: Any) -> None:
    values: list[tuple[Parts, Any]] = []
    if "example" in node:
        values.append((("example",), node["example"]))
    if isinstance(node.get("examples"), list):
        values.extend((("examples", i), value) for i, value in enumerate(node["examples"]))
    if "default" in node:
        values.append((("default",), node["default"]))
    if not values:
        return
    subschema = unit.translate(node)
    for parts, value in values:
        problem = _first_problem(validator, subschema, value)
        if problem is not None:
            kind: FindingKind = "example" if parts[0] != "default" else "default"
            unit.findings.append(
                Finding(str(unit.file), (*at, *parts), kind, f"{parts[0]} fails its schema: {problem}")
            )


def _first_problem(validator: Any, subschema: Any, value: Any) -> str | None:
    """Why value fails subschema (the root's refs resolve), or None."""
    try:
        error = best_match(validator.evolve(schema=subschema).iter_errors(value))
    except Exception as exc:
        return f"cannot be checked ({type(exc).__name__}: {exc})"
    if error is None:
        return None
    raw = raw_error(error, {})
    place = readable_path(raw.parts)
    return f"{word(raw)}" if not raw.parts else f"{place}: {word(raw)}"


def _locate(unit: Unit) -> None:
    """Fill in line and column of the findings (JSON by locate.py, YAML by its node marks)."""
    if not unit.findings:
        return
    try:
        text = unit.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return
    wanted = list(dict.fromkeys(finding.parts for finding in unit.findings))
    if text.lstrip().startswith("{"):
        positions = locate_positions(text, len(text) - len(text.lstrip()), wanted)
    else:
        positions = yaml_positions(text, wanted)
    unit.findings[:] = [replace(f, position=positions.get(f.parts)) for f in unit.findings]
    unit.findings.sort(key=lambda f: (f.position.line, f.position.column) if f.position else (0, 0))


def lint_targets(names: list[str], entries: tuple[SchemaEntry, ...]) -> list[Unit]:
    """Units for the NAME|PATH arguments, or for every known schema when there are none."""
    if not names:
        return units_for(entries)
    units = []
    for name in names:
        matches = tuple(e for e in entries if e.answers_to(name))
        if matches:
            units.extend(units_for(matches))
            continue
        path = Path(name)
        if not path.is_file():
            raise SchemaLoadError(f"{name}: neither a known schema nor a file")
        units.append(unit_for_path(path))
    return units
