"""The official JSON-Schema-Test-Suite (draft2020-12) through batchcheck's own validation.

Each suite schema is written to a file and given to batchcheck as `--schema FILE` would give it
(Checker with a forced user schema: meta-schema check, `$ref` resolution, format checkers,
batchcheck's error collection), in-process because 1,900 subprocesses would take minutes; a
handful also run through the installed CLI. Counts (run, passed, skipped and why) are printed in
the terminal summary.

- Required tests: all of draft2020-12/*.json. `format.json` there checks that `format` is only
  an annotation by default, so it runs with --no-format-checks; everything else with format
  checks on, as batchcheck runs by default.
- Optional format tests: optional/format/<name>.json for every format batchcheck asserts.
- Both engines (`--engine python` and, when jsonschema-rs is installed, `--engine rs`).
- Remote references: the suite serves its `remotes/` folder at `http://localhost:1234/`.
  batchcheck never fetches, so the test does what a user would: it puts the schema file where its
  `$id` says it lives inside a copy of `remotes/`, and batchcheck reads relative `$ref`s from
  the sibling files. An absolute `http://localhost:1234/...` `$ref` or `$schema` is not
  applicable (never fetched, by design): such a case is skipped, and only when batchcheck
  refuses the schema with its "remote $ref ... is not fetched" (or custom meta-schema) error.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from collections import defaultdict
from itertools import groupby
from pathlib import Path

import pytest
from support.suite import DRAFT, RESULTS, SuiteCase, iter_cases

from batchcheck.validate.formats import STRING_FORMATS as REQUIRED_FORMATS

NOT_FETCHED = "remote $ref, never fetched by design"
CUSTOM_META = "custom meta-schema at a remote URL, never fetched by design"
SERVED_AT = "http://localhost:1234/"


@pytest.fixture(scope="session")
def remotes_copy(suite_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the suite's remotes/ folder, where schema files are written next to their siblings."""
    target = tmp_path_factory.mktemp("suite") / "remotes"
    shutil.copytree(suite_root / "remotes", target)
    return target


def _schema_file(remotes: Path, scratch: Path, index: int, schema: object) -> Path:
    """Where the schema's file goes: under remotes/ at its $id's folder, else in scratch."""
    schema_id = schema.get("$id") if isinstance(schema, dict) else None
    folder = scratch
    if isinstance(schema_id, str) and schema_id.startswith(SERVED_AT):
        folder = remotes / posixpath.dirname(schema_id.removeprefix(SERVED_AT))
        folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"batchcheck-suite-{scratch.name}-{index}.schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def _draft_files(suite_root: Path, sub: str) -> list[str]:
    base = suite_root / "tests" / DRAFT
    return sorted(p.relative_to(base).as_posix() for p in (base / sub if sub else base).glob("*.json"))


def _required_files() -> list[str]:
    from support.suite import suite_root

    try:
        return _draft_files(suite_root(), "")
    except Exception:  # offline: the suite_root fixture reports it
        return ["<suite unavailable>"]


def _format_files() -> list[str]:
    return [f"optional/format/{name}.json" for name in REQUIRED_FORMATS]


def _check_group(schema_file: Path, cases: list[SuiteCase], engine: str) -> dict[str, list[str]]:
    """Run one schema group's cases through a forced user schema: outcome -> case ids."""
    from batchcheck.check import Checker, CheckOptions
    from batchcheck.errors import ConfigurationError
    from batchcheck.read.parse import parse_bytes

    outcome: dict[str, list[str]] = defaultdict(list)
    formats = cases[0].file != "format.json"
    try:
        options = CheckOptions(schema=str(schema_file), formats=formats, max_errors=None, engine=engine)
        checker = Checker(options)
    except ConfigurationError as refused:
        reason = f"schema refused: {refused}"
        if "is not fetched" in str(refused):
            reason = NOT_FETCHED
        elif f"declares {SERVED_AT}" in str(refused):
            reason = CUSTOM_META
        outcome["failed" if reason.startswith("schema refused") else "skipped"] += [
            f"{c.id} ({reason})" for c in cases
        ]
        return outcome
    for case in cases:
        raw = json.dumps(case.instance, ensure_ascii=False).encode("utf-8", "surrogatepass")
        report = checker.check(parse_bytes("suite", raw))
        if report.input_error is not None:
            outcome["failed"].append(f"{case.id}: input error {report.input_error.message}")
        elif report.valid is case.valid:
            outcome["passed"].append(case.id)
        else:
            outcome["failed"].append(f"{case.id}: expected valid={case.valid}, got {report.valid}")
    return outcome


def _run_file(remotes: Path, tmp_path: Path, file: str, kind: str, engine: str) -> None:
    cases = [c for c in iter_cases(file.rsplit("/", 1)[0] if "/" in file else "") if c.file == file]
    assert cases, f"no cases in {file}"
    totals: dict[str, list[str]] = defaultdict(list)
    for index, (_group, group_cases) in enumerate(groupby(cases, key=lambda c: c.group)):
        group_cases = list(group_cases)
        schema_file = _schema_file(remotes, tmp_path, index, group_cases[0].schema)
        for outcome, ids in _check_group(schema_file, group_cases, engine).items():
            totals[outcome] += ids
    RESULTS[kind]["run"] += len(cases)
    for outcome in ("passed", "skipped", "failed"):
        RESULTS[kind][outcome] += len(totals[outcome])
    for skipped in totals["skipped"]:
        RESULTS[kind]["reasons"][skipped.rsplit(" (", 1)[1].rstrip(")")] += 1
    assert not totals["failed"], "\n".join(totals["failed"])


def _engines() -> list[str]:
    from batchcheck.validate.factory import rs_available

    return ["python", "rs"] if rs_available() else ["python"]


@pytest.mark.parametrize("engine", _engines())
@pytest.mark.parametrize("file", _required_files())
def test_required(remotes_copy, tmp_path, file, engine):
    _run_file(remotes_copy, tmp_path, file, f"required, --engine {engine}", engine)


@pytest.mark.parametrize("engine", _engines())
@pytest.mark.parametrize("file", _format_files())
def test_optional_format(remotes_copy, tmp_path, file, engine):
    _run_file(remotes_copy, tmp_path, file, f"optional/format, --engine {engine}", engine)
