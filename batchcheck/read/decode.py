"""Bytes -> text: UTF-8 (a BOM allowed), or UTF-16/32 announced by their BOM."""

from __future__ import annotations

import codecs

from batchcheck.jsontext.positions import line_column
from batchcheck.models import InputError

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(raw: bytes) -> tuple[str, InputError | None]:
    """Decode by BOM (UTF-8/16/32, BOM dropped), otherwise as strict UTF-8."""
    bom, encoding = next(((b, e) for b, e in _BOMS if raw.startswith(b)), (b"", "utf-8"))
    body = raw[len(bom) :]
    try:
        return body.decode(encoding), None
    except UnicodeDecodeError as exc:
        before = body[: exc.start].decode(encoding, "replace")
        name = encoding.upper().removesuffix("-LE").removesuffix("-BE")
        byte = body[exc.start : exc.start + 1].hex()
        return "", InputError(f"invalid {name} (byte 0x{byte})", line_column(before, len(before)))
