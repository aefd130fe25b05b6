"""The two engines agree: python-jsonschema (of record) and jsonschema-rs (fast) report the same.

Same validity and the same error records (pointer, keyword, message, schema location) on the
official JSON-Schema-Test-Suite (every draft batchcheck reads: required tests and the formats
batchcheck asserts, remote references read from the suite's remotes/ folder) and
on generated responses (hypothesis-jsonschema instances of the bundled schemas, then mutated);
the whole report (detection, errors with line:column, summary) is compared for the latter.
The counts of cases compared are printed (`pytest -rP tests/unit/validate/test_engines.py` shows
them); tests/cli/test_engine_option.py compares whole reports through the command line.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from support.suite import DRAFTS, SERVED_AT, declaring, iter_cases

from batchcheck.checker import Checker, CheckOptions
from batchcheck.errors import ConfigurationError
from batchcheck.explain.wording import word
from batchcheck.jsontext.pointers import pointer
from batchcheck.read.parse import parse_bytes
from batchcheck.schemas.catalog import Catalog
from batchcheck.validate.formats import NATIVE_IN_RS, string_checks
from batchcheck.validate.python import JsonschemaEngine
from batchcheck.validate.rs import RsEngine, RsSchemaError
from batchcheck.vocabulary import map_subschemas

REMOTE = "needs a remote $ref (http://localhost:1234)"


def records(engine: Any, data: Any) -> list[tuple[str, str, str, str]]:
    return sorted((pointer(e.parts), e.keyword, word(e), pointer(e.schema_path)) for e in engine.errors(data))


def _engines(schema: Any, retrieve: Any = None) -> tuple[JsonschemaEngine, RsEngine] | str:
    """Both engines for schema (schemas by URL from retrieve), or why they cannot both be built."""
    try:
        rs = RsEngine(schema, retrieve=retrieve)
    except RsSchemaError as exc:
        return f"jsonschema-rs refuses it: {exc}"
    return JsonschemaEngine(schema, retrieve=retrieve), rs


def _compare_case(engines: tuple[JsonschemaEngine, RsEngine], instance: Any) -> str | None:
    """None when both engines say the same about instance, else what differs."""
    python, rs = engines
    try:
        verdicts = python.is_valid(instance), rs.is_valid(instance)
        found = records(python, instance), records(rs, instance)
    except ConfigurationError:  # python-jsonschema: an unresolvable (remote) $ref
        return REMOTE
    if verdicts[0] != verdicts[1]:
        return f"valid: python {verdicts[0]}, rs {verdicts[1]}"
    if found[0] != found[1]:
        return f"errors: python {found[0]}, rs {found[1]}"
    return None


@pytest.mark.parametrize("draft", DRAFTS)
def test_engines_agree_on_the_official_suite(suite_root, draft):
    from batchcheck.schemas.meta import check_meta
    from batchcheck.schemas.resolve import Resolution

    resolution = Resolution(url_map=((SERVED_AT, suite_root / "remotes"),))
    compiled: dict[str, Any] = {}
    compared, skipped, mismatches = 0, Counter(), []
    for subdir in ("", "optional/format"):
        for case in iter_cases(subdir, draft):
            schema = check_meta("suite", declaring(case.schema, draft), resolution)  # custom meta-schemas
            key = json.dumps(schema, sort_keys=True)
            engines = compiled.get(key) or compiled.setdefault(key, _engines(schema, resolution.retrieve))
            outcome = engines if isinstance(engines, str) else _compare_case(engines, case.instance)
            if outcome == REMOTE or isinstance(engines, str):
                skipped[outcome] += 1
            elif outcome is not None:
                mismatches.append(f"{case.id}: {outcome}")
            else:
                compared += 1
    print(f"engines on JSON-Schema-Test-Suite {draft}: {compared} cases agree; skipped {dict(skipped)}")
    assert not mismatches, "\n".join(mismatches[:20])
    assert not skipped, skipped  # a reason to skip must be looked at
    assert compared > 700


# --- generated responses --------------------------------------------------------------------

CATALOG = Catalog()
SCHEMAS = {entry.name: entry.schema for entry in CATALOG.entries}
CHECKERS = {name: Checker(CheckOptions(engine=name, max_errors=None), CATALOG) for name in ("python", "rs")}
ENGINES = {name: (JsonschemaEngine(schema), RsEngine(schema)) for name, schema in SCHEMAS.items()}


def _tame(node: Any, keyword: str | None) -> Any:
    """A generation-friendly copy: small arrays, small scalar-valued free-form objects, no extra keys
    (drift is what the mutations add; hypothesis-jsonschema's arbitrary JSON is slow to draw)."""
    if isinstance(node, dict) and node.get("type") == "object":
        if "properties" in node:
            return {**node, "additionalProperties": False}
        return {**node, "additionalProperties": {"type": ["string", "integer", "null"]}, "maxProperties": 3}
    if isinstance(node, dict) and node.get("type") == "array":
        return {**node, "maxItems": 4}
    return node


STRATEGIES = {name: from_schema(map_subschemas(schema, _tame)) for name, schema in SCHEMAS.items()}
MUTATIONS = ("drop a key", "add a key", "change a type", "bad enum", "bad format", "none")


def _places(value: Any, parts: tuple = ()) -> list[tuple]:
    """Every path in value (the root included)."""
    found = [parts]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_places(item, (*parts, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_places(item, (*parts, index)))
    return found


def _set(document: Any, parts: tuple, value: Any) -> Any:
    if not parts:
        return value
    node = document
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value
    return document


def _other_type(value: Any) -> Any:
    """A value of another JSON type, the kind of drift real APIs show."""
    if isinstance(value, bool) or value is None:
        return "true"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return int(value) if value.isdigit() else None
    return [] if isinstance(value, dict) else {}


def mutate(document: Any, mutation: str, pick: Callable[[list], Any]) -> Any:
    """document with one mutation applied at a place chosen by pick."""
    document = copy.deepcopy(document)
    places = _places(document)
    if mutation == "drop a key":
        holders = [p for p in places if isinstance(_get(document, p), dict) and _get(document, p)]
        if holders:
            holder = _get(document, pick(holders))
            del holder[pick(sorted(holder))]
    elif mutation == "add a key":
        holders = [p for p in places if isinstance(_get(document, p), dict)]
        if holders:
            _get(document, pick(holders))["unexpectedKey"] = pick([1, "x", None, {"id": 2}])
    elif mutation == "change a type":
        place = pick(places)
        document = _set(document, place, _other_type(_get(document, place)))
    elif mutation == "bad enum":
        enums = [p for p in places if p and p[-1] in ("status", "flagState")]
        if enums:
            document = _set(document, pick(enums), "MAYBE")
    elif mutation == "bad format":
        formatted = [p for p in places if p and p[-1] in ("startedAt", "completedAt", "appId", "portalId")]
        if formatted:
            place = pick(formatted)
            bad = 2**63 if place[-1] in ("appId", "portalId") else "2025-02-30T25:00:00Z"
            document = _set(document, place, bad)
    return document


def _get(document: Any, parts: tuple) -> Any:
    for part in parts:
        document = document[part]
    return document


@st.composite
def responses(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from(sorted(SCHEMAS)))
    document = draw(STRATEGIES[name])
    mutation = draw(st.sampled_from(MUTATIONS))
    return mutation, mutate(document, mutation, lambda options: draw(st.sampled_from(options)))


def test_engines_agree_on_generated_responses():
    seen: Counter[str] = Counter()

    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(responses())
    def agree(case: tuple[str, Any]) -> None:
        mutation, document = case
        for python, rs in ENGINES.values():  # every schema's errors, not only the reported one's
            assert records(python, document) == records(rs, document)
        text = json.dumps(document, indent=1).encode()
        reports = [CHECKERS[name].check(parse_bytes("generated.json", text)) for name in ("python", "rs")]
        for report in reports:
            report.engine = None
        assert reports[0] == reports[1]
        seen[f"{mutation}, {'valid' if reports[0].valid else 'invalid'}"] += 1

    agree()
    print(f"engines on generated responses: {sum(seen.values())} reports agree: {dict(sorted(seen.items()))}")
    assert sum(seen.values()) >= 100
    assert any("invalid" in kind for kind in seen) and any(kind.endswith(" valid") for kind in seen)


# --- formats jsonschema-rs checks natively -----------------------------------------------------

_TIME_LIKE = r"[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,3})?([Zz]|[+-][0-9]{2}:[0-9]{2})?"
_RFC3339_LIKE = {
    "date-time": r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]" + _TIME_LIKE + r"\Z",
    "date": r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z",
    "time": r"\A" + _TIME_LIKE + r"\Z",
}


@pytest.mark.parametrize("name", sorted(NATIVE_IN_RS))
def test_native_formats_judge_as_batchcheck_checkers_do(name):
    """jsonschema-rs's own date-time/date/time checks equal formats.py's on near-misses too."""
    import jsonschema_rs

    ours = string_checks([name])[name]
    native = jsonschema_rs.Draft202012Validator({"format": name}, validate_formats=True)
    near = st.from_regex(_RFC3339_LIKE[name])
    real = {
        "date-time": st.datetimes().map(lambda moment: moment.isoformat() + "Z"),
        "date": st.dates().map(str),
        "time": st.times().map(lambda moment: moment.isoformat() + "+01:00"),
    }[name]
    judged: Counter[bool] = Counter()

    @settings(max_examples=800, deadline=None, derandomize=True, database=None)
    @given(st.one_of(real, near, near.map(lambda text: text + "\n"), st.text(max_size=30)))
    def agree(text: str) -> None:
        assert ours(text) == native.is_valid(text), text
        judged[ours(text)] += 1

    agree()
    assert judged[True] > 50 and judged[False] > 50  # both verdicts were exercised
