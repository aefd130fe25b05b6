"""Detection on the corpus of tests/data/detection: real-world-shaped OpenAPI documents and
responses (valid, drifting, 207 partial, error bodies, arrays, inline bodies, deliberately broken),
each with the schema a careful reader names and the verdict of openapi-schema-validator
(`judge.py`, independent of batchcheck). Does batchcheck name that schema, and does it ever call
a broken response valid?

    python bench/detect_corpus.py [--json] [--write-docs]

A case is run as a user would: `batchcheck --openapi … -f json RESPONSE` (a bare JSON body gets
`--status` with the status it was returned with; a `curl -i` capture carries its own). It is a hit
when batchcheck's `schemaRef` names the expected component, or one the corpus lists as the same
schema word for word, or the expected operation's response schema (a shared response names the
schema, not the one operation). A **wrong valid**: batchcheck says valid, the judge says invalid.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the bench package importable
    sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "detection"
DOCS = ROOT / "docs" / "detection.md"
START, END = "<!-- corpus:start -->", "<!-- corpus:end -->"


@dataclass
class Outcome:
    case: dict[str, Any]
    document: dict[str, Any]
    hit: bool
    wrong_valid: bool


@dataclass
class Result:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return sum(o.hit for o in self.outcomes)

    @property
    def rate(self) -> float:
        return self.hits / len(self.outcomes) if self.outcomes else 0.0

    def wrong_valid(self, kind: str | None = None) -> list[Outcome]:
        return [o for o in self.outcomes if o.wrong_valid and kind in (None, o.case["kind"])]

    def by_kind(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, tuple[int, int]] = {}
        for o in self.outcomes:
            hits, total = counts.get(o.case["kind"], (0, 0))
            counts[o.case["kind"]] = (hits + o.hit, total + 1)
        return counts


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """batchcheck's JSON report of one case's response, run in-process in the corpus folder."""
    import os

    from batchcheck.cli import main
    from batchcheck.environment import Environment

    status = (
        ["--status", str(case["status"])] if "status" in case and case["response"].endswith(".json") else []
    )
    args = ["--no-config", "-f", "json", *case["args"], *status, case["response"]]
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(CORPUS)
    try:
        main(args, Environment(io.BytesIO(), out, err))
    finally:
        os.chdir(here)
    return dict(json.loads(out.getvalue())["documents"][0])


def expected_pointers(case: dict[str, Any]) -> set[tuple[str, str]]:
    """(spec file name, JSON Pointer) of every schema that counts as right for the case."""
    from batchcheck.jsontext.pointers import pointer
    from batchcheck.schemas.openapi.operations import response_bodies
    from batchcheck.schemas.openapi.yaml import load_document

    right = set()
    for expected in [case["expected"], *case.get("equivalent", [])]:
        spec = Path(expected["spec"]).name
        if "component" in expected:
            right.add((spec, pointer(("components", "schemas", expected["component"]))))
            continue
        document = load_document(CORPUS / expected["spec"])
        for body in response_bodies(document):
            if body.use.operation == expected["operation"] and body.use.status == expected["status"]:
                right.add((spec, body.pointer))
    return right


def measure() -> Result:
    sys.path.insert(0, str(CORPUS))
    from judge import judge  # tests/data/detection/judge.py: the independent truth

    verdicts = judge(CORPUS)
    wrong = [v for v in verdicts if not v.ok]
    if wrong:
        raise SystemExit(f"the corpus disagrees with its judge: {[(v.name, v.problems) for v in wrong]}")
    result = Result()
    for verdict in verdicts:
        case = verdict.case
        document = run_case(case)
        ref = document.get("schemaRef") or {}
        found = (Path(ref.get("file", "")).name, ref.get("pointer", ""))
        hit = found in expected_pointers(case)
        wrong_valid = document["valid"] is True and verdict.judged_valid is False
        result.outcomes.append(Outcome(case, document, hit, wrong_valid))
    return result


def report(result: Result) -> str:
    kinds = result.by_kind()
    rows = ["| kind | cases | right schema |", "| --- | ---: | ---: |"]
    rows += [f"| {kind} | {total} | {hits} |" for kind, (hits, total) in sorted(kinds.items())]
    misses = [
        f"- `{o.case['response']}` ({o.case['kind']}): expected `{_expected(o.case)}`, got "
        f"{o.document['detection']} `{o.document['schema']}`"
        + (f", alternatives {o.document['alternatives']}" if o.document["alternatives"] else "")
        + f". {o.case['why']}"
        for o in result.outcomes
        if not o.hit
    ] or ["- none"]
    wrong = [
        f"- `{o.case['response']}` ({o.case['kind']}): valid against `{o.document['schema']}`; "
        f"{o.case['why']}"
        for o in result.wrong_valid()
    ] or ["- none"]
    broken = sum(1 for o in result.outcomes if o.case["kind"] == "broken")
    return "\n".join(
        [
            f"**{result.hits} of {len(result.outcomes)} responses named with their schema "
            f"({result.rate:.1%})**; broken responses called valid: "
            f"**{len(result.wrong_valid('broken'))} of {broken}**; invalid responses (broken or drifting) "
            f"called valid: {len(result.wrong_valid())} of "
            f"{sum(1 for o in result.outcomes if o.case['valid'] is False)} "
            "(`python bench/detect_corpus.py --write-docs`).",
            "",
            *rows,
            "",
            "Misses:",
            "",
            *misses,
            "",
            "Called valid though the judge says invalid:",
            "",
            *wrong,
        ]
    )


def _expected(case: dict[str, Any]) -> str:
    e = case["expected"]
    return (
        f"{e['spec']} {e['component']}"
        if "component" in e
        else f"{e['spec']} {e['operation']} → {e['status']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print hits and misses as JSON")
    parser.add_argument("--write-docs", action="store_true", help=f"write the figures into {DOCS}")
    args = parser.parse_args()
    result = measure()
    if args.json:
        misses = [o.case["response"] for o in result.outcomes if not o.hit]
        print(json.dumps({"cases": len(result.outcomes), "hits": result.hits, "misses": misses}))
    else:
        print(report(result))
    if args.write_docs:
        write_section(DOCS, report(result), START, END, intro="# Detection\n\n")


if __name__ == "__main__":
    main()
