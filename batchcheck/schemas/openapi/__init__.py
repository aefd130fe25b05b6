"""OpenAPI documents as schema sources: the document model (`spec`), its operations and response
bodies (`operations`), its candidates (`candidates`), the 3.0 -> 2020-12 translation (`translate`)
and the hardened YAML loader (`yaml`).

`--openapi PATH` names a document, or a directory whose OpenAPI documents (JSON and YAML, at any
depth) are all read. A document named on its own must be usable (else exit 2); in a directory, a
file that cannot be read or is no OpenAPI 3.x document is skipped with a warning, and files that
are not OpenAPI documents at all (a Postman collection, say) are counted and skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from batchcheck.errors import SchemaLoadError
from batchcheck.schemas.entry import SchemaEntry
from batchcheck.schemas.openapi.candidates import spec_entries
from batchcheck.schemas.openapi.spec import Spec
from batchcheck.schemas.openapi.yaml import load_document

_SUFFIXES = (".json", ".yaml", ".yml")


def openapi_entries(
    paths: Iterable[Path], components: bool = False
) -> tuple[tuple[SchemaEntry, ...], list[str]]:
    """The candidates of every document (response bodies, or every component), and warnings
    about the files of a directory that were skipped."""
    specs, warnings = load_specs(paths)
    labels = unique_labels(specs)
    entries = tuple(entry for spec in specs for entry in spec_entries(spec, labels[spec.path], components))
    return entries, warnings


def load_specs(paths: Iterable[Path]) -> tuple[list[Spec], list[str]]:
    """The documents named, and those below the directories named; warnings for what was skipped."""
    specs: list[Spec] = []
    warnings: list[str] = []
    for path in dict.fromkeys(paths):  # a document named twice is read once
        if not path.is_dir():
            specs.append(Spec.load(path))
            continue
        other = 0
        for file in _documents_below(path):
            try:
                document = load_document(file)
            except SchemaLoadError as exc:
                warnings.append(f"{exc}: skipped")
                continue
            if "openapi" not in document:
                other += 1
                continue
            try:
                specs.append(Spec.from_document(file, document))
            except SchemaLoadError as exc:
                warnings.append(f"{exc}: skipped")
        if other:
            warnings.append(f"--openapi {path}: {other} JSON/YAML files are not OpenAPI documents: skipped")
        if not any(spec.path.is_relative_to(path) for spec in specs):
            raise SchemaLoadError(f"--openapi {path}: no OpenAPI document in this directory")
    return specs, warnings


def _documents_below(directory: Path) -> list[Path]:
    """The JSON and YAML files below directory, in name order (links to directories not followed)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        found.extend(Path(root) / name for name in sorted(files) if name.lower().endswith(_SUFFIXES))
    return found


def unique_labels(specs: list[Spec]) -> dict[Path, str]:
    """Each document's label (`Associations v4`); documents sharing one get the shortest end of
    their path that tells them apart (`Associations v4 [130902/v4/associations.json]`)."""
    by_label: dict[str, list[Spec]] = {}
    for spec in specs:
        by_label.setdefault(spec.label, []).append(spec)
    labels = {}
    for label, group in by_label.items():
        if len(group) == 1:
            labels[group[0].path] = label
            continue
        parts = [spec.path.parts for spec in group]
        for depth in range(1, max(len(p) for p in parts) + 1):
            tails = ["/".join(p[-depth:]) for p in parts]
            if len(set(tails)) == len(tails):
                break
        for spec, tail in zip(group, tails, strict=True):
            labels[spec.path] = f"{label} [{tail}]"
    return labels
