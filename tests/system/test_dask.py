"""--dask: the inputs checked on a Dask cluster (a LocalCluster on 127.0.0.1 with several worker
processes) give the report a local run gives, byte for byte, in every format: files, HAR
captures, JSON Lines cut into partitions, gzip logs, standard input, unreadable inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support.captures import (
    BASE,
    BATCH_READ,
    SPEC,
    batch_read_207,
    broken_batch_read_207,
    entry,
    envelope,
    write_har,
    write_jsonl,
)
from support.output import no_traceback

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler() -> str:
    cluster = distributed.LocalCluster(
        n_workers=3, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    yield cluster.scheduler_address
    cluster.close()


@pytest.fixture
def archive(tmp_path: Path, examples_dir: Path) -> Path:
    root = tmp_path / "logs"
    (root / "2025-03").mkdir(parents=True)
    for example in sorted(examples_dir.glob("*.json")):
        shutil.copyfile(example, root / example.name)
    lines = []
    for n in range(400):
        body = json.loads(broken_batch_read_207() if n % 9 == 0 else batch_read_207())
        lines.append(envelope(body) if n % 2 else json.dumps(body))
        if n % 50 == 3:
            lines.append('{"status": "COMPLETE", "results": [')  # a bad line now and then
    write_jsonl(root / "2025-03" / "traffic.jsonl", lines)
    write_jsonl(root / "2025-03" / "old.jsonl.gz", lines[:40], compress=True)
    har = [
        entry("POST", BASE + BATCH_READ, 207, body) for body in (batch_read_207(), broken_batch_read_207())
    ]
    write_har(root / "session.har", [*har, entry("GET", BASE + "/", 200, "<p>", mime="text/html")])
    (root / "cut.json").write_text('{"status": "COMPLETE", "results": [', encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "junit", "github", "rich"])
def test_the_report_is_a_local_runs(bc, scheduler: str, archive: Path, monkeypatch, fmt: str) -> None:
    import batchcheck.distribute.dask as dask_client

    monkeypatch.setattr(dask_client, "PARTITION_BYTES", 16 << 10)  # traffic.jsonl: about 30 partitions
    stdin = batch_read_207().encode()
    args = ["--no-config", "--openapi", str(SPEC), "-f", fmt, str(archive), "-"]
    local = bc(*args, stdin=stdin)
    remote = bc(*args, "--dask", scheduler, stdin=stdin)
    assert remote.code == local.code == 2
    assert remote.stdout == local.stdout
    assert remote.stderr == local.stderr
    no_traceback(remote)


def test_partitions_keep_line_numbers_and_order(bc, scheduler: str, archive: Path, monkeypatch) -> None:
    import batchcheck.distribute.dask as dask_client

    monkeypatch.setattr(dask_client, "PARTITION_BYTES", 4 << 10)
    log = archive / "2025-03" / "traffic.jsonl"
    result = bc("--no-config", "-f", "json", "--dask", scheduler, str(log))
    numbers = [int(d["source"].rsplit(":", 1)[1]) for d in result.documents]
    assert numbers == list(range(1, len(log.read_text(encoding="utf-8").splitlines()) + 1))
    assert [d["origin"]["line"] for d in result.documents] == numbers
    assert log.stat().st_size > 40 * (4 << 10)  # so many partitions, many of them cut mid-line


def test_an_unreachable_scheduler_is_one_clear_error(bc, archive: Path) -> None:
    result = bc("--no-config", "--dask", "tcp://127.0.0.1:9", str(archive))
    assert result.code == 2
    assert result.stderr.startswith("batchcheck: error: --dask tcp://127.0.0.1:9: cannot reach the scheduler")
    assert result.stdout == ""
    no_traceback(result)
