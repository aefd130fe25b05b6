"""Remote references, offline: --resolve and --url-map (and their configuration keys), through the CLI.

A local server stands at the URL the schemas name: it must never receive a request."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ENGINES = ["python", "rs"]


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request (and answers a schema)."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"type": "string"}')

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def _write(path: Path, schema: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def _schemas(tmp_path: Path, base: str) -> tuple[Path, Path]:
    """A schema naming two schemas by URL, and a vendor folder holding them (one by `$id` only)."""
    vendor = tmp_path / "vendor"
    _write(vendor / "common" / "id.json", {"$id": f"{base}/common/id.json", "type": "integer"})
    _write(
        vendor / "elsewhere.yaml",
        {"$id": f"{base}/paging.json", "properties": {"next": {"$ref": "common/id.json"}}},
    )
    main = _write(
        tmp_path / "main.json",
        {"properties": {"id": {"$ref": f"{base}/common/id.json"}, "paging": {"$ref": f"{base}/paging.json"}}},
    )
    return main, vendor


GOOD, BAD = b'{"id": 1, "paging": {"next": 2}}', b'{"id": "1", "paging": {"next": "2"}}'


@pytest.mark.parametrize("engine", ENGINES)
def test_resolve_a_directory_registers_its_schemas_by_id(bc, tmp_path, server, engine):
    base, requests = server
    main, vendor = _schemas(tmp_path, base)
    args = ("-f", "json", "--engine", engine, "--resolve", vendor, "--schema", main)
    assert bc(*args, stdin=GOOD).code == 0
    result = bc(*args, stdin=BAD)
    assert result.code == 1
    assert [(e["pointer"], e["schemaLocation"]) for e in result.documents[0]["errors"]] == [
        ("/id", "#/properties/id/$ref/type"),
        ("/paging/next", "#/properties/paging/$ref/properties/next/$ref/type"),
    ]
    assert requests == []


@pytest.mark.parametrize("engine", ENGINES)
def test_resolve_files_one_by_one(bc, tmp_path, server, engine):
    base, requests = server
    main, vendor = _schemas(tmp_path, base)
    files = ("--resolve", vendor / "common" / "id.json", "--resolve", vendor / "elsewhere.yaml")
    assert bc("--engine", engine, *files, "--schema", main, stdin=BAD).code == 1
    only_one = bc("--engine", engine, files[0], files[1], "--schema", main, stdin=GOOD)
    assert only_one.code == 2
    assert f"remote $ref {base}/paging.json is not fetched" in only_one.stderr
    assert requests == []


@pytest.mark.parametrize("engine", ENGINES)
def test_url_map_reads_schemas_by_prefix(bc, tmp_path, server, engine):
    base, requests = server
    mirror = tmp_path / "mirror"
    _write(mirror / "v1" / "id.json", {"type": "integer"})
    main = _write(tmp_path / "main.json", {"properties": {"id": {"$ref": f"{base}/schemas/v1/id.json"}}})
    args = ("--engine", engine, "--url-map", f"{base}/schemas/={mirror}", "--schema", main)
    assert bc(*args, stdin=b'{"id": 1}').code == 0
    assert bc(*args, stdin=b'{"id": "1"}').code == 1
    assert requests == []


def test_url_map_from_the_configuration(bc, tmp_path, server, monkeypatch):
    """`url-map` is a table of prefix = directory, the directory relative to the file."""
    base, requests = server
    _write(tmp_path / "mirror" / "id.json", {"type": "integer"})
    main = _write(tmp_path / "main.json", {"properties": {"id": {"$ref": f"{base}/s/id.json"}}})
    (tmp_path / ".batchcheck.toml").write_text(f'url-map = {{"{base}/s/" = "mirror"}}\nresolve = []\n')
    monkeypatch.chdir(tmp_path)
    assert bc("--schema", main, stdin=b'{"id": "1"}').code == 1
    shown = bc("config", "-f", "json").report
    assert json.dumps(shown).count(f"{base}/s/={tmp_path / 'mirror'}") == 1
    assert requests == []


def test_a_bad_url_map_is_named(bc, tmp_path):
    main = _write(tmp_path / "main.json", {"type": "object"})
    result = bc("--url-map", "no-equals-sign", "--schema", main, stdin=b"{}")
    assert (result.code, result.stderr) == (
        2,
        "batchcheck: error: --url-map no-equals-sign: expected URL-PREFIX=DIRECTORY\n",
    )
    result = bc("--url-map", f"https://x.test/={tmp_path / 'nowhere'}", "--schema", main, stdin=b"{}")
    assert result.stderr == (
        f"batchcheck: error: --url-map https://x.test/={tmp_path / 'nowhere'}: {tmp_path / 'nowhere'} "
        "is not a directory\n"
    )


def test_two_resolve_files_with_one_id_are_refused(bc, tmp_path):
    for name in ("a.json", "b.json"):
        _write(tmp_path / "vendor" / name, {"$id": "https://example.test/x.json"})
    main = _write(tmp_path / "main.json", {"$ref": "https://example.test/x.json"})
    result = bc("--resolve", tmp_path / "vendor", "--schema", main, stdin=b"{}")
    assert result.code == 2
    assert result.stderr == (
        "batchcheck: error: --resolve: $id https://example.test/x.json is declared by both "
        f"{tmp_path / 'vendor' / 'a.json'} and {tmp_path / 'vendor' / 'b.json'}\n"
    )


def test_a_broken_local_copy_is_named(bc, tmp_path, server):
    base, requests = server
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "id.json").write_text('{"type":')
    main = _write(tmp_path / "main.json", {"$ref": f"{base}/id.json"})
    result = bc("--url-map", f"{base}/={mirror}", "--schema", main, stdin=b"{}")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"batchcheck: error: $ref {base}/id.json: {mirror / 'id.json'}:1:9: "
        "invalid JSON: unexpected end of input (truncated?)\n"
    )
    assert requests == []


def test_lint_resolves_from_the_local_copies(bc, tmp_path, server):
    base, requests = server
    main, vendor = _schemas(tmp_path, base)
    alone = bc("schemas", "lint", main, "-f", "text")
    assert alone.code == 1
    assert f"cannot resolve $ref {base}/common/id.json [ref]" in alone.stdout
    resolved = bc("schemas", "lint", "--resolve", vendor, main, "-f", "text")
    assert (resolved.code, resolved.stdout) == (0, "schemas lint: no findings in 1 file\n")
    assert requests == []
