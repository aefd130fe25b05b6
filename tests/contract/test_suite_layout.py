"""The test suite's own layout (tests by layer): unit tests mirror the package, tests never import
one another, and only tests/system starts real processes (bar the exceptions named here)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from support.paths import REPO_ROOT

TESTS = REPO_ROOT / "tests"
PACKAGE = REPO_ROOT / "batchcheck"
# Outside tests/system, the only tests that start a process, and why.
PROCESSES_ELSEWHERE = {
    "cli/test_injection.py": "FORCE_COLOR: rich's own colours, tried through a real process",
    "contract/test_robustness_doc.py": "pytest --collect-only of the tests docs/robustness.md cites",
}


def _python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_no_test_module_imports_another_or_conftest():
    offenders = {
        str(path.relative_to(TESTS)): sorted(m for m in mods if re.search(r"(^|\.)(test_\w+|conftest)$", m))
        for path in _python_files()
        if (mods := _imported_modules(path))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_unit_tests_mirror_the_package():
    unit = TESTS / "unit"
    for folder in sorted(p for p in unit.rglob("*") if p.is_dir() and p.name != "__pycache__"):
        package = PACKAGE / folder.relative_to(unit)
        assert (package / "__init__.py").is_file(), f"tests/unit/{folder.relative_to(unit)}: no such package"
    for test in sorted(unit.glob("test_*.py")):
        module = test.name.removeprefix("test_")
        assert (PACKAGE / module).is_file(), f"tests/unit/{test.name}: no batchcheck/{module}"


def test_only_system_tests_start_processes():
    starting = re.compile(r"\brun_cli\b|\bsubprocess\.(run|Popen|call|check_call|check_output)\(")
    found = {
        str(path.relative_to(TESTS))
        for path in _python_files()
        if path.name.startswith("test_") and starting.search(path.read_text(encoding="utf-8"))
    }
    elsewhere = {name for name in found if not name.startswith("system/")}
    assert elsewhere == set(PROCESSES_ELSEWHERE)
