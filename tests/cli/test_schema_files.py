"""Schema files as people have them, through the CLI: YAML, a name from `batchcheck schemas`, a
missing file, errors with their place, and a URI declared twice."""

from __future__ import annotations

import json

import pytest

ENGINES = ["python", "rs"]
YAML_SCHEMA = """\
$schema: https://json-schema.org/draft/2020-12/schema
title: Flag
type: object
required: [state]
properties:
  state:
    enum: [ON, OFF]     # YAML 1.2: ON and OFF stay strings
  since:
    type: string
    format: date        # a date stays text
"""


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_a_yaml_schema_file(bc, tmp_path, engine, suffix):
    path = tmp_path / f"flag{suffix}"
    path.write_text(YAML_SCHEMA, encoding="utf-8")
    assert bc("--engine", engine, "--schema", path, stdin=b'{"state": "ON", "since": "2025-01-02"}').code == 0
    result = bc("-f", "json", "--engine", engine, "--schema", path, stdin=b'{"state": "on"}')
    assert result.code == 1
    assert [e["message"] for e in result.documents[0]["errors"]] == [
        'expected one of "ON" or "OFF"; found string "on"'
    ]


def test_a_yaml_only_schema_directory(bc, tmp_path):
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "flag.yaml").write_text(YAML_SCHEMA, encoding="utf-8")
    listing = bc("schemas", "--schema-dir", folder, "--no-bundled", "-f", "json")
    assert [row["name"] for row in listing.report["schemas"]] == ["Flag"]
    result = bc("-f", "json", "--schema-dir", folder, "--no-bundled", stdin=b'{"state": "OFF"}')
    assert (result.code, result.documents[0]["schema"]) == (0, "Flag")


def test_a_broken_yaml_schema_is_named_with_its_place(bc, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("type: object\nproperties:\n  a: {type: [string\n", encoding="utf-8")
    result = bc("--schema", path, stdin=b"{}")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"batchcheck: error: {path}:4:1: invalid YAML:")


def test_yaml_meta_schema_errors_carry_their_line(bc, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("type: object\nproperties:\n  a:\n    minLength: -1\n", encoding="utf-8")
    result = bc("--schema", path, stdin=b"{}")
    assert result.stderr == (
        f"batchcheck: error: {path}:4:16: not a valid Draft 2020-12 schema: at /properties/a/minLength: "
        "expected a number >= 0; found integer -1\n"
    )


@pytest.mark.parametrize("name", ["./missing.json", "schemas/missing.schema.json", "missing.yaml"])
def test_a_missing_schema_file_says_no_such_file(bc, name):
    result = bc("--schema", name, stdin=b"{}")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"batchcheck: error: --schema {name}: no such file\n"


def test_a_name_from_the_file_column_is_a_schema_name(bc, examples_dir):
    listing = bc("schemas", "-f", "json").report["schemas"]
    for row in listing:
        result = bc("-f", "json", "--schema", row["file"], examples_dir / "portal-flags.valid.json")
        assert result.code in (0, 1), result.stderr
        assert result.documents[0]["schema"] == row["name"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (
            {
                "$defs": {
                    "a": {"$anchor": "item", "type": "string"},
                    "b": {"$anchor": "item", "type": "integer"},
                },
                "properties": {"x": {"$ref": "#item"}},
            },
            '$anchor "item" is declared twice, at /$defs/a (3:8) and at /$defs/b (7:8)',
        ),
        (
            {
                "$id": "https://example.test/root.json",
                "$defs": {"a": {"$id": "item.json", "type": "string"}, "b": {"$id": "item.json"}},
            },
            "$id https://example.test/item.json is declared twice, at /$defs/a (4:8) and at /$defs/b (8:8)",
        ),
    ],
    ids=["anchor", "id"],
)
def test_a_uri_declared_twice_is_refused_naming_both_places(bc, tmp_path, engine, schema, expected):
    """jsonschema-rs would take the last definition, python-jsonschema the first: neither guesses."""
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(schema, indent=1), encoding="utf-8")
    result = bc("--engine", engine, "--schema", path, stdin=b'{"x": 1}')
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"batchcheck: error: {path}: {expected}; a schema may name a URI once\n"


def test_two_files_of_a_schema_directory_with_one_id(bc, tmp_path):
    folder = tmp_path / "contracts"
    folder.mkdir()
    for name in ("a.json", "b.json"):
        (folder / name).write_text(json.dumps({"$id": "https://example.test/same.json", "title": name}))
    result = bc("--schema-dir", folder, stdin=b"{}")
    assert result.code == 2
    assert result.stderr == (
        f"batchcheck: error: {folder / 'b.json'}: $id https://example.test/same.json is declared by "
        f"{folder / 'a.json'} too; a schema may name a URI once\n"
    )
