"""ECMA-262 regular expressions: the sets the dialect defines, property names, group numbers.

The tables ecma.py translates with: `\\d`, `\\w`, `\\s` and the line terminators as ECMA-262
defines them (with the `u` flag), General_Category names in RE2's spelling, and the number of each
named group.
"""

from __future__ import annotations

from typing import Literal

Dialect = Literal["re2", "regex", "rs"]

Ranges = tuple[tuple[int, int], ...]

DIGITS: Ranges = ((0x30, 0x39),)
WORD: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
# WhiteSpace (TAB, VT, FF, ZWNBSP, every Zs) and LineTerminator (LF, CR, LS, PS)
SPACE: Ranges = (
    (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
    (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
)  # fmt: skip
LINE_ENDS: Ranges = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))
CLASSES = {"d": DIGITS, "w": WORD, "s": SPACE}
CONTROL = {"f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}
# General_Category long names, as RE2 knows only the short ones
_CATEGORIES = {
    "Letter": "L", "Cased_Letter": "LC", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll",
    "Titlecase_Letter": "Lt", "Modifier_Letter": "Lm", "Other_Letter": "Lo", "Mark": "M",
    "Nonspacing_Mark": "Mn", "Spacing_Mark": "Mc", "Enclosing_Mark": "Me", "Number": "N",
    "Decimal_Number": "Nd", "Letter_Number": "Nl", "Other_Number": "No", "Punctuation": "P",
    "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd", "Open_Punctuation": "Ps",
    "Close_Punctuation": "Pe", "Initial_Punctuation": "Pi", "Final_Punctuation": "Pf",
    "Other_Punctuation": "Po", "Symbol": "S", "Math_Symbol": "Sm", "Currency_Symbol": "Sc",
    "Modifier_Symbol": "Sk", "Other_Symbol": "So", "Separator": "Z", "Space_Separator": "Zs",
    "Line_Separator": "Zl", "Paragraph_Separator": "Zp", "Other": "C", "Control": "Cc",
    "Format": "Cf", "Surrogate": "Cs", "Private_Use": "Co", "Unassigned": "Cn",
}  # fmt: skip


class Untranslatable(Exception):
    """The pattern uses a construct the target dialect cannot express."""


def re2_property(body: str) -> str:
    """An ECMA property in RE2's spelling (general categories by short name, scripts by name)."""
    name, _, value = body.partition("=")
    if not value:
        if name in ("Any", *_CATEGORIES.values()):
            return name
        if name in _CATEGORIES:
            return _CATEGORIES[name]
        raise Untranslatable(f"property {body}")
    if name in ("General_Category", "gc"):
        return _CATEGORIES.get(value, value)
    if name in ("Script", "sc") and len(value) > 4:  # RE2 knows scripts by long name only
        return value
    raise Untranslatable(f"property {body}")


def group_numbers(pattern: str) -> dict[str, int]:
    """The number of each named group (by the order of the capturing groups' openings)."""
    numbers: dict[str, int] = {}
    count, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            rest = pattern[i + 1 :]
            if not rest.startswith("?"):
                count += 1
            elif rest.startswith("?<") and not rest.startswith(("?<=", "?<!")):
                count += 1
                numbers[rest[2 : rest.index(">")]] = count
        i += 1
    return numbers


def spell(code: int, dialect: Dialect) -> str:
    """One code point, matched literally, in the dialect (escaped unless an ASCII letter or digit)."""
    if chr(code).isascii() and chr(code).isalnum():
        return chr(code)
    if 0xD800 <= code <= 0xDFFF and dialect == "re2":
        raise Untranslatable("lone surrogate")  # RE2 works on UTF-8
    if dialect == "re2":
        return f"\\x{{{code:X}}}"
    if dialect == "rs":
        return f"\\u{{{code:X}}}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def spell_range(low: int, high: int, dialect: Dialect) -> str:
    return spell(low, dialect) if low == high else f"{spell(low, dialect)}-{spell(high, dialect)}"


def spell_set(ranges: Ranges, negated: bool, dialect: Dialect) -> str:
    """A character class of ranges (negated: their complement)."""
    return "[" + "^" * negated + "".join(spell_range(low, high, dialect) for low, high in ranges) + "]"


def char_escape(p: str, i: int) -> tuple[int, int]:
    """The code point of the CharacterEscape at p[i] (past the backslash), and where it ends."""
    c = p[i]
    i += 1
    if c in CONTROL:
        return CONTROL[c], i
    if c == "c":
        return ord(p[i]) % 32, i + 1
    if c == "0":
        return 0, i
    if c == "x":
        return int(p[i : i + 2], 16), i + 2
    if c != "u":
        return ord(c), i  # an identity escape: a syntax character, `/` or (in a class) `-`
    if p[i] == "{":
        end = p.index("}", i)
        return int(p[i + 1 : end], 16), end + 1
    value = int(p[i : i + 4], 16)
    i += 4
    low = p[i + 2 : i + 6] if 0xD800 <= value <= 0xDBFF and p.startswith("\\u", i) else ""
    if len(low) == 4 and all(ch in "0123456789abcdefABCDEF" for ch in low):  # a surrogate pair
        low_value = int(low, 16)
        if 0xDC00 <= low_value <= 0xDFFF:
            return 0x10000 + ((value - 0xD800) << 10) + (low_value - 0xDC00), i + 6
    return value, i
