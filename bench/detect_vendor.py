"""Detection on a second vendor's description: GitHub's REST API (about 970 component schemas,
13 MB) with GitHub's own response examples, each given as a user would pipe it: the body and its
HTTP status, no operation.

The description comes from the npm package `@octokit/openapi` (fetched with `npm pack` into the
benchmark cache the first time; nothing is copied into the repository). For every JSON response of
every operation that carries an example, the first example is checked; then a copy broken in one
place (a leaf value replaced by a value of another type) is checked too, when
openapi-schema-validator confirms the copy is invalid against the operation's own response schema.

- **named**: the schema batchcheck names is the operation's response schema, or the same schema
  word for word (the same body schema is shared by many operations);
- **broken called valid**: a confirmed-broken copy that batchcheck calls valid.

    python bench/detect_vendor.py [--write-docs]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the bench package importable
    sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402

PACKAGE = "@octokit/openapi@23.0.2"
MEMBER = "package/generated/api.github.com.json"
CACHE = Path.home() / ".cache" / "batchcheck-bench" / "vendor"
DOCS = ROOT / "docs" / "detection.md"
START, END = "<!-- vendor:start -->", "<!-- vendor:end -->"


def description() -> Path:
    """GitHub's description from the npm package, fetched once into the cache."""
    target = CACHE / "api.github.com.json"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=CACHE, check=True, capture_output=True)
        archive = next(CACHE.glob("octokit-openapi-*.tgz"))
        with tarfile.open(archive) as tar:
            source = tar.extractfile(MEMBER)
            assert source is not None
            target.write_bytes(source.read())
    return target


def examples(document: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(operation, status, first example) of every JSON response that has one."""
    from batchcheck.jsontext.pointers import resolve_fragment

    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                if "$ref" in response:
                    response = resolve_fragment(document, response["$ref"])
                for media, content in (response.get("content") or {}).items():
                    if "json" not in media:
                        continue
                    values = [
                        resolve_fragment(document, e["$ref"]) if "$ref" in e else e
                        for e in (content.get("examples") or {}).values()
                    ]
                    values = [v["value"] for v in values if isinstance(v, dict) and "value" in v]
                    if "example" in content:
                        values.append(content["example"])
                    if values:
                        found.append((f"{method.upper()} {path}", str(status), values[0]))
    return found


def broken(value: Any, rng: random.Random) -> Any | None:
    """value with one leaf (string or number) replaced by a value of another type."""
    leaves: list[list[Any]] = []

    def walk(node: Any, path: list[Any]) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, [*path, key])
        elif isinstance(node, list):
            for index, child in enumerate(node[:3]):
                walk(child, [*path, index])
        elif isinstance(node, (str, int, float)) and not isinstance(node, bool) and path:
            leaves.append(path)

    walk(value, [])
    if not leaves:
        return None
    path = rng.choice(leaves)
    copied = copy.deepcopy(value)
    node = copied
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = {"unexpected": "object"}
    return copied


def judged_invalid(document: dict[str, Any], schema: Any, value: Any) -> bool:
    """openapi-schema-validator's verdict (independent of batchcheck): value fails schema."""
    from openapi_schema_validator import OAS30Validator

    root = {"allOf": [schema], "components": document["components"]}
    try:
        return not OAS30Validator(root, format_checker=OAS30Validator.FORMAT_CHECKER).is_valid(value)
    except Exception:  # the validator fails on its own (a discriminator holding an object): unconfirmed
        return False


def measure(path: Path) -> dict[str, Any]:
    from batchcheck.checker import Checker, CheckOptions
    from batchcheck.models import Document, HttpStatus
    from batchcheck.schemas.catalog import SchemaSources
    from batchcheck.schemas.openapi.operations import operation_entries

    document = json.loads(path.read_bytes())
    start = time.perf_counter()
    checker = Checker(CheckOptions(sources=SchemaSources(openapi=(path,))))
    load = time.perf_counter() - start
    rng = random.Random(20250315)
    counts = {"examples": 0, "named": 0, "valid": 0, "broken": 0, "brokenValid": 0}
    wrong: list[str] = []
    start = time.perf_counter()
    for operation, status, value in examples(document):
        code = int(status) if status.isdigit() else None
        found = operation_entries((c.entry for c in checker.candidates), code, operation=operation)
        if found is None:
            continue
        expected = {entry.fingerprint for entry in found[0]}

        def check(body: Any, code: int | None = code) -> Any:
            http = HttpStatus(code, "") if code is not None else None
            return checker.check(Document("example", text=json.dumps(body), data=body, http=http))

        report = check(value)
        counts["examples"] += 1
        chosen = next((c for c in checker.candidates if c.entry.name == report.detection.schema), None)
        counts["named"] += chosen is not None and chosen.entry.fingerprint in expected
        counts["valid"] += bool(report.valid)
        mutant = broken(value, rng)
        schemas = [c.entry.outline for c in checker.candidates if c.entry.fingerprint in expected]
        if mutant is None or not all(judged_invalid(document, s, mutant) for s in schemas):
            continue
        counts["broken"] += 1
        if check(mutant).valid:
            counts["brokenValid"] += 1
            wrong.append(f"{operation} → {status}")
    counts["seconds"] = round(time.perf_counter() - start, 1)
    return {**counts, "candidates": len(checker.candidates), "load": round(load, 2), "wrong": wrong}


def report(result: dict[str, Any]) -> str:
    wrong = [f"- a broken `{w}` body" for w in result["wrong"]] or ["- none"]
    return "\n".join(
        [
            f"GitHub's REST description (`{PACKAGE}`, {result['candidates']} response-body candidates, "
            f"loaded in {result['load']} s), its own examples as bodies with their status, no operation "
            "(`python bench/detect_vendor.py --write-docs`):",
            "",
            f"- **{result['named']} of {result['examples']}** examples named with their operation's response "
            f"schema (or the same schema word for word); {result['valid']} called valid (GitHub's examples "
            "drift from its own schemas too);",
            f"- **{result['brokenValid']} of {result['broken']}** copies broken in one place (confirmed "
            "invalid by openapi-schema-validator) called valid;",
            f"- {result['seconds']} s for all of them in one process.",
            "",
            "Broken copies called valid:",
            "",
            *wrong,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help=f"write the figures into {DOCS}")
    args = parser.parse_args()
    text = report(measure(description()))
    print(text)
    if args.write_docs:
        write_section(DOCS, text, START, END, intro="# Detection\n\n")


if __name__ == "__main__":
    main()
