"""Responses made up by the tests."""

from __future__ import annotations

import json
from pathlib import Path


def flag_items(n: int) -> list[dict]:
    """n valid portal-flag results."""
    return [{"appId": 1, "flagName": "f", "portalId": 1000 + i, "flagState": "ON"} for i in range(n)]


def broken_flag_batch(folder: Path, n: int, **change) -> Path:
    """folder/batch.json: a flag-state batch of n items, every item changed the same way (so n errors)."""
    items = [{**item, **change} for item in flag_items(n)]
    path = folder / "batch.json"
    path.write_text(json.dumps({"status": "COMPLETE", "results": items}, indent=1))
    return path
