"""--dask against a local run: the same archive of JSON Lines logs checked by one process and on
a Dask LocalCluster on 127.0.0.1 with 1, 2, … worker processes; wall time, lines per second,
the client's peak RSS, and the tally each run printed (which must be the local run's).

    python bench/dask_scale.py [--files 4] [--size 25] [--workers 1,2] [--write-docs]

The logs (bench/captures.py) are generated in the bench cache, never in the repository. The
cluster is started before the clock runs: the figure is what `--dask` costs and gains against an
existing cluster. On a machine with fewer cores than workers, the workers share them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.captures import write_log
from bench.measure import bench_env, run_once
from bench.report import write_section
from bench.tools import Invocation

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scale.md"
MARKERS = ("<!-- dask-scale:start -->", "<!-- dask-scale:end -->")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/dask_scale.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=4, help="JSON Lines files in the archive (default 4)")
    parser.add_argument("--size", type=int, default=25, help="MiB per file (default 25)")
    parser.add_argument("--items", type=int, default=50, help="results per batch (default 50)")
    parser.add_argument("--workers", default="1,2", help="cluster sizes, worker processes (default 1,2)")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "batchcheck-bench",
    )
    parser.add_argument("--write-docs", action="store_true", help="rewrite the figures in docs/scale.md")
    args = parser.parse_args(argv)
    from distributed import LocalCluster  # the dask extra

    batchcheck = shutil.which("batchcheck")
    if batchcheck is None:
        parser.error("batchcheck is not on PATH (pip install -e '.[dask]' in this venv)")
    archive = args.cache_dir / "captures" / f"archive-{args.files}x{args.size}m-{args.items}"
    total_lines = 0
    for n in range(args.files):
        _, lines = write_log(archive / f"day-{n:02d}.jsonl", args.size << 20, args.items, seed=16 + n)
        total_lines += lines
    size = sum(p.stat().st_size for p in archive.glob("*.jsonl")) / (1 << 20)
    env = bench_env()
    load_before = _load()
    command = [batchcheck, "--no-config", "-q", "-f", "text", str(archive)]
    rows = [_measure("local, one process", command, env, total_lines)]
    for workers in (int(w) for w in args.workers.split(",")):
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster:
            label = f"--dask, {workers} worker{'s' if workers > 1 else ''}"
            rows.append(_measure(label, [*command, "--dask", cluster.scheduler_address], env, total_lines))
    if len({row["tally"] for row in rows}) != 1:
        raise SystemExit(f"the runs disagree: {[row['tally'] for row in rows]}")
    table = render(rows, size, total_lines, args, (load_before, _load()))
    print(table)
    if args.write_docs:
        write_section(DOCS, table, *MARKERS)
        print(f"wrote {DOCS}", file=sys.stderr)
    return 0


def _measure(label: str, argv: list[str], env: dict[str, str], lines: int) -> dict:
    outcome = run_once(Invocation(argv), env)
    if outcome.sample.exit_code != 2:  # the cut-off lines are input errors
        raise SystemExit(f"{label}: exit {outcome.sample.exit_code}: {outcome.stderr[-1000:]}")
    row = {
        "label": label,
        "wall_s": outcome.sample.wall,
        "lines_per_s": lines / outcome.sample.wall,
        "rss_mib": outcome.sample.rss_kib / 1024,
        "tally": outcome.stdout.strip().splitlines()[-1],
    }
    print(json.dumps(row), file=sys.stderr)
    return row


def _load() -> str:
    """The one-minute load average, which says whether the cores were the run's alone."""
    try:
        return Path("/proc/loadavg").read_text(encoding="ascii").split()[0]
    except OSError:
        return "?"


def render(rows: list[dict], size: float, lines: int, args: argparse.Namespace, load: tuple[str, str]) -> str:
    base = rows[0]["wall_s"]
    out = [
        f"{args.files} JSON Lines files, {size:,.0f} MiB, {lines:,} batch reads of {args.items} results "
        f"(`python bench/dask_scale.py --write-docs`; {os.cpu_count()} cores, the workers share them; every "
        f"run printed `{rows[0]['tally']}`; load average {load[0]} before, {load[1]} after):",
        "",
        "| run | wall | lines/s | against local | client peak RSS |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        out.append(
            f"| {row['label']} | {row['wall_s']:,.1f} s | {row['lines_per_s']:,.0f} "
            f"| {base / row['wall_s']:.2f}x | {row['rss_mib']:.0f} MiB |"
        )
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
