"""The published JSON contract (schemas/contract/report.schema.json), as tests check output with it."""

from __future__ import annotations

import copy
import json
from typing import Any

from jsonschema import Draft202012Validator

from support.paths import REPO_ROOT

CONTRACT = REPO_ROOT / "schemas" / "contract" / "report.schema.json"


def contract() -> dict[str, Any]:
    return json.loads(CONTRACT.read_text(encoding="utf-8"))


def closed(schema: Any) -> Any:
    """The contract with every described object closed: output may not carry undocumented keys."""
    schema = copy.deepcopy(schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema


VALIDATORS = {
    "published": Draft202012Validator(contract(), format_checker=Draft202012Validator.FORMAT_CHECKER),
    "closed": Draft202012Validator(closed(contract()), format_checker=Draft202012Validator.FORMAT_CHECKER),
}


def assert_fits_the_contract(stdout: str) -> dict:
    payload = json.loads(stdout)
    for name, validator in VALIDATORS.items():
        problems = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(payload)
        ]
        assert not problems, f"{name} contract: {problems}"
    return payload
