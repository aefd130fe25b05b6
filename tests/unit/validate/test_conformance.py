"""The official JSON-Schema-Test-Suite, every draft batchcheck reads, through batchcheck's own validation.

Each suite schema is written to a file and given to batchcheck as `--schema FILE --url-map
http://localhost:1234/=remotes/` would give it (Checker with a forced user schema: meta-schema
check in the schema's own draft, `$ref` resolution from the local copies, format checkers,
batchcheck's error collection), in-process because thousands of subprocesses would take minutes; a
handful also run through the installed CLI (tests/cli/test_drafts.py). Counts (run, passed,
skipped) are printed in the terminal summary.

- Drafts: draft4, draft6, draft7, draft2019-09 and draft2020-12. The suite's schemas leave
  `$schema` out; each is given the one of its draft, as a user's file would say it (batchcheck
  reads a schema without `$schema` as Draft 2020-12).
- Required tests: all of <draft>/*.json. `format.json` there checks that `format` is only an
  annotation by default, so it runs with --no-format-checks; everything else with format checks
  on, as batchcheck runs by default.
- Optional format tests: optional/format/<name>.json for every format batchcheck asserts that the
  draft has a file for.
- Both engines (`--engine python` and, when jsonschema-rs is installed, `--engine rs`).
- Remote references: the suite serves its `remotes/` folder at `http://localhost:1234/`; batchcheck
  never fetches, and reads them from the folder through `--url-map`, as a user would. Nothing is
  skipped.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import groupby
from pathlib import Path

import pytest
from support.suite import DRAFTS, RESULTS, SERVED_AT, SuiteCase, declaring, iter_cases

from batchcheck.validate.formats import STRING_FORMATS as REQUIRED_FORMATS


def _draft_files(draft: str) -> list[str]:
    from support.suite import suite_root

    try:
        base = suite_root() / "tests" / draft
    except Exception:  # offline: the suite_root fixture reports it
        return ["<suite unavailable>"]
    required = sorted(p.name for p in base.glob("*.json"))
    formats = [f"optional/format/{name}.json" for name in REQUIRED_FORMATS]
    return required + [f for f in formats if (base / f).is_file()]


def _check_group(
    schema_file: Path, remotes: Path, cases: list[SuiteCase], engine: str
) -> dict[str, list[str]]:
    """Run one schema group's cases through a forced user schema: outcome -> case ids."""
    from batchcheck.checker import Checker, CheckOptions
    from batchcheck.errors import ConfigurationError
    from batchcheck.read.parse import parse_bytes
    from batchcheck.schemas.catalog import SchemaSources

    outcome: dict[str, list[str]] = defaultdict(list)
    formats = cases[0].file != "format.json"
    sources = SchemaSources(url_map=(f"{SERVED_AT}={remotes}",))
    try:
        options = CheckOptions(
            schema=str(schema_file), formats=formats, max_errors=None, engine=engine, sources=sources
        )
        checker = Checker(options)
    except ConfigurationError as refused:
        outcome["failed"] += [f"{c.id} (schema refused: {refused})" for c in cases]
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


def _engines() -> list[str]:
    from batchcheck.validate.factory import rs_available

    return ["python", "rs"] if rs_available() else ["python"]


@pytest.mark.parametrize("engine", _engines())
@pytest.mark.parametrize(
    ("draft", "file"), [(draft, file) for draft in DRAFTS for file in _draft_files(draft)]
)
def test_suite(suite_root, tmp_path, draft, file, engine):
    subdir = file.rsplit("/", 1)[0] if "/" in file else ""
    cases = [c for c in iter_cases(subdir, draft) if c.file == file]
    assert cases, f"no cases in {draft}/{file}"
    totals: dict[str, list[str]] = defaultdict(list)
    for index, (_group, group_cases) in enumerate(groupby(cases, key=lambda c: c.group)):
        group_cases = list(group_cases)
        schema_file = tmp_path / f"suite-{index}.schema.json"
        schema_file.write_text(json.dumps(declaring(group_cases[0].schema, draft)), encoding="utf-8")
        for outcome, ids in _check_group(schema_file, suite_root / "remotes", group_cases, engine).items():
            totals[outcome] += ids
    kind = f"{draft} {'optional/format' if subdir else 'required'}, --engine {engine}"
    RESULTS[kind]["run"] += len(cases)
    for outcome in ("passed", "skipped", "failed"):
        RESULTS[kind][outcome] += len(totals[outcome])
    assert not totals["failed"], "\n".join(totals["failed"])
