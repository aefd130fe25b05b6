"""The tools under test: batchcheck and its peers, installed on demand into a cache directory.

Peers are pinned so a rerun measures the same versions; bump the pins here. Each tool says how
to run one job (which files, which schema, stdin or not) and which exit status means "invalid",
so a run that crashed is never timed as a fast one.
"""

from __future__ import annotations

import json
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

CHECK_JSONSCHEMA = "check-jsonschema==0.39.0"
NPM_AJV = ("ajv-cli@5.0.0", "ajv-formats@3.0.1")
NPM_SOURCEMETA = "@sourcemeta/jsonschema@16.11.0"


class BenchError(Exception):
    """The benchmark cannot go on (a tool misbehaved, a peer cannot be installed, bad options)."""


@dataclass(frozen=True)
class Job:
    """What one workload asks of every tool: the instances and the schema they should match."""

    schema: Path
    files: tuple[Path, ...] = ()
    stdin: Path | None = None  # piped through a real pipe to tools that read standard input
    folder: Path | None = None  # the directory holding files, for tools that take one


@dataclass(frozen=True)
class Invocation:
    argv: list[str]
    stdin: Path | None = None


@dataclass
class Tool:
    """One command-line validator and how it is driven."""

    name: str
    version: str
    invalid_exit: int
    build: Callable[[Job], Invocation]
    count_errors: Callable[[str], int | None] = lambda _output: None
    notes: list[str] = field(default_factory=list)


def _run(argv: list[str], what: str) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BenchError(f"{what}: {exc}") from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BenchError(f"{what} failed (exit {done.returncode}): " + " | ".join(tail))
    return done.stdout.strip()


# --- batchcheck ----------------------------------------------------------------------------


def batchcheck_tool(extra_args: list[str]) -> Tool:
    """batchcheck from the interpreter's environment, doing its full job: detection over every
    bundled schema, formats asserted (its default), every error reported (--max-errors 0)."""
    script = Path(sys.executable).parent / "batchcheck"
    if not script.is_file():
        raise BenchError(
            f"no batchcheck console script beside {sys.executable}: run `pip install -e .` first"
        )
    version = _run([str(script), "--version"], "batchcheck --version").split()[-1]

    def build(job: Job) -> Invocation:
        return Invocation([str(script), "--max-errors", "0", *extra_args, *map(str, job.files)], job.stdin)

    return Tool("batchcheck", version, 1, build, notes=[engine_note(script, extra_args)])


def engine_note(script: Path, extra_args: list[str]) -> str:
    """Which validation engine batchcheck can use in this environment."""
    try:
        rs_version = metadata.version("jsonschema-rs")
    except metadata.PackageNotFoundError:
        rs_version = None
    has_engine_option = "--engine" in _run([str(script), "check", "--help"], "batchcheck check --help")
    chosen = " ".join(extra_args) or "defaults"
    if rs_version and has_engine_option:
        return f"jsonschema-rs {rs_version} installed, batchcheck has --engine (options: {chosen})"
    if rs_version:
        return f"jsonschema-rs {rs_version} installed, but this batchcheck has no --engine: python-jsonschema"
    return f"python-jsonschema {metadata.version('jsonschema')} engine (jsonschema-rs not installed)"


# --- check-jsonschema (PyPI, own venv) -----------------------------------------------------


def check_jsonschema_tool(peers_dir: Path) -> Tool:
    """check-jsonschema in its own virtual environment under peers_dir (formats asserted by default)."""
    venv = peers_dir / "check-jsonschema"
    script = venv / "bin" / "check-jsonschema"
    pinned = CHECK_JSONSCHEMA.split("==")[1]
    if not script.is_file() or pinned not in _run([str(script), "--version"], "check-jsonschema --version"):
        print(f"installing {CHECK_JSONSCHEMA} into {venv}", file=sys.stderr)
        _run([sys.executable, "-m", "venv", "--clear", str(venv)], "creating the check-jsonschema venv")
        _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", CHECK_JSONSCHEMA], "pip install")
    version = _run([str(script), "--version"], "check-jsonschema --version").split()[-1]

    def build(job: Job) -> Invocation:
        instances = [str(path) for path in job.files] or ["-"]
        return Invocation([str(script), "--schemafile", str(job.schema), *instances], job.stdin)

    notes = ["reads standard input as `-`; formats asserted by default; no `int64` range check"]
    return Tool("check-jsonschema", version, 1, build, _count_lines(r"::\$"), notes)


def _count_lines(pattern: str) -> Callable[[str], int]:
    compiled = re.compile(pattern)
    return lambda output: sum(1 for line in output.splitlines() if compiled.search(line))


def _count_distinct(pattern: str) -> Callable[[str], int]:
    compiled = re.compile(pattern)
    return lambda output: len(set(compiled.findall(output)))


# --- npm peers: ajv-cli + ajv-formats, sourcemeta jsonschema -------------------------------


def _npm_install(prefix: Path, packages: tuple[str, ...]) -> None:
    print(f"installing {' '.join(packages)} into {prefix}", file=sys.stderr)
    prefix.mkdir(parents=True, exist_ok=True)
    argv = ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error"]
    _run([*argv, *packages], "npm install")


def _package_version(prefix: Path, name: str) -> str | None:
    manifest = prefix / "node_modules" / name / "package.json"
    if not manifest.is_file():
        return None
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def _pinned(spec: str) -> tuple[str, str]:
    name, _, version = spec.rpartition("@")
    return name, version


def ajv_tool(peers_dir: Path) -> Tool:
    """ajv-cli with ajv-formats, run by node directly (no npx): Draft 2020-12, all errors."""
    if shutil.which("node") is None:
        raise BenchError("node is not installed")
    prefix = peers_dir / "npm"
    if any(_package_version(prefix, name) != version for name, version in map(_pinned, NPM_AJV)):
        _npm_install(prefix, NPM_AJV)
    entry = prefix / "node_modules" / "ajv-cli" / "dist" / "index.js"
    version = f"{_package_version(prefix, 'ajv-cli')} (ajv {_package_version(prefix, 'ajv')}, "
    version += f"ajv-formats {_package_version(prefix, 'ajv-formats')})"
    options = [
        "--spec=draft2020",
        "-c",
        "ajv-formats",
        "--strict-schema=false",
        "--all-errors",
        "--errors=json",
    ]

    def build(job: Job) -> Invocation:
        if job.folder is not None:
            data = ["-d", f"{job.folder}/*.json"]
        else:
            data = [arg for path in (job.files or (job.stdin,)) for arg in ("-d", str(path))]
        return Invocation(["node", str(entry), "validate", *options, "-s", str(job.schema), *data])

    notes = [
        "cannot read standard input (`-d /dev/stdin` fails on a pipe): reads W1 from the file",
        "`--strict-schema=false`: the bundled schemas carry OpenAPI's `example`, which strict mode rejects",
        "`int64` checked as an integer only (JavaScript numbers), not its range",
        "`--errors=json`: its default printer shows only the first 100 errors of a document",
    ]
    return Tool("ajv-cli", version, 1, build, _count_lines(r'"instancePath":'), notes)


def sourcemeta_tool(peers_dir: Path) -> Tool:
    """sourcemeta's jsonschema CLI: the native binary its npm package ships, run directly."""
    prefix = peers_dir / "npm"
    name, version = _pinned(NPM_SOURCEMETA)
    if _package_version(prefix, name) != version:
        _npm_install(prefix, (NPM_SOURCEMETA,))
    binary = _sourcemeta_binary(prefix / "node_modules" / name)
    found = _run([str(binary), "--version"], "jsonschema --version")

    def build(job: Job) -> Invocation:
        if job.folder is not None:
            instances = [str(job.folder)]
        else:
            instances = [str(path) for path in job.files] or ["-"]
        return Invocation(
            [str(binary), "validate", "--format-assertion", str(job.schema), *instances], job.stdin
        )

    notes = [
        "`--format-assertion` (formats are annotations by default); exit 2 means invalid",
        "stops at the first error in each instance (no option to collect every error)",
    ]
    return Tool("sourcemeta", found, 2, build, _count_distinct(r'instance location "/results/(\d+)"'), notes)


def _sourcemeta_binary(package: Path) -> Path:
    machine = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), platform.machine()
    )
    binary = package / "build" / "github-releases" / f"jsonschema-{platform.system().lower()}-{machine}"
    if not binary.is_file():
        raise BenchError(f"@sourcemeta/jsonschema ships no binary for this platform ({binary.name})")
    return binary


PEERS: dict[str, Callable[[Path], Tool]] = {
    "check-jsonschema": check_jsonschema_tool,
    "ajv-cli": ajv_tool,
    "sourcemeta": sourcemeta_tool,
}


def install_peers(peers_dir: Path) -> tuple[list[Tool], dict[str, str]]:
    """Every peer that can be had, and for each one that cannot, why."""
    tools, missing = [], {}
    for name, make in PEERS.items():
        try:
            tools.append(make(peers_dir))
        except BenchError as exc:
            print(f"peer {name} left out: {exc}", file=sys.stderr)
            missing[name] = str(exc)
    return tools, missing
