"""docs/robustness.md and the tests it cites stay in step: every cited test exists, every row of
the bad-input catalogue (tests/cli/test_robustness_catalog.py::test_bad_input) is cited."""

from __future__ import annotations

import re
import subprocess
import sys

from support.paths import REPO_ROOT

DOC = REPO_ROOT / "docs" / "robustness.md"
_NODE = re.compile(r"`(tests/[\w/]+\.py::[\w]+(?:\[[^\]`]+\])?)`")
CATALOGUE = "tests/cli/test_robustness_catalog.py::test_bad_input"


def _collect(*targets: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *targets],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return {line.strip() for line in proc.stdout.splitlines() if "::" in line}


def test_the_document_names_only_existing_tests():
    """Every test the robustness document cites exists, and every catalogue row is cited."""
    nodes = sorted(set(_NODE.findall(DOC.read_text(encoding="utf-8"))))
    assert nodes, "docs/robustness.md cites no test"
    files = sorted({node.split("::")[0] for node in nodes})
    collected = _collect(*files, CATALOGUE)

    def exists(node: str) -> bool:
        return any(c == node or c.startswith(node + "[") for c in collected)

    missing = [node for node in nodes if not exists(node)]
    assert not missing, f"docs/robustness.md cites tests that do not exist: {missing}"
    rows = sorted(c.split("[", 1)[1].rstrip("]") for c in collected if c.startswith(CATALOGUE + "["))
    assert rows, f"{CATALOGUE} collected no rows"
    cited = {node.split("[", 1)[1].rstrip("]") for node in nodes if "::test_bad_input[" in node}
    uncited = [row for row in rows if row not in cited]
    assert not uncited, f"catalogue rows missing from docs/robustness.md: {uncited}"
