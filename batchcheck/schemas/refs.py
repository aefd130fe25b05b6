"""A user schema made ready to use: meta-schema checked, `$ref`s resolved (sibling files are
embedded), nothing ever fetched.

A relative `$ref` that the schema cannot resolve by itself (`item.schema.json`,
`defs/common.json#/$defs/id`) names a file relative to the schema file that holds the
reference: the file's folder stands for the folder of its base URI (its `$id`, or its own
path), so a `$ref` under a nested `$id: "sub/"` is looked up in `sub/`.
That file is read, checked against the meta-schema, and embedded in the root's
`$defs` as a resource whose `$id` is the URI the reference resolves to, so any engine resolves
it without a loader. A `$ref` to a URL (http, https, urn, ...) that is neither in the schema nor a
known meta-schema, nor among the user's local copies (`--resolve`, `--url-map`: resolve.py), is
refused: batchcheck never downloads anything.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from batchcheck.errors import SchemaLoadError
from batchcheck.jsontext.pointers import Parts, pointer
from batchcheck.schemas.files import NoSuchSchemaFile, load_schema_file, schema_positions
from batchcheck.schemas.identifiers import described_uri, duplicate_identifiers
from batchcheck.schemas.meta import check_meta
from batchcheck.schemas.resolve import Resolution
from batchcheck.validate.python import retrieving_registry
from batchcheck.vocabulary import DRAFT_04, LEGACY_REF, declared_dialect, refs_with_base

_EMBEDDED = "batchcheck:file:"  # prefix of the $defs keys holding embedded sibling files


def check_schema(
    path: Path | str,
    schema: dict[str, Any],
    registry: Any = None,
    base: str = "",
    resolution: Resolution | None = None,
) -> dict[str, Any]:
    """The schema ready to use. Refuses schemas of a dialect batchcheck does not know, schemas that
    fail their meta-schema (listing the errors) and `$ref`s that resolve to nothing local: a URL is
    never fetched. Without a registry (the other files of a schema directory), the sibling files
    that a schema file's relative `$ref`s name are embedded in it."""
    usable = check_meta(path, schema, resolution)
    refuse_duplicates(path, usable)
    if registry is None and isinstance(path, Path) and path.is_file():
        usable = embed_sibling_files(path, usable, resolution)
    refuse_unresolvable(path, unresolvable_refs(usable, registry, base, resolution))
    return usable


def refuse_duplicates(path: Path | str, schema: dict[str, Any]) -> None:
    """A SchemaLoadError naming both places of the first URI schema declares twice."""
    duplicates = duplicate_identifiers(schema)
    if not duplicates:
        return
    uri, first, second = duplicates[0]
    positions = schema_positions(path, [first, second]) if isinstance(path, Path) else {}

    def place(parts: Parts) -> str:
        position = positions.get(parts)
        where = f" ({position.line}:{position.column})" if position else ""
        return f"{pointer(parts) or 'the root'}{where}"

    more = f" (and {len(duplicates) - 1} more)" if len(duplicates) > 1 else ""
    raise SchemaLoadError(
        f"{path}: {described_uri(uri)} is declared twice, at {place(first)} and at {place(second)}{more}; "
        "a schema may name a URI once"
    )


def refuse_unresolvable(path: Path | str, unresolvable: list[str]) -> None:
    """A SchemaLoadError naming the refs that resolve to nothing (remote ones: never fetched)."""
    remote = [ref for ref in unresolvable if is_remote(ref)]
    if remote:
        raise SchemaLoadError(
            f"{path}: remote $ref {', '.join(remote)} is not fetched (batchcheck never downloads "
            "schemas): give batchcheck a local copy with --resolve FILE or --url-map URL-PREFIX=DIRECTORY"
        )
    if unresolvable:
        raise SchemaLoadError(f"{path}: cannot resolve $ref {', '.join(unresolvable)}")


def unresolvable_refs(
    schema: dict[str, Any], registry: Any = None, base: str = "", resolution: Resolution | None = None
) -> list[str]:
    """The `$ref`s of schema that resolve neither inside it, nor in registry (other files of its
    directory), nor to a known meta-schema, nor among the user's local copies (resolution).
    base: the URI the schema's relative refs start from."""
    from jsonschema_specifications import REGISTRY  # lazy: start-up (only user schemas have refs)
    from referencing import Resource
    from referencing.exceptions import Unresolvable
    from referencing.jsonschema import DRAFT202012

    dialect = declared_dialect(schema)
    root = Resource.from_contents(schema, default_specification=DRAFT202012)
    base = root.id() or base
    if registry is None:
        registry = retrieving_registry(resolution.retrieve, dialect) if resolution else REGISTRY
    known = registry.with_resource(base, root).crawl()
    missing: set[str] = set()
    for ref, ref_base in refs_with_base(schema, base, dialect):
        try:
            known.resolver(base_uri=ref_base).lookup(ref)
        except Unresolvable as exc:
            cause: BaseException | None = exc
            while cause is not None and not isinstance(cause, SchemaLoadError):
                cause = cause.__cause__
            if cause is not None and not isinstance(cause, NoSuchSchemaFile):  # a broken local copy
                raise cause from None
            missing.add(ref)
    return sorted(missing)


def is_remote(ref: str) -> bool:
    """A `$ref` with a scheme of its own (http:, https:, urn:, file:): never fetched."""
    return bool(urlsplit(ref).scheme)


def _local_file(target: str, file_uri: str, folder: Path) -> Path | None:
    """The file standing for target: folder stands for the folder of file_uri (same host only)."""
    want, have = urlsplit(target), urlsplit(file_uri)
    if (want.scheme, want.netloc) != (have.scheme, have.netloc) or not want.path:
        return None
    relative = posixpath.relpath(unquote(want.path), posixpath.dirname(unquote(have.path)) or "/")
    return folder / relative


def embed_sibling_files(
    path: Path, schema: dict[str, Any], resolution: Resolution | None = None
) -> dict[str, Any]:
    """schema with the files its relative `$ref`s name (read, checked) embedded; unchanged when
    there are none."""
    if not unresolvable_refs(schema, resolution=resolution):
        return schema
    root = dict(schema)
    dialect = declared_dialect(root)
    id_key = "id" if dialect == DRAFT_04 else "$id"
    defs_key = "definitions" if dialect in LEGACY_REF else "$defs"  # where each draft finds resources
    root_base = root[id_key] if isinstance(root.get(id_key), str) else path.resolve().as_uri()
    root.setdefault(id_key, root_base)
    embedded: dict[str, dict[str, Any]] = {}
    pending = [(root, root_base, path.parent)]
    while pending:
        node, base, folder = pending.pop()
        missing = set(unresolvable_refs(node, resolution=resolution))  # refs it resolves itself stay
        for ref, ref_base in refs_with_base(
            node, base, declared_dialect(node) if node is not root else dialect
        ):
            target, _fragment = urldefrag(urljoin(ref_base, ref))
            if ref not in missing or is_remote(ref) or target in embedded or target == root_base:
                continue
            file = _local_file(target, base, folder)
            if file is None or not file.is_file():
                continue
            sibling = check_meta(file, load_schema_file(file), resolution)
            sibling = {**sibling, "id" if declared_dialect(sibling) == DRAFT_04 else "$id": target}
            embedded[target] = sibling
            pending.append((sibling, target, file.parent))
    defs = dict(root.get(defs_key, {})) if isinstance(root.get(defs_key), dict) else {}
    defs.update({f"{_EMBEDDED}{uri}": sibling for uri, sibling in embedded.items()})
    if defs:
        root[defs_key] = defs
    return root
