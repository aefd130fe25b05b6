"""JSON Lines in bounded memory: one batchcheck process over logs of 10 MB, 100 MB and 1 GB
(generated in the bench cache, never in the repository), its wall time and peak RSS each.

    python bench/jsonl_memory.py [--sizes 10,100,1024] [--items 50] [--write-docs]

The logs are association batch reads, half of them with their requests (bench/captures.py),
checked by detection against the bundled schemas (`--openapi` adds the OpenAPI document, whose
operations the envelopes name: slower, as detection then weighs its hundreds of candidates for
the bare bodies), reported as `--format json` into a file and as the `-q` tally. A flat peak
RSS across sizes is the claim; docs/scale.md holds the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.captures import SPEC, write_log
from bench.measure import bench_env, rss_floor, run_once
from bench.report import write_section
from bench.tools import Invocation

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scale.md"
MARKERS = ("<!-- jsonl-memory:start -->", "<!-- jsonl-memory:end -->")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/jsonl_memory.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1024", help="log sizes in MiB (default 10,100,1024)")
    parser.add_argument("--items", type=int, default=50, help="results per batch (default 50)")
    parser.add_argument("--formats", default="text,json", help="report formats (default text,json)")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "batchcheck-bench",
    )
    parser.add_argument("--openapi", action="store_true", help="check against the associations v4 document")
    parser.add_argument("--write-docs", action="store_true", help="rewrite the figures in docs/scale.md")
    args = parser.parse_args(argv)
    batchcheck = shutil.which("batchcheck")
    if batchcheck is None:
        parser.error("batchcheck is not on PATH (pip install -e . in this venv)")
    env = bench_env()
    floor = rss_floor(env)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        log, lines = write_log(
            args.cache_dir / "captures" / f"traffic-{size}m-{args.items}.jsonl", size << 20, args.items
        )
        for fmt in args.formats.split(","):
            spec = ["--openapi", str(SPEC)] if args.openapi else []
            argv_ = [batchcheck, "--no-config", *spec, "-f", fmt, str(log)]
            if fmt == "text":
                argv_.insert(2, "-q")
            outcome = run_once(Invocation(argv_), env)
            sample = outcome.sample
            if sample.exit_code != 2:  # the cut-off lines are input errors
                print(outcome.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"batchcheck exited {sample.exit_code}, expected 2")
            tally = outcome.stdout.strip().splitlines()[-1] if fmt == "text" else ""
            row = {
                "size_mib": log.stat().st_size / (1 << 20),
                "lines": lines,
                "format": fmt,
                "wall_s": sample.wall,
                "lines_per_s": lines / sample.wall,
                "mib_per_s": log.stat().st_size / (1 << 20) / sample.wall,
                "peak_rss_mib": sample.rss_kib / 1024,
                "tally": tally,
            }
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    table = render(rows, floor / 1024, args.items, args.openapi)
    print(table)
    if args.write_docs:
        write_section(DOCS, table, *MARKERS)
        print(f"wrote {DOCS}", file=sys.stderr)
    return 0


def render(rows: list[dict], floor_mib: float, items: int, openapi: bool) -> str:
    command = "batchcheck --openapi associations-v4.json" if openapi else "batchcheck"
    lines = [
        f"One process, `{command}` over JSON Lines of batch reads with {items} results each "
        f"(`python bench/jsonl_memory.py --write-docs`; {os.cpu_count()} cores; the launcher's floor, "
        f"what any process reads, is {floor_mib:.1f} MiB):",
        "",
        "| log | lines | format | wall | lines/s | MiB/s | peak RSS |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['size_mib']:,.0f} MiB | {row['lines']:,} | {row['format']} | {row['wall_s']:,.1f} s "
            f"| {row['lines_per_s']:,.0f} | {row['mib_per_s']:.1f} | **{row['peak_rss_mib']:.0f} MiB** |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
