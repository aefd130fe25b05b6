"""Benchmark: loading many user schemas, in the two shapes that used to grow quadratically.

- **schema dir**: N small schemas in one `--schema-dir` (each an object with two properties, one
  in ten referring to the file before it), checked against one small document. Each file is
  checked against the meta-schema and its refs resolved once; python-jsonschema used to get a
  copy of the whole registry for every schema (5,000 files: 5,000 copies of 5,000 resources).
- **ref chain**: N schemas each referring to the next (`properties.next.$ref`), as N files of a
  `--schema-dir`, as N `$defs` of one `--schema` file, and as N components of one OpenAPI document
  whose one response body is the first (`--openapi`: 1,000 components took 17 s once, and 4,000
  did not finish).

Every run is the whole command in a fresh process (`python -m batchcheck ... -f json doc.json`),
timed with its peak RSS by bench/launch.py; the median of --repeat runs is reported. Only
batchcheck runs: no peer is needed. `--source DIR` runs the batchcheck package found in DIR
instead of this checkout (an unpacked older commit, for before/after figures). Usage:

    python bench/loading.py [--sizes 500,1000,2000,5000] [--repeat 3] [--source DIR] [--write-docs]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the bench package importable
    sys.path.insert(0, str(ROOT))

from bench.measure import bench_env, run_once  # noqa: E402
from bench.report import write_section  # noqa: E402
from bench.tools import Invocation  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- loading-bench:start -->", "<!-- loading-bench:end -->"
DOCUMENT = {"id": 1, "f3": "x"}


def small_schema(index: int) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "title": f"S{index}",
        "type": "object",
        "properties": {"id": {"type": "integer"}, f"f{index}": {"type": "string"}},
        "required": ["id", f"f{index}"],
        "additionalProperties": False,
    }
    if index % 10 == 0 and index:
        schema["properties"]["ref"] = {"$ref": f"s{index - 1}.json"}
    return schema


def write_schema_dir(folder: Path, size: int) -> list[str]:
    folder.mkdir(parents=True)
    for index in range(size):
        (folder / f"s{index}.json").write_text(json.dumps(small_schema(index)), encoding="utf-8")
    return ["--schema-dir", str(folder), "--no-bundled"]


def write_chain_files(folder: Path, size: int) -> list[str]:
    folder.mkdir(parents=True)
    for index in range(size):
        link = {"next": {"$ref": f"c{index + 1}.json"}} if index + 1 < size else {}
        schema = {"title": f"C{index}", "type": "object", "properties": {"id": {"type": "integer"}, **link}}
        (folder / f"c{index}.json").write_text(json.dumps(schema), encoding="utf-8")
    return ["--schema-dir", str(folder), "--no-bundled"]


def write_chain_defs(folder: Path, size: int) -> list[str]:
    folder.mkdir(parents=True)
    defs = {}
    for index in range(size):
        link = {"next": {"$ref": f"#/$defs/d{index + 1}"}} if index + 1 < size else {}
        defs[f"d{index}"] = {"type": "object", "properties": {"id": {"type": "integer"}, **link}}
    path = folder / "chain.schema.json"
    path.write_text(json.dumps({"$ref": "#/$defs/d0", "$defs": defs}), encoding="utf-8")
    return ["--schema", str(path)]


def write_chain_openapi(folder: Path, size: int) -> list[str]:
    folder.mkdir(parents=True)
    components = {}
    for index in range(size):
        link = {"next": {"$ref": f"#/components/schemas/C{index + 1}"}} if index + 1 < size else {}
        components[f"C{index}"] = {"type": "object", "properties": {"id": {"type": "integer"}, **link}}
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/C0"}}}}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/chain": {"get": {"responses": {"200": {"description": "", **body}}}}},
        "components": {"schemas": components},
    }
    path = folder / "chain.openapi.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return ["--openapi", str(path), "--no-bundled"]


WRITERS = {  # shape: (folder name, writer)
    "schema dir": ("dir", write_schema_dir),
    "ref chain, files": ("chain-files", write_chain_files),
    "ref chain, $defs": ("chain-defs", write_chain_defs),
    "ref chain, OpenAPI": ("chain-openapi", write_chain_openapi),
}


def command(source: Path | None) -> list[str]:
    """`python -m batchcheck`, or the same main() imported from source first."""
    if source is None:
        return [sys.executable, "-m", "batchcheck"]
    code = (
        f"import sys; sys.path.insert(0, {str(source)!r}); from batchcheck.cli import main; sys.exit(main())"
    )
    return [sys.executable, "-c", code]


def measure(args: list[str], document: Path, repeat: int, source: Path | None) -> tuple[float, float, int]:
    """(median wall seconds, median peak RSS MiB, exit code) of the whole command."""
    env = bench_env()
    argv = [*command(source), *args, "-f", "json", str(document)]
    samples = [run_once(Invocation(argv), env).sample for _ in range(repeat)]
    codes = {sample.exit_code for sample in samples}
    if len(codes) != 1 or codes - {0, 1}:
        raise SystemExit(f"unexpected exit {codes} from {' '.join(argv)}")
    wall = statistics.median(sample.wall for sample in samples)
    rss = statistics.median(sample.rss_kib for sample in samples) / 1024
    return wall, rss, codes.pop()


def run(sizes: list[int], repeat: int, source: Path | None) -> list[tuple[str, int, float, float]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="batchcheck-loading-") as tmp:
        folder = Path(tmp)
        document = folder / "doc.json"
        document.write_text(json.dumps(DOCUMENT), encoding="utf-8")
        for shape, (name, writer) in WRITERS.items():
            for size in sizes:
                args = writer(folder / f"{name}-{size}", size)
                wall, rss, _ = measure(args, document, repeat, source)
                rows.append((shape, size, wall, rss))
                print(f"{shape:18} {size:6,}  {wall:8.2f} s  {rss:7.0f} MiB", flush=True)
    return rows


def table(rows: list[tuple[str, int, float, float]]) -> str:
    lines = [
        "| shape | schemas | wall (median) | per schema | peak RSS |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for shape, size, wall, rss in rows:
        lines.append(f"| {shape} | {size:,} | {wall:.2f} s | {wall / size * 1000:.2f} ms | {rss:.0f} MiB |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000,5000", help="comma-separated schema counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--source", type=Path, help="run the batchcheck package in DIR instead")
    parser.add_argument("--write-docs", action="store_true", help=f"write the figures into {DOCS}")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    rows = run(sizes, options.repeat, options.source)
    if options.write_docs:
        machine = f"Python {platform.python_version()}, {os.cpu_count()} cores (shared)"
        head = (
            f"## Loading many schemas (`bench/loading.py`)\n\n"
            f"Whole command (`python -m batchcheck SOURCES -f json doc.json`), median of {options.repeat} "
            f"runs, peak RSS from bench/launch.py; {machine}.\n\n"
        )
        write_section(DOCS, head + table(rows), START, END)
        print(f"wrote {DOCS}")


if __name__ == "__main__":
    main()
