"""Catastrophic backtracking in a schema's regexes never hangs a check (docs/robustness.md)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

EVIL = "^(a+)+$"  # exponential for a backtracking engine on "aaaa…b"
EVIL_LOOKAROUND = "^(a+)+(?!x)$"  # the same, with a lookahead RE2 cannot express
LONG = "a" * 100_000 + "b"  # 100 KB
BOUND_SECONDS = 10  # the promise, start-up included


def _engines() -> list[list[str]]:
    """`--engine NAME` for every engine the CLI offers (none: the one built in)."""
    import typer

    from batchcheck.cli.app import app

    check = typer.main.get_command(app).commands["check"]
    if not any("--engine" in getattr(param, "opts", ()) for param in check.params):
        return [[]]
    return [["--engine", name] for name in ("python", "rs")]


ENGINES = _engines()
engines = pytest.mark.parametrize("engine", ENGINES, ids=[" ".join(e) or "default" for e in ENGINES])


def _files(tmp_path: Path, schema: dict, document: object) -> tuple[Path, Path]:
    schema_path = tmp_path / "evil.schema.json"
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    doc_path = tmp_path / "doc.json"
    doc_path.write_text(json.dumps(document), encoding="utf-8")
    return schema_path, doc_path


def _run(bc, schema_path: Path, doc_path: Path, engine: list[str]):
    started = time.monotonic()
    result = bc("--format", "json", *engine, "--schema", schema_path, doc_path, timeout=BOUND_SECONDS)
    assert time.monotonic() - started < BOUND_SECONDS
    assert "Traceback" not in result.stderr
    return result, result.documents[0]


CASES = {
    "pattern": ({"properties": {"s": {"type": "string", "pattern": EVIL}}}, {"s": LONG}, "/s", "pattern"),
    "patternProperties": (
        {"patternProperties": {EVIL: {"type": "integer"}}, "additionalProperties": False},
        {LONG: 1},
        "",
        "additionalProperties",
    ),
    "unevaluatedProperties": (
        {"patternProperties": {EVIL: {"type": "integer"}}, "unevaluatedProperties": False},
        {LONG: 1},
        "",
        "unevaluatedProperties",
    ),
    "patternProperties-matching-key": (
        {"patternProperties": {"^(a+)+b$": {"type": "integer"}}},
        {LONG: "not an integer"},
        f"/{LONG}",
        "type",
    ),
}


@engines
@pytest.mark.parametrize("case", list(CASES))
def test_catastrophic_regex_gets_a_verdict_in_linear_time(bc, tmp_path, case, engine):
    """RE2 handles what it can express: a real verdict, fast."""
    schema, document, pointer, keyword = CASES[case]
    result, doc = _run(bc, *_files(tmp_path, schema, document), engine)
    assert result.code == 1, result.stderr
    assert [(e["pointer"], e["keyword"]) for e in doc["errors"]] == [(pointer, keyword)]


def _stopped(length: int, pattern: str = EVIL_LOOKAROUND) -> str:
    return (
        f"regular expressions took over 2 s on this document (pattern {pattern!r} on a string of "
        f"{length} characters: catastrophic backtracking?); the check was stopped"
    )


@engines
def test_a_regex_re2_cannot_express_is_stopped_with_a_clear_error(bc, tmp_path, engine):
    """The `regex` fallback's budget stops the check, whichever engine: jsonschema-rs is not
    given a pattern only a backtracking engine can match."""
    schema = {"properties": {"s": {"type": "string", "pattern": EVIL_LOOKAROUND}}}
    result, doc = _run(bc, *_files(tmp_path, schema, {"s": LONG}), engine)
    assert result.code == 2
    assert doc["inputError"]["message"] == _stopped(100001)


SLOW_PATTERN = "^(a|a)+(?!x)$"  # exponential for a backtracking engine, and RE2 cannot take it
SLOW = "a" * 21  # about a second each (a 2-core machine): under the budget one by one


@engines
@pytest.mark.parametrize("keyword", ["pattern", "patternProperties"])
def test_one_budget_per_document(bc, tmp_path, engine, keyword):
    """Ten strings each just under the budget stop the check after about 2 s, not 11 s: every
    backtracking search of a document draws on one budget (with jsonschema-rs too, where naming
    the unexpected properties of additionalProperties searches again)."""
    if keyword == "pattern":
        schema = {"items": {"type": "string", "pattern": SLOW_PATTERN}}
        document: object = [SLOW + "b" * (n + 1) for n in range(10)]
    else:
        schema = {"patternProperties": {SLOW_PATTERN: True}, "additionalProperties": False}
        document = {SLOW + "b" * (n + 1): 1 for n in range(10)}
    if keyword == "patternProperties" and engine and engine[-1] == "rs":
        result = bc("--engine", "rs", "--schema", _files(tmp_path, schema, document)[0], stdin=b"{}")
        assert result.code == 2  # jsonschema-rs cannot bound that key's regex: refused, with why
        assert "cannot bound the time of the patternProperties regex" in result.stderr
        engine = []  # auto: python-jsonschema validates it, under the budget
    started = time.monotonic()
    result, doc = _run(bc, *_files(tmp_path, schema, document), engine)
    assert time.monotonic() - started < 6
    assert result.code == 2
    assert doc["inputError"]["message"].startswith("regular expressions took over 2 s on this document")


@engines
def test_lookaround_and_backreferences_still_work(bc, tmp_path, engine):
    schema = {
        "properties": {
            "word": {"pattern": r"^(\w)\w*\1$"},  # starts and ends with the same letter
            "price": {"pattern": r"^(?=\d)[\d.]+(?<!\.)$"},
        }
    }
    schema_path, good = _files(tmp_path, schema, {"word": "abca", "price": "1.5"})
    assert _run(bc, schema_path, good, engine)[0].code == 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"word": "abc", "price": "1."}))
    _proc, doc = _run(bc, schema_path, bad, engine)
    assert [e["pointer"] for e in doc["errors"]] == ["/word", "/price"]


@engines
def test_strings_with_lone_surrogates_are_matched(bc, tmp_path, engine):
    """RE2 works on UTF-8, which a lone surrogate cannot be: the fallback takes those."""
    schema = {"properties": {"s": {"pattern": "^x"}}}
    schema_path, doc_path = _files(tmp_path, schema, {"s": "y\ud800"})
    _proc, doc = _run(bc, schema_path, doc_path, engine)
    assert [e["pointer"] for e in doc["errors"]] == ["/s"]


@engines
def test_detection_with_a_catastrophic_key(bc, engine):
    """Detection scores keys against the bundled schemas' patternProperties too: no hang there."""
    started = time.monotonic()
    result = bc("--format", "json", *engine, stdin=json.dumps({LONG: 1}).encode(), timeout=BOUND_SECONDS)
    assert time.monotonic() - started < BOUND_SECONDS
    assert result.code == 1


@engines
def test_a_schema_reached_again_through_ref_keeps_the_bound(bc, tmp_path, engine):
    """python-jsonschema would validate a subschema that declares `$schema` (the root, reached
    through `$ref: "#"`) with its stock class and Python's `re`: batchcheck's never does."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "properties": {"s": {"type": "string", "pattern": EVIL}, "child": {"$ref": "#"}},
    }
    result, doc = _run(bc, *_files(tmp_path, schema, {"child": {"child": {"s": "a" * 40 + "b"}}}), engine)
    assert result.code == 1
    assert [(e["pointer"], e["schemaLocation"]) for e in doc["errors"]] == [
        ("/child/child/s", "#/properties/child/$ref/properties/child/$ref/properties/s/pattern")
    ]
