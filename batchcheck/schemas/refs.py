"""A user schema made ready to use: meta-schema checked, `$ref`s resolved (sibling files are
embedded), nothing ever fetched, nothing read outside the schema's folder.

A relative `$ref` that the schema cannot resolve by itself (`item.schema.json`,
`defs/common.json#/$defs/id`) names a file relative to the schema file that holds the
reference: the file's folder stands for the folder of its base URI (its `$id`, or its own
path), so a `$ref` under a nested `$id: "sub/"` is looked up in `sub/`.
That file is read (only inside the folder tree of the schema file named on the command line:
files.Confinement), checked against the meta-schema, and embedded in the root's
`$defs` as a resource whose `$id` is the URI the reference resolves to, so any engine resolves
it without a loader. A `$ref` to a URL (http, https, urn, ...) that is neither in the schema nor a
known meta-schema, nor among the user's local copies (`--resolve`, `--url-map`: resolve.py), is
refused: batchcheck never downloads anything.

Once every `$ref` resolves, each must point at a schema (not at `#/enum` or a `maxLength`), and
no `$ref` cycle may apply the schema to the same value forever (cycles.py).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from batchcheck.errors import SchemaLoadError
from batchcheck.explain.wording import json_type
from batchcheck.jsontext.pointers import Parts, pointer
from batchcheck.schemas.cycles import Target, describe, in_place_cycles
from batchcheck.schemas.files import Confinement, NoSuchSchemaFile, load_schema_file, schema_positions
from batchcheck.schemas.identifiers import described_uri, duplicate_identifiers
from batchcheck.schemas.meta import check_meta
from batchcheck.schemas.resolve import Resolution
from batchcheck.validate.python import retrieving_registry
from batchcheck.vocabulary import DRAFT_04, LEGACY_REF, base_of, declared_dialect, is_schema, refs_with_base

_EMBEDDED = "batchcheck:file:"  # prefix of the $defs keys holding embedded sibling files


def check_schema(
    path: Path | str,
    schema: dict[str, Any],
    registry: Any = None,
    base: str = "",
    resolution: Resolution | None = None,
) -> dict[str, Any]:
    """The schema ready to use. Refuses schemas of a dialect batchcheck does not know, schemas that
    fail their meta-schema (listing the errors), `$ref`s that resolve to nothing local (a URL is
    never fetched), to no schema, or round a cycle. Without a registry (the other files of a schema
    directory), the sibling files that a schema file's relative `$ref`s name are embedded in it."""
    usable = check_meta(path, schema, resolution)
    refuse_duplicates(path, usable)
    if registry is None and isinstance(path, Path) and path.is_file():
        usable = embed_sibling_files(path, usable, resolution)
    check_refs(path, usable, registry, base, resolution)
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


def check_refs(
    path: Path | str,
    schema: dict[str, Any],
    registry: Any = None,
    base: str = "",
    resolution: Resolution | None = None,
) -> None:
    """Every `$ref` of schema resolves (a file it reads was allowed and is a schema), to a schema,
    and none takes part in a same-value cycle; else a SchemaLoadError naming them."""
    refs = Refs(schema, registry, base, resolution, owner=str(path))
    refuse_unresolvable(path, refs.unresolvable())
    wrong = refs.not_schemas()
    if wrong:
        raise SchemaLoadError(f"{path}: {'; '.join(wrong)}")
    cycles = in_place_cycles(schema, refs.target, refs.base)
    if cycles:
        shown = "; ".join(describe(cycle) for cycle in cycles)
        raise SchemaLoadError(
            f"{path}: $ref cycle {shown}: the schema applies to the same value forever, so no value "
            "can be checked against it"
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
    return Refs(schema, registry, base, resolution).unresolvable()


class Refs:
    """The `$ref`s of one schema, looked up in it, in registry (or the user's local copies), and
    among the meta-schemas."""

    def __init__(
        self,
        schema: dict[str, Any],
        registry: Any = None,
        base: str = "",
        resolution: Resolution | None = None,
        owner: str = "",
    ) -> None:
        """owner: the file schema comes from, for messages."""
        from jsonschema_specifications import REGISTRY  # lazy: start-up (only user schemas have refs)
        from referencing import Resource
        from referencing.jsonschema import DRAFT202012

        self.dialect = declared_dialect(schema)
        root = Resource.from_contents(schema, default_specification=DRAFT202012)
        self.base = root.id() or base
        if registry is None:
            registry = retrieving_registry(resolution.retrieve, self.dialect) if resolution else REGISTRY
        self.known = registry.with_resource(self.base, root).crawl()
        self.found = list(refs_with_base(schema, self.base, self.dialect))
        self._resolved: dict[tuple[str, str], Any] = {}
        self.owner = f"{owner}: " if owner else ""

    def lookup(self, ref: str, base: str) -> Any:
        """referencing's Resolved for ref (cached), or None when it resolves to nothing; a file a
        registry refused to read (files.read_schema_bytes), or a broken local copy, is a
        SchemaLoadError naming it."""
        from referencing.exceptions import Unresolvable  # lazy: start-up

        key = (ref, base)
        if key not in self._resolved:
            try:
                self._resolved[key] = self.known.resolver(base_uri=base).lookup(ref)
            except Unresolvable as exc:
                refused = _refusal(exc)
                if refused is not None and not isinstance(refused, NoSuchSchemaFile):
                    raise SchemaLoadError(f"{self.owner}$ref {ref}: {refused}") from None
                self._resolved[key] = None
        return self._resolved[key]

    def unresolvable(self) -> list[str]:
        return sorted({ref for ref, base in self.found if self.lookup(ref, base) is None})

    def not_schemas(self) -> list[str]:
        """`$ref #/enum points at an array, not a schema`, for each ref whose target is no schema."""
        wrong = []
        for ref, base in dict.fromkeys(self.found):
            resolved = self.lookup(ref, base)
            if resolved is not None and not is_schema(resolved.contents):
                wrong.append(f"$ref {ref} points at {json_type(resolved.contents)}, not a schema")
        return wrong

    def target(self, ref: str, base: str) -> Target | None:
        """A cycles.Resolve: the target of ref, labelled `#/pointer` in this schema's resource.
        A file refused on the way is left to the check of the file whose ref names it."""
        try:
            resolved = self.lookup(ref, base)
        except SchemaLoadError:
            return None
        if resolved is None:
            return None
        uri, fragment = urldefrag(urljoin(base, ref))
        if ref.startswith("#"):
            uri = base.partition("#")[0]
        label = ("" if uri == self.base.partition("#")[0] else _short(uri, self.base)) + "#" + fragment
        return Target(label, resolved.contents, base_of(resolved.contents, uri, self.dialect))


def _refusal(exc: BaseException) -> SchemaLoadError | None:
    """The SchemaLoadError a registry's retriever raised, in the causes of a failed lookup."""
    cause = exc.__cause__
    while cause is not None and not isinstance(cause, SchemaLoadError):
        cause = cause.__cause__
    return cause


def _short(uri: str, base: str) -> str:
    """uri relative to base when both are files on one host, else uri."""
    want, have = urlsplit(uri), urlsplit(base)
    if (want.scheme, want.netloc) != (have.scheme, have.netloc) or not want.path:
        return uri
    return posixpath.relpath(unquote(want.path), posixpath.dirname(unquote(have.path)) or "/")


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
    """schema with the files its relative `$ref`s name (read inside path's folder, checked)
    embedded; unchanged when there are none."""
    if not unresolvable_refs(schema, resolution=resolution):
        return schema
    root = dict(schema)
    dialect = declared_dialect(root)
    id_key = "id" if dialect == DRAFT_04 else "$id"
    defs_key = "definitions" if dialect in LEGACY_REF else "$defs"  # where each draft finds resources
    root_base = root[id_key] if isinstance(root.get(id_key), str) else path.resolve().as_uri()
    root.setdefault(id_key, root_base)
    tree = Confinement.of(path.parent)
    embedded: dict[str, dict[str, Any]] = {}
    pending = [(root, root_base, path)]
    while pending:
        node, base, owner = pending.pop()
        missing = set(unresolvable_refs(node, resolution=resolution))  # refs it resolves itself stay
        for ref, ref_base in refs_with_base(
            node, base, declared_dialect(node) if node is not root else dialect
        ):
            target, _fragment = urldefrag(urljoin(ref_base, ref))
            if ref not in missing or is_remote(ref) or target in embedded or target == root_base:
                continue
            file = _local_file(target, base, owner.parent)
            if file is None:
                continue
            if not tree.allows(file) or file.is_file():  # outside: refused, whether it exists or not
                try:
                    schema_file = load_schema_file(file, tree)
                except SchemaLoadError as exc:
                    raise SchemaLoadError(f"{owner}: $ref {ref}: {exc}") from None
                sibling = check_meta(file, schema_file, resolution)
                sibling = {**sibling, "id" if declared_dialect(sibling) == DRAFT_04 else "$id": target}
                embedded[target] = sibling
                pending.append((sibling, target, file))
    defs = dict(root.get(defs_key, {})) if isinstance(root.get(defs_key), dict) else {}
    defs.update({f"{_EMBEDDED}{uri}": sibling for uri, sibling in embedded.items()})
    if defs:
        root[defs_key] = defs
    return root
