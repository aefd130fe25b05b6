"""The `format` checkers batchcheck asserts: one table, used by every engine.

The checks follow python-jsonschema's own (same libraries, same rules), so a format is judged
the same whichever engine validates. Every checker takes a string and returns a bool; numbers
are checked by the integer ranges of INT_RANGES.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from datetime import date
from uuid import UUID

from batchcheck.models import ConfigurationError

INT_RANGES = {"int32": 32, "int64": 64}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)

StringCheck = Callable[[str], bool]


def int_range(bits: int) -> tuple[int, int]:
    """The lowest and highest value of a signed integer of `bits` bits."""
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def int_range_check(bits: int) -> Callable[[object], bool]:
    """int32/int64: integers (and integral floats) within range; other values pass."""
    low, high = int_range(bits)

    def fits(instance: object) -> bool:
        if isinstance(instance, bool) or not isinstance(instance, (int, float)):
            return True  # formats apply only to numbers; `type` reports the rest
        if isinstance(instance, float) and not instance.is_integer():
            return True
        return low <= instance <= high

    return fits


def string_checks() -> dict[str, StringCheck]:
    """Every string format batchcheck asserts, by name; refuses to run if a checker is missing."""
    try:
        import fqdn
        import idna
        import jsonpointer
        import uri_template
        from rfc3339_validator import validate_rfc3339
        from rfc3986_validator import validate_rfc3986
    except ImportError as exc:
        raise ConfigurationError(
            f"format checker missing ({exc.name}): reinstall batchcheck with its dependencies"
        ) from None

    def date_time(text: str) -> bool:
        return bool(validate_rfc3339(text.upper()))

    def hostname(text: str) -> bool:
        return _no_error(lambda: fqdn.FQDN(text, min_labels=1).is_valid, ValueError)

    def idn_hostname(text: str) -> bool:
        return _no_error(lambda: idna.encode(text) is not None, idna.IDNAError, UnicodeError)

    def json_pointer(text: str) -> bool:
        return _no_error(lambda: jsonpointer.JsonPointer(text) is not None, jsonpointer.JsonPointerException)

    def relative_json_pointer(text: str) -> bool:
        match = re.match(r"(0|[1-9][0-9]*)(.*)\Z", text, re.ASCII | re.DOTALL)
        return match is not None and (match.group(2) == "#" or json_pointer(match.group(2)))

    def full_date(text: str) -> bool:
        return bool(_DATE.fullmatch(text)) and _no_error(lambda: date.fromisoformat(text), ValueError)

    def uri_reference(text: str) -> bool:
        return _no_error(lambda: validate_rfc3986(text, rule="URI_reference"), ValueError)

    def uuid(text: str) -> bool:
        hyphens = (8, 13, 18, 23)
        return _no_error(lambda: UUID(text) and all(text[p] == "-" for p in hyphens), ValueError)

    return {
        "date-time": date_time,
        "time": lambda text: date_time("1970-01-01T" + text),
        "date": full_date,
        "email": lambda text: "@" in text,
        "idn-email": lambda text: "@" in text,
        "hostname": hostname,
        "idn-hostname": idn_hostname,
        "ipv4": lambda text: _no_error(lambda: ipaddress.IPv4Address(text), ValueError),
        "ipv6": lambda text: _no_error(lambda: not ipaddress.IPv6Address(text).scope_id, ValueError),
        "uri": lambda text: bool(validate_rfc3986(text, rule="URI")),
        "uri-reference": uri_reference,
        "uri-template": lambda text: bool(uri_template.validate(template=text)),
        "json-pointer": json_pointer,
        "relative-json-pointer": relative_json_pointer,
        "uuid": uuid,
        "regex": lambda text: _no_error(lambda: re.compile(text), re.error, RecursionError, OverflowError),
    }


STRING_FORMATS = (
    "date-time", "time", "date", "email", "idn-email", "hostname", "idn-hostname",
    "ipv4", "ipv6", "uri", "uri-reference", "uri-template", "json-pointer",
    "relative-json-pointer", "uuid", "regex",
)  # fmt: skip
CHECKED_FORMATS = frozenset(STRING_FORMATS) | frozenset(INT_RANGES)


def _no_error(check: Callable[[], object], *errors: type[BaseException]) -> bool:
    """True when check() returns a truthy value without raising one of errors."""
    try:
        return bool(check())
    except errors:
        return False
