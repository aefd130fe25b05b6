"""The benchmark's own machinery: seeded workloads that are what they claim, the launcher's
measurements, and the docs section it rewrites. No timing is asserted here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from support.paths import REPO_ROOT

from bench import report
from bench.measure import bench_env, run_once
from bench.tools import Invocation
from bench.workloads import ASSOCIATIONS, BROKEN_SHARE, FLAGS, Workloads, load_schema

SCHEMAS = REPO_ROOT / "schemas"


def validator(title: str) -> Draft202012Validator:
    schema = load_schema(SCHEMAS, title)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def workloads(tmp_path: Path) -> Workloads:
    return Workloads(tmp_path / "a", SCHEMAS, seed=7)


def test_same_seed_same_bytes_other_seed_other_bytes(workloads: Workloads, tmp_path: Path) -> None:
    again = Workloads(tmp_path / "b", SCHEMAS, seed=7)
    other = Workloads(tmp_path / "c", SCHEMAS, seed=8)
    assert workloads.flags(500).read_bytes() == again.flags(500).read_bytes()
    assert workloads.flags(500).read_bytes() != other.flags(500).read_bytes()
    assert workloads.small_response(10).read_bytes() == again.small_response(10).read_bytes()


def test_valid_flag_batch_validates_with_every_result(workloads: Workloads) -> None:
    doc = json.loads(workloads.flags(2000).read_text(encoding="utf-8"))
    assert len(doc["results"]) == 2000
    assert len(doc["errors"]) == 4  # a partial failure, as batch responses have
    assert list(validator(FLAGS).iter_errors(doc)) == []


def test_broken_batch_has_exactly_two_percent_invalid_items(workloads: Workloads) -> None:
    valid = json.loads(workloads.flags(5000).read_text(encoding="utf-8"))
    path, count = workloads.flags_broken(5000)
    broken = json.loads(path.read_text(encoding="utf-8"))
    assert count == round(BROKEN_SHARE * 5000) == 100
    errors = list(validator(FLAGS).iter_errors(broken))
    failing = {error.absolute_path[1] for error in errors}
    assert len(errors) == len(failing) == count  # one error per broken item, none elsewhere
    assert {error.validator for error in errors} == {"enum", "type", "required"}
    changed = {i for i, (a, b) in enumerate(zip(valid["results"], broken["results"], strict=True)) if a != b}
    assert changed == failing
    assert {k: v for k, v in broken.items() if k != "results"} == {
        k: v for k, v in valid.items() if k != "results"
    }


def test_small_response_and_fixtures_are_valid_association_batches(workloads: Workloads) -> None:
    check = validator(ASSOCIATIONS)
    small = json.loads(workloads.small_response(10).read_text(encoding="utf-8"))
    assert len(small["results"]) == 10
    assert check.is_valid(small)
    folder = workloads.fixtures(30)
    files = sorted(folder.glob("*.json"))
    assert len(files) == 30
    assert all(check.is_valid(json.loads(f.read_text(encoding="utf-8"))) for f in files)
    assert len({json.loads(f.read_text(encoding="utf-8"))["status"] for f in files}) > 1


def test_launcher_reports_the_childs_exit_status_and_pipes_stdin(tmp_path: Path) -> None:
    data = tmp_path / "in.json"
    data.write_bytes(b"x" * 200_000)  # more than a pipe buffer holds
    code = "import sys; sys.exit(7 if len(sys.stdin.buffer.read()) == 200_000 else 1)"
    outcome = run_once(Invocation([sys.executable, "-c", code], data), bench_env())
    assert outcome.sample.exit_code == 7
    assert outcome.sample.wall > 0


def test_launcher_peak_rss_is_the_childs_not_the_benchmarks() -> None:
    ballast = bytearray(300 * 1024 * 1024)  # the benchmark process holding a big workload
    ballast[::4096] = b"x" * len(ballast[::4096])
    small = run_once(Invocation([sys.executable, "-S", "-c", "pass"]), bench_env())
    code = "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"
    big = run_once(Invocation([sys.executable, "-S", "-c", code]), bench_env())
    del ballast
    assert small.sample.rss_kib < 100 * 1024
    assert big.sample.rss_kib > 200 * 1024


def test_docs_section_is_replaced_between_markers_only(tmp_path: Path) -> None:
    docs = tmp_path / "docs" / "benchmarks.md"
    report.write_section(docs, "first")
    text = docs.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks") and f"{report.START}\nfirst\n{report.END}" in text
    docs.write_text(text + "\n## Detection over 500 candidates\n\nkept\n", encoding="utf-8")
    report.write_section(docs, "second")
    text = docs.read_text(encoding="utf-8")
    assert "first" not in text and f"{report.START}\nsecond\n{report.END}" in text
    assert text.endswith("## Detection over 500 candidates\n\nkept\n")


def test_capture_logs_are_what_they_claim(tmp_path: Path) -> None:
    """bench/captures.py: every other line an envelope, one body in fifty broken, one line cut off;
    a log of the size asked, reused when it is there."""
    from bench.captures import write_log

    log, lines = write_log(tmp_path / "t.jsonl", 1 << 20, items=5)
    text = log.read_text(encoding="utf-8").splitlines()
    assert len(text) == lines and log.stat().st_size >= 1 << 20
    parsed = []
    for line in text[:200]:
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            parsed.append(None)
    assert parsed.count(None) == 1
    envelopes = [p for p in parsed if p and "body" in p]
    assert len(envelopes) == 99 and {e["status"] for e in envelopes} == {207}
    before = log.stat().st_mtime_ns
    assert write_log(tmp_path / "t.jsonl", 1 << 20, items=5) == (log, lines)
    assert log.stat().st_mtime_ns == before
