"""Real `curl -s -i URL | batchcheck` pipelines against a local HTTP server (127.0.0.1 only)."""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from support.loopback import find_curl, serving
from support.paths import EXAMPLES

PARTIAL_BODY = (EXAMPLES / "associations.partial.json").read_bytes()
INVALID_BODY = (EXAMPLES / "associations.invalid.json").read_bytes()
HTML_PAGE = b"""<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body><h1>502 Bad Gateway</h1><p>upstream connect error</p></body>
</html>
"""

# path -> (status, content type, body, extra headers)
ROUTES: dict[str, tuple[int, str, bytes, dict[str, str]]] = {
    "/batch/207": (207, "application/json;charset=utf-8", PARTIAL_BODY, {}),
    "/batch/200": (200, "application/json;charset=utf-8", PARTIAL_BODY, {}),
    "/batch/502": (502, "text/html", HTML_PAGE, {}),
    "/batch/invalid": (200, "application/json", INVALID_BODY, {"x-request-id": "abc-123"}),
    "/batch/moved": (301, "text/html", b"<html>moved</html>\n", {"Location": "/batch/207"}),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        route = ROUTES.get(self.path)
        if route is None:
            self.send_error(404)
            return
        status, content_type, body, headers = route
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def curl() -> str:
    return find_curl()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Handler) as base:
        yield base


def pipeline(
    curl: str, cli_path: Path, cli_env, curl_args: list[str], *batchcheck_args: str, tee: Path | None = None
):
    """Run `curl ARGS | [tee FILE |] batchcheck ARGS` in a shell; return the CompletedProcess."""
    curl_part = shlex.join([curl, "--noproxy", "*", "--max-time", "20", *curl_args])
    tee_part = f" | tee {shlex.quote(str(tee))}" if tee else ""
    command = f"{curl_part}{tee_part} | {shlex.join([str(cli_path), *batchcheck_args])}"
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=60,
        check=False,
    )


def only_document(proc: subprocess.CompletedProcess) -> dict:
    payload = json.loads(proc.stdout)
    assert payload["exitCode"] == proc.returncode
    [document] = payload["documents"]
    return document


@pytest.mark.parametrize("method", [[], ["-X", "POST", "-d", '{"inputs": []}']], ids=["GET", "POST"])
def test_207_partial_batch(curl, server, cli_path, cli_env, method):
    proc = pipeline(curl, cli_path, cli_env, ["-s", "-i", *method, f"{server}/batch/207"], "--format", "json")
    assert proc.returncode == 0, proc.stderr
    document = only_document(proc)
    assert document["source"] == "<stdin>"
    assert document["http"] == {"status": 207, "reason": "Multi-Status"}
    assert document["detection"] == "matched"
    assert document["schema"] == "BatchAssociationResponse"
    assert document["valid"] is True
    summary = document["summary"]
    assert summary["failed"] == 2
    assert summary["succeeded"] == 1
    assert not [w for w in summary["warnings"] if "207" in w]
    assert not [w for w in summary["warnings"] if "HTTP" in w]


def test_207_partial_batch_fails_with_fail_on_partial(curl, server, cli_path, cli_env):
    proc = pipeline(curl, cli_path, cli_env, ["-s", "-i", f"{server}/batch/207"], "--fail-on-partial")
    assert proc.returncode == 3
    assert "HTTP 207 Multi-Status" in proc.stdout


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_200_with_failed_items_is_warned_about(curl, server, cli_path, cli_env, fmt):
    proc = pipeline(curl, cli_path, cli_env, ["-s", "-i", f"{server}/batch/200"], "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    if fmt == "json":
        document = only_document(proc)
        assert document["http"] == {"status": 200, "reason": "OK"}
        warnings = document["summary"]["warnings"]
        assert [w for w in warnings if w.startswith("HTTP 200 but")] == [
            "HTTP 200 but 2 items failed (expected 207 Multi-Status)"
        ]
    else:
        assert "<stdin>: warning: HTTP 200 but 2 items failed" in proc.stdout


def test_html_error_page_is_an_input_error(curl, server, cli_path, cli_env):
    proc = pipeline(curl, cli_path, cli_env, ["-s", "-i", f"{server}/batch/502"], "--format", "json")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    document = only_document(proc)
    assert document["valid"] is None
    assert document["http"]["status"] == 502
    error = document["inputError"]
    assert "HTML" in error["message"]
    assert "502" in error["message"]
    assert isinstance(error["line"], int) and error["line"] > 1  # after the header lines


def test_redirect_followed_keeps_the_final_status(curl, server, cli_path, cli_env, tmp_path):
    captured = tmp_path / "piped.txt"
    proc = pipeline(
        curl, cli_path, cli_env, ["-s", "-i", "-L", f"{server}/batch/moved"], "--format", "json", tee=captured
    )
    # The pipe really carried both header blocks, the redirect's first.
    piped = captured.read_bytes()
    assert piped.startswith(b"HTTP/1.1 301")
    assert b"\r\n\r\nHTTP/1.1 207" in piped
    assert proc.returncode == 0, proc.stderr
    document = only_document(proc)
    assert document["http"] == {"status": 207, "reason": "Multi-Status"}
    assert document["detection"] == "matched"
    assert document["summary"]["failed"] == 2


def test_error_lines_count_the_header_lines(curl, server, cli_path, cli_env, tmp_path, bc):
    [direct] = bc("--format", "json", EXAMPLES / "associations.invalid.json").documents  # the file itself
    assert direct["errors"], "the invalid example should have located errors"

    captured = tmp_path / "piped.txt"
    proc = pipeline(
        curl, cli_path, cli_env, ["-s", "-i", f"{server}/batch/invalid"], "--format", "json", tee=captured
    )
    assert proc.returncode == 1, proc.stderr
    piped = captured.read_bytes()
    body_start = piped.index(b"\r\n\r\n") + 4
    assert piped[body_start:] == INVALID_BODY
    header_lines = piped[:body_start].count(b"\n")
    assert header_lines >= 5  # status line, our headers and the blank line

    document = only_document(proc)
    assert document["http"]["status"] == 200
    assert [e["pointer"] for e in document["errors"]] == [e["pointer"] for e in direct["errors"]]
    for piped_error, file_error in zip(document["errors"], direct["errors"], strict=True):
        assert piped_error["line"] == file_error["line"] + header_lines
        assert piped_error["column"] == file_error["column"]


def test_text_error_lines_count_the_header_lines(curl, server, cli_path, cli_env, tmp_path):
    captured = tmp_path / "piped.txt"
    proc = pipeline(
        curl, cli_path, cli_env, ["-s", "-i", f"{server}/batch/invalid"], "--format", "text", tee=captured
    )
    assert proc.returncode == 1
    lines = captured.read_bytes().decode("utf-8").split("\n")
    # `"from": {"id": 37295}` is an integer where a string belongs: find it in the piped text.
    line = next(i for i, text in enumerate(lines, start=1) if '"id": 37295' in text)
    column = lines[line - 1].index("37295") + 1
    assert f"<stdin>:{line}:{column}: results[0].from.id: " in proc.stdout
