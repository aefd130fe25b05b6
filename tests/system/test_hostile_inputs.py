"""Hostile inputs and surroundings, through the installed CLI: bounded reads, a walk that stays
in its tree, configuration nobody planted, output proportional to what it says, and no crash.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support.paths import EXAMPLES, INVALID, VALID

SECRET = "MY_SECRET_TOKEN=hunter2"


def _batch(results: list, **extra) -> bytes:
    return json.dumps({"status": "COMPLETE", "results": results, **extra}).encode()


# --- reading ------------------------------------------------------------------------------------


def test_standard_input_is_read_under_a_cap(cli_path, cli_env):
    """`batchcheck < /dev/zero`: an error once 512 MiB are read, not a machine out of memory."""
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run(
            [str(cli_path), "-f", "text"], stdin=zero, capture_output=True, env=cli_env(), timeout=120
        )
    assert proc.returncode == 2
    assert proc.stdout.decode().splitlines()[0] == "<stdin>: larger than 512 MiB; not checked [input]"


def test_the_walk_stays_in_its_tree(run_cli, tmp_path):
    """A symlink to `/` in a fixture folder is not walked (it was /sys without end), and a linked
    file outside the tree is not read."""
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    shutil.copyfile(EXAMPLES / VALID, fixtures / "ok.json")
    (fixtures / "root").symlink_to("/", target_is_directory=True)
    (fixtures / "env.json").symlink_to(tmp_path / "secret.txt")
    (fixtures / "again").symlink_to(fixtures, target_is_directory=True)
    result = run_cli("-f", "text", fixtures, timeout=60)
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"{fixtures}/env.json: symbolic link to outside {fixtures}; not followed [input]" in lines
    assert f"{fixtures}/root: symbolic link to outside {fixtures}; not followed [input]" in lines
    assert f"{fixtures}/again: symbolic link loop (links back to a parent directory) [input]" in lines
    assert lines[-1] == "4 files checked: 1 valid, 0 invalid, 3 unreadable; 0 batches with failed items"


# --- configuration ------------------------------------------------------------------------------


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """tmp/.batchcheck.toml with `exclude = ["*"]` above tmp/repo (a repository), an invalid
    fixture three levels below it."""
    (tmp_path / ".batchcheck.toml").write_text('exclude = ["*"]\n', encoding="utf-8")
    work = tmp_path / "repo" / "a" / "b"
    work.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    shutil.copyfile(EXAMPLES / INVALID, work / "fixture.json")
    return tmp_path


def test_configuration_above_the_repository_root_is_not_read(run_cli, planted):
    result = run_cli("-f", "text", "fixture.json", cwd=planted / "repo" / "a" / "b")
    assert result.returncode == 1  # the fixture is checked, and invalid
    assert result.stderr == ""


def test_configuration_others_could_have_written_is_passed_over(run_cli, planted):
    shutil.rmtree(planted / "repo" / ".git")  # no repository: the search goes up to tmp
    work = planted / "repo" / "a" / "b"
    os.chmod(planted, 0o777)
    try:
        result = run_cli("-f", "text", "fixture.json", cwd=work)
    finally:
        os.chmod(planted, 0o700)
    assert result.returncode == 1
    assert result.stderr == (
        f"batchcheck: warning: {planted / '.batchcheck.toml'}: configuration ignored: its directory is "
        "writable by every user (--config FILE reads it)\n"
    )
    os.chmod(planted / ".batchcheck.toml", 0o666)
    result = run_cli("-f", "text", "fixture.json", cwd=work)
    assert result.returncode == 1 and "it is writable by every user" in result.stderr
    os.chmod(planted / ".batchcheck.toml", 0o644)
    assert run_cli("-f", "text", "fixture.json", cwd=work).returncode == 2  # now it applies: nothing checked


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user takes root")
def test_configuration_of_another_user_is_passed_over(run_cli, planted):
    shutil.rmtree(planted / "repo" / ".git")
    os.chown(planted / ".batchcheck.toml", 4321, 4321)
    result = run_cli("-f", "text", "fixture.json", cwd=planted / "repo" / "a" / "b")
    assert result.returncode == 1
    assert "configuration ignored: it belongs to another user" in result.stderr


def test_checking_nothing_is_exit_2(run_cli):
    result = run_cli("-f", "json", "--exclude", "*", EXAMPLES / INVALID)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "batchcheck: error: nothing to check: --exclude left out every input\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--schema-dir", ""],
        ["--schema", ""],
        ["--config", ""],
        ["--openapi", ""],
        ["schemas", "--schema-dir", ""],
    ],
    ids=["schema-dir", "schema", "config", "openapi", "schemas-command"],
)
def test_an_empty_path_option_is_a_usage_error(run_cli, args):
    result = run_cli(*args, EXAMPLES / VALID) if args[0] != "schemas" else run_cli(*args)
    option = args[-2]
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"batchcheck: error: {option}: empty path (an unset variable?)\n"


# --- standard error that cannot be written --------------------------------------------------------


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_warnings_that_cannot_be_written_change_nothing(cli_path, cli_env, tmp_path, redirect):
    """A duplicate-key warning to a closed or full stderr: the same report and exit code."""
    doc = tmp_path / "dup.json"
    doc.write_bytes(b'{"status": "COMPLETE", "results": [], "status": "COMPLETE"}')
    command = f"exec '{cli_path}' -f json '{doc}' {redirect}"  # json: its warnings go to stderr too
    proc = subprocess.run(["sh", "-c", command], capture_output=True, env=cli_env(), timeout=60, text=True)
    plain = subprocess.run(
        [str(cli_path), "-f", "json", str(doc)], capture_output=True, env=cli_env(), text=True
    )
    assert "duplicate key" in plain.stderr
    assert (proc.returncode, proc.stdout) == (plain.returncode, plain.stdout) == (0, plain.stdout)


# --- no crash -----------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [255, 256, 300, 600, 950, 990])
@pytest.mark.parametrize("engine", ["auto", "python"])
def test_deep_arrays_get_a_verdict_or_nested_too_deeply(run_cli, tmp_path, depth, engine):
    """A 626-byte batch with an array 256 deep crashed the default engine; now every depth and
    engine answers with a verdict or the catalogued `nested too deeply`, never a traceback."""
    body = b'{"status": "COMPLETE", "results": [' + b"[" * depth + b"]" * depth + b"]}"
    recursive = tmp_path / "nested.json"
    recursive.write_text(json.dumps({"type": ["array", "object"], "items": {"$ref": "#"}}), encoding="utf-8")
    for schema in ([], ["--schema", str(recursive)]):
        result = run_cli("-f", "json", "--engine", engine, *schema, stdin=body)
        assert "Traceback" not in result.stderr
        [document] = json.loads(result.stdout)["documents"]
        if result.returncode == 2:  # too deep to validate, or (from about 990) to parse
            message = document["inputError"]["message"]
            assert message in {
                "document nested too deeply to validate",
                "invalid JSON: nesting too deep to parse",
            }
        else:
            assert result.returncode in (0, 1) and document["valid"] is (result.returncode == 0)


def test_the_report_names_the_engine_that_checked_each_document(run_cli, tmp_path):
    pytest.importorskip("jsonschema_rs")
    deep = tmp_path / "deep.json"
    deep.write_bytes(b'{"status": "COMPLETE", "results": [' + b"[" * 300 + b"]" * 300 + b"]}")
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "Thing.json").write_text(
        json.dumps({"type": "object", "required": ["thing"]}), encoding="utf-8"
    )
    (tmp_path / "thing.json").write_text('{"thing": 1}', encoding="utf-8")
    result = run_cli(
        "-f", "json", "--schema-dir", tmp_path / "schemas", EXAMPLES / VALID, deep, tmp_path / "thing.json"
    )
    engines = {
        Path(d["source"]).name: (d["schema"], d["engine"]) for d in json.loads(result.stdout)["documents"]
    }
    assert engines[VALID] == ("BatchPortalFlagStateResponseWithErrors", "rs")
    assert engines["deep.json"][1] == "python"  # jsonschema-rs cannot take 300 levels: python-jsonschema did
    assert engines["thing.json"] == ("Thing", "python")  # a schema dir's schemas: python-jsonschema


def test_cr_only_line_endings_count_lines(run_cli, tmp_path):
    doc = json.dumps(json.loads((EXAMPLES / INVALID).read_text(encoding="utf-8")), indent=2)
    (tmp_path / "lf.json").write_text(doc, encoding="utf-8", newline="")
    (tmp_path / "cr.json").write_text(doc.replace("\n", "\r"), encoding="utf-8", newline="")
    (tmp_path / "crlf.json").write_text(doc.replace("\n", "\r\n"), encoding="utf-8", newline="")

    def positions(name: str) -> list[str]:
        out = run_cli("-f", "text", tmp_path / name).stdout
        return [line.split(": ", 1)[0].removeprefix(str(tmp_path / name)) for line in out.splitlines()[:3]]

    assert (
        positions("cr.json")
        == positions("lf.json")
        == positions("crlf.json")
        == [":11:16", ":14:20", ":16:5"]
    )


# --- output proportional to what it says --------------------------------------------------------


def test_an_enum_of_100000_values_is_named_by_its_first_ten(run_cli, tmp_path):
    schema = tmp_path / "big-enum.json"
    schema.write_text(
        json.dumps({"type": "array", "items": {"enum": list(range(100_000))}}), encoding="utf-8"
    )
    result = run_cli(
        "-f", "text", "--schema", schema, "--max-errors", "0", stdin=json.dumps([-1] * 50).encode()
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 52 and len(result.stdout) < 10_000
    assert lines[0].endswith(
        "[0]: expected one of 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (99,990 more); found integer -1 [enum]"
    )


@pytest.mark.parametrize("fmt", ["rich", "text", "junit", "github"])
def test_50000_error_categories_take_a_few_lines(run_cli, fmt):
    errors = [{"status": "error", "category": f"CATEGORY_{i}", "message": "m"} for i in range(50_000)]
    result = run_cli("-f", fmt, stdin=_batch([], errors=errors))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) < 40
    assert "49,990 more" in result.stdout  # (`…` is `&#8230;` in ASCII XML)
    if fmt == "rich":
        assert "… and 49,990 more categories" in result.stdout


def test_400000_duplicate_keys_keep_1000_warnings(run_cli):
    body = b'{"status": "COMPLETE", "results": [' + b",".join([b'{"a": 1, "a": 2}'] * 400_000) + b"]}"
    result = run_cli("-f", "json", stdin=body, timeout=120)
    assert result.returncode == 1  # `{"a": 2}` items fit no schema
    warnings = json.loads(result.stdout)["documents"][0]["inputWarnings"]
    assert len(warnings) == 1001
    assert warnings[-1] == {
        "message": "… and 399,000 more duplicate keys (the first 1,000 are listed)",
        "line": None,
        "column": None,
        "pointer": None,
    }
    stderr = result.stderr.splitlines()
    assert len(stderr) == 21
    assert stderr[-1] == "batchcheck: warning: <stdin>: … and 399,980 more (--format json lists up to 1,000)"


def test_max_errors_1_shows_the_first_error_and_counts_them_all(run_cli):
    body = _batch([None] * 20_000)
    one = json.loads(run_cli("-f", "json", "--max-errors", "1", stdin=body).stdout)["documents"][0]
    every = json.loads(run_cli("-f", "json", "--max-errors", "0", stdin=body).stdout)["documents"][0]
    assert one["errorCount"] == every["errorCount"] == len(every["errors"]) >= 20_000
    assert one["errors"] == every["errors"][:1]


def test_a_named_link_to_proc_is_not_read(run_cli, tmp_path):
    """`batchcheck fixtures/*.json` names a planted `env.json -> /proc/self/environ`: not read."""
    (tmp_path / "env.json").symlink_to("/proc/self/environ")
    result = run_cli("-f", "text", "env.json", cwd=tmp_path, env={"MY_SECRET_TOKEN": "hunter2"})
    assert result.returncode == 2
    assert "hunter2" not in result.stdout + result.stderr
    assert (
        result.stdout.splitlines()[0]
        == "env.json: a system file (/proc, /sys), not a response; not read [input]"
    )


def test_a_configuration_file_names_no_folder_outside_its_own(run_cli, planted):
    """A pyproject.toml from a pull request may not point batchcheck at the runner's files."""
    repo = planted / "repo"
    (repo / "pyproject.toml").write_text('[tool.batchcheck]\nschema-dirs = ["../../etc"]\n', encoding="utf-8")
    result = run_cli("-f", "text", "a/b/fixture.json", cwd=repo)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"batchcheck: error: pyproject.toml:2: schema-dirs: ../../etc is outside {repo.resolve()} (a "
        "configuration file names schemas inside its own folder; give others on the command line)\n"
    )
    result = run_cli("-f", "text", "--config", "/dev/zero", "a/b/fixture.json", cwd=repo, timeout=30)
    assert result.returncode == 2
    assert result.stderr == "batchcheck: error: /dev/zero: not a regular file of at most 1 MiB\n"
