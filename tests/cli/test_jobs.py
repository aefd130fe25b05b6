"""--jobs: files checked in worker processes give the very report of a run in one process.

Every format, byte for byte: stdout, stderr (input warnings and notices, in order) and the exit
code, over a folder holding valid, invalid and partial batches, unreadable and empty files, a
duplicate key, a `curl -i` stream of two responses, an HTTP 204, a broken link, standard input in
the middle, and an OpenAPI document whose broken component only some documents reach (what the
run learns then changes the reports of the documents after it).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from support.captures import (
    BASE,
    BATCH_READ,
    SPEC,
    batch_read_207,
    broken_batch_read_207,
    entry,
    envelope,
    write_har,
    write_jsonl,
)
from support.paths import EXAMPLES

import batchcheck.parallel.pool as pool_module
from batchcheck.parallel.pool import Pool

FORMATS = ["rich", "text", "json", "github", "junit"]

HTTP_TWO = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
    + (EXAMPLES / "portal-flags.valid.json").read_bytes()
    + b"\r\nHTTP/1.1 207 Multi-Status\r\nContent-Type: application/json\r\n\r\n"
    + (EXAMPLES / "associations.partial.json").read_bytes()
)
BROKEN_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Broken", "version": "1"},
    "paths": {
        path: {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                    }
                }
            }
        }
        for path, name in (("/a", "Other"), ("/b", "Thing"))
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "owner": {"$ref": "#/components/schemas/Nowhere"}},
            },
            "Other": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
        }
    },
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eighty inputs of every kind, in an order where each kind recurs across workers' chunks."""
    root = tmp_path_factory.mktemp("many")
    examples = sorted(EXAMPLES.glob("*.json"))
    for n in range(70):
        shutil.copyfile(examples[n % len(examples)], root / f"f{n:02}.json")
    (root / "f03.json").write_text('{"status": "COMPLETE", "results": [1, 2,')  # truncated
    (root / "f11.json").write_text("")
    (root / "f17.json").write_text('{"status": "COMPLETE", "status": "PENDING", "results": []}')
    (root / "f23.json").write_bytes(HTTP_TWO)
    (root / "f29.json").write_bytes(b"HTTP/1.1 204 No Content\r\n\r\n")
    (root / "f31.json").write_text("[1, 2, 3]")
    (root / "f37.json").write_text('{"a": NaN}')
    (root / "f41.json").unlink()
    os.symlink(root / "nowhere.json", root / "f41.json")  # broken
    (root / "sub").mkdir()
    for n in range(6):
        (root / "sub" / f"g{n}.json").write_text(json.dumps({"id": str(n), "name": "x"}))
    return root


def same_run(bc, *args: str, stdin: bytes = b"") -> None:
    """The run with one process and with two give the same code, stdout and stderr."""
    one = bc("--jobs", "1", *args, stdin=stdin)
    two = bc("--jobs", "2", *args, stdin=stdin)
    assert (two.code, two.stderr) == (one.code, one.stderr)
    assert two.stdout == one.stdout


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of workers of each pool a run starts."""
    started: list[int] = []
    real = Pool.__init__

    def spy(self, jobs, setup, method=None):  # type: ignore[no-untyped-def]
        started.append(jobs)
        real(self, jobs, setup, method)

    monkeypatch.setattr(pool_module.Pool, "__init__", spy)
    return started


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_the_same_with_workers(bc, folder, fmt, pools):
    same_run(bc, "-f", fmt, "--max-errors", "0", str(folder))
    assert pools == [2]


@pytest.mark.parametrize("option", ["-v", "-q", "--fail-on-partial"])
def test_verbose_quiet_and_partial_reports_are_the_same(bc, folder, option):
    same_run(bc, option, str(folder))


def test_standard_input_among_files_and_named_files_twice(bc, folder):
    stdin = (EXAMPLES / "associations.partial.207.http").read_bytes()
    files = sorted(str(p) for p in folder.glob("f*.json"))
    same_run(bc, "-f", "text", *files[:30], "-", *files[30:], files[0], "-", "missing.json", stdin=stdin)


@pytest.mark.parametrize("fmt", FORMATS)
def test_captures_among_the_files_are_read_here_and_the_files_still_go_to_workers(
    bc, folder, fmt, pools, tmp_path
):
    """A HAR and a JSON Lines log among many files: the captures stream in this process (a
    skipped entry counted, a bad line reported), the files are checked by the workers, and the
    report is the one of a single process."""
    har = write_har(
        tmp_path / "capture.har",
        [
            entry("POST", BASE + BATCH_READ, 207, batch_read_207()),
            entry("GET", BASE + "/page", 200, "<html></html>", mime="text/html"),
            entry("POST", BASE + BATCH_READ, 207, broken_batch_read_207()),
        ],
    )
    log = write_jsonl(
        tmp_path / "day.jsonl", [envelope(json.loads(batch_read_207())), "{not json", envelope([])]
    )
    files = sorted(str(p) for p in folder.glob("f*.json"))
    same_run(bc, "-f", fmt, "--openapi", str(SPEC), *files[:40], str(har), *files[40:], str(log))
    assert pools == [2]  # the files, by two workers


def test_what_a_run_learns_midway_changes_the_later_reports_alike(bc, folder, tmp_path):
    """A broken component found while checking one document is set aside for the documents after it
    (listed for the first, absent from the others): the workers' copies each find it on their own,
    and the run checks the rest in one process from the first document that disagrees."""
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps(BROKEN_SPEC))
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(40):
        (docs / f"a{n:02}.json").write_text(json.dumps({"id": str(n), "name": "x"}))
        (docs / f"b{n:02}.json").write_text(json.dumps({"id": str(n), "owner": {"x": 1}}))
    for fmt in ("json", "text"):
        one = bc("--jobs", "1", "-f", fmt, "--openapi", str(spec), str(docs))
        two = bc("--jobs", "2", "-f", fmt, "--openapi", str(spec), str(docs))
        assert (two.code, two.stdout, two.stderr) == (one.code, one.stdout, one.stderr)
    warning = "cannot resolve $ref #/components/schemas/Nowhere"
    assert one.stderr.count(warning) == 1  # told once, after the first document that met it
    reports = bc("--jobs", "2", "-f", "json", "--openapi", str(spec), str(docs)).documents
    things = [[c for c in d["candidates"] if "Thing" in c["schema"]] for d in reports]
    assert [len(found) for found in things] == [1] * 41 + [0] * 39  # a00…a39 and b00; b01… never
    assert "cannot resolve" in things[40][0]["reason"]  # b00 met the broken component


def test_an_unusable_forced_schema_stops_the_run_where_one_process_would(bc, folder, tmp_path):
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps(BROKEN_SPEC))
    forced = ("-f", "text", "--openapi", str(spec), "-s", "#/components/schemas/Thing", str(folder))
    one, two = bc("--jobs", "1", *forced), bc("--jobs", "2", *forced)
    assert (two.code, two.stdout, two.stderr) == (one.code, one.stdout, one.stderr)
    assert one.code == 2 and "Nowhere" in one.stderr


def test_auto_uses_the_cores_for_many_files_and_one_process_for_a_few(bc, folder, pools, monkeypatch):
    monkeypatch.setattr("batchcheck.parallel.checking.usable_cores", lambda: 2)
    many = bc("-f", "json", str(folder))
    assert pools == [2]
    few = bc("-f", "json", *sorted(str(p) for p in folder.glob("f0*.json")))
    assert pools == [2]  # no second pool: ten small files are checked faster in this process
    assert many.code == 2 and few.code == 2


def test_one_core_or_jobs_1_starts_no_worker(bc, folder, pools, monkeypatch):
    monkeypatch.setattr("batchcheck.parallel.checking.usable_cores", lambda: 1)
    bc("-f", "json", str(folder))
    bc("-j", "1", "-f", "json", str(folder))
    assert pools == []


def test_jobs_from_the_configuration(bc, folder, pools, tmp_path, monkeypatch):
    (tmp_path / ".batchcheck.toml").write_text("jobs = 3\n")
    monkeypatch.chdir(tmp_path)
    settings = bc("config")
    assert "jobs = 3" in settings.stdout and ".batchcheck.toml:1" in settings.stdout
    bc("-f", "json", str(folder))
    assert pools == [3]
    bc("-j", "1", "-f", "json", str(folder))  # the command line wins
    assert pools == [3]


@pytest.mark.parametrize("value", ["-1", "'x'", "1.5", "true"])
def test_a_bad_jobs_value_in_the_configuration(bc, tmp_path, monkeypatch, value):
    (tmp_path / ".batchcheck.toml").write_text(f"jobs = {value}\n")
    monkeypatch.chdir(tmp_path)
    result = bc("-f", "json", str(EXAMPLES / "portal-flags.valid.json"))
    assert result.code == 2
    assert ".batchcheck.toml:1: jobs" in result.stderr and "Traceback" not in result.stderr


def test_a_negative_jobs_option_is_a_usage_error(bc):
    result = bc("--jobs", "-2", str(EXAMPLES / "portal-flags.valid.json"))
    assert result.code == 2 and "--jobs" in result.stderr
