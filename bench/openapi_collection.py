"""Loading a spec collection: `--openapi DIR` over a HubSpot-sized set of OpenAPI documents, against
a plain `json.load` of the same files.

HubSpot's published collection holds about 450 OpenAPI documents with 14,000 component schemas
(74 MB). This script writes a synthetic collection of that shape (documents of batch read/create
operations answering 200/201/207 with `BatchResponse…` / `…WithErrors` components, collections with
paging, a shared `Error` through `components/responses`, descriptions and `example: null`
everywhere, a few Postman collections beside them), then times, each in a fresh process:

- `json.load` of every file (the floor: reading them at all);
- batchcheck loading the collection as a run does (`Catalog` with `--openapi DIR`: every document
  parsed strictly, its response bodies indexed, its candidates named);
- a whole `batchcheck --openapi DIR` run on one 207 response (loading, detection, report).

    python bench/openapi_collection.py [--documents 450] [--runs 3] [--collection DIR] [--write-docs]

`--collection DIR` measures a collection of your own instead (HubSpot's, say).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the bench package importable
    sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- collection:start -->", "<!-- collection:end -->"
CACHE = Path.home() / ".cache" / "batchcheck-bench" / "collection"
TARGET = 5.0  # loading may take at most this many times a plain json.load
_WORDS = [
    "object",
    "record",
    "association",
    "label",
    "batch",
    "input",
    "output",
    "status",
    "result",
    "error",
    "page",
    "cursor",
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def _prop(rng: random.Random, kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind, "description": _text(rng, 40), "example": None}
    if kind == "string" and rng.random() < 0.2:
        schema["format"] = "date-time"
    if kind == "integer":
        schema["format"] = "int32"
    return schema


def document(index: int, rng: random.Random) -> dict[str, Any]:
    """One synthetic document: ~31 components, a dozen operations."""
    objects = [f"Object{index}x{k}" for k in range(6)]
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["category", "correlationId", "message"],
            "properties": {name: _prop(rng, "string") for name in ("category", "correlationId", "message")},
        },
        "StandardError": {
            "type": "object",
            "required": ["category", "message", "status"],
            "properties": {name: _prop(rng, "string") for name in ("category", "message", "status", "id")},
        },
        "Paging": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/NextPage"}}},
        "NextPage": {"type": "object", "required": ["after"], "properties": {"after": _prop(rng, "string")}},
    }
    paths: dict[str, Any] = {}
    for name in objects:
        names = rng.sample([f"{word}{k}" for word in _WORDS for k in range(3)], 12)
        fields = {name: _prop(rng, rng.choice(["string", "integer", "boolean"])) for name in names}
        schemas[name] = {
            "type": "object",
            "required": ["id"],
            "properties": {"id": _prop(rng, "string"), **fields},
        }
        envelope = {
            "status": {**_prop(rng, "string"), "enum": ["PENDING", "PROCESSING", "CANCELED", "COMPLETE"]},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
            "startedAt": _prop(rng, "string"),
            "completedAt": _prop(rng, "string"),
        }
        schemas[f"BatchResponse{name}"] = {
            "type": "object",
            "required": list(envelope),
            "properties": envelope,
        }
        errors = {"type": "array", "items": {"$ref": "#/components/schemas/StandardError"}}
        with_errors = {**envelope, "errors": errors, "numErrors": _prop(rng, "integer")}
        schemas[f"BatchResponse{name}WithErrors"] = {
            "type": "object",
            "required": list(envelope),
            "properties": with_errors,
        }
        page = {"results": envelope["results"], "paging": {"$ref": "#/components/schemas/Paging"}}
        schemas[f"CollectionResponse{name}"] = {"type": "object", "required": ["results"], "properties": page}
        schemas[f"{name}Input"] = {"type": "object", "properties": fields}

        def ref(component: str) -> dict[str, Any]:
            return {
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}
            }

        default = {"default": {"$ref": "#/components/responses/Error"}}
        base = f"/crm/v{index % 4 + 1}/objects/{name.lower()}"
        paths[f"{base}/batch/read"] = {
            "post": {
                "operationId": f"read{name}",
                "responses": {
                    "200": {"description": "ok", **ref(f"BatchResponse{name}")},
                    "207": {"description": "partial", **ref(f"BatchResponse{name}WithErrors")},
                    **default,
                },
            }
        }
        paths[base] = {"get": {"operationId": f"list{name}", "responses": {
            "200": {"description": "ok", **ref(f"CollectionResponse{name}")}, **default}}}  # fmt: skip
    return {
        "openapi": "3.0.1",
        "info": {
            "title": f"Synthetic CRM {index % 90}",
            "version": f"v{index % 5}",
            "description": _text(rng, 40),
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "An error occurred.",
                    "content": {"*/*": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
        },
    }


def write_collection(folder: Path, documents: int) -> Path:
    """The synthetic collection (written once, kept in the cache)."""
    marker = folder / f".complete-{documents}"
    if marker.exists():
        return folder
    rng = random.Random(20250315)
    for index in range(documents):
        path = folder / f"area{index % 30}" / f"rollout{index}" / "spec.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document(index, rng), indent=2))
    for index in range(documents // 4):  # Postman collections lie beside the documents
        (folder / f"area{index % 30}" / f"postman{index}.json").write_text(
            json.dumps({"info": {}, "item": []})
        )
    marker.write_text("")
    return folder


def _time(code: str, runs: int) -> float:
    """Median wall seconds of `python -c code` over runs (each a fresh process)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(collection: Path, runs: int) -> dict[str, Any]:
    files = sorted(p for p in collection.rglob("*") if p.suffix in {".json", ".yaml", ".yml"})
    size = sum(p.stat().st_size for p in files)
    folder = json.dumps(str(collection))
    loop = f"for p in sorted(pathlib.Path({folder}).rglob('*.json')): json.load(p.open('rb'))"
    floor = _time(f"import json, pathlib\n{loop}", runs)
    load = _time(
        "from pathlib import Path\nfrom batchcheck.schemas.catalog import Catalog, SchemaSources\n"
        f"print(len(Catalog(sources=SchemaSources(openapi=(Path({folder}),))).entries))",
        runs,
    )
    startup = _time("import batchcheck.schemas.catalog, batchcheck.schemas.openapi", runs)
    body = json.dumps(_response(collection))
    run = []
    for _ in range(runs):
        start = time.perf_counter()
        command = [sys.executable, "-m", "batchcheck", "--no-config", "--openapi", str(collection)]
        command += ["--status", "207", "-f", "json"]
        subprocess.run(command, input=body.encode(), capture_output=True, check=False)
        run.append(time.perf_counter() - start)
    specs = sum(1 for p in files if '"openapi"' in p.read_text(encoding="utf-8", errors="replace")[:200])
    return {
        "files": len(files),
        "documents": specs,
        "bytes": size,
        "jsonLoad": floor,
        "load": load - startup,
        "loadRatio": (load - startup) / floor,
        "run": statistics.median(run),
    }


def _response(collection: Path) -> dict[str, Any]:
    """A 207 of the first document with a batch response: one of its objects, one failed item."""
    for path in sorted(collection.rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        schemas = document.get("components", {}).get("schemas", {}) if isinstance(document, dict) else {}
        for name, schema in schemas.items():
            items = schema.get("properties", {}).get("results", {}).get("items", {})
            if name.startswith("BatchResponse") and not name.endswith("WithErrors") and "$ref" in items:
                item_schema = schemas.get(items["$ref"].rsplit("/", 1)[1], {})
                values = {"string": "x", "integer": 1, "boolean": True}
                properties = item_schema.get("properties", {})
                item = {key: values.get(prop.get("type"), "x") for key, prop in properties.items()}
                error = {"status": "error", "category": "OBJECT_NOT_FOUND", "message": "no"}
                times = {"startedAt": "2025-03-15T14:30:00Z", "completedAt": "2025-03-15T14:30:01Z"}
                body = {"status": "COMPLETE", "results": [item, item], "numErrors": 1, "errors": [error]}
                return {**body, **times}
    raise SystemExit(f"{collection}: no document with a BatchResponse component to answer")


def report(result: dict[str, Any], label: str) -> str:
    verdict = "met" if result["loadRatio"] <= TARGET else "**missed**"
    return "\n".join(
        [
            f"{label}: {result['files']} files ({result['documents']} OpenAPI documents, "
            f"{result['bytes'] / 1e6:.0f} MB), medians of fresh processes "
            "(`python bench/openapi_collection.py --write-docs`).",
            "",
            "| step | wall time |",
            "| --- | ---: |",
            f"| `json.load` of every file | {result['jsonLoad']:.2f} s |",
            "| batchcheck loads the collection (`--openapi DIR`, imports subtracted) | "
            f"{result['load']:.2f} s |",
            f"| a whole run: one 207 response against the collection | {result['run']:.2f} s |",
            "",
            f"Loading takes **{result['loadRatio']:.1f}x** a plain `json.load` (target: at most {TARGET:g}x, "
            f"{verdict}).",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=450)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--collection", type=Path, help="measure this collection instead of the synthetic one"
    )
    parser.add_argument("--write-docs", action="store_true", help=f"write the figures into {DOCS}")
    args = parser.parse_args()
    collection = args.collection or write_collection(CACHE / f"documents-{args.documents}", args.documents)
    label = f"Collection `{args.collection}`" if args.collection else "Synthetic HubSpot-sized collection"
    text = report(measure(collection, args.runs), label)
    print(text)
    if args.write_docs:
        write_section(DOCS, text, START, END, intro="# Benchmarks\n\n")


if __name__ == "__main__":
    main()
