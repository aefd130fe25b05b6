"""Real curl, asked the common wrong ways, piped into the installed batchcheck (server on 127.0.0.1):
a gzip body without --compressed, --raw chunks, -I (HEAD), -v with 2>&1, two URLs, a 204, a curl
that failed before the pipe. Each gets the answer batchcheck has the clue for."""

from __future__ import annotations

import gzip
import json
import shlex
import subprocess
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from support.loopback import find_curl, serving
from support.paths import EXAMPLES

PARTIAL = (EXAMPLES / "associations.partial.json").read_bytes()
VALID_FLAGS = (EXAMPLES / "portal-flags.valid.json").read_bytes()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        route = self.path.split("?")[0]
        if route == "/gzip":
            self._send(207, gzip.compress(PARTIAL), {"Content-Encoding": "gzip"})
        elif route == "/br":
            self._send(200, bytes(range(128, 256)) * 8, {"Content-Encoding": "br"})
        elif route == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(VALID_FLAGS), 64):
                piece = VALID_FLAGS[start : start + 64]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif route == "/no-content":
            self.send_response(204)
            self.end_headers()
        else:
            self._send(200, VALID_FLAGS, {})

    def do_HEAD(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(VALID_FLAGS)))
        self.end_headers()

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def curl() -> str:
    return find_curl()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Handler) as base:
        yield base


def pipe(curl: str, cli_path: Path, cli_env, curl_args: list[str], *args: str, redirect: str = ""):
    """`curl ARGS [2>&1] | batchcheck ARGS` in a shell; batchcheck's exit status, not curl's."""
    command = f"{shlex.join([curl, '--noproxy', '*', '--max-time', '20', *curl_args])} {redirect} | "
    command += shlex.join([str(cli_path), *args])
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=cli_env(), timeout=60, check=False
    )


def document(proc) -> dict:
    [only] = json.loads(proc.stdout)["documents"]
    return only


def test_a_gzip_body_is_decoded_and_said_so(curl, server, cli_path, cli_env):
    proc = pipe(curl, cli_path, cli_env, ["-s", "-i", f"{server}/gzip"], "-f", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    checked = document(proc)
    assert (checked["valid"], checked["http"]["status"], checked["summary"]["failed"]) == (True, 207, 2)
    assert "the body was gzip-compressed (Content-Encoding: gzip): decoded" in proc.stderr
    compressed = pipe(curl, cli_path, cli_env, ["-s", "-i", "--compressed", f"{server}/gzip"], "-f", "json")
    assert (compressed.returncode, compressed.stderr) == (0, "")  # curl decoded it: nothing to say


def test_a_brotli_body_names_curl_compressed(curl, server, cli_path, cli_env):
    proc = pipe(curl, cli_path, cli_env, ["-s", "-i", f"{server}/br"], "-f", "text")
    assert proc.returncode == 2
    assert "Brotli-compressed (Content-Encoding: br)" in proc.stdout
    assert "run curl with --compressed" in proc.stdout


def test_raw_chunks_are_dechunked(curl, server, cli_path, cli_env):
    proc = pipe(curl, cli_path, cli_env, ["-s", "-i", "--raw", f"{server}/chunked"], "-f", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert document(proc)["valid"] is True
    assert "raw chunks (Transfer-Encoding: chunked, as `curl --raw` prints it): de-chunked" in proc.stderr
    plain = pipe(curl, cli_path, cli_env, ["-s", "-i", f"{server}/chunked"], "-f", "json")
    assert (plain.returncode, plain.stderr) == (0, "")  # curl de-chunked it itself


def test_head_says_to_use_dash_i(curl, server, cli_path, cli_env):
    proc = pipe(curl, cli_path, cli_env, ["-s", "-I", f"{server}/flags"], "-f", "text")
    assert proc.returncode == 2
    assert f"though Content-Length is {len(VALID_FLAGS)}: `curl -I` asks for the headers only" in proc.stdout


def test_a_verbose_trace_says_to_drop_2_and_1(curl, server, cli_path, cli_env):
    proc = pipe(curl, cli_path, cli_env, ["-s", "-v", f"{server}/flags"], "-f", "text", redirect="2>&1")
    assert proc.returncode == 2
    assert "<stdin>:1:1: looks like curl's verbose trace" in proc.stdout
    assert "drop `2>&1`" in proc.stdout


def test_two_urls_are_two_documents(curl, server, cli_path, cli_env):
    urls = [f"{server}/flags", f"{server}/no-content", f"{server}/gzip"]
    proc = pipe(curl, cli_path, cli_env, ["-s", "-i", *urls], "-f", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    documents = json.loads(proc.stdout)["documents"]
    assert [(d["source"], d["verdict"], (d["http"] or {}).get("status")) for d in documents] == [
        ("<stdin>#1", "valid", 200),
        ("<stdin>#2", "no body", 204),
        ("<stdin>#3", "valid", 207),
    ]


def test_a_204_is_a_verdict_of_its_own(curl, server, cli_path, cli_env):
    proc = pipe(curl, cli_path, cli_env, ["-s", "-i", f"{server}/no-content"], "-f", "text")
    assert proc.returncode == 0
    assert (
        proc.stdout.splitlines()[0] == "<stdin>: no body (HTTP 204 has none by definition: nothing to check)"
    )


def test_a_curl_that_failed_before_the_pipe(curl, cli_path, cli_env):
    proc = pipe(curl, cli_path, cli_env, ["-s", "-i", "http://127.0.0.1:9/"], "-f", "text")  # port 9: refused
    assert proc.returncode == 2
    assert "<stdin>: empty input: nothing came through the pipe" in proc.stdout
    assert "`curl -sS` shows curl's errors" in proc.stdout
