"""Format checkers batchcheck writes itself, where python-jsonschema's are looser than the RFCs.

- `date-time`, `time`: RFC 3339 (section 5.6), lowercase `t`/`z` allowed, leap seconds (`:60`)
  only where the time is 23:59 UTC.
- `email`, `idn-email`: RFC 5321 mailboxes (dot-atoms or quoted local parts; a host name or an
  IPv4/IPv6 address literal), RFC 6531 for the internationalised form.

The suite of record for these is the JSON-Schema-Test-Suite's optional/format tests
(tests/test_conformance.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

_TIME = r"(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2})"


@cache
def _time_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(full-time, date-time), compiled on first use: start-up stays lean."""
    return re.compile(_TIME + r"\Z", re.ASCII), re.compile(
        r"(\d{4})-(\d{2})-(\d{2})[Tt]" + _TIME + r"\Z", re.ASCII
    )


_MINUTES_A_DAY = 24 * 60


def _valid_time(hour: str, minute: str, second: str, offset: str) -> bool:
    h, m, s = int(hour), int(minute), int(second)
    if h > 23 or m > 59 or s > 60:
        return False
    offset_minutes = 0
    if offset not in "Zz":
        off_h, off_m = int(offset[1:3]), int(offset[4:6])
        if off_h > 23 or off_m > 59:
            return False
        offset_minutes = (off_h * 60 + off_m) * (1 if offset[0] == "+" else -1)
    if s == 60:  # a leap second is always the last second of a UTC day
        return (h * 60 + m - offset_minutes) % _MINUTES_A_DAY == _MINUTES_A_DAY - 1
    return True


def is_time(instance: object) -> bool:
    """RFC 3339 full-time: `08:30:06Z`, `23:59:60+00:00`, `08:30:06.25-08:00`."""
    if not isinstance(instance, str):
        return True
    match = _time_patterns()[0].match(instance)
    return bool(match) and _valid_time(*match.groups())


def is_date_time(instance: object) -> bool:
    """RFC 3339 date-time: a real calendar date, `T` (or `t`), then a full-time."""
    if not isinstance(instance, str):
        return True
    match = _time_patterns()[1].match(instance)
    if not match:
        return False
    year, month, day, *time = match.groups()
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return _valid_time(*time)


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


def _host_name(domain: str, idn: bool) -> bool:
    if idn and not domain.isascii():
        import idna

        try:
            domain = idna.encode(domain, uts46=True).decode("ascii")
        except idna.IDNAError:
            return False
    label = _mailbox_patterns(False)[2]
    return len(domain) <= 253 and all(label.match(part) for part in domain.split("."))


def _address_literal(literal: str) -> bool:
    import ipaddress

    inner = literal[1:-1]
    try:
        if inner[:5].lower() == "ipv6:":
            ipaddress.IPv6Address(inner[5:])
        else:
            ipaddress.IPv4Address(inner)
    except ValueError:
        return False
    return True


def _is_mailbox(instance: object, idn: bool) -> bool:
    if not isinstance(instance, str):
        return True
    local, at, domain = instance.rpartition("@")
    if not at or not local or not domain:
        return False
    dot_atom, quoted, _label = _mailbox_patterns(idn)
    if not (dot_atom.match(local) or quoted.match(local)):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        return _address_literal(domain)
    return _host_name(domain, idn)


def is_email(instance: object) -> bool:
    """RFC 5321 mailbox: `joe.bloggs@example.com`, `"joe bloggs"@example.com`, `a@[127.0.0.1]`."""
    return _is_mailbox(instance, idn=False)


def is_idn_email(instance: object) -> bool:
    """RFC 6531 mailbox: UTF-8 allowed in the local part and the domain (`실례@실례.테스트`)."""
    return _is_mailbox(instance, idn=True)


CHECKERS: dict[str, Callable[[Any], bool]] = {
    "date-time": is_date_time,
    "time": is_time,
    "email": is_email,
    "idn-email": is_idn_email,
}
