"""Detection accuracy: does batchcheck name the schema an instance was generated from?

For every component schema of each OpenAPI document given (default: the test specs), draw
instances with hypothesis-jsonschema from the schema with its objects closed (no member it does
not declare: an instance the schema describes, not one it merely tolerates), keep those the
schema really accepts (batchcheck's own engine, formats asserted), write each to a file and check
them all in one run of the real command line (`batchcheck --openapi SPEC --openapi-components -f
json FILES...`, bundled schemas included). A hit: the document's schema is the one it was
generated from, or that one is among the ambiguous alternatives. Usage:

    python bench/detect_accuracy.py [--per-candidate 200] [--json] [--write-docs] [SPEC...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the bench package importable
    sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402

SPECS = [
    ROOT / "tests" / "data" / "openapi" / "crm-3.0.yaml",
    ROOT / "tests" / "data" / "openapi" / "crm-3.1.json",
]
DOCS = ROOT / "docs" / "detection.md"
START, END = "<!-- accuracy:start -->", "<!-- accuracy:end -->"


def instances(schema: dict[str, Any], count: int, seed: int) -> list[Any]:
    """Up to count distinct instances of schema, drawn reproducibly."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as fix_seed
    from hypothesis import strategies as st
    from hypothesis_jsonschema import from_schema

    formats = {
        "int32": st.integers(-(2**31), 2**31 - 1),
        "int64": st.integers(-(2**63), 2**63 - 1),
        "uuid": st.uuids().map(str),
    }
    drawn: list[Any] = []

    @fix_seed(seed)
    @settings(max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(from_schema(schema, custom_formats=formats))
    def collect(value: Any) -> None:
        if value not in drawn:
            drawn.append(value)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collect()
    return drawn


def _described(schema: dict[str, Any]) -> Any:
    """schema with its objects closed (`additionalProperties: false` where it says nothing of
    other members): instances the schema describes, not the arbitrary extra keys it tolerates."""
    from batchcheck.vocabulary import map_subschemas

    def close(node: Any, keyword: str | None) -> Any:
        if (
            isinstance(node, dict)
            and "properties" in node
            and not {
                "additionalProperties",
                "patternProperties",
                "unevaluatedProperties",
            }
            & set(node)
        ):
            return {**node, "additionalProperties": False}
        return node

    return map_subschemas(schema, close)


def measure(specs: list[Path], per_candidate: int, cli: list[str]) -> dict[str, Any]:
    from batchcheck.schemas.openapi import openapi_entries
    from batchcheck.validate.python import JsonschemaEngine

    with tempfile.TemporaryDirectory() as folder:
        cases: list[tuple[str, str, Path]] = []  # (spec, expected name, file)
        rejected = 0
        for spec_path in specs:
            entries, _ = openapi_entries([spec_path], components=True)
            for index, entry in enumerate(e for e in entries if e.pointer.startswith("/components/")):
                engine = JsonschemaEngine(entry.schema)
                for number, value in enumerate(
                    instances(_described(entry.schema), per_candidate, seed=index)
                ):
                    if not engine.is_valid(value):  # the generator's idea of a format, say
                        rejected += 1
                        continue
                    path = Path(folder) / f"{spec_path.stem}-{index}-{number}.json"
                    path.write_text(json.dumps(value))
                    cases.append((str(spec_path), entry.name, path))
        results = []
        for spec_path in specs:
            mine = [case for case in cases if case[0] == str(spec_path)]
            args = [*cli, "--no-config", "--openapi", spec_path, "--openapi-components", "-f", "json"]
            args += [case[2] for case in mine]
            proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False)
            documents = json.loads(proc.stdout)["documents"]
            results.extend(zip(mine, documents, strict=True))
        return summarise(results, rejected)  # inside: the misses quote their files


def summarise(results: list[tuple[tuple[str, str, Path], dict]], rejected: int) -> dict[str, Any]:
    per_candidate: dict[str, Counter] = {}
    misses = []
    for (_, expected, path), document in results:
        counts = per_candidate.setdefault(expected, Counter())
        counts["instances"] += 1
        named = document["schema"] == expected
        listed = document["detection"] == "ambiguous" and expected in document["alternatives"]
        counts["named"] += named
        counts["matched"] += named and document["detection"] == "matched"
        counts["first"] += named and document["detection"] == "ambiguous"
        counts["ambiguous"] += listed
        if not (named or listed):
            got = {"got": document["schema"], "detection": document["detection"]}
            misses.append({"expected": expected, **got, "instance": json.loads(path.read_text())})
    total = sum(c["instances"] for c in per_candidate.values())
    hits = sum(c["named"] + c["ambiguous"] for c in per_candidate.values())
    return {
        "instances": total,
        "hits": hits,
        "rate": hits / total if total else 0.0,
        "named": sum(c["named"] for c in per_candidate.values()),
        "generatorRejected": rejected,
        "perCandidate": {name: dict(counts) for name, counts in per_candidate.items()},
        "misses": misses[:50],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", type=Path, default=SPECS)
    parser.add_argument("--per-candidate", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--write-docs", action="store_true", help=f"write the figures into {DOCS}")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "batchcheck"]
    result = measure(args.specs, args.per_candidate, cli)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['hits']}/{result['instances']} hits ({result['rate']:.2%}); "
              f"named as the match {result['named']}; misses {len(result['misses'])}")  # fmt: skip
    if args.write_docs:
        write_docs(result, args)


def write_docs(result: dict[str, Any], args: argparse.Namespace) -> None:
    rows = [
        "| candidate | instances | matched | ambiguous, named first | ambiguous, listed after | misses |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, counts in sorted(result["perCandidate"].items()):
        cells = [counts.get(key, 0) for key in ("instances", "matched", "first", "ambiguous")]
        missed = cells[0] - cells[1] - cells[2] - cells[3]
        rows.append(f"| `{name}` | {' | '.join(map(str, cells))} | {missed} |")
    specs = ", ".join(f"`{path.relative_to(ROOT)}`" for path in args.specs)
    miss_lines = [f"- `{m['expected']}` → {m['detection']} `{m['got']}`: `{json.dumps(m['instance'])[:120]}`"
                  for m in result["misses"]] or ["- none"]  # fmt: skip
    section = "\n".join(
        [
            f"Specs: {specs}, both bundled schemas included; up to {args.per_candidate} instances drawn per "
            f"candidate (`python bench/detect_accuracy.py --per-candidate {args.per_candidate} "
            "--write-docs`).",
            "",
            f"**Hit rate: {result['rate']:.2%}** ({result['hits']} of {result['instances']}); named as the "
            f"match (matched, or first of the ambiguous): {result['named']}. Instances the generator drew "
            f"that the schema itself rejects (left out): {result['generatorRejected']}.",
            "",
            *rows,
            "",
            "Misses:",
            "",
            *miss_lines,
        ]
    )
    write_section(DOCS, section, START, END, intro="# Detection\n\n")


if __name__ == "__main__":
    main()
