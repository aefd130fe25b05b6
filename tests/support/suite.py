"""The official JSON-Schema-Test-Suite (draft4, 6, 7, 2019-09, 2020-12), taken from a registry package
at test time.

The suite is never copied into this repository. It ships inside the sdist of `jsonschema` on
PyPI (`json/tests/<draft>/` for every draft, and `json/remotes/`), so the first run downloads the
sdist of the installed jsonschema version with pip and unpacks its `json/` directory into a cache
directory; later runs reuse it.

- `BATCHCHECK_SUITE_DIR`: use an already unpacked suite (the directory holding `tests/`).
- `BATCHCHECK_SUITE_CACHE`: where to cache it (default `~/.cache/batchcheck-test-suite`).
- `BATCHCHECK_REQUIRE_SUITE=1` (set by `.ci/run`): a failed download fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

DRAFT = "draft2020-12"
DRAFTS = ("draft4", "draft6", "draft7", "draft2019-09", "draft2020-12")  # the dialects batchcheck reads
DIALECT_OF = {
    "draft4": "http://json-schema.org/draft-04/schema#",
    "draft6": "http://json-schema.org/draft-06/schema#",
    "draft7": "http://json-schema.org/draft-07/schema#",
    "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
    "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}
SERVED_AT = "http://localhost:1234/"  # where the suite's tests expect remotes/ to be served

# Conformance counts per kind ("draft7 required, --engine rs", ...), filled by test_conformance and
# printed by conftest's terminal summary: run, passed, skipped, failed, reasons for skipping.
RESULTS: dict[str, dict[str, Any]] = defaultdict(
    lambda: {"run": 0, "passed": 0, "skipped": 0, "failed": 0, "reasons": Counter()}
)


class SuiteUnavailable(RuntimeError):
    """The suite could not be found or downloaded."""


@dataclass(frozen=True)
class SuiteCase:
    """One test of the suite: a schema, an instance and whether it is valid."""

    file: str  # path under tests/<draft>, e.g. "optional/format/date.json"
    group: str  # description of the schema group
    description: str  # description of the test
    schema: Any
    instance: Any
    valid: bool

    @property
    def id(self) -> str:
        return f"{self.file} :: {self.group} :: {self.description}"


def _cache_root() -> Path:
    default = Path.home() / ".cache" / "batchcheck-test-suite"
    return Path(os.environ.get("BATCHCHECK_SUITE_CACHE", default))


def _download(target: Path, jsonschema_version: str) -> None:
    """pip-download the jsonschema sdist and unpack its json/ directory into target."""
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
            "--dest", scratch, f"jsonschema=={jsonschema_version}",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        sdists = list(Path(scratch).glob("jsonschema-*.tar.gz"))
        if done.returncode != 0 or not sdists:
            detail = done.stderr[-300:].strip()
            raise SuiteUnavailable(f"pip download jsonschema=={jsonschema_version} failed: {detail}")
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(sdists[0]) as archive:
            members = [m for m in archive.getmembers() if "/json/" in m.name and m.isfile()]
            for member in members:
                member.name = member.name.split("/json/", 1)[1]
            archive.extractall(partial, members=members, filter="data")
        partial.rename(target)


def suite_root() -> Path:
    """The directory holding the suite's `tests/` folder, downloading it on first use."""
    if given := os.environ.get("BATCHCHECK_SUITE_DIR"):
        return Path(given)
    jsonschema_version = version("jsonschema")
    target = _cache_root() / f"jsonschema-{jsonschema_version}"
    if not (target / "tests" / DRAFT).is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        _download(target, jsonschema_version)
    return target


def declaring(schema: Any, draft: str) -> Any:
    """schema as a user's file of that draft says it: with `$schema` (the suite leaves it out, and
    batchcheck reads a schema without one as Draft 2020-12)."""
    if isinstance(schema, bool):
        schema = {} if schema else {"not": {}}
    if isinstance(schema, dict) and "$schema" not in schema:
        return {"$schema": DIALECT_OF[draft], **schema}
    return schema


def remotes_dir() -> Path:
    """The suite's `remotes/` folder: documents served at http://localhost:1234/ by its tests."""
    return suite_root() / "remotes"


def iter_cases(subdir: str = "", draft: str = DRAFT) -> Iterator[SuiteCase]:
    """Every case of the draft's files under subdir ("" = required tests only, no optional/)."""
    draft_dir = suite_root() / "tests" / draft
    base = draft_dir / subdir if subdir else draft_dir
    files = sorted(base.rglob("*.json")) if subdir else sorted(base.glob("*.json"))
    for path in files:
        relative = path.relative_to(draft_dir).as_posix()
        for group in json.loads(path.read_text(encoding="utf-8")):
            for test in group["tests"]:
                yield SuiteCase(
                    relative, group["description"], test["description"],
                    group["schema"], test["data"], test["valid"],
                )  # fmt: skip
