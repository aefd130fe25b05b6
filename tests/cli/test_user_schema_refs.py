"""User schemas (--schema PATH): sibling files resolve, URLs are never fetched, meta-schema errors listed."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _write(path: Path, schema: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


@pytest.fixture
def sibling_schemas(tmp_path: Path) -> Path:
    """main.schema.json -> item.schema.json, defs/common.json (-> back up to item.schema.json)."""
    _write(tmp_path / "item.schema.json", {"$schema": DRAFT, "type": "integer"})
    _write(
        tmp_path / "defs" / "common.json",
        {
            "$defs": {"id": {"type": "string", "pattern": "^[0-9]+$"}},
            "type": "object",
            "properties": {"count": {"$ref": "../item.schema.json"}},
        },
    )
    return _write(
        tmp_path / "main.schema.json",
        {
            "$schema": DRAFT,
            "type": "object",
            "properties": {
                "n": {"$ref": "item.schema.json"},
                "id": {"$ref": "defs/common.json#/$defs/id"},
                "nested": {"$ref": "defs/common.json"},
                "local": {"$ref": "#/$defs/flag"},
            },
            "$defs": {"flag": {"type": "boolean"}},
        },
    )


def test_sibling_file_refs_resolve(bc, sibling_schemas):
    good = {"n": 1, "id": "42", "nested": {"count": 3}, "local": True}
    result = bc("--format", "json", "--schema", sibling_schemas, stdin=json.dumps(good).encode())
    assert result.code == 0, result.stderr
    bad = {"n": "one", "id": "4x", "nested": {"count": "three"}, "local": 1}
    result = bc("--format", "json", "--schema", sibling_schemas, stdin=json.dumps(bad).encode())
    assert result.code == 1, result.stderr
    errors = result.documents[0]["errors"]
    assert [(e["pointer"], e["keyword"]) for e in errors] == [
        ("/n", "type"),
        ("/id", "pattern"),
        ("/nested/count", "type"),
        ("/local", "type"),
    ]


def test_a_missing_sibling_file_is_named(bc, tmp_path, examples_dir):
    schema = _write(tmp_path / "s.json", {"properties": {"a": {"$ref": "absent.json"}}})
    result = bc("--schema", schema, examples_dir / "portal-flags.valid.json")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"batchcheck: error: {schema}: cannot resolve $ref absent.json\n"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = b'{"type": "string"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/schema+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def schema_server() -> Iterator[tuple[str, list[str]]]:
    """A local server that would serve any schema, and the requests it received."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("kind", ["http", "https", "urn", "sibling-of-remote-id"])
def test_remote_refs_are_never_fetched(bc, tmp_path, examples_dir, schema_server, kind):
    base, requests = schema_server
    ref = {
        "http": f"{base}/item.json",
        "https": "https://schemas.example.test/item.json#/$defs/x",
        "urn": "urn:example:item",
        "sibling-of-remote-id": "other.json",  # resolves to {base}/other.json; no such local file
    }[kind]
    schema = {"$schema": DRAFT, "properties": {"results": {"$ref": ref}}}
    if kind == "sibling-of-remote-id":
        schema["$id"] = f"{base}/main.json"
    path = _write(tmp_path / "remote.schema.json", schema)
    result = bc("--schema", path, examples_dir / "portal-flags.valid.json")
    assert (result.code, result.stdout) == (2, "")
    assert requests == []
    [line] = result.stderr.splitlines()
    if kind == "sibling-of-remote-id":
        assert line == f"batchcheck: error: {path}: cannot resolve $ref other.json"
    else:
        assert line == (
            f"batchcheck: error: {path}: remote $ref {ref} is not fetched (batchcheck never downloads "
            "schemas): give batchcheck a local copy with --resolve FILE or --url-map URL-PREFIX=DIRECTORY"
        )


def test_a_remote_id_with_a_local_sibling_file(bc, tmp_path, schema_server):
    """A schema whose $id is a URL still takes a relative $ref from the file next to it."""
    base, requests = schema_server
    _write(tmp_path / "other.json", {"type": "integer"})
    schema = {"$id": f"{base}/schemas/main.json", "properties": {"a": {"$ref": "other.json"}}}
    path = _write(tmp_path / "main.json", schema)
    result = bc("--format", "json", "--schema", path, stdin=b'{"a": "x"}')
    assert result.code == 1, result.stderr
    assert [e["pointer"] for e in result.documents[0]["errors"]] == ["/a"]
    assert requests == []


def test_meta_schema_errors_are_all_reported(bc, tmp_path, examples_dir):
    schema = {
        "$schema": DRAFT,
        "type": "objekt",
        "minLength": -1,
        "properties": {"a": {"pattern": "("}, "b": {"required": "id"}},
    }
    path = tmp_path / "broken.schema.json"
    path.write_text(json.dumps(schema, indent=2))
    result = bc("--schema", path, examples_dir / "portal-flags.valid.json")
    assert (result.code, result.stdout) == (2, "")
    # batchcheck's wording, in the file's order, each error with its line:column
    assert result.stderr == (
        f"batchcheck: error: {path}:3:11: not a valid Draft 2020-12 schema (4 errors): "
        'at /type (3:11): expected one of "array", "boolean", "integer", "null", "number", "object" '
        'or "string"; found string "objekt"; '
        "at /minLength (4:16): expected a number >= 0; found integer -1; "
        "at /properties/a/pattern (7:18): '(' is not an ECMA-262 regular expression: Unbalanced parenthesis; "
        'at /properties/b/required (10:19): expected array, found string "id"\n'
    )


def test_a_sibling_that_fails_the_meta_schema_is_named(bc, tmp_path, examples_dir):
    _write(tmp_path / "item.json", {"type": 12})
    path = _write(tmp_path / "main.json", {"properties": {"a": {"$ref": "item.json"}}})
    result = bc("--schema", path, examples_dir / "portal-flags.valid.json")
    assert result.code == 2
    assert result.stderr.startswith(
        f"batchcheck: error: {tmp_path / 'item.json'}:1:10: not a valid Draft 2020-12"
    )


@pytest.mark.parametrize(("literal", "code"), [("true", 0), ("false", 1)])
def test_boolean_schema_files(bc, tmp_path, examples_dir, literal, code):
    path = tmp_path / "bool.json"
    path.write_text(literal)
    result = bc("--schema", path, "--format", "text", examples_dir / "portal-flags.valid.json")
    assert result.code == code, result.stderr
