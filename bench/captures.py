"""Logs for the capture benchmarks: JSON Lines of association batch reads as an integration logs
them (every other line an envelope with its request and status, the others bare bodies; one body
in fifty broken in one place, one line in a thousand cut off), written fast to any size."""

from __future__ import annotations

import json
import random
from pathlib import Path

BASE = "https://api.example-crm.test"
PATH = "/crm/v4/associations/contacts/companies/batch/read"
SPEC = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "detection" / "specs" / "associations-v4.json"
)


def batch(items: int, rng: random.Random, broken: bool) -> dict:
    results = [
        {
            "from": {"id": str(rng.randrange(10**6))},
            "to": [
                {
                    "toObjectId": str(rng.randrange(10**10)),
                    "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 279}],
                }
            ],
        }
        for _ in range(items)
    ]
    if broken:
        results[rng.randrange(items)]["to"][0]["toObjectId"] = rng.randrange(10**10)  # an integer
    error = {
        "status": "error",
        "category": "OBJECT_NOT_FOUND",
        "message": "No contact with id 5199 exists",
        "context": {"fromObjectId": ["5199"]},
        "errors": [],
        "links": {"knowledge-base": "https://developers.example-crm.test/docs/errors#object-not-found"},
    }
    return {
        "status": "COMPLETE",
        "results": results,
        "numErrors": 1,
        "errors": [error],
        "startedAt": "2025-03-15T14:30:00.011Z",
        "completedAt": "2025-03-15T14:30:00.058Z",
    }


def lines(items: int, seed: int, count: int = 200) -> list[str]:
    """count distinct lines to repeat (generating every line would take longer than checking it)."""
    rng = random.Random(seed)
    made = []
    for n in range(count):
        body = batch(items, rng, broken=n % 50 == 7)
        if n % 2:
            made.append(json.dumps({"url": BASE + PATH, "method": "POST", "status": 207, "body": body}))
        else:
            made.append(json.dumps(body))
    made[123] = made[123][: len(made[123]) // 2]  # cut off: an input error for that line alone
    return made


def write_log(path: Path, size: int, items: int = 50, seed: int = 16) -> tuple[Path, int]:
    """A JSON Lines file of at least size bytes (kept when already there); (path, lines)."""
    pool = lines(items, seed)
    block = ("\n".join(pool) + "\n").encode()
    repeats = -(-size // len(block))
    marker = path.with_name(path.name + ".lines")
    if path.is_file() and path.stat().st_size == repeats * len(block) and marker.is_file():
        return path, int(marker.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for _ in range(repeats):
            handle.write(block)
    marker.write_text(str(repeats * len(pool)))
    return path, repeats * len(pool)
