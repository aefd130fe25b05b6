"""The Python API is typed for its users: code calling it passes `mypy --strict`, and a misuse
is caught (the package ships py.typed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

USER = """
import batchcheck

report: batchcheck.Report = batchcheck.check(
    b"{}", openapi="api.yaml", url="https://x.test/y", method="GET", status=200
)
valid: bool | None = report.valid
checker = batchcheck.Checker(schema_dirs=["contracts"], max_errors=5, engine="rs")
again = checker.check({"a": 1}, status=207)
errors: list[dict[str, object]] = again.errors
text: str = again.explain()
"""


def mypy(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "user.py").write_text(code, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "user.py"]
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)


def test_calling_the_api_passes_mypy_strict(tmp_path: Path) -> None:
    done = mypy(tmp_path, USER)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_misuse_is_caught(tmp_path: Path) -> None:
    done = mypy(
        tmp_path, "import batchcheck\nn: int = batchcheck.check(b'{}').valid\nbatchcheck.check(1, url=2)\n"
    )
    assert done.returncode == 1
    assert 'expression has type "bool | None", variable has type "int"' in done.stdout
    assert 'Argument "url" to "check" has incompatible type "int"' in done.stdout
