"""Properties every input must satisfy, and the hypothesis strategies that feed them.

Shared by tests/cli/test_fuzz.py and tests/system/test_fuzz_processes.py (a CI-sized run) and
fuzz/run.py (minutes). Each check runs batchcheck in-process through the real Typer app (the CLI's
own option parsing, pipeline and reporters; ~20 ms a run) or, for `via_subprocess`, through the
installed console script.

- any bytes on stdin: exit code in {0, 1, 2, 3}, no exception, no traceback;
- any JSON value: the same, never an input error, and --format json agrees with the exit code;
- a bundled example mutated (drop a key, change a type, swap an enum value, nest, truncate):
  the same; checked against its own schema (--schema NAME) the verdict is python-jsonschema's,
  and an invalid one has an error at the mutated pointer (the object, for a dropped key);
- any user schema built from real keywords with right or wrong values (--schema FILE): a
  one-line refusal (exit 2) or python-jsonschema's verdict;
- hostile user schemas (refs between `$defs`, to the root, to data and nowhere, so cycles; and
  schemas nested 20 to 160 keywords deep): with --engine rs and python the same one-line
  refusal or the same verdict, the document never blamed.
"""

from __future__ import annotations

import codecs
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from support.paths import REPO_ROOT
from support.running import Result, cli_env, installed_cli
from support.running import run_in_process as run_main

EXIT_CODES = {0, 1, 2, 3}
FORMATS = ["json", "text", "rich", "github", "junit"]
COUNTER = {"examples": 0}  # checks run so far (fuzz/run.py reports it)

# --- running batchcheck ---------------------------------------------------------------------


def run_in_process(args: list[str], stdin: bytes) -> Result:
    """batchcheck's main(); any exception escaping it fails the property."""
    result = run_main(*args, stdin=stdin)  # hypothesis shows the input and any traceback
    assert result.code in EXIT_CODES, (result.code, result.stderr[-2000:])
    return result


def run_subprocess(args: list[str], stdin: bytes) -> Result:
    """The installed console script, asserting a stderr without a traceback."""
    proc = subprocess.run(
        [str(installed_cli()), *args],
        input=stdin,
        capture_output=True,
        env=cli_env(),
        timeout=60,
        check=False,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert proc.returncode in EXIT_CODES, (proc.returncode, stderr)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), stderr)


def run(args: list[str], stdin: bytes, via_subprocess: bool = False) -> Result:
    """One run; its Result.report checks a JSON report's exitCode against the exit code."""
    COUNTER["examples"] += 1
    return (run_subprocess if via_subprocess else run_in_process)(args, stdin)


# --- any bytes ------------------------------------------------------------------------------

_PREFIXES = [
    b"",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF32_BE,
    b"HTTP/1.1 207 Multi-Status\r\ncontent-type: application/json\r\n\r\n",
    b"HTTP/2 200\n\n",
    b'{"status": "COMPLETE", "results": [',
]
any_bytes = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(_PREFIXES), st.binary(max_size=200)),
    st.text(alphabet=st.sampled_from('{}[]:,"0123456789.eE+-tfnrul \\\n'), max_size=200).map(str.encode),
)


def check_bytes(data: bytes, fmt: str, via_subprocess: bool = False) -> None:
    result = run(["--format", fmt, "-"], data, via_subprocess)
    if fmt == "json":
        assert result.report["exitCode"] == result.code


# --- any JSON value -------------------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["COMPLETE", "PENDING", "PROCESSING", "CANCELED", "error", "2025-03-15T14:30:00Z", ""]),
)
json_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)
_KEYS = [
    "status",
    "results",
    "errors",
    "numErrors",
    "startedAt",
    "completedAt",
    "category",
    "message",
    "context",
]
batch_like = st.fixed_dictionaries(
    {"status": json_values, "results": st.lists(json_values, max_size=4)},
    optional={key: json_values for key in _KEYS[2:]},
)  # the envelope the batch summary reads: odd values where it expects strings and lists


def check_value(value: Any, fmt: str, via_subprocess: bool = False) -> None:
    raw = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    result = run(["--format", fmt, "-"], raw, via_subprocess)
    assert result.code != 2, result.stdout[-2000:]  # valid JSON is never an input error
    if fmt == "json":
        payload = result.report
        assert payload["exitCode"] == result.code
        assert payload["documents"][0]["inputError"] is None


# --- mutated examples -----------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    file: str
    schema: str  # the bundled schema it belongs to
    data: Any


def _examples() -> list[Example]:
    schema_of = {
        "portal-flags": "BatchPortalFlagStateResponseWithErrors",
        "associations": "BatchAssociationResponse",
    }
    found = []
    for path in sorted((REPO_ROOT / "examples").glob("*.json")):
        if ".invalid." not in path.name:
            found.append(Example(path.name, schema_of[path.name.split(".")[0]], json.loads(path.read_text())))
    return found


EXAMPLES = _examples()
MUTATIONS = ["drop", "retype", "swap-enum", "nest", "truncate"]
_OTHER_TYPES = [None, True, 0, 1.5, -7, "x", "", [], {}, [1], {"k": "v"}]
_ENUM_WORDS = [
    "COMPLETE", "PENDING", "PROCESSING", "CANCELED", "ON", "OFF", "ABSENT", "MAYBE",
    "HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED", "error", "on", "",
]  # fmt: skip


def places(value: Any, parts: tuple = ()) -> list[tuple]:
    """Every place (tuple of keys and indexes) in value, the root excluded."""
    found = []
    children = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    )
    for key, child in children:
        found.append((*parts, key))
        found.extend(places(child, (*parts, key)))
    return found


def _get(value: Any, parts: tuple) -> Any:
    for part in parts:
        value = value[part]
    return value


def mutate(data: Any, kind: str, where: tuple, choice: int) -> tuple[Any, tuple]:
    """(mutated copy, the place an error must be reported at); `where` is not empty."""
    copy = json.loads(json.dumps(data))
    parent, key = _get(copy, where[:-1]), where[-1]
    old = parent[key]
    if kind == "drop":
        del parent[key]
        return copy, where[:-1]
    if kind == "retype":
        candidates = [v for v in _OTHER_TYPES if type(v) is not type(old) or v != old]
        parent[key] = candidates[choice % len(candidates)]
    elif kind == "swap-enum":
        parent[key] = _ENUM_WORDS[choice % len(_ENUM_WORDS)]
    elif kind == "nest":
        parent[key] = [old] if choice % 2 else {"value": old}
    return copy, where


def pointer_of(parts: tuple) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@st.composite
def mutations(draw: st.DrawFn) -> tuple[Example, str, tuple, int]:
    example = draw(st.sampled_from(EXAMPLES))
    kind = draw(st.sampled_from(MUTATIONS))
    where = draw(st.sampled_from(places(example.data)))
    return example, kind, where, draw(st.integers(0, 1000))


def _reference_valid(schema_name: str, data: Any) -> bool:
    """python-jsonschema's own verdict, with batchcheck's format checkers."""
    from jsonschema import Draft202012Validator

    from batchcheck.schemas.catalog import Catalog
    from batchcheck.validate.python import format_checker

    entry = Catalog().find(schema_name)
    assert entry is not None
    return Draft202012Validator(entry.schema, format_checker=format_checker()).is_valid(data)


def check_mutation(
    example: Example, kind: str, where: tuple, choice: int, via_subprocess: bool = False
) -> None:
    if kind == "truncate":
        text = json.dumps(example.data, indent=2).encode()
        cut = text[: choice % len(text)]
        result = run(["--format", "json", "-"], cut, via_subprocess)
        assert result.code == 2 and result.documents[0]["inputError"] is not None
        return
    data, at = mutate(example.data, kind, where, choice)
    raw = json.dumps(data, indent=2).encode()
    detected_fmt = FORMATS[choice % len(FORMATS)]
    detected_code = run(["--format", detected_fmt, "-"], raw, via_subprocess).code  # through detection
    result = run(
        ["--format", "json", "--max-errors", "0", "--schema", example.schema, "-"], raw, via_subprocess
    )
    [doc] = result.documents
    expected = _reference_valid(example.schema, data)
    assert doc["valid"] is expected, (kind, pointer_of(where), doc["errors"])
    if not expected:
        assert detected_code == 1
        pointers = [e["pointer"] for e in doc["errors"]]
        target = pointer_of(at)
        assert any(p == target or p.startswith(target + "/") for p in pointers), (kind, target, pointers)


# --- any user schema ------------------------------------------------------------------------

_TYPES = ["null", "boolean", "integer", "number", "string", "array", "object"]
_PATTERNS = ["^a", "b$", "^(a+)+$", "[xyz]{2,}", "^$", "(?=a)a", "(a)\\1", "(", "\\Z"]
_REFS = ["#", "#/$defs/a", "#/$defs/missing", "other.json", "https://example.test/s.json", "urn:x"]
_FORMATS = ["date-time", "time", "date", "email", "ipv4", "uri", "int64", "duration", "nonsense"]


def _keywords(child: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Schema objects built from real keywords, with values right or wrong for them."""
    return st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(_TYPES) | st.lists(st.sampled_from(_TYPES), max_size=3) | json_values,
            "properties": st.dictionaries(
                st.sampled_from(["a", "b", "status", "results"]), child, max_size=3
            ),
            "patternProperties": st.dictionaries(st.sampled_from(_PATTERNS), child, max_size=2),
            "additionalProperties": child,
            "unevaluatedProperties": child,
            "items": child,
            "prefixItems": st.lists(child, max_size=2),
            "required": st.lists(st.sampled_from(["a", "b", "status"]), max_size=3) | json_values,
            "enum": st.lists(_scalars, max_size=3),
            "const": _scalars,
            "pattern": st.sampled_from(_PATTERNS),
            "format": st.sampled_from(_FORMATS),
            "minimum": st.integers(-5, 5) | st.floats(allow_nan=False, allow_infinity=False),
            "maxLength": st.integers(-1, 5),
            "multipleOf": st.sampled_from([0, 0.1, 2, 1e-308, -1]),
            "$ref": st.sampled_from(_REFS),
            "$defs": st.dictionaries(st.just("a"), child, max_size=1),
            "anyOf": st.lists(child, min_size=1, max_size=2),
            "oneOf": st.lists(child, min_size=1, max_size=2),
            "not": child,
            "if": child,
            "then": child,
            "$id": st.sampled_from(["https://example.test/root.json", "sub/", "#frag", ""]),
        },
    )


user_schemas = st.recursive(st.booleans() | _keywords(st.booleans()), _keywords, max_leaves=8)


def check_user_schema(schema: Any, value: Any, folder: Path) -> None:
    """Any schema file: a verdict python-jsonschema agrees with, or a one-line refusal (exit 2)."""
    path = folder / "fuzz.schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    raw = json.dumps(value).encode()
    result = run(["--format", "json", "--schema", str(path), "-"], raw)
    if result.code == 2:
        return  # refused: the message is on stderr (run_in_process saw no exception)
    [doc] = result.documents
    expected = _reference_valid_for(schema, value)
    if expected is not None:
        assert doc["valid"] is expected, (schema, value, doc["errors"])


def _reference_valid_for(schema: Any, value: Any) -> bool | None:
    """python-jsonschema's verdict, multipleOf decided in decimal terms as docs/validation.md
    says (its own divides binary floats); None when it cannot give one (it raises, or RE2 and re
    differ)."""
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    from batchcheck.validate.python import format_checker

    oracle = extend(Draft202012Validator, {"multipleOf": _decimal_multiple_of})
    try:
        return oracle(schema, format_checker=format_checker()).is_valid(value)
    except Exception:
        return None


def _decimal_multiple_of(validator: Any, divisor: Any, instance: Any, schema: Any) -> Any:
    """The oracle's own multipleOf, in decimal arithmetic (batchcheck's uses fractions)."""
    from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext

    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "number") or not divisor:
        return
    with localcontext() as context:
        context.prec, context.Emax, context.Emin = 2000, MAX_EMAX, MIN_EMIN
        if Decimal(repr(instance)) % Decimal(repr(divisor)) != 0:
            yield ValidationError(f"{instance!r} is not a multiple of {divisor!r}")


# --- hostile user schemas: refs, cycles, depth ---------------------------------------------------

# Refs into the schema itself: to `$defs` (which may point back), the root, data (no schema) and
# nowhere. Wrappers apply the wrapped schema to the same value (a cycle through them never ends)
# or one level down (a recursion that ends with the document).
_LOCAL_REFS = [
    "#",
    "#/$defs/a",
    "#/$defs/b",
    "#/$defs/c",
    "#/enum",
    "#/$defs/a/maxLength",
    "#/required/0",
    "#/$defs/x",
]
_SAME_VALUE = ["allOf", "anyOf", "oneOf", "not", "if", "then", "else"]
_ONE_DOWN = ["properties", "items", "additionalProperties", "prefixItems"]


def _wrapped(inner: dict, keyword: str) -> dict:
    if keyword in ("allOf", "oneOf", "prefixItems"):
        return {keyword: [inner]}
    if keyword == "anyOf":
        return {"anyOf": [{"type": "string"}, inner]}
    if keyword == "properties":
        return {"properties": {"x": inner}}
    if keyword in ("then", "else"):
        return {"if": {"type": "object"}, keyword: inner}
    return {keyword: inner}


@st.composite
def _ref_node(draw: st.DrawFn) -> dict:
    """A `$ref` to somewhere in the schema, wrapped in 0 to 3 keywords, with a type beside it."""
    node: dict = {"$ref": draw(st.sampled_from(_LOCAL_REFS))}
    for keyword in draw(st.lists(st.sampled_from(_SAME_VALUE + _ONE_DOWN), max_size=3)):
        node = _wrapped(node, keyword)
    if draw(st.booleans()):
        node["type"] = draw(st.sampled_from(_TYPES))
    return node


@st.composite
def referring_schemas(draw: st.DrawFn) -> dict:
    """A schema whose `$defs` refer to each other and to the root: cycles, refs to data and to
    nothing, recursion through properties and items."""
    defs = {name: draw(_ref_node() | _keywords(st.booleans())) for name in ("a", "b", "c")}
    root = draw(_ref_node())
    return {**root, "$defs": defs, "enum": [1, {"k": [2]}], "required": ["x"], "maxLength": 3}


@st.composite
def deep_schemas(draw: st.DrawFn) -> dict:
    """A schema nested 20 to 160 keywords deep (the limit is 100 levels of objects and arrays)."""
    node: dict = draw(_keywords(st.booleans()))
    for keyword in draw(st.lists(st.sampled_from(_SAME_VALUE + _ONE_DOWN), min_size=20, max_size=160)):
        node = _wrapped(node, keyword)
    return node


hostile_schemas = referring_schemas() | deep_schemas()
_ENGINES = ["rs", "python"]


_RS_CANNOT_BOUND = "jsonschema-rs cannot bound the time of"


def check_hostile_schema(schema: Any, value: Any, folder: Path) -> None:
    """Every engine gives the same answer: the same one-line refusal (exit 2, stdout empty), or
    the same verdict on the document, never blaming it (no input error), never a traceback; and
    python-jsonschema's own verdict, when it can give one."""
    from support.running import time_limit

    path = folder / "hostile.schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    raw = json.dumps(value).encode()
    answers = []
    for engine in _ENGINES:
        with time_limit(60):
            result = run(["--format", "json", "--engine", engine, "--schema", str(path), "-"], raw)
        if result.code == 2 and not result.stdout:
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("batchcheck: error: "), result.stderr
            answers.append(("refused", result.stderr.replace(f"--engine {engine}", "")))
        else:
            [doc] = result.documents
            assert doc["inputError"] is None, (schema, doc["inputError"])  # the document is never blamed
            answers.append(("checked", doc["valid"]))
    # The one refusal documented as jsonschema-rs's alone (docs/validation.md, Regexes): a
    # `patternProperties` regex it cannot bound in time; python-jsonschema's answer stands alone.
    bounded = [answer for answer in answers if _RS_CANNOT_BOUND not in str(answer[1])]
    if len(bounded) == len(answers):
        assert answers[0] == answers[1], (schema, value, answers)
    assert bounded, (schema, answers)
    if bounded[0][0] == "checked":
        expected = _reference_valid_for(schema, value)
        if expected is not None:
            assert bounded[0][1] is expected, (schema, value)
