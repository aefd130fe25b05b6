"""`--schema-dir` and `--no-bundled`: a user's own Draft 2020-12 schemas join detection."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support.paths import DATA

SCHEMA_DIR = DATA / "schemadir"
BUNDLED = {"BatchAssociationResponse", "BatchPortalFlagStateResponseWithErrors"}

CONTACTS = {
    "contacts": [{"id": "1", "email": "a@example.test"}, {"id": "2", "email": "b@example.test"}],
    "total": 2,
    "owner": {"ownerId": 7, "email": "owner@example.test"},
}


def report(result) -> dict:
    payload = result.report
    assert payload["exitCode"] == result.code
    return payload["documents"][0]


def test_directory_schema_is_detected_with_refs_by_path_and_id(bc):
    result = bc("--schema-dir", SCHEMA_DIR, "-f", "json", stdin=json.dumps(CONTACTS).encode())
    assert result.code == 0, result.stderr
    document = report(result)
    assert (document["schema"], document["detection"], document["valid"]) == ("ContactList", "matched", True)
    assert {c["schema"] for c in document["candidates"]} >= BUNDLED | {"ContactList", "Owner"}


def test_errors_inside_referenced_files_are_reported_and_located(bc):
    contacts = [{"id": "1", "email": "a@example.test"}, {"id": 2, "email": "b@example.test"}]
    body = dict(CONTACTS, contacts=contacts)
    body["owner"] = {"ownerId": "seven", "email": "owner@example.test"}  # Owner is reached by its $id
    text = json.dumps(body, indent=2)
    result = bc("--schema-dir", SCHEMA_DIR, "-f", "json", stdin=text.encode())
    assert result.code == 1
    document = report(result)
    assert document["schema"] == "ContactList"
    errors = {e["pointer"]: e for e in document["errors"]}
    assert set(errors) == {"/contacts/1/id", "/owner/ownerId"}
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines, 1) if '"id": 2' in t)
    assert (errors["/contacts/1/id"]["line"], errors["/contacts/1/id"]["column"]) == (
        line,
        lines[line - 1].index("2") + 1,
    )


def test_no_bundled_leaves_the_bundle_out(bc, examples_dir):
    valid = examples_dir / "portal-flags.valid.json"
    result = bc("--schema-dir", SCHEMA_DIR, "--no-bundled", "-f", "json", valid)
    assert result.code == 1
    document = report(result)
    assert not BUNDLED & {c["schema"] for c in document["candidates"]}
    assert document["detection"] == "none"


def test_schemas_lists_user_schemas_with_their_origin(bc):
    result = bc("schemas", "--schema-dir", SCHEMA_DIR, "--format", "json")
    assert result.code == 0, result.stderr
    rows = {row["name"]: row for row in result.report["schemas"]}
    assert rows["ContactList"]["origin"] == f"dir {SCHEMA_DIR}"
    assert rows["ContactList"]["file"] == str(SCHEMA_DIR / "contact-list.json")
    assert all(rows[name]["origin"] == "bundled" for name in BUNDLED)
    text = bc("schemas", "--schema-dir", SCHEMA_DIR, "--format", "text").stdout
    assert f"ContactList\tContactList\t{SCHEMA_DIR / 'contact-list.json'}\t\tdir {SCHEMA_DIR}" in text


@pytest.fixture
def user_dir(tmp_path) -> Path:
    folder = tmp_path / "schemas"
    shutil.copytree(SCHEMA_DIR, folder)
    return folder


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            {"$schema": "http://json-schema.org/draft-03/schema#", "type": "object"},
            "declares http://json-schema.org/draft-03/schema, which is not a dialect batchcheck knows",
        ),
        ('{"type": "object",', "unexpected end of input"),
        (
            {"type": "object", "properties": {"a": {"type": "strin"}}},
            ":1:49: not a valid Draft 2020-12 schema: at /properties/a/type: expected one of",
        ),
        ({"properties": {"a": {"$ref": "missing.json"}}}, "cannot resolve $ref missing.json"),
    ],
    ids=["draft-03", "bad-json", "meta-schema", "missing-ref"],
)
def test_a_broken_schema_is_reported_once_naming_its_file(bc, user_dir, examples_dir, content, expected):
    broken = user_dir / "broken.json"
    broken.write_text(content if isinstance(content, str) else json.dumps(content))
    files = [examples_dir / "portal-flags.valid.json", examples_dir / "associations.valid.json"]
    result = bc("--schema-dir", user_dir, *files)
    assert result.code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"batchcheck: error: {broken}")
    assert expected in line
    assert "Traceback" not in result.stderr


def test_a_missing_directory_is_a_usage_error(bc, tmp_path):
    result = bc("--schema-dir", tmp_path / "nowhere", stdin=b"{}")
    assert result.code == 2
    assert "not a directory" in result.stderr


def test_same_title_twice_gets_distinct_names(bc, user_dir):
    twin = json.loads((user_dir / "owner.json").read_text())
    twin["$id"] = "https://schemas.example.test/owner-v2.json"
    (user_dir / "owner2.json").write_text(json.dumps(twin))
    result = bc("schemas", "--schema-dir", user_dir, "--format", "json")
    names = [row["name"] for row in result.report["schemas"]]
    assert "Owner" in names
    assert f"Owner ({user_dir / 'owner2.json'})" in names


def test_a_user_schema_with_a_bundled_name_replaces_it(bc, tmp_path, repo_root):
    """HubSpot's associations v4 batch read returns integer toObjectIds; a team's own copy says so."""
    bundled = json.loads((repo_root / "schemas" / "BatchAssociationResponse.schema.json").read_text())
    to_object = bundled["properties"]["results"]["items"]["properties"]["to"]["items"]["properties"]
    to_object["toObjectId"] = {"type": "integer"}
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "associations.json").write_text(json.dumps(bundled))
    response = {
        "status": "COMPLETE",
        "results": [{"from": {"id": "1"}, "to": [{"toObjectId": 42, "associationTypes": []}]}],
        "startedAt": "2025-03-15T14:30:00.012Z",
        "completedAt": "2025-03-15T14:30:00.428Z",
    }
    result = bc("--schema-dir", folder, "-f", "json", stdin=json.dumps(response).encode())
    document = report(result)
    assert (document["schema"], document["valid"]) == ("BatchAssociationResponse", True), document["errors"]
    names = [c["schema"] for c in document["candidates"]]
    assert names.count("BatchAssociationResponse") == 1
    listing = bc("schemas", "--schema-dir", folder, "-f", "json").report["schemas"]
    [row] = [row for row in listing if row["name"] == "BatchAssociationResponse"]
    assert row["origin"] == f"dir {folder}"


def test_schema_file_refs_reach_files_beside_it(bc, user_dir):
    """--schema PATH: a `$ref` by relative path resolves from the schema file's own place."""
    page = {
        "type": "object",
        "properties": {"contacts": {"type": "array", "items": {"$ref": "sub/contact.json"}}},
    }
    (user_dir / "page.json").write_text(json.dumps(page))
    body = {"contacts": [{"id": "x1", "email": "a@example.test"}]}
    result = bc("--schema", user_dir / "page.json", "-f", "json", stdin=json.dumps(body).encode())
    document = report(result)
    assert (document["detection"], document["valid"]) == ("forced", False), result.stderr
    assert [e["pointer"] for e in document["errors"]] == ["/contacts/0/id"]  # the pattern in sub/contact.json
