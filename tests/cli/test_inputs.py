"""Many files: directories walked for *.json in a fixed order, --exclude, problems reported in place."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from support.output import no_traceback

VALID = "portal-flags.valid.json"
INVALID = "portal-flags.invalid.json"
PARTIAL = "associations.partial.json"


def sources(result) -> list[str]:
    """The documents' sources (result.report checks the report's exitCode against the run's)."""
    return [d["source"] for d in result.documents]


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


def test_a_directory_is_walked_for_json_in_sorted_depth_first_order(bc, tree):
    result = bc("--format", "json", tree)
    expected = ["B.json", "a.json", "b/deep/x.json", "b/y.json", "generated/g.json", "z.json"]
    assert sources(result) == [os.path.join(str(tree), name) for name in expected]
    assert result.code == 1  # the invalid ones decide it, after every file was checked
    again = bc("--format", "json", tree)
    assert again.stdout == result.stdout


def test_directory_given_with_a_trailing_slash_or_relative(bc, tree, monkeypatch):
    monkeypatch.chdir(tree.parent)
    result = bc("--format", "json", "fixtures/", "--exclude", "*/deep/*")
    assert sources(result) == [
        "fixtures/B.json",
        "fixtures/a.json",
        "fixtures/b/y.json",
        "fixtures/generated/g.json",
        "fixtures/z.json",
    ]


def test_explicit_files_are_checked_whatever_their_name(bc, tree, examples_dir):
    capture = examples_dir / "associations.partial.207.http"
    result = bc("--format", "json", capture, tree / "b" / "notes.txt")
    documents = result.documents
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
def test_exclude_matches_the_relative_path_or_the_name(bc, tree, patterns, left):
    args = [arg for pattern in patterns for arg in ("--exclude", pattern)]
    result = bc("--format", "json", *args, tree)
    if not left:
        assert result.code == 2
        [document] = result.documents
        assert document["source"] == str(tree)
        assert document["inputError"]["message"] == "directory has no *.json files (after --exclude)"
    else:
        assert sources(result) == [os.path.join(str(tree), name) for name in left]


def test_exclude_applies_to_explicit_files(bc, examples_dir, monkeypatch):
    files = sorted(examples_dir.glob("*.json"))
    result = bc("--format", "json", "--exclude", "*.invalid.json", *files)
    assert result.code == 0
    assert sources(result) == [str(f) for f in files if not f.name.endswith(".invalid.json")]
    monkeypatch.chdir(examples_dir.parent)
    absolute = bc("--format", "json", "--exclude", "examples/*", *files)
    assert sources(absolute) == [str(f) for f in files]  # an absolute path does not match a relative glob...
    relative = [str(f.relative_to(examples_dir.parent)) for f in files]
    result = bc("--format", "json", "--exclude", "examples/*", *relative)
    assert (result.code, result.stdout) == (2, "")  # ...but the path as given does: nothing to check
    assert result.stderr == "batchcheck: error: nothing to check: --exclude left out every input\n"


def test_everything_excluded_reads_nothing_not_even_stdin(bc, examples_dir):
    """Checking nothing is no success (a planted `exclude = ["*"]` must not make a run pass)."""
    result = bc("--format", "text", "--exclude", "*", examples_dir / INVALID, stdin=b"not json")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "batchcheck: error: nothing to check: --exclude left out every input\n"


def test_empty_directory_is_an_input_error(bc, tmp_path, examples_dir):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = bc("--format", "text", empty, examples_dir / VALID)
    assert result.code == 2
    assert f"{empty}: directory has no *.json files [input]" in result.stdout.splitlines()
    assert f"{examples_dir / VALID}: valid" in result.stdout


def test_symlink_loops_are_reported_and_the_rest_checked(bc, tree):
    (tree / "b" / "back").symlink_to("..", target_is_directory=True)  # b/back -> fixtures
    (tree / "self.json").symlink_to("self.json")  # ELOOP
    result = bc("--format", "json", tree, timeout=30)
    documents = result.documents
    by_source = {d["source"]: d for d in documents}
    loop = by_source[str(tree / "b" / "back")]
    assert loop["inputError"]["message"].startswith("symbolic link loop")
    assert by_source[str(tree / "self.json")]["inputError"]["message"] == "symbolic link loop"
    assert by_source[str(tree / "z.json")]["valid"] is True  # walked on after the loops
    assert by_source[str(tree / "b" / "deep" / "x.json")]["valid"] is False
    assert len(documents) == 8
    assert result.code == 2


def test_symlinks_inside_the_tree_are_followed_once_and_out_of_it_never(bc, tree, tmp_path, examples_dir):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copyfile(examples_dir / VALID, elsewhere / "e.json")
    (tree / "linked").symlink_to(elsewhere, target_is_directory=True)  # out of the tree
    (tree / "out.json").symlink_to(elsewhere / "e.json")  # out of the tree
    (tree / "alias.json").symlink_to(tree / "z.json")
    (tree / "again").symlink_to(tree / "b" / "deep", target_is_directory=True)  # walked as b/deep only
    (tree / "dangling.json").symlink_to(tmp_path / "gone.json")
    result = bc("--format", "json", "--exclude", "generated", tree)
    documents = result.documents
    assert [Path(d["source"]).relative_to(tree).as_posix() for d in documents] == [
        "B.json", "a.json", "again/x.json", "alias.json", "b/y.json", "dangling.json", "linked", "out.json",
        "z.json",
    ]  # fmt: skip
    assert [d["valid"] for d in documents] == [True, True, False, True, True, None, None, None, True]
    assert "broken symbolic link" in documents[5]["inputError"]["message"]
    outside = f"symbolic link to outside {tree}; not followed"
    assert [documents[6]["inputError"]["message"], documents[7]["inputError"]["message"]] == [outside] * 2


def test_named_pipe_in_a_directory_is_reported_not_waited_on(bc, tree):
    os.mkfifo(tree / "pipe.json")
    result = bc("--format", "text", tree, timeout=30)
    assert result.code == 2
    assert f"{tree / 'pipe.json'}: not a regular file (a named pipe); skipped [input]" in result.stdout
    assert f"{tree / 'z.json'}: valid" in result.stdout


def test_named_pipe_given_explicitly_is_read(bc, tmp_path, examples_dir):
    fifo = tmp_path / "response.json"  # what `batchcheck <(curl ...)` passes
    os.mkfifo(fifo)
    payload = (examples_dir / PARTIAL).read_bytes()

    def feed() -> None:
        with fifo.open("wb") as writer:
            writer.write(payload)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = bc("--format", "json", fifo, timeout=30)
    writer.join(timeout=5)
    [document] = result.documents
    assert document["valid"] is True
    assert document["summary"]["failed"] == 2


def test_an_exclude_ending_in_a_slash_matches_directories_only(bc, tree, tmp_path):
    """As .gitignore reads `generated/`; a file of that name stays in."""
    (tree / "b" / "generated").mkdir()
    shutil.copyfile(tree / "a.json", tree / "b" / "generated" / "h.json")
    shutil.copyfile(tree / "a.json", tree / "generated.json")
    (tree / "b" / "generated.json").mkdir()  # a directory named like a file
    shutil.copyfile(tree / "a.json", tree / "b" / "generated.json" / "i.json")
    result = bc("--format", "json", tree, "--exclude", "generated/", "--exclude", "generated.json/")
    names = [os.path.relpath(source, tree) for source in sources(result)]
    assert names == ["B.json", "a.json", "b/deep/x.json", "b/y.json", "generated.json", "z.json"]


@pytest.mark.parametrize("name", ["a.json/", "capture.har/", "day.jsonl/"])
def test_a_file_named_with_a_trailing_slash_is_no_file(bc, tmp_path, examples_dir, name):
    """As for `cat a.json/`: a trailing slash names a directory, so a file so named is not read
    (never a capture read as one plain response)."""
    shutil.copyfile(examples_dir / VALID, tmp_path / name.rstrip("/"))
    result = bc("--format", "text", f"{tmp_path}/{name}")  # a str: Path would drop the slash
    assert result.code == 2
    assert f"{tmp_path}/{name}: cannot read: Not a directory" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list any directory")
def test_unreadable_directory_is_reported(bc, tree):
    locked = tree / "b"
    locked.chmod(0)
    try:
        result = bc("--format", "json", tree)
    finally:
        locked.chmod(0o755)
    by_source = {d["source"]: d for d in result.documents}
    assert by_source[str(locked)]["inputError"]["message"] == "cannot list directory: permission denied"
    assert by_source[str(tree / "z.json")]["valid"] is True


# --- the closing tally ----------------------------------------------------------------------


def test_text_ends_with_one_tally_line(bc, tree, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = bc("--format", "text", tree, broken)
    assert result.code == 2
    assert result.stdout.splitlines()[-1] == (
        "7 files checked: 4 valid, 2 invalid, 1 unreadable; 1 batch with failed items"
    )


def test_text_tally_for_a_single_document(bc, examples_dir):
    result = bc("--format", "text", stdin=(examples_dir / VALID).read_bytes())
    assert result.stdout.splitlines()[-1] == (
        "1 file checked: 1 valid, 0 invalid, 0 unreadable; 0 batches with failed items"
    )


def test_json_tally(bc, tree, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[1,", encoding="utf-8")
    payload = bc("--format", "json", tree, broken).report
    assert payload["tally"] == {
        "files": 7, "valid": 4, "invalid": 2, "unreadable": 1, "noBody": 0, "batchesWithFailedItems": 1,
    }  # fmt: skip
    assert payload["tally"]["files"] == len(payload["documents"])


def test_rich_tally(bc, tree):
    result = bc(tree)
    assert result.code == 1
    assert "6 files checked: 4 valid, 2 invalid, 0 unreadable; 1 batch with failed items" in result.stdout


@pytest.mark.parametrize("fmt", ["rich", "text", "json"])
def test_directory_argument(bc, tmp_path, fmt):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = bc("--format", fmt, folder)
    no_traceback(result)
    assert result.code == 2
    assert str(folder) in result.stdout + result.stderr
    assert "directory" in result.stdout + result.stderr


@pytest.mark.parametrize("fmt", ["rich", "text", "json"])
def test_missing_file_is_named_and_the_others_still_reported(bc, examples_dir, tmp_path, fmt):
    missing = tmp_path / "does-not-exist.json"
    result = bc("--format", fmt, examples_dir / VALID, missing, examples_dir / INVALID)
    no_traceback(result)
    assert result.code == 2
    if fmt == "json":
        documents = result.documents
        assert [d["source"] for d in documents] == [
            str(examples_dir / VALID),
            str(missing),
            str(examples_dir / INVALID),
        ]
        assert documents[1]["valid"] is None
        assert "no such file" in documents[1]["inputError"]["message"]
        assert documents[0]["valid"] is True
        assert documents[2]["valid"] is False
    else:
        assert str(missing) in result.stdout
        assert "no such file" in result.stdout
        assert (str(examples_dir / VALID) in result.stdout) is (fmt == "text")  # rich: only with -v
        assert str(examples_dir / INVALID) in result.stdout
        assert "results[1].flagState" in result.stdout
