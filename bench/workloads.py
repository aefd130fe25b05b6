"""Benchmark workloads: HubSpot-style batch responses generated from the bundled schemas.

Everything is seeded (string seeds, so PYTHONHASHSEED does not matter) and checked once at
generation with python-jsonschema (formats asserted): a valid workload must validate, and a
broken one must fail with exactly one error on each broken item and nowhere else.
Stdlib plus jsonschema (a batchcheck dependency) only.
"""

from __future__ import annotations

import json
import os
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

FLAGS = "BatchPortalFlagStateResponseWithErrors"
ASSOCIATIONS = "BatchAssociationResponse"
DEFAULT_SEED = 20250315
BROKEN_SHARE = 0.02  # W4: share of result items made invalid

_FLAG_NAMES = (
    "new-dashboard-feature", "beta-reporting", "sequences-v2", "ai-assistant",
    "custom-objects-ui", "workflow-branching", "legacy-import-off", "quotes-esign",
)  # fmt: skip
_APP_IDS = (12345678, 23456789, 3456789, 45678901)
_ASSOCIATION_LABELS = ("Decision maker", "Billing contact", "Former employee", "Champion")


def load_schema(schemas_dir: Path, title: str) -> dict[str, Any]:
    """The bundled schema file NAME.schema.json as data."""
    return json.loads((schemas_dir / f"{title}.schema.json").read_text(encoding="utf-8"))


def _enum(schema: dict[str, Any], *path: str) -> list[Any]:
    node = schema
    for key in path:
        node = node[key]
    return list(node["enum"])


def _timestamps(rng: random.Random, duration_ms: int) -> tuple[str, str]:
    start = datetime(2025, 3, 15, 14, 30, tzinfo=timezone.utc) + timedelta(
        days=rng.randrange(300), milliseconds=rng.randrange(86_400_000)
    )
    end = start + timedelta(milliseconds=duration_ms)
    return _rfc3339(start), _rfc3339(end)


def _rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# --- BatchPortalFlagStateResponseWithErrors ------------------------------------------------


def flag_batch(schema: dict[str, Any], n: int, seed: int) -> dict[str, Any]:
    """A COMPLETE portal-flag batch with n results and n // 500 failed items."""
    rng = random.Random(f"{seed}:flags:{n}")
    states = _enum(schema, "properties", "results", "items", "properties", "flagState")
    results = [_flag_item(rng, states) for _ in range(n)]
    started, completed = _timestamps(rng, 120 + n // 20)
    doc: dict[str, Any] = {"status": _pick_status(schema, "COMPLETE"), "results": results}
    failed = [_flag_error(rng) for _ in range(n // 500)]
    if failed:
        doc["errors"] = failed
    doc.update(startedAt=started, completedAt=completed)
    return doc


def _flag_item(rng: random.Random, states: list[str]) -> dict[str, Any]:
    return {
        "appId": rng.choice(_APP_IDS),
        "flagName": rng.choice(_FLAG_NAMES),
        "portalId": rng.randrange(10_000_000, 999_999_999),
        "flagState": states[0] if rng.random() < 0.6 else rng.choice(states),
    }


def _flag_error(rng: random.Random) -> dict[str, Any]:
    portal = str(rng.randrange(10_000_000, 99_999_999))
    if rng.random() < 0.5:
        return {
            "status": "error",
            "category": "VALIDATION_ERROR",
            "message": "Invalid portal ID",
            "context": {"portalIds": [portal]},
        }
    app = rng.choice(_APP_IDS)
    return {
        "status": "error",
        "category": "OBJECT_NOT_FOUND",
        "message": f"Portal {portal} has not installed app {app}",
        "context": {"portalIds": [portal], "appId": [str(app)]},
    }


def break_flag_items(doc: dict[str, Any], share: float, seed: int) -> list[int]:
    """Make round(share * len(results)) items invalid, one violation each; returns their indices."""
    results = doc["results"]
    rng = random.Random(f"{seed}:broken:{len(results)}")
    broken = sorted(rng.sample(range(len(results)), round(share * len(results))))
    for nth, index in enumerate(broken):
        item = dict(results[index])
        kind = nth % 4
        if kind == 0:
            item["flagState"] = rng.choice(("MAYBE", "on", "ENABLED"))  # enum
        elif kind == 1:
            item["portalId"] = str(item["portalId"])  # type: an id sent as a string
        elif kind == 2:
            del item["flagName"]  # required
        else:
            item["appId"] = None  # type: null where an integer belongs
        results[index] = item
    return broken


def _pick_status(schema: dict[str, Any], wanted: str) -> str:
    allowed = _enum(schema, "properties", "status")
    if wanted not in allowed:
        raise ValueError(f"status {wanted!r} is not in the schema's enum {allowed}")
    return wanted


# --- BatchAssociationResponse --------------------------------------------------------------


def association_batch(schema: dict[str, Any], rng: random.Random, n: int, status: str = "COMPLETE") -> dict:
    """An association batch with n results; about half of them come with failed items."""
    results = [_association_result(rng) for _ in range(n)]
    doc: dict[str, Any] = {"status": _pick_status(schema, status), "results": results}
    failed = [_association_error(rng) for _ in range(rng.choice((0, 0, 1, 2)))]
    if failed:
        doc["numErrors"] = len(failed)
        doc["errors"] = failed
    requested, _ = _timestamps(rng, 0)
    started, completed = _timestamps(rng, 40 + n * 12)
    doc.update(requestedAt=requested, startedAt=started, completedAt=completed)
    return doc


def _association_result(rng: random.Random) -> dict[str, Any]:
    from_id = str(rng.randrange(10_000, 99_999_999_999))
    targets = [
        {
            "toObjectId": str(rng.randrange(1_000_000, 99_999_999_999)),
            "associationTypes": [_association_type(rng) for _ in range(rng.choice((1, 1, 1, 2)))],
        }
        for _ in range(rng.choice((1, 1, 2, 3)))
    ]
    result: dict[str, Any] = {"from": {"id": from_id}, "to": targets}
    if rng.random() < 0.1:
        after = f"{rng.randrange(10**9):x}"
        link = (
            f"https://api.hubapi.com/crm/v4/objects/contacts/{from_id}/associations/companies?after={after}"
        )
        result["paging"] = {"next": {"after": after, "link": link}}
    return result


def _association_type(rng: random.Random) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.6:
        return {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1, "label": "Primary"}
    if roll < 0.85:
        return {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279, "label": None}
    label = rng.choice(_ASSOCIATION_LABELS)
    return {"associationCategory": "USER_DEFINED", "associationTypeId": rng.randrange(1, 200), "label": label}


def _association_error(rng: random.Random) -> dict[str, Any]:
    object_id = str(rng.randrange(10_000, 99_999))
    if rng.random() < 0.5:
        return {
            "status": "error",
            "category": "OBJECT_NOT_FOUND",
            "subCategory": "crm.associations.FROM_OBJECT_NOT_FOUND",
            "message": f"No contact with ID {object_id} exists",
            "context": {"fromObjectId": [object_id]},
        }
    return {
        "status": "error",
        "category": "VALIDATION_ERROR",
        "message": "Invalid object ID",
        "context": {"ids": [object_id + "x"]},
        "errors": [
            {
                "message": f"{object_id}x is not a valid ID",
                "code": "INVALID_ID",
                "subCategory": "crm.INVALID_ID",
                "in": "inputs[0].id",
            }
        ],
    }


# --- checking and writing ------------------------------------------------------------------


def _validator(schema: dict[str, Any]) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(doc: Any, schema: dict[str, Any], label: str) -> None:
    """Raise ValueError naming the first error when doc does not validate."""
    error = next(_validator(schema).iter_errors(doc), None)
    if error is not None:
        raise ValueError(f"generated {label} is invalid at {error.json_path}: {error.message}")


def assert_broken_exactly(doc: Any, schema: dict[str, Any], broken: list[int], label: str) -> None:
    """Raise ValueError unless each broken item has exactly one error and nothing else has any."""
    found: dict[int, int] = {}
    for error in _validator(schema).iter_errors(doc):
        path = list(error.absolute_path)
        if len(path) < 2 or path[0] != "results":
            raise ValueError(
                f"generated {label} has an unexpected error at {error.json_path}: {error.message}"
            )
        found[path[1]] = found.get(path[1], 0) + 1
    if found != dict.fromkeys(broken, 1):
        raise ValueError(f"generated {label}: expected one error on each of {len(broken)} items, got {found}")


def write_json(path: Path, doc: Any, pretty: bool = False) -> None:
    """Write doc atomically: compact as APIs send it, or indented as fixtures are kept."""
    text = json.dumps(doc, indent=2) + "\n" if pretty else json.dumps(doc, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


class Workloads:
    """The workload files under root, generated (and checked) the first time they are asked for."""

    def __init__(self, root: Path, schemas_dir: Path, seed: int = DEFAULT_SEED) -> None:
        self.root = root
        self.seed = seed
        self.flags_schema = load_schema(schemas_dir, FLAGS)
        self.associations_schema = load_schema(schemas_dir, ASSOCIATIONS)

    def small_response(self, n: int = 10) -> Path:
        """W1: one association batch response with n results, compact as curl receives it."""
        path = self.root / f"associations-{n}.json"
        if not path.exists():
            doc = association_batch(self.associations_schema, random.Random(f"{self.seed}:w1:{n}"), n)
            assert_valid(doc, self.associations_schema, path.name)
            write_json(path, doc)
        return path

    def fixtures(self, count: int = 1000) -> Path:
        """W2: a directory of count small association fixtures (1-10 results each, indented)."""
        folder = self.root / f"fixtures-{count}"
        done = folder / ".complete"
        if not done.exists():
            rng = random.Random(f"{self.seed}:w2:{count}")
            statuses = _enum(self.associations_schema, "properties", "status")
            for index in range(count):
                status = "COMPLETE" if rng.random() < 0.85 else rng.choice(statuses)
                doc = association_batch(self.associations_schema, rng, rng.randint(1, 10), status)
                name = f"associations-{index:04d}.json"
                assert_valid(doc, self.associations_schema, name)
                write_json(folder / name, doc, pretty=True)
            done.touch()
        return folder

    def flags(self, n: int) -> Path:
        """W3/W5/scaling: a valid portal-flag batch with n results, compact."""
        path = self.root / f"flags-{n}.json"
        if not path.exists():
            doc = flag_batch(self.flags_schema, n, self.seed)
            assert_valid(doc, self.flags_schema, path.name)
            write_json(path, doc)
        return path

    def flags_broken(self, n: int) -> tuple[Path, int]:
        """W4: flags(n) with BROKEN_SHARE of its items invalid; returns the path and that count."""
        path = self.root / f"flags-{n}-broken.json"
        count = round(BROKEN_SHARE * n)
        if not path.exists():
            doc = flag_batch(self.flags_schema, n, self.seed)
            broken = break_flag_items(doc, BROKEN_SHARE, self.seed)
            assert_broken_exactly(doc, self.flags_schema, broken, path.name)
            write_json(path, doc)
        return path, count
