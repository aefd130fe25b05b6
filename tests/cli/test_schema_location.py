"""Where in the schema: each error's schema location, in the JSON report and with -v, on both engines."""

from __future__ import annotations

import json

import pytest

ENGINES = ["python", "rs"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_json_report_names_the_keyword_in_the_schema(bc, examples_dir, engine):
    result = bc("-f", "json", "--engine", engine, examples_dir / "portal-flags.invalid.json")
    assert [(e["pointer"], e["schemaLocation"]) for e in result.documents[0]["errors"]] == [
        ("/results/1/appId", "#/properties/results/items/properties/appId/type"),
        ("/results/1/flagState", "#/properties/results/items/properties/flagState/enum"),
        ("/results/2", "#/properties/results/items/required"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_location_runs_through_refs_and_rewritten_keywords(bc, tmp_path, engine):
    """Through `$ref`, and the same place for what the engines are given in another form
    (a `false` subschema, int32, a backtracking pattern, minContains)."""
    schema = {
        "$defs": {"state": {"enum": ["ON", "OFF"]}},
        "properties": {
            "state": {"$ref": "#/$defs/state"},
            "never": False,
            "count": {"format": "int32"},
            "code": {"pattern": "^(?=[A-Z])\\w+$"},
            "tags": {"contains": {"const": "x"}, "minContains": 2},
        },
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema))
    document = {"state": "on", "never": 1, "count": 2**40, "code": "abc", "tags": ["x"]}
    result = bc("-f", "json", "--engine", engine, "--schema", path, stdin=json.dumps(document).encode())
    assert [(e["keyword"], e["schemaLocation"]) for e in result.documents[0]["errors"]] == [
        ("enum", "#/properties/state/$ref/enum"),
        ("false", "#/properties/never"),
        ("format", "#/properties/count/format"),
        ("pattern", "#/properties/code/pattern"),
        ("contains", "#/properties/tags/contains"),
    ]


def test_verbose_text_and_rich_show_it(bc, examples_dir):
    invalid = examples_dir / "portal-flags.invalid.json"
    text = bc("-f", "text", "-v", invalid).stdout.splitlines()
    assert text[1].endswith('"MAYBE" (schema #/properties/results/items/properties/flagState/enum) [enum]')
    assert "(schema #" not in bc("-f", "text", invalid).stdout
    rich = bc("-v", invalid).stdout
    assert "schema #/properties/results/items/properties/flagState/enum" in rich
    assert "schema #/" not in bc(invalid).stdout
