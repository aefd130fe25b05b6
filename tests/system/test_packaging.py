"""The wheel installs into a clean venv and works outside the repo (the bundled schemas themselves:
tests/contract/test_bundled_schemas.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.paths import REPO_ROOT

SCHEMA_FILES = sorted((REPO_ROOT / "schemas").glob("*.schema.json"))


def run(*command: str | os.PathLike[str], cwd: Path | None = None, timeout: float = 600) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env.update(NO_COLOR="1", COLUMNS="200", PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [str(c) for c in command],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, f"{command} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheelhouse")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, REPO_ROOT)
    [built] = out.glob("batchcheck-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with only the wheel (and its dependencies from the index) installed."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", env_dir)
    python = env_dir / "bin" / "python"
    run(python, "-m", "pip", "install", "--no-input", wheel)
    return env_dir


@pytest.fixture
def outside(tmp_path) -> Path:
    """A working directory that is neither the repo nor inside it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    assert REPO_ROOT not in folder.resolve().parents
    return folder


@pytest.mark.slow
def test_wheel_bundles_the_schemas(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        bundled = sorted(
            n for n in names if n.startswith("batchcheck/schemas/bundled/") and n.endswith(".schema.json")
        )
        contract = (
            "batchcheck/schemas/bundled/contract/report.schema.json"  # the JSON output's schema ships too
        )
        assert bundled == sorted([contract, *(f"batchcheck/schemas/bundled/{p.name}" for p in SCHEMA_FILES)])
        assert json.loads(archive.read(contract)) == json.loads(
            (REPO_ROOT / "schemas" / "contract" / "report.schema.json").read_bytes()
        )
        for path in SCHEMA_FILES:
            packed = archive.read(f"batchcheck/schemas/bundled/{path.name}")
            assert json.loads(packed) == json.loads(path.read_bytes())
        assert "batchcheck/cli/main.py" in names
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "batchcheck = batchcheck.cli:main" in archive.read(entry_points).decode()


@pytest.mark.slow
def test_installed_wheel_checks_a_file_outside_the_repo(installed, outside):
    shutil.copyfile(REPO_ROOT / "examples" / "portal-flags.partial.json", outside / "response.json")
    cli = installed / "bin" / "batchcheck"
    payload = json.loads(run(cli, "--format", "json", "response.json", cwd=outside))
    [document] = payload["documents"]
    assert payload["exitCode"] == 0
    assert document["source"] == "response.json"
    assert document["schema"] == "BatchPortalFlagStateResponseWithErrors"
    assert document["detection"] == "matched"
    assert document["valid"] is True
    assert document["summary"]["failed"] == 2


@pytest.mark.slow
def test_installed_wheel_lists_both_bundled_schemas(installed, outside):
    cli = installed / "bin" / "batchcheck"
    rows = json.loads(run(cli, "schemas", "--format", "json", cwd=outside))["schemas"]
    assert {row["name"] for row in rows} == {
        "BatchAssociationResponse",
        "BatchPortalFlagStateResponseWithErrors",
    }
    assert {row["file"] for row in rows} == {p.name for p in SCHEMA_FILES}


@pytest.mark.slow
def test_installed_wheel_imports_from_the_venv(installed, outside):
    python = installed / "bin" / "python"
    code = (
        "import batchcheck, batchcheck.schemas.files as c; print(batchcheck.__file__); print(c.bundle_dir())"
    )
    module_file, bundle = (Path(line).resolve() for line in run(python, "-c", code, cwd=outside).splitlines())
    venv_root = installed.resolve()
    assert venv_root in module_file.parents
    assert venv_root in bundle.parents
    assert REPO_ROOT not in module_file.parents
    assert sorted(p.name for p in bundle.glob("*.schema.json")) == [p.name for p in SCHEMA_FILES]


@pytest.mark.slow
def test_installed_wheel_version_matches_the_source(installed, outside):
    import batchcheck

    expected = f"batchcheck {batchcheck.__version__}"
    cli, python = installed / "bin" / "batchcheck", installed / "bin" / "python"
    assert run(cli, "--version", cwd=outside).strip() == expected
    assert run(python, "-m", "batchcheck", "--version", cwd=outside).strip() == expected
