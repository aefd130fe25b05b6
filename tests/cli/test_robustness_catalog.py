# ruff: noqa: E501 - the catalogue is a table of exact output lines
"""The bad-input catalogue of docs/robustness.md, row by row, through the installed CLI.

Each row's id is the one the document names; test_the_document_names_only_existing_tests keeps
the two in step.
"""

from __future__ import annotations

import codecs
import gzip
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.contract import assert_fits_the_contract
from support.paths import REPO_ROOT


@dataclass(frozen=True)
class Row:
    """One class of bad input: how to produce it, and the answer batchcheck must give."""

    stdin: bytes | None = None  # fed on standard input when set
    file: Callable[[Path, Path], str] | None = None  # (tmp_path, examples_dir) -> argument
    code: int = 2
    stdout: tuple[str, ...] = ()  # lines of `--format text` output that must appear exactly
    stderr: tuple[str, ...] = ()  # lines of standard error that must appear exactly


def _example(name: str) -> bytes:
    return (REPO_ROOT / "examples" / name).read_bytes()


def _link(name: str, target: str) -> Callable[[Path, Path], str]:
    """A symbolic link named name (a capture's suffix, say) to target."""

    def make(tmp_path: Path, _examples: Path) -> str:
        path = tmp_path / name
        path.symlink_to(target)
        return str(path)

    return make


def _write(name: str, content: bytes) -> Callable[[Path, Path], str]:
    def make(tmp_path: Path, _examples: Path) -> str:
        path = tmp_path / name
        path.write_bytes(content)
        return str(path)

    return make


def _missing(tmp_path: Path, _examples: Path) -> str:
    return str(tmp_path / "gone.json")


def _empty_directory(tmp_path: Path, _examples: Path) -> str:
    (tmp_path / "fixtures").mkdir()
    return str(tmp_path / "fixtures")


def _directory(tmp_path: Path, _examples: Path) -> str:
    """A directory with one valid response: walked for *.json, each file checked."""
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "flags.json").write_bytes(VALID_FLAGS)
    (tmp_path / "fixtures" / "notes.txt").write_text("not checked")
    return str(tmp_path / "fixtures")


def _fifo(tmp_path: Path, _examples: Path) -> str:
    """A named pipe a writer fills once batchcheck opens it."""
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    body = _example("portal-flags.valid.json")

    def feed() -> None:
        with path.open("wb") as writer:  # blocks until batchcheck opens the pipe
            writer.write(body)

    threading.Thread(target=feed, daemon=True).start()
    return str(path)


def http(status: str, *headers: str) -> bytes:
    return "\r\n".join([f"HTTP/1.1 {status}", *headers, "", ""]).encode()


EMPTY_PIPE = "empty input: nothing came through the pipe (did the command before it fail? `curl -sS` shows curl's errors)"
VALID_FLAGS = _example("portal-flags.valid.json")
VALID_TEXT = VALID_FLAGS.decode()
VALID_LINE = "{}: valid, BatchPortalFlagStateResponseWithErrors (matched); batch COMPLETE: 3 succeeded, 0 failed, took 416 ms"
DUPLICATE = b'{"status": "COMPLETE",\n "results": [],\n "status": "PENDING"}'
# For a file argument, `{}` in the expected lines stands for its path.
ROWS: dict[str, Row] = {
    "empty": Row(stdin=b"", stdout=(f"<stdin>: {EMPTY_PIPE} [input]",)),
    "whitespace-only": Row(stdin=b" \n\t\r\n  ", stdout=(f"<stdin>: {EMPTY_PIPE} [input]",)),
    "not-json": Row(stdin=b"upstream timeout\n", stdout=("<stdin>:1:1: not JSON: starts with 'upstream timeout' [input]",)),
    "html-error-page": Row(
        stdin=b"<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>",
        stdout=("<stdin>:1:1: looks like HTML, not JSON (an error page from a proxy or server?) [input]",),
    ),
    "truncated": Row(
        stdin=b'{"status": "COMPLETE", "results": [',
        stdout=("<stdin>:1:36: invalid JSON: unexpected end of input (truncated?) [input]",),
    ),
    "trailing-data": Row(
        stdin=b'{"status": "COMPLETE", "results": []}\n{"next": 1}',
        stdout=("<stdin>:2:1: invalid JSON: trailing data after the value [input]",),
    ),
    "nan": Row(stdin=b'{"a": [1,\n NaN]}', stdout=("<stdin>:2:2: invalid JSON: NaN is not allowed [input]",)),
    "infinity": Row(stdin=b'{"a": Infinity}', stdout=("<stdin>:1:7: invalid JSON: Infinity is not allowed [input]",)),
    "minus-infinity": Row(
        stdin=b'{"a": -Infinity}', stdout=("<stdin>:1:7: invalid JSON: -Infinity is not allowed [input]",)
    ),
    "invalid-utf8": Row(stdin=b'{"a":\n "\xff"}', stdout=("<stdin>:2:3: invalid UTF-8 (byte 0xff) [input]",)),
    "utf8-bom": Row(stdin=codecs.BOM_UTF8 + VALID_FLAGS, code=0, stdout=(VALID_LINE,)),
    "utf16-bom": Row(stdin=VALID_TEXT.encode("utf-16"), code=0, stdout=(VALID_LINE,)),  # Python writes the BOM
    "utf32-bom": Row(stdin=VALID_TEXT.encode("utf-32"), code=0, stdout=(VALID_LINE,)),
    "utf16-bom-broken": Row(
        stdin=codecs.BOM_UTF16_LE + '{"a": 1}'.encode("utf-16-le") + b"\x00\xd8",
        stdout=("<stdin>:1:9: invalid UTF-16 (byte 0x00) [input]",),
    ),
    "top-level-array": Row(
        stdin=b"[1, 2]",
        code=1,
        stdout=(
            "<stdin>: tried BatchAssociationResponse (0.00): expects object, found array [detect]",
            "<stdin>: invalid, no schema matched (tried 2)",
        ),
    ),
    "top-level-string": Row(
        stdin=b'"OK"',
        code=1,
        stdout=("<stdin>: tried BatchAssociationResponse (0.00): expects object, found string [detect]",),
    ),
    "top-level-number": Row(
        stdin=b"207",
        code=1,
        stdout=("<stdin>: tried BatchAssociationResponse (0.00): expects object, found integer [detect]",),
    ),
    "deep-nesting": Row(
        stdin=b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        stdout=("<stdin>: invalid JSON: nesting too deep to parse [input]",),
    ),
    "long-integer": Row(
        stdin=b'{"results": [' + b"7" * 10_000 + b"]}",
        stdout=("<stdin>:1:14: integer longer than Python's limit of 4300 digits [input]",),
    ),
    "float-overflow": Row(
        stdin=b'{"a": 1e999}', stdout=("<stdin>:1:7: number 1e999 is out of range for a 64-bit float [input]",)
    ),
    "duplicate-key": Row(
        stdin=DUPLICATE,
        code=0,
        stdout=(
            '<stdin>:3:2: warning: duplicate key "status" in the top-level object '
            "(2 times, first at line 1, column 2); the check used the last value [input]",
            "<stdin>: valid, BatchPortalFlagStateResponseWithErrors (matched); batch PENDING: 0 succeeded, 0 failed",
        ),
    ),
    "missing-file": Row(file=_missing, stdout=("{}: no such file [input]",)),
    "directory": Row(file=_directory, code=0, stdout=(VALID_LINE.replace("{}", "{}/flags.json"),)),
    "empty-directory": Row(file=_empty_directory, stdout=("{}: directory has no *.json files [input]",)),
    "fifo": Row(file=_fifo, code=0, stdout=(VALID_LINE,)),
    "dev-null": Row(file=lambda _t, _e: os.devnull, stdout=("/dev/null: not a regular file (a device); not read [input]",)),
    "dev-zero": Row(file=lambda _t, _e: "/dev/zero", stdout=("/dev/zero: not a regular file (a device); not read [input]",)),
    "dev-zero-as-capture": Row(file=_link("zero.jsonl", "/dev/zero"), stdout=("{}: not a regular file (a device); not read [input]",)),
    # what curl pipes in when it is asked the wrong way, and JSONC
    "jsonc": Row(
        stdin=b'{\n  // the compiler options\n  "strict": true,\n}',
        stdout=("<stdin>:2:3: invalid JSON: comments are not JSON (a JSONC file, such as tsconfig.json or VS Code settings?) [input]",),
    ),
    "curl-verbose-trace": Row(
        stdin=b"*   Trying 127.0.0.1:80...\n* Connected to api (127.0.0.1) port 80\n> GET /batch HTTP/1.1\n>\n< HTTP/1.1 200 OK\n<\n" + VALID_FLAGS,
        stdout=("<stdin>:1:1: looks like curl's verbose trace (`*`, `>` and `<` lines), not a response: drop `2>&1` so that only the response is piped (`curl -i` keeps the headers) [input]",),
    ),
    "curl-head": Row(
        stdin=http("200 OK", "Content-Type: application/json", "Content-Length: 512"),
        stdout=("<stdin>: empty input after HTTP headers (HTTP 200 OK), though Content-Length is 512: `curl -I` asks for the headers only (HEAD); use `curl -i` to get the body too [input]",),
    ),
    "http-204": Row(
        stdin=http("204 No Content", "Date: Sat, 15 Mar 2025 14:30:00 GMT"),
        code=0,
        stdout=("<stdin>: no body (HTTP 204 has none by definition: nothing to check)",),
    ),
    "gzip-body": Row(
        stdin=http("200 OK", "Content-Encoding: gzip") + gzip.compress(VALID_FLAGS),
        code=0,
        stdout=(
            VALID_LINE.replace("(matched); ", "(matched); HTTP 200 OK; ").replace("{}", "<stdin>"),
            "<stdin>: warning: the body was gzip-compressed (Content-Encoding: gzip): decoded; line:column count in the decoded body (curl --compressed decodes it for you) [input]",
        ),
    ),
    "brotli-body": Row(
        stdin=http("200 OK", "Content-Encoding: br") + bytes(range(128, 256)),
        stdout=("<stdin>: the body is Brotli-compressed (Content-Encoding: br), which batchcheck does not decode: run curl with --compressed, which decodes it [input]",),
    ),
    "raw-chunked-body": Row(
        stdin=http("200 OK", "Transfer-Encoding: chunked") + b"%x\r\n%s\r\n0\r\n\r\n" % (len(VALID_FLAGS), VALID_FLAGS),
        code=0,
        stdout=("<stdin>: warning: the body came as raw chunks (Transfer-Encoding: chunked, as `curl --raw` prints it): de-chunked; line:column count in the de-chunked body [input]",),
    ),
    "two-responses": Row(
        stdin=http("200 OK") + VALID_FLAGS + http("304 Not Modified"),
        code=0,
        stdout=(
            VALID_LINE.replace("(matched); ", "(matched); HTTP 200 OK; ").replace("{}", "<stdin>#1"),
            "<stdin>#2: no body (HTTP 304 has none by definition: nothing to check)",
        ),
    ),
}  # fmt: skip


@pytest.mark.parametrize("row_id", list(ROWS))
def test_bad_input(bc, tmp_path, examples_dir, row_id):
    row = ROWS[row_id]
    argument = row.file(tmp_path, examples_dir) if row.file else "-"
    result = bc("--format", "text", argument, stdin=row.stdin or b"", timeout=30)
    assert "Traceback" not in result.stderr
    assert result.code == row.code, (result.stdout, result.stderr)
    out_lines, err_lines = result.stdout.splitlines(), result.stderr.splitlines()
    for expected in row.stdout:
        assert expected.replace("{}", argument if row.file else "<stdin>") in out_lines, result.stdout
    for expected in row.stderr:
        assert expected in err_lines, result.stderr
    if not row.stderr:
        assert result.stderr == ""


def test_duplicate_keys_in_json_output(bc):
    """Every repeat is listed with its place; the check saw the last value (here: an invalid one)."""
    body = b'{"status": "COMPLETE", "results": [\n {"appId": 1, "flagName": "f", "portalId": 2,\n'
    body += b'  "flagState": "ON", "flagState": "MAYBE", "flagState": "OFF", "appId": "x"}]}'
    result = bc("--format", "json", stdin=body)
    [doc] = result.documents
    assert result.code == 1  # appId "x" (the last value) is no integer
    assert [e["pointer"] for e in doc["errors"]] == ["/results/0/appId"]
    assert doc["inputWarnings"] == [
        {
            "message": 'duplicate key "flagState" in /results/0 (3 times, first at line 3, column 3); '
            "the check used the last value",
            "line": 3,
            "column": 44,
            "pointer": "/results/0/flagState",
        },
        {
            "message": 'duplicate key "appId" in /results/0 (2 times, first at line 2, column 3); '
            "the check used the last value",
            "line": 3,
            "column": 64,
            "pointer": "/results/0/appId",
        },
    ]
    assert len(result.stderr.splitlines()) == 2
    assert_fits_the_contract(result.stdout)


# --- crashes the fuzzing found, kept as regression tests ------------------------------------------


@pytest.mark.parametrize(
    ("schema", "stderr"),
    [
        ('{"enum": []}', ""),
        ('{"items":' * 150 + "{}" + "}" * 150, "schema nested too deeply to check (over 100 levels)"),
    ],
    ids=["empty-enum", "deeply-nested-schema"],
)
def test_odd_user_schemas(bc, tmp_path, schema, stderr):
    path = tmp_path / "odd.schema.json"
    path.write_text(schema)
    result = bc("--format", "text", "--schema", path, stdin=b"[[1]]")
    assert "Traceback" not in result.stderr
    if stderr:
        assert (result.code, result.stderr) == (2, f"batchcheck: error: {path}: {stderr}\n")
    else:
        assert result.code == 1
        assert (
            "<stdin>:1:1: (root): no value is allowed (the enum is empty); found array of 1 item [enum]"
            in (result.stdout.splitlines())
        )
