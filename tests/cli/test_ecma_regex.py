"""Schema regexes in the ECMA-262 dialect JSON Schema names, on both engines, through the CLI."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

ENGINES = ["python", "rs"]


def _schema(tmp_path: Path, schema: object) -> Path:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def _invalid(bc, engine: str, schema: Path, document: object) -> list[str]:
    result = bc("-f", "json", "--engine", engine, "--schema", schema, stdin=json.dumps(document).encode())
    assert result.code in (0, 1), result.stderr
    return [e["pointer"] for e in result.documents[0]["errors"]]


# pattern, strings it matches, strings it does not (ECMA-262 with the u flag, as regress says)
MATCHING = {
    "unicode properties": (r"^\p{L}\p{Z}\p{N}$", ["a 1", "é\u00a0٣"], ["a1", "1 a"]),
    "script property": (r"^\p{Script=Greek}+$", ["αβγ"], ["abc"]),
    "named group and backreference": (r"^(?<y>\d{4})-\k<y>$", ["2024-2024"], ["2024-2025"]),
    "ascii digits": (r"^\d+$", ["123"], ["٣", "\uff11"]),  # Arabic-Indic three, fullwidth one
    "ascii word": (r"^\w+$", ["a_1"], ["é"]),
    "ecma whitespace": (r"^\s$", ["\u00a0", "\ufeff", "\u2028"], ["\u0085", "x"]),
    "dot stops at line ends": (r"^.$", ["x", "é"], ["\n", "\r", "\u2028"]),
    "dollar is the end": (r"^a$", ["a"], ["a\n"]),
    "ascii word boundary": (r"\bé", ["xé"], ["é", " é"]),  # é is not a word character in ECMA
    "lookbehind": (r"(?<=\$)\d+", ["$12"], ["12"]),
    "astral code points": (r"^\u{1F600}$", ["\U0001f600"], ["x"]),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(MATCHING))
def test_patterns_match_as_ecma_262_says(bc, tmp_path, engine, case):
    pattern, matching, failing = MATCHING[case]
    schema = _schema(tmp_path, {"items": {"type": "string", "pattern": pattern}})
    document = matching + failing
    expected = [f"/{index}" for index in range(len(matching), len(document))]
    assert _invalid(bc, engine, schema, document) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_pattern_properties_and_format_regex_are_ecma_262(bc, tmp_path, engine):
    schema = _schema(
        tmp_path,
        {
            "patternProperties": {r"^\p{Lu}": {"type": "integer"}},
            "properties": {"re": {"format": "regex"}},
            "additionalProperties": {"type": "string"},
        },
    )
    document = {"Éa": 1, "ÉB": "x", "re": r"(?<n>a)\k<n>", "b": 2}
    assert _invalid(bc, engine, schema, document) == ["/ÉB", "/b"]
    assert _invalid(bc, engine, schema, {"re": r"(?P<n>a)"}) == ["/re"]  # Python syntax, not ECMA


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"^a+\Z", "Invalid character escape"),  # Python's end of string
        (r"(?P<x>a)", "Invalid group modifier"),  # Python's named group
        (r"[\_]", "Invalid character escape"),  # an escape the u flag does not allow
        (r"a{2,1}", "Invalid quantifier"),
    ],
)
def test_what_ecma_262_refuses_is_refused_at_load(bc, tmp_path, engine, pattern, reason):
    schema = _schema(tmp_path, {"properties": {"a": {"pattern": pattern}}})
    result = bc("--engine", engine, "--schema", schema, stdin=b"{}")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"batchcheck: error: {schema}:1:34: not a valid Draft 2020-12 schema: at /properties/a/pattern: "
        f"{pattern!r} is not an ECMA-262 regular expression: {reason}\n"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_catastrophic_pattern_with_an_example_checks_in_bounded_time(bc, tmp_path, engine):
    """The schema lint could not finish (test_lint.py), as a check of its example, on each engine."""
    schema = _schema(tmp_path, {"type": "string", "pattern": "^(a+)+$", "examples": ["a" * 40 + "b"]})
    started = time.monotonic()
    result = bc(
        "-f", "json", "--engine", engine, "--schema", schema, stdin=json.dumps("a" * 40 + "b").encode()
    )
    assert time.monotonic() - started < 10
    assert result.code == 1
    assert [e["keyword"] for e in result.documents[0]["errors"]] == ["pattern"]
