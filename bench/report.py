"""The benchmark's report: Markdown tables, the issue's targets judged, docs/benchmarks.md updated."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from bench.measure import Stats
from bench.tools import Tool

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BATCHCHECK = "batchcheck"
FLAT_GROWTH = 1.5  # per-result cost may grow at most this much from a smaller size to a larger one
MEASURABLE_S = 0.05  # below this much work above the 10-result run, per-result cost is noise
_INTRO = """# Benchmarks

How fast batchcheck checks API responses, side by side with check-jsonschema, ajv-cli and
sourcemeta's jsonschema CLI. The section between the markers below is written by
`python bench/run.py` (see `bench/`); do not edit it by hand.

"""


@dataclass
class Measured:
    """One workload's outcome: per tool (batchcheck first) its timing statistics."""

    key: str
    title: str
    size: int  # bytes of input
    stats: dict[str, Stats]
    errors_expected: int = 0
    errors_reported: dict[str, int | None] = field(default_factory=dict)


@dataclass
class ScalingRow:
    results: int
    size: int
    stats: Stats
    source: str  # "" or the workload whose runs it reuses


@dataclass
class Context:
    """Everything the report shows."""

    command: str
    started: str
    elapsed_s: float
    machine: list[tuple[str, str]]
    tools: list[Tool]
    missing: dict[str, str]
    probes: dict[str, dict[str, bool]]
    measured: list[Measured]
    scaling: list[ScalingRow]
    notes: list[str]
    rss_floor_kib: int = 0  # what the launcher reports for `true`: no figure can be lower


def render(ctx: Context) -> str:
    """The generated Markdown section (without the markers)."""
    parts = [
        _header(ctx),
        _timing_table(ctx),
        _targets_table(ctx),
        _scaling_table(ctx.scaling),
        _probe_table(ctx),
        _notes(ctx),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _header(ctx: Context) -> str:
    lines = [
        f"Run {ctx.started}, {ctx.elapsed_s / 60:.1f} min. Reproduce from a checkout:",
        "",
        "```sh",
        f"python3 -m venv .venv && . .venv/bin/activate && pip install -e . && {ctx.command}",
        "```",
        "",
        "| machine | |",
        "| --- | --- |",
        *(f"| {name} | {value} |" for name, value in ctx.machine),
        *(f"| {tool.name} | {tool.version} |" for tool in ctx.tools),
        *(f"| {name} | not measured: {why} |" for name, why in ctx.missing.items()),
    ]
    return "\n".join(lines)


def _timing_table(ctx: Context) -> str:
    lines = [
        "### Wall time and peak RSS",
        "",
        "Medians of the counted runs (tools alternate, one warm-up round first); min-max beside.",
        "`batchcheck ÷ tool` below 1 means batchcheck is faster.",
        "",
        "| workload | tool | median | min-max | batchcheck ÷ tool | peak RSS | errors reported |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for item in ctx.measured:
        ours = item.stats.get(BATCHCHECK)
        for nth, (name, stats) in enumerate(item.stats.items()):
            label = (
                f"{item.key}: {item.title}, {human_bytes(item.size)} ({stats.runs} runs)" if nth == 0 else ""
            )
            ratio = "" if name == BATCHCHECK or ours is None else f"{ours.median / stats.median:.2f}x"
            reported = item.errors_reported.get(name)
            errors = "" if reported is None else f"{reported:,}"
            lines.append(
                f"| {label} | {name} | {seconds(stats.median)} | {span(stats)} "
                f"| {ratio} | {mib(stats.rss_kib, ctx.rss_floor_kib)} | {errors} |"
            )
    return "\n".join(lines)


@dataclass(frozen=True)
class Target:
    text: str
    measured: str
    verdict: str


def targets(ctx: Context) -> list[Target]:
    """The issue's targets, each judged on this run's figures."""
    by_key = {item.key: item for item in ctx.measured}
    found = [
        _ratio_target(by_key, ctx.missing, "W1", "check-jsonschema", 0.5),
        _ratio_target(by_key, ctx.missing, "W1", "ajv-cli", 0.6),
        _ratio_target(by_key, ctx.missing, "W2", "check-jsonschema", 0.5),
        _ratio_target(by_key, ctx.missing, "W2", "ajv-cli", 0.7),
        _ratio_target(by_key, ctx.missing, "W3", "ajv-cli", 1.0),
        _ratio_target(by_key, ctx.missing, "W3", "check-jsonschema", 0.15),
        _ratio_target(by_key, ctx.missing, "W4", "ajv-cli", 1.0),
        _ratio_target(by_key, ctx.missing, "W4", "check-jsonschema", 0.15),
        *_w5_targets(by_key.get("W5")),
        _flat_target(ctx.scaling),
    ]
    return [target for target in found if target is not None]


def _verdict(value: float, bound: float, unit: str = "") -> str:
    if value <= bound:
        return "met"
    return f"**missed** by {value / bound:.1f}x ({value:.2f}{unit} vs {bound:g}{unit})"


def _ratio_target(
    by_key: dict[str, Measured], missing: dict[str, str], key: str, peer: str, bound: float
) -> Target | None:
    item = by_key.get(key)
    if item is None:
        return None
    text = f"{key}: batchcheck ≤ {bound:g}x {peer}"
    if BATCHCHECK not in item.stats:
        return None
    if peer not in item.stats:
        return Target(text, "", "not measured: " + missing[peer]) if peer in missing else None
    ratio = item.stats[BATCHCHECK].median / item.stats[peer].median
    return Target(text, f"{ratio:.2f}x", _verdict(ratio, bound, "x"))


def _w5_targets(item: Measured | None) -> list[Target]:
    if item is None or BATCHCHECK not in item.stats:
        return []
    stats = item.stats[BATCHCHECK]
    rss_ratio = stats.rss_kib * 1024 / item.size
    return [
        Target("W5: wall ≤ 2 s", seconds(stats.median), _verdict(stats.median, 2.0, " s")),
        Target(
            "W5: peak RSS ≤ 6x the file size",
            f"{rss_ratio:.1f}x ({stats.rss_kib / 1024:.0f} MiB for {human_bytes(item.size)})",
            _verdict(rss_ratio, 6.0, "x"),
        ),
    ]


def marginal_us(row: ScalingRow, base: ScalingRow) -> float:
    """Microseconds per result above the smallest run (start-up taken out)."""
    return (row.stats.median - base.stats.median) / (row.results - base.results) * 1e6


def _flat_target(rows: list[ScalingRow]) -> Target | None:
    if len(rows) < 3:
        return None
    base = rows[0]
    usable = [row for row in rows[1:] if row.stats.median - base.stats.median >= MEASURABLE_S]
    text = f"per-result cost flat from 1k to 1M (grows ≤ {FLAT_GROWTH:g}x between sizes)"
    if len(usable) < 2:
        return Target(text, "", "not measurable: too little work above start-up")
    growth = [marginal_us(big, base) / marginal_us(small, base) for small, big in pairwise(usable)]
    sizes = " → ".join(f"{row.results:,}" for row in usable)
    measured = f"{sizes}: " + ", ".join(f"{value:.2f}x" for value in growth)
    return Target(text, measured, _verdict(max(growth), FLAT_GROWTH, "x"))


def _targets_table(ctx: Context) -> str:
    rows = targets(ctx)
    if not rows:
        return ""
    lines = ["### Targets (issues 4 and 15)", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    lines += [f"| {t.text} | {t.measured} | {t.verdict} |" for t in rows]
    return "\n".join(lines)


def _scaling_table(rows: list[ScalingRow]) -> str:
    if not rows:
        return ""
    base = rows[0]
    lines = [
        "### Scaling (batchcheck, valid portal-flag batches)",
        "",
        f"Per result: above the {base.results}-result run, so start-up is taken out; figures whose",
        f"work above start-up is under {MEASURABLE_S * 1000:.0f} ms are noise and shown in parentheses.",
        "",
        "| results | size | median | min-max | µs per result | peak RSS | RSS bytes per result |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        per_item = rss_per = ""
        if row is not base:
            per_item = f"{marginal_us(row, base):.1f}"
            if row.stats.median - base.stats.median < MEASURABLE_S:
                per_item = f"({per_item})"
            rss_per = f"{(row.stats.rss_kib - base.stats.rss_kib) * 1024 / (row.results - base.results):.0f}"
        source = f" ({row.source})" if row.source else ""
        lines.append(
            f"| {row.results:,}{source} | {human_bytes(row.size)} | {seconds(row.stats.median)} "
            f"| {span(row.stats)} | {per_item} "
            f"| {row.stats.rss_kib / 1024:.0f} MiB | {rss_per} |"
        )
    return "\n".join(lines)


def _probe_table(ctx: Context) -> str:
    if not ctx.probes:
        return ""
    formats = sorted({name for found in ctx.probes.values() for name in found})
    lines = [
        "### Formats asserted",
        "",
        "Each tool checked a portal-flag batch that is valid but for one bad value of the format.",
        "",
        "| tool | " + " | ".join(f"`{name}`" for name in formats) + " |",
        "| --- |" + " --- |" * len(formats),
    ]
    for tool, found in ctx.probes.items():
        cells = " | ".join("rejected" if found.get(name) else "**accepted**" for name in formats)
        lines.append(f"| {tool} | {cells} |")
    return "\n".join(lines)


def _notes(ctx: Context) -> str:
    notes = list(ctx.notes)
    if ctx.rss_floor_kib:
        notes.append(
            f"Peak RSS is the kernel's ru_maxrss of the tool's process tree (os.wait4, via "
            f"`bench/launch.py`); `true` reads {ctx.rss_floor_kib / 1024:.1f} MiB that way, the floor "
            "under every figure."
        )
    notes.append(
        "Python tools run with their bytecode cached, as after `pip install` "
        "(`PYTHONDONTWRITEBYTECODE` is removed from their environment)."
    )
    for tool in ctx.tools:
        notes += [f"{tool.name}: {note}" for note in tool.notes]
    return "### Notes\n\n" + "\n".join(f"- {note}" for note in notes) if notes else ""


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def span(stats: Stats) -> str:
    """min-max, one unit: 240-247 ms or 2.91-3.12 s."""
    if stats.high < 1:
        return f"{stats.low * 1000:.0f}-{stats.high * 1000:.0f} ms"
    return f"{stats.low:.2f}-{stats.high:.2f} s"


def mib(kib: float, floor_kib: int = 0) -> str:
    """KiB as MiB; at the launcher's floor the true figure may be lower, so say at most."""
    text = f"{kib / 1024:.0f} MiB"
    return f"≤ {text}" if kib <= floor_kib * 1.05 else text


def human_bytes(size: float) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1000:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def write_section(path: Path, section: str, start: str = START, end: str = END, intro: str = _INTRO) -> None:
    """Replace what lies between the markers start and end in path (creating the file or markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else intro
    block = f"{start}\n{section.rstrip()}\n{end}"
    if start in text and end in text and text.index(start) < text.index(end):
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
