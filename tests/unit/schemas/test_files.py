"""schemas/files.py: what a `$ref` may read (Confinement), and the caps on every schema file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from batchcheck.errors import SchemaLoadError
from batchcheck.schemas.depth import check_depth
from batchcheck.schemas.files import Confinement, load_schema_file, read_schema_bytes


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "schemas" / "sub").mkdir(parents=True)
    (tmp_path / "schemas" / "sub" / "a.json").write_text("{}")
    (tmp_path / "outside.json").write_text('{"type": "SECRET"}')
    (tmp_path / "schemas" / "in.json").symlink_to(tmp_path / "schemas" / "sub" / "a.json")
    (tmp_path / "schemas" / "out.json").symlink_to(tmp_path / "outside.json")
    return tmp_path


def test_confinement_resolves_dot_dot_and_symlinks(tree):
    inside = Confinement.of(tree / "schemas")
    assert inside.allows(tree / "schemas" / "sub" / "a.json")
    assert inside.allows(tree / "schemas" / "sub" / ".." / "in.json")
    assert not inside.allows(tree / "schemas" / ".." / "outside.json")
    assert not inside.allows(tree / "schemas" / "out.json")
    assert not inside.allows(tree / "schemasX" / "a.json")  # a sibling with a common prefix


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
def test_system_folders_are_never_allowed():
    everything = Confinement.of(Path("/"))
    assert everything.allows(Path("/etc/hostname"))
    for path in ("/proc/self/environ", "/sys/kernel", "/dev/zero", "/dev/stdin"):
        assert not everything.allows(Path(path))


def test_a_referenced_file_is_refused_before_it_is_opened(tree, monkeypatch):
    opened = []
    monkeypatch.setattr("builtins.open", lambda *args, **kwargs: opened.append(args) or None)
    with pytest.raises(SchemaLoadError, match="not read: it is outside"):
        read_schema_bytes(tree / "schemas" / "out.json", Confinement.of(tree / "schemas"))
    assert opened == []


def test_a_device_is_refused_unread():
    with pytest.raises(SchemaLoadError, match=r"/dev/zero: not read: not a regular file \(a device\)"):
        read_schema_bytes(Path("/dev/zero"))


def test_a_referenced_non_json_file_is_not_quoted(tree):
    (tree / "schemas" / "notes.json").write_text("MY_SECRET_TOKEN=hunter2")
    with pytest.raises(SchemaLoadError) as refused:
        load_schema_file(tree / "schemas" / "notes.json", Confinement.of(tree / "schemas"))
    assert "hunter2" not in str(refused.value)
    with pytest.raises(SchemaLoadError, match="starts with 'MY_SECRET"):  # a file the user named: quoted
        load_schema_file(tree / "schemas" / "notes.json")


def test_depth_is_counted_without_recursion():
    check_depth("x", json.loads("[" * 100 + "]" * 100))
    with pytest.raises(SchemaLoadError, match="nested too deeply to check"):
        check_depth("x", json.loads("[" * 101 + "]" * 101))
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(SchemaLoadError):
        check_depth("x", deep)
