"""The `format` checkers batchcheck asserts: one table, used by every engine.

The checks follow python-jsonschema's own (same libraries, same rules), except `date-time`,
`date` and `time`, which follow RFC 3339 as jsonschema-rs does (leap seconds at 23:59:60 UTC,
year 0000, no trailing newline), so a format is judged the same whichever engine validates, and
`email`/`idn-email`, RFC 5321/6531 mailboxes (python-jsonschema only looks for an `@`).
Every checker takes a string and returns a bool; numbers are checked by INT_RANGES.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from batchcheck.errors import ConfigurationError
from batchcheck.validate.ecma import ecma_error
from batchcheck.vocabulary import walk

INT_RANGES = {"int32": 32, "int64": 64}
_FULL_DATE = r"(?P<year>[0-9]{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-9]{2})"
_FULL_TIME = (
    r"(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9]):(?P<second>[0-5][0-9]|60)(?:\.[0-9]+)?"
    r"(?P<zone>[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_DATE = re.compile(_FULL_DATE)
_TIME = re.compile(_FULL_TIME)
_DATE_TIME = re.compile(_FULL_DATE + "[Tt]" + _FULL_TIME)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Formats jsonschema-rs checks natively exactly as the checkers here do (tests/test_engines.py
# compares them); others are handed to it as Python callables, which makes it slower.
NATIVE_IN_RS = frozenset({"date-time", "date", "time"})

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


def string_checks(names: Iterable[str] | None = None) -> dict[str, StringCheck]:
    """The checkers of the string formats named (all by default), by name.

    Each checker's library is imported only when its format is asked for (a schema uses it);
    a missing one stops the run.
    """
    wanted = STRING_FORMATS if names is None else [name for name in STRING_FORMATS if name in set(names)]
    try:
        return {name: _FACTORIES[name]() for name in wanted}
    except ImportError as exc:
        raise ConfigurationError(
            f"format checker missing ({exc.name}): reinstall batchcheck with its dependencies"
        ) from None


def _date_time() -> StringCheck:
    return lambda text: _rfc3339(_DATE_TIME.fullmatch(text))


def _time() -> StringCheck:
    return lambda text: _rfc3339(_TIME.fullmatch(text))


def _date() -> StringCheck:
    return lambda text: _rfc3339(_DATE.fullmatch(text))


def _rfc3339(match: re.Match[str] | None) -> bool:
    """RFC 3339: a real day of its month (year 0000 included), and a leap second only at 23:59:60 UTC."""
    if match is None:
        return False
    parts = match.groupdict()
    if parts.get("year") is not None:
        year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        days = 29 if month == 2 and leap else _DAYS[month - 1]
        if not 1 <= day <= days:
            return False
    if parts.get("second") == "60":
        offset = (
            0
            if parts["zone"] in "Zz"
            else int(parts["zone"][:3]) * 60 + int(parts["zone"][0] + parts["zone"][4:])
        )
        minutes = (int(parts["hour"]) * 60 + int(parts["minute"]) - offset) % 1440
        return minutes == 23 * 60 + 59
    return True


def _email() -> StringCheck:
    return lambda text: _is_mailbox(text, idn=False)


def _idn_email() -> StringCheck:
    return lambda text: _is_mailbox(text, idn=True)


_ATEXT = r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]"
_IDN_ATEXT = rf"(?:{_ATEXT}|[^\x00-\x7f])"  # RFC 6531: UTF-8 beyond ASCII too
_QTEXT = r"[\x20\x21\x23-\x5b\x5d-\x7e]"


@cache
def _mailbox_patterns(idn: bool) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(dot-atom, quoted string, host label), compiled on first use: e-mail formats are rare."""
    atext, qtext = (_IDN_ATEXT, rf"(?:{_QTEXT}|[^\x00-\x7f])") if idn else (_ATEXT, _QTEXT)
    return (
        re.compile(rf"{atext}+(?:\.{atext}+)*\Z"),
        re.compile(rf'"(?:{qtext}|\\[\x20-\x7e])*"\Z'),
        re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z"),
    )


def _is_mailbox(text: str, idn: bool) -> bool:
    """RFC 5321 mailbox (RFC 6531 with idn): `joe@example.com`, `"joe bloggs"@example.com`,
    `joe@[127.0.0.1]`, `joe@[IPv6:::1]`; no leading, trailing or doubled dot in the local part."""
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        return False
    dot_atom, quoted, _label = _mailbox_patterns(idn)
    if not (dot_atom.match(local) or quoted.match(local)):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        return _address_literal(domain[1:-1])
    return _mail_domain(domain, idn)


def _mail_domain(domain: str, idn: bool) -> bool:
    if idn and not domain.isascii():
        import idna

        try:
            domain = idna.encode(domain, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            return False
    label = _mailbox_patterns(False)[2]
    return len(domain) <= 253 and all(label.match(part) for part in domain.split("."))


def _address_literal(inner: str) -> bool:
    import ipaddress

    try:
        if inner[:5].lower() == "ipv6:":
            ipaddress.IPv6Address(inner[5:])
        else:
            ipaddress.IPv4Address(inner)
    except ValueError:
        return False
    return True


def _hostname() -> StringCheck:
    import fqdn

    return lambda text: _no_error(lambda: fqdn.FQDN(text, min_labels=1).is_valid, ValueError)


def _idn_hostname() -> StringCheck:
    import idna

    return lambda text: _no_error(lambda: idna.encode(text) is not None, idna.IDNAError, UnicodeError)


def _ipv4() -> StringCheck:
    import ipaddress

    return lambda text: _no_error(lambda: ipaddress.IPv4Address(text), ValueError)


def _ipv6() -> StringCheck:
    import ipaddress

    return lambda text: _no_error(lambda: not ipaddress.IPv6Address(text).scope_id, ValueError)


def _uri() -> StringCheck:
    from rfc3986_validator import validate_rfc3986

    return lambda text: bool(validate_rfc3986(text, rule="URI"))


def _uri_reference() -> StringCheck:
    from rfc3986_validator import validate_rfc3986

    return lambda text: _no_error(lambda: validate_rfc3986(text, rule="URI_reference"), ValueError)


def _uri_template() -> StringCheck:
    import uri_template

    return lambda text: bool(uri_template.validate(template=text))


def _json_pointer() -> StringCheck:
    import jsonpointer

    return lambda text: _no_error(lambda: jsonpointer.JsonPointer(text), jsonpointer.JsonPointerException)


def _relative_json_pointer() -> StringCheck:
    json_pointer = _json_pointer()

    def check(text: str) -> bool:
        match = re.match(r"(0|[1-9][0-9]*)(.*)\Z", text, re.ASCII | re.DOTALL)
        return match is not None and (match.group(2) == "#" or json_pointer(match.group(2)))

    return check


def _uuid() -> StringCheck:
    from uuid import UUID

    hyphens = (8, 13, 18, 23)
    return lambda text: _no_error(lambda: UUID(text) and all(text[p] == "-" for p in hyphens), ValueError)


def _regex() -> StringCheck:
    return lambda text: ecma_error(text) is None  # ECMA-262, the `u` flag


_FACTORIES: dict[str, Callable[[], StringCheck]] = {
    "date-time": _date_time,
    "time": _time,
    "date": _date,
    "email": _email,
    "idn-email": _idn_email,
    "hostname": _hostname,
    "idn-hostname": _idn_hostname,
    "ipv4": _ipv4,
    "ipv6": _ipv6,
    "uri": _uri,
    "uri-reference": _uri_reference,
    "uri-template": _uri_template,
    "json-pointer": _json_pointer,
    "relative-json-pointer": _relative_json_pointer,
    "uuid": _uuid,
    "regex": _regex,
}


STRING_FORMATS = (
    "date-time", "time", "date", "email", "idn-email", "hostname", "idn-hostname",
    "ipv4", "ipv6", "uri", "uri-reference", "uri-template", "json-pointer",
    "relative-json-pointer", "uuid", "regex",
)  # fmt: skip
CHECKED_FORMATS = frozenset(STRING_FORMATS) | frozenset(INT_RANGES)


def used_formats(schema: Any) -> set[str]:
    """The `format` values schema uses."""
    return {node["format"] for _, node in walk(schema) if isinstance(node.get("format"), str)}


def unchecked_formats(schema: Any) -> list[str]:
    """The `format` values in schema that batchcheck has no checker for (sorted)."""
    return sorted(used_formats(schema) - CHECKED_FORMATS)


def _no_error(check: Callable[[], object], *errors: type[BaseException]) -> bool:
    """True when check() returns a truthy value without raising one of errors."""
    try:
        return bool(check())
    except errors:
        return False
