"""`batchcheck schemas lint`: what is wrong with the schemas themselves.

The checks: the meta-schema of the schema's draft (and every pattern an ECMA-262 regex); a URI
declared twice (`$id`, `$anchor`); `example`/`examples`/`default` values that fail the
(sub)schema they sit in; `$ref`s that do not resolve, point at no schema or go round a
same-value cycle; and `required` names that are not among `properties` when
`additionalProperties` is false. Findings name the file, the JSON Pointer inside it, and the
line:column when the file can be located (JSON and YAML).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from jsonschema.exceptions import best_match

from batchcheck.errors import DocumentError, SchemaLoadError
from batchcheck.explain.wording import json_type, word
from batchcheck.jsontext.locate import locate_positions
from batchcheck.jsontext.pointers import Parts, pointer, readable_path, unescape_token
from batchcheck.jsontext.positions import Position
from batchcheck.schemas.cycles import describe, in_place_cycles
from batchcheck.schemas.directory import base_uri
from batchcheck.schemas.entry import SchemaEntry
from batchcheck.schemas.files import load_schema_file
from batchcheck.schemas.identifiers import described_uri, duplicate_identifiers
from batchcheck.schemas.meta import dialect_problem
from batchcheck.schemas.meta import meta_errors as meta_problems
from batchcheck.schemas.openapi.spec import Spec
from batchcheck.schemas.openapi.translate import translator
from batchcheck.schemas.openapi.yaml import load_document, yaml_positions
from batchcheck.schemas.refs import Refs
from batchcheck.schemas.resolve import Resolution
from batchcheck.schemas.vocabularies import without_vocabularies
from batchcheck.validate.python import format_checker, raw_error, retrieving_registry, validator
from batchcheck.validate.regexes import bounded_search, regex_budget
from batchcheck.vocabulary import DIALECTS, DRAFT_2020_12, declared_dialect, is_no_schema, is_schema, walk

_COMPONENT = "/components/schemas/"
FindingKind = Literal[
    "meta-schema", "example", "default", "ref", "required", "dialect", "duplicate", "not-a-schema"
]


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
    resolution: Resolution | None = None  # local copies of schemas named by URL (--resolve, --url-map)
    findings: list[Finding] = field(default_factory=list)

    def add(self, parts: Parts, kind: FindingKind, message: str) -> None:
        self.findings.append(Finding(str(self.file), parts, kind, message))


def units_for(entries: tuple[SchemaEntry, ...]) -> list[Unit]:
    """One unit per schema file or OpenAPI document among entries (a document's components together)."""
    files: dict[Path, Unit] = {}
    specs: dict[Path, list[str] | None] = {}
    for entry in entries:
        if entry.origin == "openapi":
            named = specs.setdefault(entry.file, [])
            if entry.pointer.startswith(_COMPONENT) and named is not None:
                named.append(unescape_token(entry.pointer[len(_COMPONENT) :]))
            else:  # a response body that is no component: the whole document
                specs[entry.file] = None
        elif entry.file not in files:
            files[entry.file] = _schema_unit(entry)
    return [*files.values(), *(_openapi_unit(path, names) for path, names in specs.items())]


def unit_for_path(path: Path) -> Unit:
    """A schema file or an OpenAPI document named on the command line (or a file that is neither,
    which is a finding)."""
    document = load_document(path) if path.suffix.lower() in {".yaml", ".yml"} else load_schema_file(path)
    if isinstance(document.get("openapi"), str):
        return _openapi_unit(path, None)
    if is_no_schema(document):
        keys = ", ".join(list(document)[:5]) + (", …" if len(document) > 5 else "")
        unit = Unit(path, {})
        message = f"neither a JSON Schema nor an OpenAPI document: no schema keyword at the top ({keys})"
        unit.add((), "not-a-schema", message)
        return unit
    return Unit(path, {(): document}, base=base_uri(path, document))


def _schema_unit(entry: SchemaEntry) -> Unit:
    base = base_uri(entry.file, entry.schema) if entry.registry is not None else ""
    return Unit(entry.file, {(): entry.schema}, registry=entry.registry, base=base)


def _openapi_unit(path: Path, names: list[str] | None) -> Unit:
    """A document's component schemas (names: which; None: all), validated in 2020-12 translation."""
    spec = Spec.load(path)
    translate = translator(spec.version)
    chosen = spec.schemas if names is None else {n: spec.schemas[n] for n in names}
    roots: dict[Parts, Any] = {("components", "schemas", name): schema for name, schema in chosen.items()}
    every = {name: spec.translated(name) for name in spec.schemas}
    return Unit(path, roots, translate, {"components": {"schemas": every}})


def lint(unit: Unit) -> list[Finding]:
    """Every finding in the unit, located. Regexes (examples against patterns) draw on one time
    budget per file, as a document's do: past it, the values left say they cannot be checked."""
    with regex_budget():
        for parts, schema in unit.roots.items():
            _lint_schema(unit, parts, schema)
    _locate(unit)
    return unit.findings


def _lint_schema(unit: Unit, at: Parts, original: Any) -> None:
    if is_no_schema(original):
        unit.add(at, "not-a-schema", "not a schema: it has no JSON Schema keyword")
        return
    translated = unit.translate(original)
    declared = declared_dialect(translated)
    if unit.context is None:
        problem = dialect_problem(declared)
    else:  # an OpenAPI component: 2020-12, or translated to it
        problem = (
            None
            if declared == DRAFT_2020_12
            else f"declares {declared}; batchcheck checks Draft 2020-12 only"
        )
    custom = None
    if problem is not None and unit.resolution and unit.resolution.knows(declared):
        custom = unit.resolution.retrieve(declared)  # a custom meta-schema, read locally
        problem = dialect_problem(declared_dialect(custom))
    if problem is not None:
        unit.add((*at, "$schema"), "dialect", problem)
        return
    meta_errors = meta_problems(translated, custom, unit.resolution) if isinstance(translated, dict) else []
    name = DIALECTS[declared] if custom is None else declared
    for parts, message in meta_errors:
        unit.add((*at, *parts), "meta-schema", f"not valid {name}: {message}")
    if custom is not None and not meta_errors:
        translated = without_vocabularies(str(unit.file), translated, custom, declared_dialect(custom))
    for uri, first, second in duplicate_identifiers(translated):
        where = pointer((*at, *first)) or "the root"
        unit.add((*at, *second), "duplicate", f"{described_uri(uri)} is declared twice (first at {where})")
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
    registry = unit.registry
    if registry is None and unit.resolution:
        registry = retrieving_registry(unit.resolution.retrieve, declared_dialect(translated))
    return validator(root, format_checker(), registry)


def _ref_findings(unit: Unit, at: Parts, translated: Any, original: Any) -> None:
    """`ref` findings: refs that resolve to nothing or to no schema, files refused on the way
    (outside the folder, not a schema), and same-value `$ref` cycles."""
    if not isinstance(translated, dict):
        return
    try:
        if unit.context is not None:  # refs of an OpenAPI component reach into the document
            refs = Refs({**translated, **unit.context})
        else:
            refs = Refs(translated, unit.registry, unit.base, unit.resolution)
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
        return bounded_search(pattern, name)
    except DocumentError:  # not a regex (a meta-schema finding says so), or past the budget
        return False


def _check_values(unit: Unit, at: Parts, node: dict[str, Any], validator: Any) -> None:
    values: list[tuple[Parts, Any]] = []
    if node.get("example") is not None:  # `example: null` is a generator's placeholder
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


def lint_targets(
    names: list[str],
    entries: tuple[SchemaEntry, ...],
    resolution: Resolution | None = None,
    bundled: bool = True,
) -> list[Unit]:
    """Units for the NAME|PATH arguments; with none, for your own schemas when there are any (the
    bundled ones too when `bundled`: asked for), else for the bundled ones. `$ref`s by URL resolve
    from resolution, the local copies."""
    units = _targets(names, entries, bundled)
    for unit in units:
        unit.resolution = resolution or None
    return units


def _targets(names: list[str], entries: tuple[SchemaEntry, ...], bundled: bool) -> list[Unit]:
    if not names:
        own = tuple(e for e in entries if e.origin != "bundled")
        return units_for(entries if bundled or not own else own)
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
