"""The meta-schema check of a user schema, in the dialect it declares, worded and located for the user.

A schema is checked by the draft its `$schema` names (Draft-04, -06, -07, 2019-09 or 2020-12; none
means 2020-12), or by a custom meta-schema the user has locally (`--resolve`, `--url-map`), whose
`$vocabulary` says which keywords count: those of a vocabulary it leaves out are dropped from the
schema the engines get. Every `pattern` and `patternProperties` key must be an ECMA-262 regex. The
errors are worded by batchcheck (explain/wording.py) and carry the file's line:column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from batchcheck.errors import SchemaLoadError
from batchcheck.explain.wording import word
from batchcheck.jsontext.pointers import Parts, pointer
from batchcheck.jsontext.positions import Position
from batchcheck.schemas.files import schema_positions
from batchcheck.schemas.resolve import Resolution
from batchcheck.schemas.vocabularies import without_vocabularies
from batchcheck.validate.ecma import ecma_error
from batchcheck.validate.python import format_checker, raw_error, retrieving_registry, validator
from batchcheck.validate.regexes import PatternError, check_pattern
from batchcheck.vocabulary import DIALECTS, DRAFT_2020_12, declared_dialect, walk

__all__ = ["DRAFT_2020_12", "check_meta", "declared_draft", "meta_errors", "meta_validator"]
_META_ERRORS_SHOWN = 5
declared_draft = declared_dialect  # the name the modules above know


def dialect_problem(declared: str) -> str | None:
    """Why batchcheck cannot check a schema declaring declared as a known draft, or None."""
    if declared in DIALECTS:
        return None
    for known, name in DIALECTS.items():
        if declared.split(":", 1)[-1] == known.split(":", 1)[-1]:
            return f"declares {declared}; did you mean {known} ({name})?"
    names = ", ".join(DIALECTS.values())
    return (
        f"declares {declared}, which is not a dialect batchcheck knows ({names}); a custom meta-schema "
        "is read with --resolve or --url-map"
    )


def check_meta(
    path: Path | str, schema: dict[str, Any], resolution: Resolution | None = None
) -> dict[str, Any]:
    """schema ready for the engines when it passes the meta-schema of its dialect (else a
    SchemaLoadError listing the errors, each with its line:column): itself, or with a custom
    meta-schema, a copy declaring the draft it builds on, without the keywords it turns off."""
    declared = declared_dialect(schema)
    dialect, meta, custom = declared, None, None
    problem = dialect_problem(declared)
    if problem is not None:
        if not (resolution and resolution.knows(declared)):
            raise SchemaLoadError(f"{path}: {problem}")
        custom = resolution.retrieve(declared)
        dialect = declared_dialect(custom)
        if dialect not in DIALECTS:
            raise SchemaLoadError(
                f"{path}: its meta-schema {declared} declares {dialect}, not a draft batchcheck knows"
            )
        meta = custom
    errors = meta_errors(schema, meta, resolution)
    if errors:
        raise SchemaLoadError(_described(path, DIALECTS[dialect] if custom is None else declared, errors))
    if custom is None:
        return schema
    return without_vocabularies(str(path), schema, custom, dialect)


def meta_errors(
    schema: dict[str, Any], meta: Any = None, resolution: Resolution | None = None
) -> list[tuple[Parts, str]]:
    """(place, message) for every way schema fails its meta-schema (its dialect's, or meta), and
    every pattern that is not an ECMA-262 regex; in document order."""
    from jsonschema.exceptions import best_match, relevance  # lazy: start-up

    registry = retrieving_registry(resolution.retrieve) if resolution else None
    checker = meta_validator(declared_dialect(schema) if meta is None else None, meta, registry)
    found = sorted(checker.iter_errors(schema), key=lambda e: (list(e.absolute_path), relevance(e)))
    errors = []
    for error in found:
        chosen = _deepest(best_match([error]) or error)
        raw = raw_error(chosen, {})
        errors.append((tuple(chosen.absolute_path), word(raw)))
    errors += _pattern_errors(schema)
    unique = list(dict.fromkeys(errors))  # one reason reached by several paths of the meta-schema
    return sorted(unique, key=lambda pair: [str(part) for part in pair[0]])


def _deepest(error: Any) -> Any:
    """The reason under an anyOf/oneOf error: the branch that failed on more than the value's type
    (`type: "strin"` fails the enum of type names, not the `array` branch)."""
    from jsonschema.exceptions import best_match  # lazy: start-up

    while error.context:
        telling = [e for e in error.context if e.validator != "type"]
        if not telling:
            break
        error = best_match(telling) or telling[0]
    return error


def _pattern_errors(schema: Any) -> list[tuple[Parts, str]]:
    errors = []
    for parts, node in walk(schema, unknown=False):
        places: list[tuple[Parts, Any]] = [((*parts, "pattern"), node.get("pattern"))]
        if isinstance(node.get("patternProperties"), dict):
            places += [((*parts, "patternProperties", key), key) for key in node["patternProperties"]]
        for place, pattern in places:
            if not isinstance(pattern, str):
                continue
            reason = ecma_error(pattern)
            if reason is not None:
                errors.append((place, f"{pattern!r} is not an ECMA-262 regular expression: {reason}"))
                continue
            try:
                check_pattern(pattern)
            except PatternError as exc:
                errors.append((place, str(exc)))
    return errors


def _described(path: Path | str, dialect: str, errors: list[tuple[Parts, str]]) -> str:
    """`FILE:LINE:COL: not a valid Draft-07 schema (2 errors): at /a (3:12): …; at /b (5:3): …`."""
    positions: dict[Parts, Position] = (
        schema_positions(path, [p for p, _ in errors]) if isinstance(path, Path) else {}
    )

    def at(parts: Parts) -> str:
        place = pointer(parts) or "the root"
        position = positions.get(parts)
        return (
            f"at {place} ({position.line}:{position.column})"
            if position and len(errors) > 1
            else f"at {place}"
        )

    if positions:  # in the file's order
        errors = sorted(errors, key=lambda pair: tuple(positions.get(pair[0], (0, 0))))
    first = positions.get(errors[0][0])
    where = f"{path}:{first.line}:{first.column}" if first else str(path)
    shown = "; ".join(f"{at(parts)}: {message}" for parts, message in errors[:_META_ERRORS_SHOWN])
    more = f"; and {len(errors) - _META_ERRORS_SHOWN} more" if len(errors) > _META_ERRORS_SHOWN else ""
    count = f" ({len(errors)} errors)" if len(errors) > 1 else ""
    return f"{where}: not a valid {dialect} schema{count}: {shown}{more}"


def meta_validator(dialect: str | None = DRAFT_2020_12, meta: Any = None, registry: Any = None) -> Any:
    """A validator for a dialect's meta-schema (or for meta, a custom one), checking formats but
    `regex` (every pattern is checked as ECMA-262 with its reason instead)."""
    import jsonschema  # lazy: start-up (bundled schemas are not checked)

    if meta is None:
        meta = jsonschema.validators.validator_for({"$schema": dialect}).META_SCHEMA
    names = {"date-time", "email", "hostname", "ipv4", "ipv6", "uri", "uri-reference", "json-pointer"}
    return validator(meta, format_checker(names), registry)
