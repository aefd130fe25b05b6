"""Benchmark batchcheck against check-jsonschema, ajv-cli and sourcemeta's jsonschema CLI.

    python bench/run.py            # the full run (~10 min): installs peers, writes docs/benchmarks.md
    python bench/run.py --quick    # W1 and 1k-result W3/W4, batchcheck only, a few seconds (CI)

Run it with the interpreter of the environment batchcheck is installed in (`pip install -e .`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make the bench package importable
    sys.path.insert(0, str(REPO))

from bench import memory, report  # noqa: E402
from bench.measure import (  # noqa: E402
    Contender,
    alternate,
    bench_env,
    file_size,
    rss_floor,
    run_once,
    summarise,
)
from bench.tools import BenchError, Invocation, Job, Tool, batchcheck_tool, install_peers  # noqa: E402
from bench.workloads import ASSOCIATIONS, DEFAULT_SEED, FLAGS, Workloads  # noqa: E402

ALL = ("W1", "W2", "W3", "W4", "W5", "scaling")
BIG, HUGE = 100_000, 1_000_000
SCALING_SIZES = (10, 1_000, 10_000, BIG, HUGE)
QUICK_SIZE = 1_000


@dataclass
class Spec:
    """A workload: its job, what batchcheck must say about it, and whether peers run on it."""

    key: str
    title: str
    job: Job
    size: int
    documents: int
    schema: str
    valid: bool
    errors: int = 0
    peers: bool = True
    runs: int = 5


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="W1 and 1k-result W3/W4, batchcheck only, no docs"
    )
    parser.add_argument("--runs", type=int, default=5, help="counted runs per workload (default 5)")
    parser.add_argument("--w5-runs", type=int, default=3, help="counted runs of W5, 100 MB (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up rounds before counting (default 1)")
    parser.add_argument("--only", default=",".join(ALL), help=f"comma-separated subset of {','.join(ALL)}")
    parser.add_argument("--no-write", action="store_true", help="print the report, leave docs/ alone")
    parser.add_argument("--no-peers", action="store_true", help="batchcheck only")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="workload seed")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "batchcheck-bench",
        help="where generated workloads are kept (default ~/.cache/batchcheck-bench)",
    )
    parser.add_argument("--peers-dir", type=Path, help="where peers are installed (default CACHE_DIR/peers)")
    parser.add_argument(
        "--batchcheck-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra option for batchcheck, repeatable (e.g. --batchcheck-arg=--engine=python)",
    )
    args = parser.parse_args(argv)
    args.only = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = [part for part in args.only if part not in ALL]
    if unknown:
        parser.error(f"--only: unknown workload {', '.join(unknown)} (choose from {', '.join(ALL)})")
    if min(args.runs, args.w5_runs) < 1 or args.warmup < 0:
        parser.error("--runs and --w5-runs must be at least 1, --warmup at least 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        with _work_root(args) as root:
            section = run(args, root)
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    print(section)
    if not (args.quick or args.no_write):
        target = REPO / "docs" / "benchmarks.md"
        report.write_section(target, section)
        print(f"wrote {target.relative_to(REPO)}", file=sys.stderr)
    return 0


@contextmanager
def _work_root(args: argparse.Namespace) -> Iterator[Path]:
    """Quick runs generate into a throw-away directory; full runs keep workloads in the cache."""
    if args.quick:
        with tempfile.TemporaryDirectory(prefix="batchcheck-bench-") as folder:
            yield Path(folder)
    else:
        root = args.cache_dir / "workloads" / f"seed-{args.seed}-{_generator_digest()}"
        _prune_stale(root)
        yield root


def _prune_stale(root: Path) -> None:
    """Drop workloads an earlier generator (or seed) left in the cache: 100 MB each."""
    if root.parent.is_dir():
        for stale in root.parent.glob("seed-*"):
            if stale != root:
                shutil.rmtree(stale, ignore_errors=True)


def _generator_digest() -> str:
    """Workloads are regenerated whenever the generator or a bundled schema changes."""
    digest = hashlib.sha256((REPO / "bench" / "workloads.py").read_bytes())
    for schema in sorted((REPO / "schemas").glob("*.schema.json")):
        digest.update(schema.read_bytes())
    return digest.hexdigest()[:12]


def run(args: argparse.Namespace, root: Path) -> str:
    started, load_at_start = time.time(), _load()
    env = bench_env()
    floor = rss_floor(env)
    ours = batchcheck_tool(args.batchcheck_arg)
    peers, missing = ([], {}) if args.quick or args.no_peers else install_peers(_peers_dir(args))
    workloads = Workloads(root, REPO / "schemas", args.seed)
    probes = probe_formats([ours, *peers], workloads, env)
    measured: dict[str, report.Measured] = {}
    notes = _notes(args)
    for spec in _specs(args, workloads):
        measured[spec.key] = measure(spec, ours, peers, args.warmup, env)
        if spec.key == "W2" and memory.available():
            notes.append(workers_note(ours.build(spec.job), env))
    scaling = (
        []
        if args.quick or "scaling" not in args.only
        else measure_scaling(args, workloads, ours, measured, env)
    )
    ctx = report.Context(
        command=_command(args),
        started=datetime.fromtimestamp(started, timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        elapsed_s=time.time() - started,
        machine=machine_info(load_at_start),
        tools=[ours, *peers],
        missing=missing,
        probes=probes,
        measured=list(measured.values()),
        scaling=scaling,
        notes=notes,
        rss_floor_kib=floor,
    )
    return report.render(ctx)


def _peers_dir(args: argparse.Namespace) -> Path:
    return args.peers_dir or args.cache_dir / "peers"


def _command(args: argparse.Namespace) -> str:
    given = sys.argv[1:] if sys.argv and sys.argv[0].endswith("run.py") else []
    return shlex.join(["python", "bench/run.py", *given])


def _specs(args: argparse.Namespace, workloads: Workloads) -> Iterator[Spec]:
    """The selected workloads, generated as they come (quick: W1 and 1k-result W3/W4)."""
    only = ("W1", "W3", "W4") if args.quick else args.only
    big = QUICK_SIZE if args.quick else BIG
    runs = 2 if args.quick else args.runs
    flags_schema = REPO / "schemas" / f"{FLAGS}.schema.json"
    associations_schema = REPO / "schemas" / f"{ASSOCIATIONS}.schema.json"
    if "W1" in only:
        path = workloads.small_response(10)
        job = Job(associations_schema, stdin=path)
        yield Spec("W1", "10 results on stdin", job, file_size(path), 1, ASSOCIATIONS, True, runs=runs)
    if "W2" in only:
        folder = workloads.fixtures(1000)
        files = tuple(sorted(folder.glob("*.json")))
        job = Job(associations_schema, files=files, folder=folder)
        yield Spec(
            "W2", "1,000 fixture files", job, file_size(folder), len(files), ASSOCIATIONS, True, runs=runs
        )
    if "W3" in only:
        path = workloads.flags(big)
        title = f"{big:,} results, valid"
        yield Spec("W3", title, Job(flags_schema, files=(path,)), file_size(path), 1, FLAGS, True, runs=runs)
    if "W4" in only:
        path, broken = workloads.flags_broken(big)
        title = f"{big:,} results, {broken:,} invalid"
        job = Job(flags_schema, files=(path,))
        yield Spec("W4", title, job, file_size(path), 1, FLAGS, False, errors=broken, runs=runs)
    if "W5" in only and not args.quick:
        path = workloads.flags(HUGE)
        job = Job(flags_schema, files=(path,))
        title = f"{HUGE:,} results, valid"
        yield Spec("W5", title, job, file_size(path), 1, FLAGS, True, peers=False, runs=args.w5_runs)


def measure(spec: Spec, ours: Tool, peers: list[Tool], warmup: int, env: dict[str, str]) -> report.Measured:
    """Verify batchcheck's verdict on the workload, then time every tool on it, alternating."""
    print(f"{spec.key}: {spec.title} ({report.human_bytes(spec.size)})", file=sys.stderr)
    if spec.key != "W5":  # W5 is W3's content a hundredfold: its exit status is checked on every run
        verify_batchcheck(spec, ours, env)
    tools = [ours, *(peers if spec.peers else [])]
    contenders = [
        Contender(tool, tool.build(spec.job), 0 if spec.valid else tool.invalid_exit) for tool in tools
    ]
    samples, outputs = alternate(spec.key, contenders, warmup, spec.runs, env)
    reported: dict[str, int | None] = {}
    if not spec.valid:
        reported = {tool.name: tool.count_errors(outputs[tool.name]) for tool in tools}
        reported[ours.name] = spec.errors  # verified above with --format json
    stats = {name: summarise(found) for name, found in samples.items()}
    return report.Measured(spec.key, spec.title, spec.size, stats, spec.errors, reported)


def workers_note(invocation: Invocation, env: dict[str, str]) -> str:
    """W2's memory with its worker processes, all of them together (bench/memory.py)."""
    print("W2: memory of the whole process tree (one more, sampled, run)", file=sys.stderr)
    found = memory.tree_memory(invocation, env)
    return (
        f"W2 with its worker processes (the default `--jobs`: {found.processes - 1} workers here), "
        f"all {found.processes} processes together, sampled every {memory.INTERVAL_S * 1000:.0f} ms in "
        f"a separate run: at most {found.rss_kib / 1024:.0f} MiB RSS, {found.pss_kib / 1024:.0f} MiB PSS "
        "(pages the forked workers share with the parent counted once). The peak RSS column is the "
        "largest single process."
    )


def verify_batchcheck(spec: Spec, ours: Tool, env: dict[str, str]) -> None:
    """One untimed run with --format json: the right schema, verdicts and every error reported."""
    timed = ours.build(spec.job)
    invocation = Invocation([timed.argv[0], "--format", "json", *timed.argv[1:]], timed.stdin)
    outcome = run_once(invocation, env, keep_output=True)
    try:
        result = json.loads(outcome.stdout)
    except json.JSONDecodeError:
        raise BenchError(
            f"{spec.key}: batchcheck --format json printed no JSON: {outcome.stderr[-300:]}"
        ) from None
    documents = result["documents"]
    problems = []
    if result["exitCode"] != (0 if spec.valid else 1) or outcome.sample.exit_code != result["exitCode"]:
        problems.append(f"exit {outcome.sample.exit_code} (exitCode {result['exitCode']})")
    if len(documents) != spec.documents:
        problems.append(f"{len(documents)} documents instead of {spec.documents}")
    if wrong := sorted({str(doc["schema"]) for doc in documents} - {spec.schema}):
        problems.append(f"schema {', '.join(wrong)} instead of {spec.schema}")
    if any(doc["valid"] is not spec.valid for doc in documents):
        problems.append("a verdict other than " + ("valid" if spec.valid else "invalid"))
    counted = sum(doc["errorCount"] for doc in documents)
    listed = sum(len(doc["errors"]) for doc in documents)
    if counted != spec.errors or listed != spec.errors:
        problems.append(f"{counted} errors counted and {listed} listed instead of {spec.errors}")
    if problems:
        raise BenchError(f"{spec.key}: batchcheck gave {'; '.join(problems)}")


def probe_formats(tools: list[Tool], workloads: Workloads, env: dict[str, str]) -> dict[str, dict[str, bool]]:
    """For each tool and format: does a value that breaks only that format make it say invalid?"""
    base = json.loads(workloads.flags(10).read_text(encoding="utf-8"))
    bad_values = {
        "date-time": lambda doc: doc.update(startedAt="2025-02-30T25:61:00Z"),
        "int64": lambda doc: doc["results"][0].update(portalId=2**70),
    }
    schema = REPO / "schemas" / f"{FLAGS}.schema.json"
    found: dict[str, dict[str, bool]] = {}
    for tool in tools:
        found[tool.name] = {}
        for name, spoil in bad_values.items():
            doc = json.loads(json.dumps(base))
            spoil(doc)
            path = workloads.root / f"probe-{name}.json"
            path.write_text(json.dumps(doc), encoding="utf-8")
            outcome = run_once(tool.build(Job(schema, files=(path,))), env)
            if outcome.sample.exit_code not in (0, tool.invalid_exit):
                raise BenchError(
                    f"format probe: {tool.name} exited {outcome.sample.exit_code}: {outcome.stderr[-300:]}"
                )
            found[tool.name][name] = outcome.sample.exit_code == tool.invalid_exit
    return found


def measure_scaling(
    args: argparse.Namespace,
    workloads: Workloads,
    ours: Tool,
    measured: dict[str, report.Measured],
    env: dict,
) -> list[report.ScalingRow]:
    """batchcheck alone on valid portal-flag batches of growing size.

    W3's and W5's runs stand for 100k and 1M when this run measured them; the other sizes are
    timed together, alternating, so a change in the machine's load hits them alike.
    """
    schema = REPO / "schemas" / f"{FLAGS}.schema.json"
    reuse = {BIG: "W3", HUGE: "W5"}
    paths = {size: workloads.flags(size) for size in SCALING_SIZES}
    fresh = [size for size in SCALING_SIZES if reuse.get(size) not in measured]
    contenders = [
        Contender(replace(ours, name=f"{size:,}"), ours.build(Job(schema, files=(paths[size],))), 0)
        for size in fresh
    ]
    print(f"scaling: {', '.join(c.tool.name for c in contenders)} results", file=sys.stderr)
    runs = args.w5_runs if HUGE in fresh else args.runs
    samples, _ = alternate("scaling", contenders, args.warmup, runs, env)
    rows = []
    for size in SCALING_SIZES:
        if size in fresh:
            rows.append(report.ScalingRow(size, file_size(paths[size]), summarise(samples[f"{size:,}"]), ""))
        else:
            earlier = measured[reuse[size]]
            rows.append(
                report.ScalingRow(size, file_size(paths[size]), earlier.stats[ours.name], earlier.key)
            )
    return rows


def machine_info(load_at_start: str) -> list[tuple[str, str]]:
    """CPU, cores, memory, OS, Python, node and the load when the run started and ended."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        cpu = next(
            line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")
        )
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").split()
        memory = f"{int(meminfo[meminfo.index('MemTotal:') + 1]) / 1024**2:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        node = subprocess.run(
            ["node", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        node = "not installed"
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores" + (f", {memory}" if memory else "")),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("node", node),
        ("load average (1/5/15 min)", f"{load_at_start} at the start, {_load()} at the end"),
    ]


def _load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def _notes(args: argparse.Namespace) -> list[str]:
    return [
        "Workloads are generated from the bundled schemas with seed "
        f"{args.seed} (`bench/workloads.py`) and checked with python-jsonschema, formats asserted, "
        "when generated: valid ones validate, W4 fails on exactly its broken items (one error each: "
        "enum, type, required, null id).",
        "W1 is an association batch piped through a real pipe; W2 is 1,000 indented association "
        "fixtures (1-10 results each) in one call; W3-W5 and the scaling rows are compact portal-flag "
        "batches, as an API sends them.",
        "batchcheck does its full job: detection over every bundled schema, formats asserted, "
        "`--max-errors 0`, default (rich) report to a file; peers get the right schema explicitly; "
        "every tool's output goes to a file. An unexpected exit status aborts the run; batchcheck's "
        "verdicts and error counts are checked once per workload with `--format json` before timing.",
        f"W5 uses {args.w5_runs} counted runs after {args.warmup} warm-up; other workloads {args.runs}.",
    ]


if __name__ == "__main__":
    sys.exit(main())
