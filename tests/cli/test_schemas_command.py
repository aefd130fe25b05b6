"""`batchcheck schemas`: the bundled schemas in each format."""

from __future__ import annotations

from support.paths import BUNDLED


def test_schemas_command_rich(bc):
    result = bc("schemas")
    assert result.code == 0
    for name in BUNDLED:
        assert name in result.stdout
        assert f"{name}.schema.json" in result.stdout


def test_schemas_command_json(bc):
    result = bc("schemas", "--format", "json")
    assert result.code == 0
    rows = result.report["schemas"]
    assert {row["name"] for row in rows} == BUNDLED
    assert {row["file"] for row in rows} == {f"{name}.schema.json" for name in BUNDLED}
    assert all(row["origin"] == "bundled" and row["description"] for row in rows)


def test_schemas_command_text_is_tab_separated(bc):
    result = bc("schemas", "--format", "text")
    assert result.code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert {row[0] for row in rows} == BUNDLED
    assert all(f"{row[0]}.schema.json" in row for row in rows)


def test_in_process_schemas(bc):
    result = bc("schemas", "--format", "json")
    assert result.code == 0
    assert {row["name"] for row in result.report["schemas"]} == BUNDLED
