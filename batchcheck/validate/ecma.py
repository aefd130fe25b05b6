"""ECMA-262 regular expressions, the dialect JSON Schema names: checked, and translated for matching.

`regress` (Python bindings to a Rust ECMA-262 engine, the one check-jsonschema uses) decides what
is a pattern, with the `u` flag JSON Schema asks for: what it refuses, batchcheck refuses. regress
backtracks with no limit, so batchcheck does not match with it: a valid pattern is translated,
construct by construct, into the syntax of the engine that matches it, so that `\\d`, `\\w`, `\\s`,
`\\b`, `.`, `$`, `\\p{…}`, named groups and backreferences mean what ECMA-262 says:

- `re2`: RE2, linear in the input (no lookaround, no backreferences);
- `regex`: the `regex` module, for the rest, under a time budget (regexes.py);
- `rs`: ECMA-262 again, spelt so jsonschema-rs reads it as ECMA does, for the linear patterns only
  (it reads `\\b` as Unicode and backtracks on lookaround, so those are matched by batchcheck).

A construct a dialect cannot express raises Untranslatable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from batchcheck.validate.ecma_syntax import (
    CLASSES,
    DIGITS,
    LINE_ENDS,
    SPACE,
    WORD,
    Dialect,
    Ranges,
    Untranslatable,
    char_escape,
    group_numbers,
    re2_property,
    spell,
    spell_range,
    spell_set,
)

__all__ = ["DIGITS", "LINE_ENDS", "SPACE", "WORD", "Dialect", "Untranslatable", "ecma_error", "translate"]


@lru_cache(maxsize=4096)
def ecma_error(pattern: str) -> str | None:
    """Why pattern is not an ECMA-262 regular expression (`u` flag), or None when it is one."""
    import regress  # lazy: start-up (only schemas with patterns)

    try:
        regress.Regex(pattern, "u")
    except regress.RegressError as exc:
        return str(exc) or "invalid"
    except (RecursionError, OverflowError, ValueError) as exc:  # absurd nesting or sizes
        return type(exc).__name__
    return None


@lru_cache(maxsize=4096)
def translate(pattern: str, dialect: Dialect) -> str:
    """pattern (a valid ECMA-262 pattern) in the target dialect's syntax, meaning the same."""
    return _Translator(pattern, dialect).run()


@dataclass(frozen=True)
class _ClassItems:
    """A character class: ranges, sets written in the dialect, and sets it can only complement."""

    ranges: list[tuple[int, int]] = field(default_factory=list)
    native: list[str] = field(default_factory=list)  # `\p{L}`, `\d` where the dialect has it right
    complements: list[str] = field(default_factory=list)  # positive sets whose complement is included


class _Translator:
    def __init__(self, pattern: str, dialect: Dialect) -> None:
        self.p, self.dialect, self.i = pattern, dialect, 0
        self.out: list[str] = []
        self.names = group_numbers(pattern)
        self.groups = 0  # capturing groups opened so far
        self.open: list[int | None] = []  # the group number of each open parenthesis (None: not capturing)
        self.flags: list[set[str]] = [set()]  # i, m, s of the enclosing modifier groups

    def run(self) -> str:
        p = self.p
        while self.i < len(p):
            c = p[self.i]
            self.i += 1
            if c == "\\":
                self.out.append(self._escape())
            elif c == "[":
                self.out.append(self._class())
            elif c == "(":
                self.out.append(self._group())
            elif c == ")":
                self.flags.pop()
                self.open.pop()
                self.out.append(")")
            elif c == ".":
                self.out.append(self._dot())
            elif c in "^$":
                self.out.append(self._anchor(c))
            elif c in "|*+?":
                self.out.append(c)
            elif c == "{":  # a quantifier: {n}, {n,}, {n,m}
                end = p.index("}", self.i)
                self.out.append(p[self.i - 1 : end + 1])
                self.i = end + 1
            else:
                self.out.append(self._char(ord(c)))
        return "".join(self.out)

    # -- atoms --------------------------------------------------------------------------------

    def _group(self) -> str:
        p, d = self.p, self.dialect
        self.flags.append(set(self.flags[-1]))
        capturing = not p.startswith("?", self.i) or (
            p.startswith("?<", self.i) and not p.startswith(("?<=", "?<!"), self.i)
        )
        if capturing:
            self.groups += 1
        self.open.append(self.groups if capturing else None)
        if not p.startswith("?", self.i):
            return "("
        for opener in ("?:", "?=", "?!", "?<=", "?<!"):
            if p.startswith(opener, self.i):
                self.i += len(opener)
                if opener != "?:" and d != "regex":
                    raise Untranslatable("lookaround")
                return "(" + opener
        if p.startswith("?<", self.i):  # a named group: a plain group (names only matter to \k)
            self.i = p.index(">", self.i) + 1
            return "("
        end = p.index(":", self.i)  # modifiers: (?ims-ims:...)
        on, _, off = p[self.i + 1 : end].partition("-")
        self.i = end + 1
        self.flags[-1] |= set(on)
        self.flags[-1] -= set(off)
        if "i" in on + off:
            if d == "rs":
                raise Untranslatable("case modifier")
            return f"(?{'i' if 'i' in on else ''}{'-i' if 'i' in off else ''}:"
        return "(?:"

    def _dot(self) -> str:
        if "s" in self.flags[-1]:
            return "(?s:.)" if self.dialect != "rs" else self._set(((0, 0x10FFFF),), negated=False)
        return self._set(LINE_ENDS, negated=True)

    def _anchor(self, c: str) -> str:
        d = self.dialect
        if "m" in self.flags[-1]:
            if d != "regex":
                raise Untranslatable("multiline modifier")
            ends = self._set(LINE_ENDS, negated=False)
            return f"(?:^|(?<={ends}))" if c == "^" else rf"(?:\Z|(?={ends}))"
        return r"\Z" if c == "$" and d == "regex" else c

    def _escape(self) -> str:
        p, d = self.p, self.dialect
        c = p[self.i]
        if c in "dDwWsS":
            self.i += 1
            return self._class_escape(c)
        if c in "pP":
            return self._class_items_to_regex(self._property_items(), negated=False)
        if c in "bB":
            self.i += 1
            if d == "re2":
                return "\\" + c
            if d == "rs":
                raise Untranslatable("word boundary")
            word = self._set(WORD, negated=False)
            if c == "b":
                return f"(?:(?<={word})(?!{word})|(?<!{word})(?={word}))"
            return f"(?:(?<={word})(?={word})|(?<!{word})(?!{word}))"
        if c in "123456789" or c == "k":
            return self._backreference()
        return self._char(self._char_escape())

    def _backreference(self) -> str:
        p = self.p
        if p[self.i] == "k":
            end = p.index(">", self.i)
            number = self.names[p[self.i + 2 : end]]
            self.i = end + 1
        else:
            start = self.i
            while self.i < len(p) and p[self.i].isdigit():
                self.i += 1
            number = int(p[start : self.i])
        if self.dialect != "regex":
            raise Untranslatable("backreference")
        if number in self.open:  # ECMA: inside its own group, a backreference matches the empty string
            return "(?:)"
        # ECMA: a group that has not matched (yet) matches the empty string
        return f"(?({number})\\{number}|)"

    def _char_escape(self) -> int:
        """The code point of a CharacterEscape at self.i (past the backslash)."""
        code, self.i = char_escape(self.p, self.i)
        return code

    def _char(self, code: int) -> str:
        return spell(code, self.dialect)

    # -- character classes --------------------------------------------------------------------

    def _class_escape(self, c: str) -> str:
        items = _ClassItems()
        self._add_class_escape(items, c)
        return self._class_items_to_regex(items, negated=False)

    def _add_class_escape(self, items: _ClassItems, c: str) -> None:
        positive = CLASSES[c.lower()]
        if self.dialect == "re2" and c in "dDwW":  # RE2's are ASCII, as ECMA's
            items.native.append("\\" + c)
        elif c.islower():
            items.ranges.extend(positive)
        else:
            items.complements.append(self._set(positive, negated=False))

    def _property_items(self) -> _ClassItems:
        p = self.p
        negated = p[self.i] == "P"
        end = p.index("}", self.i)
        body = p[self.i + 2 : end]
        self.i = end + 1
        items = _ClassItems()
        if self.dialect == "re2":
            body = re2_property(body)
        items.native.append(f"\\{'P' if negated else 'p'}{{{body}}}")
        return items

    def _class(self) -> str:
        p = self.p
        negated = p.startswith("^", self.i)
        self.i += negated
        items = _ClassItems()
        while p[self.i] != "]":
            low = self._class_atom(items)
            if low is None:
                continue
            if p[self.i] == "-" and p[self.i + 1] != "]":
                self.i += 1
                high = self._class_atom(items)
                items.ranges.append((low, high if high is not None else low))
            else:
                items.ranges.append((low, low))
        self.i += 1
        return self._class_items_to_regex(items, negated)

    def _class_atom(self, items: _ClassItems) -> int | None:
        """A code point, or None when the atom was a set (added to items)."""
        p = self.p
        c = p[self.i]
        self.i += 1
        if c != "\\":
            return ord(c)
        c = p[self.i]
        if c == "b":
            self.i += 1
            return 0x08
        if c in "dDwWsS":
            self.i += 1
            self._add_class_escape(items, c)
            return None
        if c in "pP":
            found = self._property_items()
            items.native.extend(found.native)
            items.complements.extend(found.complements)
            return None
        return self._char_escape()

    def _set(self, ranges: Ranges, negated: bool) -> str:
        return spell_set(ranges, negated, self.dialect)

    def _range(self, low: int, high: int) -> str:
        return spell_range(low, high, self.dialect)

    def _class_items_to_regex(self, items: _ClassItems, negated: bool) -> str:
        """The class in the dialect; complemented sets become alternatives or lookaheads."""
        inside = "".join(self._range(low, high) for low, high in items.ranges) + "".join(items.native)
        if not items.complements:
            if not inside:  # [] matches nothing, [^] anything
                return self._set(((0, 0x10FFFF),), negated=not negated)
            return f"[{'^' * negated}{inside}]"
        if not negated:  # rest | not A | not B
            alternatives = [f"[{inside}]"] if inside else []
            alternatives += [f"[^{text[1:-1]}]" for text in items.complements]
            return f"(?:{'|'.join(alternatives)})"
        if self.dialect != "regex":  # not rest, and A, and B: lookaheads
            raise Untranslatable("negated class with a complemented set")
        *ahead, last = items.complements
        guards = (f"(?![{inside}])" if inside else "") + "".join(f"(?={text})" for text in ahead)
        return f"(?:{guards}{last})"
