"""The bundled schemas (schemas/*.schema.json): two, valid Draft 2020-12, equal to their seeds.

That the wheel ships them is tests/system/test_packaging.py's business."""

from __future__ import annotations

import json

import pytest
from support.paths import REPO_ROOT

SCHEMA_FILES = sorted((REPO_ROOT / "schemas").glob("*.schema.json"))
SEEDS = REPO_ROOT.parent / "shared" / "seeds"


def test_there_are_two_bundled_schemas():
    assert [p.name for p in SCHEMA_FILES] == [
        "BatchAssociationResponse.schema.json",
        "BatchPortalFlagStateResponseWithErrors.schema.json",
    ]


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_bundled_schema_is_valid_draft_2020_12(path):
    from jsonschema import Draft202012Validator

    schema = json.loads(path.read_bytes())
    Draft202012Validator.check_schema(schema)
    assert schema.get("title") == path.name.removesuffix(".schema.json")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")
@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_bundled_schema_equals_its_seed(path):
    seed = SEEDS / path.name
    assert seed.is_file(), f"no seed for {path.name}"
    assert json.loads(path.read_bytes()) == json.loads(seed.read_bytes())
    assert path.read_bytes() == seed.read_bytes()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")
def test_every_seed_is_bundled():
    seeds = sorted(p.name for p in SEEDS.glob("*.json"))
    assert seeds == [p.name for p in SCHEMA_FILES]
