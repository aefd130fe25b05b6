"""User schemas of every draft, through the CLI: each by its own rules, on both engines, one wording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ENGINES = ["python", "rs"]
D4 = "http://json-schema.org/draft-04/schema#"
D6 = "http://json-schema.org/draft-06/schema#"
D7 = "http://json-schema.org/draft-07/schema#"
D2019 = "https://json-schema.org/draft/2019-09/schema"
D2020 = "https://json-schema.org/draft/2020-12/schema"


def _write(path: Path, schema: object) -> Path:
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def _errors(bc, schema: Path, document: object, engine: str) -> list[tuple[str, str, str, str]]:
    result = bc("-f", "json", "--engine", engine, "--schema", schema, stdin=json.dumps(document).encode())
    assert result.code in (0, 1), result.stderr
    return [
        (e["pointer"], e["keyword"], e["message"], e["schemaLocation"]) for e in result.documents[0]["errors"]
    ]


# what each draft means by the same-looking keywords, and what the report says
CASES = {
    "draft-04": (
        {
            "$schema": D4,
            "properties": {
                "n": {"maximum": 3, "exclusiveMaximum": True},
                "t": {"items": [{}], "additionalItems": False},
            },
            "dependencies": {"a": ["b"]},
        },
        {"n": 3, "t": [1, 2], "a": 1},
        [
            ("", "dependencies", 'missing dependent properties: "a" requires "b"', "#/dependencies"),
            (
                "/n",
                "exclusiveMaximum",
                "expected a number < 3; found integer 3",
                "#/properties/n/exclusiveMaximum",
            ),
            ("/t/1", "false", "no value is allowed here; found integer 2", "#/properties/t/additionalItems"),
        ],
    ),
    "draft-06": (
        {"$schema": D6, "properties": {"n": {"exclusiveMaximum": 3}, "c": {"contains": {"const": 1}}}},
        {"n": 3, "c": [2]},
        [
            (
                "/n",
                "exclusiveMaximum",
                "expected a number < 3; found integer 3",
                "#/properties/n/exclusiveMaximum",
            ),
            (
                "/c",
                "contains",
                "expected an array containing a matching item (contains); found array of 1 item",
                "#/properties/c/contains",
            ),
        ],
    ),
    "draft-07": (
        {
            "$schema": D7,
            "definitions": {"id": {"type": "integer"}},
            "properties": {"id": {"$ref": "#/definitions/id", "type": "string"}},
            "if": {"required": ["a"]},
            "then": {"required": ["b"]},
        },
        {"id": "x", "a": 1},  # draft-07: the `type` beside `$ref` is ignored
        [
            ("", "required", 'missing required property "b"', "#/then/required"),
            ("/id", "type", 'expected integer, found string "x"', "#/properties/id/$ref/type"),
        ],
    ),
    "draft-2019-09": (
        {
            "$schema": D2019,
            "$defs": {
                "node": {"$recursiveAnchor": True, "properties": {"kids": {"items": {"$recursiveRef": "#"}}}}
            },
            "$ref": "#/$defs/node",
            "properties": {"name": {"type": "string"}},
            "dependentRequired": {"a": ["b"]},
            "unevaluatedProperties": False,
        },
        {"name": 1, "a": 1, "extra": True},
        [
            (
                "",
                "dependentRequired",
                'missing dependent properties: "a" requires "b"',
                "#/dependentRequired",
            ),
            ("/name", "type", "expected string, found integer 1", "#/properties/name/type"),
        ],
    ),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("draft", list(CASES))
def test_a_schema_is_validated_by_the_draft_it_declares(bc, tmp_path, draft, engine):
    schema, document, expected = CASES[draft]
    path = _write(tmp_path / "s.json", schema)
    assert _errors(bc, path, document, engine) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_no_dollar_schema_means_draft_2020_12(bc, tmp_path, engine):
    """`items` as a list is Draft 2019-09's; in 2020-12 it is not a keyword's valid value, so the
    meta-schema refuses it; `prefixItems` is 2020-12's and applies."""
    path = _write(tmp_path / "s.json", {"prefixItems": [{"type": "integer"}]})
    assert _errors(bc, path, ["x"], engine) == [
        ("/0", "type", 'expected integer, found string "x"', "#/prefixItems/0/type")
    ]
    legacy = _write(tmp_path / "legacy.json", {"items": [{"type": "integer"}]})
    result = bc("--engine", engine, "--schema", legacy, stdin=b"[1]")
    assert result.code == 2
    assert result.stderr == (
        f"batchcheck: error: {legacy}:1:11: not a valid Draft 2020-12 schema: at /items: expected object or "
        "boolean, found array of 1 item\n"
    )


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        (
            "http://json-schema.org/draft/2020-12/schema",
            "declares http://json-schema.org/draft/2020-12/schema; did you mean "
            "https://json-schema.org/draft/2020-12/schema (Draft 2020-12)?",
        ),
        (
            "https://json-schema.org/draft-07/schema#",
            "declares https://json-schema.org/draft-07/schema; did you mean "
            "http://json-schema.org/draft-07/schema (Draft-07)?",
        ),
        (
            "http://json-schema.org/draft-03/schema#",
            "declares http://json-schema.org/draft-03/schema, which is not a dialect batchcheck knows "
            "(Draft-04, Draft-06, Draft-07, Draft 2019-09, Draft 2020-12); a custom meta-schema is read "
            "with --resolve or --url-map",
        ),
    ],
    ids=["http-2020-12", "https-draft-07", "draft-03"],
)
def test_an_unknown_dialect_is_named_with_a_hint(bc, tmp_path, declared, expected):
    path = _write(tmp_path / "s.json", {"$schema": declared, "type": "object"})
    result = bc("--schema", path, stdin=b"{}")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"batchcheck: error: {path}: {expected}\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_custom_meta_schema_from_a_local_copy(bc, tmp_path, engine):
    """A `$schema` naming a custom meta-schema is read with --resolve; its `$vocabulary` leaves
    out `validation`, so `minimum` is an annotation and `properties` still applies."""
    meta_id = "https://example.test/meta/no-validation"
    meta = {
        "$schema": D2020,
        "$id": meta_id,
        "$vocabulary": {
            "https://json-schema.org/draft/2020-12/vocab/core": True,
            "https://json-schema.org/draft/2020-12/vocab/applicator": True,
        },
        "$dynamicAnchor": "meta",
        "allOf": [
            {"$ref": "https://json-schema.org/draft/2020-12/meta/core"},
            {"$ref": "https://json-schema.org/draft/2020-12/meta/applicator"},
        ],
    }
    _write(tmp_path / "meta.json", meta)
    path = _write(
        tmp_path / "s.json", {"$schema": meta_id, "properties": {"n": {"minimum": 10}, "no": False}}
    )
    args = ("-f", "json", "--engine", engine, "--resolve", tmp_path / "meta.json", "--schema", path)
    assert bc(*args, stdin=b'{"n": 1}').code == 0
    refused = bc(*args, stdin=b'{"no": 1}')
    assert refused.code == 1
    assert [e["keyword"] for e in refused.documents[0]["errors"]] == ["false"]
    without = bc("--schema", path, stdin=b"{}")
    assert without.code == 2
    assert "which is not a dialect batchcheck knows" in without.stderr


def test_a_meta_schema_requiring_an_unknown_vocabulary_is_refused(bc, tmp_path):
    meta_id = "https://example.test/meta/custom"
    meta = {"$schema": D2020, "$id": meta_id, "$vocabulary": {"https://example.test/vocab/x": True}}
    _write(tmp_path / "meta.json", meta)
    path = _write(tmp_path / "s.json", {"$schema": meta_id})
    result = bc("--resolve", tmp_path / "meta.json", "--schema", path, stdin=b"{}")
    assert result.code == 2
    assert result.stderr == (
        f"batchcheck: error: {path}: its meta-schema requires the vocabulary https://example.test/vocab/x, "
        "which batchcheck does not know\n"
    )
