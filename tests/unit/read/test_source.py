"""read_source: a file argument read and parsed, or the reason it could not be."""

from __future__ import annotations

import codecs
import os

import pytest

import batchcheck.read.source as source_module
from batchcheck.read.source import read_source

SAMPLE = '{"name": "café ✓", "ids": [1, 2.5, -3], "ok": true, "none": null}'
SAMPLE_DATA = {"name": "café ✓", "ids": [1, 2.5, -3], "ok": True, "none": None}


def test_read_source_parses_a_file(tmp_path):
    path = tmp_path / "response.json"
    path.write_bytes(codecs.BOM_UTF8 + SAMPLE.encode())
    [doc] = read_source(str(path), None)
    assert doc.error is None
    assert doc.source == str(path)
    assert doc.data == SAMPLE_DATA


def test_read_source_missing_file(tmp_path):
    path = tmp_path / "missing.json"
    [doc] = read_source(str(path), None)
    assert doc.source == str(path)
    assert doc.error is not None
    assert "no such file" in doc.error.message
    assert doc.data is None


def test_read_source_directory(tmp_path):
    [doc] = read_source(str(tmp_path), None)
    assert doc.error is not None
    assert "directory" in doc.error.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_read_source_unreadable_file(tmp_path):
    path = tmp_path / "secret.json"
    path.write_text("{}")
    path.chmod(0)
    try:
        [doc] = read_source(str(path), None)
    finally:
        path.chmod(0o644)
    assert doc.error is not None
    assert "permission denied" in doc.error.message


def test_read_source_permission_error_is_reported(tmp_path, monkeypatch):
    # Runs as root too: the PermissionError an unreadable file raises, simulated.
    path = tmp_path / "secret.json"
    path.write_text("{}")

    def refuse(name, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(name))

    monkeypatch.setattr(source_module, "open", refuse, raising=False)  # the module's open, not the builtin
    [doc] = read_source(str(path), None)
    assert doc.error is not None
    assert "permission denied" in doc.error.message
