"""The README's install command, run as printed with the real pipx: on a Debian or Ubuntu system
Python, which refuses `pip install` (PEP 668), this is how batchcheck is installed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.checkout import copy_checkout
from support.paths import REPO_ROOT

pytestmark = pytest.mark.slow


def install_command() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(r"^```sh\n(.*?)^```$", quick_start, flags=re.MULTILINE | re.DOTALL)
    return block.splitlines()[0]


def test_the_readme_install_command_works_as_printed(tmp_path: Path):
    command = install_command()
    assert command.startswith("pipx install . && batchcheck ")
    tools = tmp_path / "tools"  # pipx itself, from the package index, in a venv of its own
    subprocess.run([sys.executable, "-m", "venv", tools], check=True, timeout=300)
    subprocess.run([tools / "bin" / "python", "-m", "pip", "install", "-q", "pipx"], check=True, timeout=600)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PIP_USER"}}
    env.update(
        PIPX_HOME=str(tmp_path / "pipx-home"),
        PIPX_BIN_DIR=str(tmp_path / "bin"),
        PIPX_MAN_DIR=str(tmp_path / "man"),
        PATH=os.pathsep.join([str(tmp_path / "bin"), str(tools / "bin"), env.get("PATH", "")]),
        NO_COLOR="1",
    )
    checkout = copy_checkout(tmp_path / "batchcheck")  # a clone, as the README's reader has
    proc = subprocess.run(
        ["bash", "-c", command],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "valid  BatchAssociationResponse (matched)" in proc.stdout
    assert "HTTP 207 Multi-Status" in proc.stdout
    assert (tmp_path / "bin" / "batchcheck").exists()  # on the PATH pipx manages, not the system's
