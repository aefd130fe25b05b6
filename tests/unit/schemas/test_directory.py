"""schemas/directory.py: one crawled registry for a run's schema dirs, looked up, never copied."""

from __future__ import annotations

import json

from batchcheck.schemas.directory import directory_entries
from batchcheck.validate.python import JsonschemaEngine


def test_every_schema_shares_one_empty_lookup_registry(tmp_path):
    for i in range(30):
        link = {"next": {"$ref": f"s{i + 1}.json"}} if i < 29 else {}
        (tmp_path / f"s{i}.json").write_text(json.dumps({"type": "object", "properties": link}))
    entries = directory_entries((tmp_path,))
    registries = {id(entry.registry) for entry in entries}
    assert len(registries) == 1
    [registry] = {entry.registry for entry in entries[:1]}
    assert len(registry) == 0  # python-jsonschema copies what a validator's registry holds: nothing
    engine = JsonschemaEngine(
        entries[0].schema, registry=entries[0].registry, base_uri=(tmp_path / "s0.json").as_uri()
    )
    assert not engine.is_valid({"next": {"next": {"next": 1}}})  # refs still resolve, file to file
    assert engine.is_valid({"next": {"next": {}}})
