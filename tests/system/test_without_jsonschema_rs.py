"""Without jsonschema-rs (its import fails in a fresh interpreter): auto falls back, `--engine rs` refuses."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def without_rs(tmp_path) -> dict[str, str]:
    """An environment in which `import jsonschema_rs` fails, as when it is not installed."""
    shadow = tmp_path / "shadow" / "jsonschema_rs"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('jsonschema_rs hidden for this test')\n")
    return {"PYTHONPATH": str(shadow.parent)}


def test_engine_rs_without_jsonschema_rs_is_a_usage_error(run_cli, examples_dir, without_rs):
    proc = run_cli("--engine", "rs", examples_dir / "portal-flags.valid.json", env=without_rs)
    assert proc.returncode == 2
    assert proc.stderr == (
        "batchcheck: error: --engine rs: jsonschema-rs is not installed (pip install jsonschema-rs)\n"
    )
    assert proc.stdout == ""


def test_auto_falls_back_to_python_jsonschema(run_cli, examples_dir, without_rs):
    proc = run_cli("--format", "json", examples_dir / "portal-flags.invalid.json", env=without_rs)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)["documents"][0]
    assert document["engine"] == "python"
    assert document["errorCount"] == 3


def test_engine_rs_from_the_configuration_names_the_file_and_key(run_cli, examples_dir, without_rs, tmp_path):
    (tmp_path / ".batchcheck.toml").write_text('format = "text"\nengine = "rs"\n')
    proc = run_cli(examples_dir / "portal-flags.valid.json", env=without_rs, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        "batchcheck: error: .batchcheck.toml:2: engine: rs: "
        "jsonschema-rs is not installed (pip install jsonschema-rs)\n"
    )
