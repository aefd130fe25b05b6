"""bench/detect_accuracy.py, run as the script it is, on a small sample."""

from __future__ import annotations

import json
import subprocess
import sys

from support.paths import REPO_ROOT

REPO = REPO_ROOT


def test_generated_instances_are_detected_as_their_schema():
    """A small sample of bench/detect_accuracy.py (the docs quote a larger run)."""
    script = REPO / "bench" / "detect_accuracy.py"
    proc = subprocess.run(
        [sys.executable, script, "--per-candidate", "6", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert len(result["perCandidate"]) == 8  # every component of the test spec was sampled
    assert all(counts["instances"] >= 1 for counts in result["perCandidate"].values())
    assert result["instances"] >= 50
    assert result["rate"] >= 0.99, result["misses"]
