"""Many files: directories walked for *.json in a fixed order, --exclude, problems reported in place."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from batchcheck.read.arguments import Input, collect_inputs

VALID = "portal-flags.valid.json"
INVALID = "portal-flags.invalid.json"
PARTIAL = "associations.partial.json"


def report(proc: subprocess.CompletedProcess) -> dict:
    payload = json.loads(proc.stdout)
    assert payload["exitCode"] == proc.returncode, proc.stdout + proc.stderr
    return payload


def sources(proc: subprocess.CompletedProcess) -> list[str]:
    return [d["source"] for d in report(proc)["documents"]]


@pytest.fixture
def tree(tmp_path: Path, examples_dir: Path) -> Path:
    """fixtures/ with JSON at several depths, a non-JSON file and names that sort tricky ways."""
    root = tmp_path / "fixtures"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "generated").mkdir()
    copies = {
        "a.json": VALID,
        "B.json": VALID,  # upper case sorts first
        "b/deep/x.json": INVALID,
        "b/y.json": PARTIAL,
        "generated/g.json": INVALID,
        "z.json": VALID,
    }
    for name, example in copies.items():
        shutil.copyfile(examples_dir / example, root / name)
    (root / "b" / "notes.txt").write_text("not json", encoding="utf-8")
    (root / "capture.http").write_text("HTTP/1.1 200 OK\n\n{}", encoding="utf-8")
    return root


def test_a_directory_is_walked_for_json_in_sorted_depth_first_order(run_cli, tree):
    proc = run_cli("--format", "json", tree)
    expected = ["B.json", "a.json", "b/deep/x.json", "b/y.json", "generated/g.json", "z.json"]
    assert sources(proc) == [os.path.join(str(tree), name) for name in expected]
    assert proc.returncode == 1  # the invalid ones decide it, after every file was checked
    again = run_cli("--format", "json", tree)
    assert again.stdout == proc.stdout


def test_directory_given_with_a_trailing_slash_or_relative(run_cli, tree):
    proc = run_cli("--format", "json", "fixtures/", "--exclude", "*/deep/*", cwd=tree.parent)
    assert sources(proc) == [
        "fixtures/B.json",
        "fixtures/a.json",
        "fixtures/b/y.json",
        "fixtures/generated/g.json",
        "fixtures/z.json",
    ]


def test_explicit_files_are_checked_whatever_their_name(run_cli, tree, examples_dir):
    capture = examples_dir / "associations.partial.207.http"
    proc = run_cli("--format", "json", capture, tree / "b" / "notes.txt")
    documents = report(proc)["documents"]
    assert [d["source"] for d in documents] == [str(capture), str(tree / "b" / "notes.txt")]
    assert documents[0]["valid"] is True and documents[0]["http"]["status"] == 207
    assert documents[1]["inputError"]["message"].startswith("not JSON")


@pytest.mark.parametrize(
    ("patterns", "left"),
    [
        (["*.json"], []),
        (["a.json"], ["B.json", "b/deep/x.json", "b/y.json", "generated/g.json", "z.json"]),
        (["generated"], ["B.json", "a.json", "b/deep/x.json", "b/y.json", "z.json"]),  # a directory name
        (["b/*"], ["B.json", "a.json", "generated/g.json", "z.json"]),  # relative to the argument
        (["*/x.json", "[Bz].json"], ["a.json", "b/y.json", "generated/g.json"]),  # repeatable
    ],
)
def test_exclude_matches_the_relative_path_or_the_name(run_cli, tree, patterns, left):
    args = [arg for pattern in patterns for arg in ("--exclude", pattern)]
    proc = run_cli("--format", "json", *args, tree)
    if not left:
        assert proc.returncode == 2
        [document] = report(proc)["documents"]
        assert document["source"] == str(tree)
        assert document["inputError"]["message"] == "directory has no *.json files (after --exclude)"
    else:
        assert sources(proc) == [os.path.join(str(tree), name) for name in left]


def test_exclude_applies_to_explicit_files(run_cli, examples_dir):
    files = sorted(examples_dir.glob("*.json"))
    proc = run_cli("--format", "json", "--exclude", "*.invalid.json", *files)
    assert proc.returncode == 0
    assert sources(proc) == [str(f) for f in files if not f.name.endswith(".invalid.json")]
    absolute = run_cli("--format", "json", "--exclude", "examples/*", *files, cwd=examples_dir.parent)
    assert sources(absolute) == [str(f) for f in files]  # an absolute path does not match a relative glob...
    relative = [str(f.relative_to(examples_dir.parent)) for f in files]
    proc = run_cli("--format", "json", "--exclude", "examples/*", *relative, cwd=examples_dir.parent)
    assert sources(proc) == []  # ...but the path as given does
    assert proc.returncode == 0


def test_everything_excluded_reads_nothing_not_even_stdin(run_cli, examples_dir):
    proc = run_cli("--format", "text", "--exclude", "*", examples_dir / INVALID, stdin=b"not json")
    assert proc.returncode == 0
    assert proc.stdout == "0 files checked: 0 valid, 0 invalid, 0 unreadable; 0 batches with failed items\n"


def test_empty_directory_is_an_input_error(run_cli, tmp_path, examples_dir):
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run_cli("--format", "text", empty, examples_dir / VALID)
    assert proc.returncode == 2
    assert f"{empty}: directory has no *.json files [input]" in proc.stdout.splitlines()
    assert f"{examples_dir / VALID}: valid" in proc.stdout


def test_symlink_loops_are_reported_and_the_rest_checked(run_cli, tree):
    (tree / "b" / "back").symlink_to("..", target_is_directory=True)  # b/back -> fixtures
    (tree / "self.json").symlink_to("self.json")  # ELOOP
    proc = run_cli("--format", "json", tree, timeout=30)
    documents = report(proc)["documents"]
    by_source = {d["source"]: d for d in documents}
    loop = by_source[str(tree / "b" / "back")]
    assert loop["inputError"]["message"].startswith("symbolic link loop")
    assert by_source[str(tree / "self.json")]["inputError"]["message"] == "symbolic link loop"
    assert by_source[str(tree / "z.json")]["valid"] is True  # walked on after the loops
    assert by_source[str(tree / "b" / "deep" / "x.json")]["valid"] is False
    assert len(documents) == 8
    assert proc.returncode == 2


def test_symlinked_directory_and_files_are_followed(run_cli, tree, tmp_path, examples_dir):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copyfile(examples_dir / VALID, elsewhere / "e.json")
    (tree / "linked").symlink_to(elsewhere, target_is_directory=True)
    (tree / "alias.json").symlink_to(tree / "z.json")
    (tree / "dangling.json").symlink_to(tmp_path / "gone.json")
    proc = run_cli("--format", "json", "--exclude", "b", "--exclude", "generated", tree)
    documents = report(proc)["documents"]
    assert [Path(d["source"]).relative_to(tree).as_posix() for d in documents] == [
        "B.json", "a.json", "alias.json", "dangling.json", "linked/e.json", "z.json",
    ]  # fmt: skip
    assert [d["valid"] for d in documents] == [True, True, True, None, True, True]
    assert "broken symbolic link" in documents[3]["inputError"]["message"]


def test_named_pipe_in_a_directory_is_reported_not_waited_on(run_cli, tree):
    os.mkfifo(tree / "pipe.json")
    proc = run_cli("--format", "text", tree, timeout=30)
    assert proc.returncode == 2
    assert f"{tree / 'pipe.json'}: not a regular file (a named pipe); skipped [input]" in proc.stdout
    assert f"{tree / 'z.json'}: valid" in proc.stdout


def test_named_pipe_given_explicitly_is_read(run_cli, tmp_path, examples_dir):
    fifo = tmp_path / "response.json"  # what `batchcheck <(curl ...)` passes
    os.mkfifo(fifo)
    payload = (examples_dir / PARTIAL).read_bytes()

    def feed() -> None:
        with fifo.open("wb") as writer:
            writer.write(payload)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    proc = run_cli("--format", "json", fifo, timeout=30)
    writer.join(timeout=5)
    [document] = report(proc)["documents"]
    assert document["valid"] is True
    assert document["summary"]["failed"] == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list any directory")
def test_unreadable_directory_is_reported(run_cli, tree):
    locked = tree / "b"
    locked.chmod(0)
    try:
        proc = run_cli("--format", "json", tree)
    finally:
        locked.chmod(0o755)
    by_source = {d["source"]: d for d in report(proc)["documents"]}
    assert by_source[str(locked)]["inputError"]["message"] == "cannot list directory: permission denied"
    assert by_source[str(tree / "z.json")]["valid"] is True


def test_unlistable_directory_becomes_an_input_with_its_error(tree, monkeypatch):
    """The same, for root too: the directory listing itself is refused."""
    real_scandir = os.scandir
    locked = str(tree / "b")

    def scandir(path):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    inputs = collect_inputs([str(tree)])
    assert Input(locked, inputs[2].error) == inputs[2]
    assert inputs[2].error is not None
    assert inputs[2].error.message == "cannot list directory: permission denied"
    assert [Path(i.source).name for i in inputs] == ["B.json", "a.json", "b", "g.json", "z.json"]


def test_no_arguments_means_standard_input():
    assert collect_inputs([]) == [Input("-")]
    assert collect_inputs(["-", "x.json"], ("*",)) == [Input("-")]  # stdin is never excluded


# --- the closing tally ----------------------------------------------------------------------


def test_text_ends_with_one_tally_line(run_cli, tree, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    proc = run_cli("--format", "text", tree, broken)
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[-1] == (
        "7 files checked: 4 valid, 2 invalid, 1 unreadable; 1 batch with failed items"
    )


def test_text_tally_for_a_single_document(run_cli, examples_dir):
    proc = run_cli("--format", "text", stdin=(examples_dir / VALID).read_bytes())
    assert proc.stdout.splitlines()[-1] == (
        "1 file checked: 1 valid, 0 invalid, 0 unreadable; 0 batches with failed items"
    )


def test_json_tally(run_cli, tree, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[1,", encoding="utf-8")
    payload = report(run_cli("--format", "json", tree, broken))
    assert payload["tally"] == {
        "files": 7, "valid": 4, "invalid": 2, "unreadable": 1, "batchesWithFailedItems": 1,
    }  # fmt: skip
    assert payload["tally"]["files"] == len(payload["documents"])


def test_rich_tally(run_cli, tree):
    proc = run_cli(tree)
    assert proc.returncode == 1
    assert "6 files checked: 4 valid, 2 invalid, 0 unreadable; 1 batch with failed items" in proc.stdout
