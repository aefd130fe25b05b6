"""check_inputs: the same (report, notices) pairs, in the same order, from one process, from forked
workers, from spawned ones, and when the workers' copies of the checker fall behind what the run
has learnt (the rest is then checked in this process)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from support.paths import EXAMPLES

from batchcheck.checker import Checker, CheckOptions
from batchcheck.parallel import check_inputs, choose_jobs
from batchcheck.read.arguments import Input, collect_inputs
from batchcheck.schemas.catalog import SchemaSources

BROKEN = {
    "openapi": "3.1.0",
    "info": {"title": "Broken", "version": "1"},
    "paths": {
        "/b": {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    }
                }
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "owner": {"$ref": "#/components/schemas/Nowhere"}},
            }
        }
    },
}


Pairs = list[tuple[bytes, list[str]]]


def pairs(checker: Checker, inputs: list[Input], jobs: int, method: str | None = None) -> Pairs:
    with check_inputs(checker, inputs, None, jobs, method) as checked:
        return [(pickle.dumps(report), notices) for report, notices in checked]


@pytest.fixture
def spec_and_docs(tmp_path: Path) -> tuple[Path, list[Input]]:
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps(BROKEN))
    for n in range(30):
        (tmp_path / f"d{n:02}.json").write_text(json.dumps({"id": str(n), "owner": {"x": n}}))
    return spec, collect_inputs([str(tmp_path / f"d{n:02}.json") for n in range(30)])


def test_workers_that_learn_on_their_own_hand_over_to_this_process(spec_and_docs, monkeypatch) -> None:
    spec, inputs = spec_and_docs
    options = CheckOptions(sources=SchemaSources(openapi=(spec,)))
    serial = pairs(Checker(options), inputs, 1)
    checker = Checker(options)
    here: list[str] = []
    real = checker.check

    def spy(document):  # type: ignore[no-untyped-def]
        here.append(document.source)
        return real(document)

    monkeypatch.setattr(checker, "check", spy)  # the workers copy it too, and count in their own copies
    assert pairs(checker, inputs, 2) == serial
    assert serial[0][1] and not any(notices for _, notices in serial[1:])  # told once, after d00
    # d00 set the component aside in one worker; the other's first document disagreed: from
    # there on the documents were checked here, in order
    assert here and here == [item.source for item in inputs][-len(here) :]


def test_spawned_workers_rebuild_the_checker_and_agree(tmp_path) -> None:
    files = [EXAMPLES / name for name in sorted(p.name for p in EXAMPLES.glob("*.json"))] * 3
    inputs = [Input(str(path)) for path in files]
    options = CheckOptions()
    assert pairs(Checker(options), inputs, 2, "spawn") == pairs(Checker(options), inputs, 1)


def test_choose_jobs(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("batchcheck.parallel.checking.usable_cores", lambda: 4)
    small = [Input(str(EXAMPLES / "portal-flags.valid.json"))] * 10
    many = small * 10
    assert choose_jobs(0, small) == 1  # ten small files: not worth starting workers
    assert choose_jobs(0, many) == 4
    assert choose_jobs(3, small) == 3 and choose_jobs(1, many) == 1
    assert choose_jobs(8, small[:2]) == 2  # never more workers than files
    assert choose_jobs(0, [Input("-"), Input("x", error=None)]) == 1  # standard input is read here
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (3 << 20) + b"{}")
    assert choose_jobs(0, [Input(str(big)), Input(str(big) + "x")]) == 2  # few, but big
