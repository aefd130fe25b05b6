"""Untrusted content (responses, file names, user schemas) must never drive the terminal.

In-process, except with FORCE_COLOR (rich's own colours), which is tried through a real process.

Every string a response carries can reach the report: the batch status, error categories,
sub-categories, messages and ids, values quoted in validation messages, the HTTP reason
phrase, object keys, file names. None of them may put control sequences, bidi overrides or
rich markup on the terminal; --format json must still carry them unchanged.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess

import pytest

MARKUP_BOLD = "[bold]x[/bold]"
MARKUP_LINK = "[link=http://evil]y[/link]"
SGR_RED = "\u001b[31mINJECTED-RED"
CLEAR_SCREEN = "\u001b[2J"
OSC8_LINK = "\u001b]8;;http://evil\u0007click\u001b]8;;\u0007"
RLO = "\u202e"
LONE_SURROGATE = "\ud800"
OTHER_CONTROLS = "\u0000\u0008\r\u009b31m\u0085\u2028\u200b"

STATUS = f"{MARKUP_BOLD}{MARKUP_LINK}{SGR_RED}{RLO}evil"
CATEGORY = f"{MARKUP_BOLD}{SGR_RED}{RLO}{LONE_SURROGATE}"
SUB_CATEGORY = f"sub{OSC8_LINK}"
MESSAGE = f"{MARKUP_LINK} {OSC8_LINK} {OTHER_CONTROLS} {RLO}gnp.exe {LONE_SURROGATE} {CLEAR_SCREEN}"
ID = f"id{SGR_RED}"
FLAG_STATE = f"ON{OSC8_LINK}"

# Byte sequences that only the content can have produced: batchcheck itself never emits them.
INJECTED_BYTES = [
    b"\x1b[31mINJECTED",
    b"\x1b[2J",
    b"\x1b]8;;",
    b"\x07",
    b"\x00",
    b"\x08",
    b"\r",
    "\u202e".encode(),
    "\u009b".encode(),
    "\u0085".encode(),
    "\u2028".encode(),
    "\u200b".encode(),
    b"\xed\xa0\x80",  # a lone surrogate forced into UTF-8
]


# What rich itself emits with FORCE_COLOR: SGR sequences only (injected ones are escaped text).
RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def hostile_document() -> dict:
    """A portal-flags batch whose strings are all hostile (JSON escapes keep the file ASCII)."""
    return {
        "status": STATUS,
        "results": [
            {"appId": 1, "flagName": MARKUP_LINK, "portalId": 2, "flagState": FLAG_STATE},
        ],
        "numErrors": CLEAR_SCREEN,
        "errors": [
            {
                "status": "error",
                "category": CATEGORY,
                "subCategory": SUB_CATEGORY,
                "message": MESSAGE,
                "context": {"ids": [ID]},
            }
        ],
    }


@pytest.fixture
def hostile_file(tmp_path):
    path = tmp_path / "hostile.json"
    # ensure_ascii: every control character, RLO and the lone surrogate are \u escapes in the file.
    path.write_text(json.dumps(hostile_document(), ensure_ascii=True, indent=2), encoding="ascii")
    return path


RICH_PLAIN = pytest.param(["--format", "rich"], {"NO_COLOR": None}, id="rich-piped")
RICH_FORCED = pytest.param(
    ["--format", "rich"], {"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color"}, id="rich-forced"
)
TEXT = pytest.param(["--format", "text"], {}, id="text")
GITHUB = pytest.param(["--format", "github"], {}, id="github")
JUNIT = pytest.param(["--format", "junit"], {}, id="junit")
HUMAN_FORMATS = [RICH_PLAIN, RICH_FORCED, TEXT, GITHUB, JUNIT]  # CI logs and reports are read by people


@pytest.fixture
def run(bc, run_cli):
    """run(*args, stdin=b"", env=None) -> CompletedProcess with bytes: batchcheck in-process, except
    where env forces rich's colours (FORCE_COLOR), which is left to a real process (run_cli)."""

    def go(*args, stdin: bytes = b"", env: dict | None = None) -> subprocess.CompletedProcess:
        if "FORCE_COLOR" in (env or {}):
            return run_cli(*args, stdin=stdin, env=env, text=False)
        result = bc(*args, stdin=stdin, env=env)
        return subprocess.CompletedProcess(args, result.code, result.stdout_bytes, result.stderr_bytes)

    return go


def assert_nothing_injected(stdout: bytes, colour: bool) -> str:
    for sequence in INJECTED_BYTES:
        assert sequence not in stdout, f"{sequence!r} reached the output"
    if not colour:
        assert b"\x1b" not in stdout
    # Only newlines (and ESC for rich's own styling) among the C0 controls.
    allowed = {0x0A, 0x1B} if colour else {0x0A}
    assert {b for b in stdout if b < 0x20 or b == 0x7F} <= allowed
    text = stdout.decode("utf-8")  # strict: no surrogates or broken bytes
    return RICH_STYLE.sub("", text)  # rich's own colours, so the checks below see the words


@pytest.mark.parametrize(("args", "env"), HUMAN_FORMATS)
@pytest.mark.parametrize("verbose", [False, True], ids=["", "verbose"])
def test_hostile_strings_are_escaped_for_people(run, hostile_file, args, env, verbose):
    forced = "FORCE_COLOR" in env
    proc = run(*args, *(["-v"] if verbose else []), hostile_file, env=env)
    assert proc.returncode == 1, proc.stderr
    if forced:
        assert b"\x1b[" in proc.stdout, "FORCE_COLOR should make rich style its own output"
    out = assert_nothing_injected(proc.stdout, colour=forced)
    # Markup is shown as the text it is, never interpreted.
    assert MARKUP_BOLD in out
    assert MARKUP_LINK in out
    # The hostile characters are visible as escapes, not dropped silently.
    assert "\\u001b[31mINJECTED-RED" in out
    assert "\\u202e" in out
    assert b"\x1b" not in proc.stderr


@pytest.mark.parametrize(("args", "env"), HUMAN_FORMATS)
def test_hostile_http_reason_phrase(run, examples_dir, args, env):
    body = (examples_dir / "portal-flags.partial.json").read_bytes()
    reason = f"Multi {SGR_RED}{RLO}{OSC8_LINK}".encode()
    piped = b"HTTP/1.1 207 " + reason + b"\r\ncontent-type: application/json\r\n\r\n" + body
    proc = run(*args, "-", stdin=piped, env=env)
    assert proc.returncode == 0, proc.stdout
    out = assert_nothing_injected(proc.stdout, colour="FORCE_COLOR" in env)
    if args[-1] == "rich":
        assert "HTTP 207 Multi" in out
        assert "\\u001b[31mINJECTED-RED\\u202e\\u001b]8;;http://evil\\u0007click" in out


@pytest.mark.parametrize(("args", "env"), HUMAN_FORMATS)
def test_hostile_reason_phrase_of_an_html_error_page(run, args, env):
    piped = f"HTTP/1.1 502 Bad {SGR_RED}{RLO}\r\n\r\n<html>{SGR_RED}</html>".encode()
    proc = run(*args, stdin=piped, env=env)
    assert proc.returncode == 2
    out = assert_nothing_injected(proc.stdout, colour="FORCE_COLOR" in env)
    assert "looks like HTML" in out
    assert "\\u001b[31mINJECTED-RED\\u202e" in out


def test_hostile_http_reason_phrase_round_trips_in_json(bc, examples_dir):
    body = (examples_dir / "portal-flags.partial.json").read_bytes()
    reason = f"Multi {SGR_RED}{RLO}{OSC8_LINK}"
    piped = b"HTTP/1.1 207 " + reason.encode() + b"\r\n\r\n" + body
    result = bc("--format", "json", stdin=piped)
    assert result.code == 0
    assert max(result.stdout_bytes) < 0x80
    assert result.documents[0]["http"] == {"status": 207, "reason": reason}


def test_json_output_is_ascii_and_round_trips_the_strings(bc, hostile_file):
    result = bc("--format", "json", "-v", hostile_file)
    assert result.code == 1
    # ensure_ascii: no raw control, bidi or surrogate byte can reach a terminal that cats it.
    assert max(result.stdout_bytes) < 0x80
    assert {b for b in result.stdout_bytes if b < 0x20} <= {0x0A}
    payload = result.report
    [document] = payload["documents"]
    summary = document["summary"]
    assert summary["status"] == STATUS
    assert summary["numErrors"] == CLEAR_SCREEN
    assert summary["categories"] == {CATEGORY: 1}
    assert summary["subCategories"] == {CATEGORY: {SUB_CATEGORY: 1}}
    assert summary["samples"] == [{"category": CATEGORY, "message": MESSAGE, "ids": [ID]}]
    # Values quoted in validation messages keep their content too (as the JSON text of the value).
    messages = {e["pointer"]: e["message"] for e in document["errors"]}
    assert json.dumps(STATUS, ensure_ascii=False)[:50] in messages["/status"]  # quoted values are cut at 60
    assert json.dumps(FLAG_STATE, ensure_ascii=False) in messages["/results/0/flagState"]


@pytest.mark.parametrize(("args", "env"), [*HUMAN_FORMATS, pytest.param(["--format", "json"], {}, id="json")])
def test_hostile_file_name(run, examples_dir, tmp_path, args, env):
    name = "[bold]name[red]\x1b[31mINJECTED-RED\u202e.json"
    path = tmp_path / name
    shutil.copyfile(examples_dir / "portal-flags.invalid.json", path)
    missing = tmp_path / f"[bold]gone\x1b[31mINJECTED-RED{RLO}.json"
    proc = run(*args, path, missing, env=env)
    assert proc.returncode == 2
    if args[-1] == "json":
        assert max(proc.stdout) < 0x80
        sources = [d["source"] for d in json.loads(proc.stdout)["documents"]]
        assert sources == [str(path), str(missing)]
        return
    out = assert_nothing_injected(proc.stdout, colour="FORCE_COLOR" in env)
    assert "[bold]name[red]\\u001b[31mINJECTED-RED\\u202e.json" in out
    assert "[bold]gone\\u001b[31mINJECTED-RED\\u202e.json" in out


@pytest.mark.parametrize(("args", "env"), [*HUMAN_FORMATS, pytest.param(["--format", "json"], {}, id="json")])
def test_file_name_that_is_not_utf8(run, examples_dir, tmp_path, args, env):
    raw_name = os.fsencode(tmp_path) + b"/bad\xff\xfe\x1b[31mINJECTED-RED.json"
    shutil.copyfile(examples_dir / "portal-flags.invalid.json", raw_name)
    name = os.fsdecode(raw_name)  # what batchcheck sees in argv: surrogate escapes
    proc = run(*args, name, env=env)
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    if args[-1] == "json":
        assert max(proc.stdout) < 0x80
        assert json.loads(proc.stdout)["documents"][0]["source"] == name
        return
    out = assert_nothing_injected(proc.stdout, colour="FORCE_COLOR" in env)
    assert "bad\\udcff\\udcfe\\u001b[31mINJECTED-RED.json" in out


def test_hostile_schema_name_in_the_error_message(run, examples_dir):
    proc = run("--schema", f"nosuch{SGR_RED}{RLO}", examples_dir / "portal-flags.valid.json")
    assert proc.returncode == 2
    assert b"\x1b" not in proc.stderr
    assert "\u202e".encode() not in proc.stderr
    assert "nosuch\\u001b[31mINJECTED-RED\\u202e" in proc.stderr.decode("utf-8")


def test_hostile_schema_file_name_in_the_error_message(run, examples_dir, tmp_path):
    schema = tmp_path / f"[bold]s\x1b[31mINJECTED-RED{RLO}.json"
    schema.write_text('{"type": 12}', encoding="utf-8")
    proc = run("--schema", schema, examples_dir / "portal-flags.valid.json")
    assert proc.returncode == 2
    assert b"\x1b" not in proc.stderr
    assert "\u202e".encode() not in proc.stderr
    assert b"Traceback" not in proc.stderr
    assert "[bold]s\\u001b[31mINJECTED-RED\\u202e.json" in proc.stderr.decode("utf-8")


@pytest.mark.parametrize(("args", "env"), HUMAN_FORMATS)
def test_hostile_keys_and_user_schema_title(run, tmp_path, args, env):
    """Object keys (in paths and messages) and a user schema's title (its name) are content too."""
    key = f"k{SGR_RED}{RLO}"
    schema = tmp_path / "closed.schema.json"
    schema.write_text(
        json.dumps(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": f"{MARKUP_BOLD}{SGR_RED}",
                "type": "object",
                "properties": {"inner": {"type": "object", "additionalProperties": {"type": "integer"}}},
                "additionalProperties": False,
            }
        ),
        encoding="utf-8",
    )
    doc = tmp_path / "keys.json"
    doc.write_text(json.dumps({"inner": {key: "not an int"}, key: 1}), encoding="utf-8")
    proc = run(*args, "--schema", schema, doc, env=env)
    assert proc.returncode == 1, proc.stderr
    out = assert_nothing_injected(proc.stdout, colour="FORCE_COLOR" in env)
    assert MARKUP_BOLD in out
    assert "k\\u001b[31mINJECTED-RED\\u202e" in out


# --- batchcheck only reads ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["rich", "text", "json", "github", "junit", "sarif"])
def test_checked_files_are_never_modified(bc, examples_dir, tmp_path, fmt, monkeypatch):
    copies = tmp_path / "copies"
    copies.mkdir()
    for example in examples_dir.iterdir():
        shutil.copyfile(example, copies / example.name)
    (copies / "hostile.json").write_text(json.dumps(hostile_document()), encoding="ascii")
    (copies / "broken.json").write_bytes(b'{"status": "COMPLETE", "results": [')
    past = 1_000_000_000_000_000_000  # 2001-09-09, in nanoseconds
    before = {}
    for path in copies.iterdir():
        os.utime(path, ns=(past, past))
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # read-only
        before[path.name] = (path.read_bytes(), path.stat().st_mtime_ns)
    copies.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)  # and so is the folder
    try:
        files = sorted(copies.iterdir())
        monkeypatch.chdir(copies)
        result = bc("--format", fmt, "-v", "--fail-on-partial", *files)
        assert result.code == 2  # broken.json
        for path in files:
            assert str(path) in result.stdout
        after = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in copies.iterdir()}
    finally:
        copies.chmod(stat.S_IRWXU)
    assert after == before
