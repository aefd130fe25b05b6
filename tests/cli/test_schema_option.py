"""`--schema NAME|FILE`: forcing a bundled schema or a user's file; unusable ones are usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.output import no_traceback
from support.paths import ASSOC_INVALID, BUNDLED, VALID


@pytest.mark.parametrize(
    "name", ["BatchPortalFlagStateResponseWithErrors", "BatchPortalFlagStateResponseWithErrors.schema"]
)
def test_schema_by_title_or_stem_is_forced(bc, examples_dir, name):
    result = bc("--format", "json", "--schema", name, examples_dir / VALID)
    [document] = result.documents
    assert result.code == 0
    assert document["detection"] == "forced"
    assert document["schema"] == "BatchPortalFlagStateResponseWithErrors"
    assert document["valid"] is True


@pytest.mark.parametrize("name", ["BatchAssociationResponse", "BatchAssociationResponse.schema"])
def test_forcing_the_wrong_schema_makes_the_document_invalid(bc, examples_dir, name):
    result = bc("--format", "json", "-s", name, examples_dir / VALID)
    [document] = result.documents
    assert result.code == 1
    assert document["detection"] == "forced"
    assert document["schema"] == "BatchAssociationResponse"
    assert document["valid"] is False
    assert {e["keyword"] for e in document["errors"]} == {"required"}


def write_schema(path: Path, schema: dict) -> Path:
    path.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}))
    return path


def test_schema_from_a_user_file(bc, examples_dir, tmp_path):
    schema = write_schema(
        tmp_path / "mine.schema.json",
        {
            "title": "CompleteBatch",
            "type": "object",
            "required": ["status", "results"],
            "properties": {"status": {"const": "COMPLETE"}},
        },
    )
    result = bc("--format", "json", "--schema", schema, examples_dir / VALID, examples_dir / ASSOC_INVALID)
    assert result.code == 0, result.stdout + result.stderr
    documents = result.documents
    assert [(d["schema"], d["detection"], d["valid"]) for d in documents] == [
        ("CompleteBatch", "forced", True),
        ("CompleteBatch", "forced", True),
    ]


def test_user_schema_without_title_is_named_after_its_file(bc, examples_dir, tmp_path):
    schema = write_schema(tmp_path / "needs-nope.schema.json", {"type": "object", "required": ["nope"]})
    result = bc("--format", "json", "--schema", schema, examples_dir / VALID)
    assert result.code == 1
    [document] = result.documents
    assert document["schema"] == "needs-nope"
    assert document["detection"] == "forced"
    assert [(e["keyword"], e["pointer"], e["line"], e["column"]) for e in document["errors"]] == [
        ("required", "", 1, 1)
    ]


BROKEN_SCHEMAS = [
    pytest.param('{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": 12}', id="fails-meta"),
    pytest.param('{"type": "object", "required": "status"}', id="fails-meta-required"),
    pytest.param('{"type": "object",\n "properties": {', id="not-json"),
    pytest.param("[1, 2]", id="not-an-object"),
    pytest.param('{"$schema": "http://json-schema.org/draft-03/schema#"}', id="unknown-draft"),
    pytest.param('{"$schema": "http://json-schema.org/draft/2020-12/schema"}', id="http-2020-12"),
    pytest.param(b"\xff\xfe\x00\xd8", id="not-text"),
    pytest.param('{"properties": {"status": {"pattern": "["}}}', id="invalid-regex"),
]


@pytest.mark.parametrize("content", BROKEN_SCHEMAS)
def test_broken_schema_file_is_a_usage_error(bc, examples_dir, tmp_path, content):
    schema = tmp_path / "broken.schema.json"
    if isinstance(content, bytes):
        schema.write_bytes(content)
    else:
        schema.write_text(content, encoding="utf-8")
    result = bc("--schema", schema, examples_dir / VALID)
    no_traceback(result)
    assert result.code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert str(schema) in result.stderr
    assert result.stderr.startswith("batchcheck: error: ")


def test_unknown_schema_name_is_a_usage_error(bc, examples_dir):
    result = bc("--schema", "nosuch", examples_dir / VALID)
    no_traceback(result)
    assert result.code == 2
    assert "nosuch" in result.stderr
    # The message names the schemas that do exist.
    assert all(name in result.stderr for name in BUNDLED)
