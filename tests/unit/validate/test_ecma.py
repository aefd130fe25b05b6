"""The ECMA-262 translation (validate/ecma.py) means what regress, an ECMA-262 engine, says.

Generated patterns and strings: whenever regress takes a pattern, batchcheck's bounded search
(RE2 or the regex module) and jsonschema-rs, given the `rs` spelling, find a match exactly when
regress does.
"""

from __future__ import annotations

import jsonschema_rs
import pytest
import regress
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from batchcheck.validate.ecma import Untranslatable, ecma_error, translate
from batchcheck.validate.regexes import bounded_search, is_linear

ATOMS = [
    "a", "b", "é", "1", "٣", " ", "-", ".", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B",
    "[ab]", "[^a]", "[\\d.]", "[^\\d]", "[x\\D]", "[^x\\S]", "[\\s\\S]", "[^]", "[]", "[\\b]", "\\u{E9}",
    "\\p{L}", "\\P{L}", "\\p{Lu}", "\\p{Script=Greek}", "\\p{Letter}", "[\\p{N}_]", "\\u00a0", "\\/", "\\$",
]  # fmt: skip
ALPHABET = "ab1é٣ -_.\u00a0\u2028\n\ufeff\u03b1B$/\x08"  # with a Greek alpha


@st.composite
def patterns(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(["atom", "atom", "group", "quantified", "anchor"] if depth < 2 else ["atom"])
        )
        if kind == "atom":
            parts.append(draw(st.sampled_from(ATOMS)))
        elif kind == "anchor":
            parts.append(draw(st.sampled_from(["^", "$"])))
        elif kind == "quantified":
            parts.append(draw(st.sampled_from(ATOMS)) + draw(st.sampled_from(["*", "+", "?", "{1,2}", "*?"])))
        else:
            opener = draw(st.sampled_from(["(", "(?:", "(?=", "(?!", "(?<=", "(?<!", "(?<g>"]))
            inner = draw(patterns(depth + 1))
            alternative = draw(st.sampled_from(["", "|a"]))
            parts.append(f"{opener}{inner}{alternative})")
    if depth == 0 and draw(st.booleans()):
        # a backreference after the groups (regress, the oracle here, errs on one inside its own
        # group nested in another: `^((a|\1)1+|\1)1` on "1", which V8 matches, as batchcheck does)
        parts.append(draw(st.sampled_from(["\\1", "\\k<g>", "(?:\\1|b)"])))
    return "".join(parts)


def _ecma(pattern: str, text: str) -> bool:
    return regress.Regex(pattern, "u").find(text) is not None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=patterns(), texts=st.lists(st.text(ALPHABET, max_size=6), min_size=1, max_size=5))
def test_bounded_search_matches_as_ecma_262(pattern, texts):
    if ecma_error(pattern) is not None:
        return
    for text in texts:
        assert bounded_search(pattern, text) == _ecma(pattern, text), (
            pattern,
            text,
            translate(pattern, "regex"),
        )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=patterns(), texts=st.lists(st.text(ALPHABET, max_size=6), min_size=1, max_size=5))
def test_jsonschema_rs_reads_the_rs_spelling_as_ecma_262(pattern, texts):
    if ecma_error(pattern) is not None or not is_linear(pattern):
        return
    try:
        spelt = translate(pattern, "rs")
    except Untranslatable:
        return  # matched by batchcheck's bounded search on that engine too
    validator = jsonschema_rs.Draft202012Validator({"pattern": spelt})
    for text in texts:
        assert validator.is_valid(text) == _ecma(pattern, text), (pattern, spelt, text)


@pytest.mark.parametrize(
    ("pattern", "dialect"),
    [("(?=a)", "re2"), ("(a)\\1", "re2"), ("\\bx", "rs"), ("(?i:a)", "rs"), ("[^a\\S]", "re2")],
)
def test_what_a_dialect_cannot_express_is_said(pattern, dialect):
    with pytest.raises(Untranslatable):
        translate(pattern, dialect)
    assert ecma_error(pattern) is None


def test_refused_patterns_have_a_reason():
    assert ecma_error("(") == "Unbalanced parenthesis"
    assert ecma_error("\\Z") == "Invalid character escape"
    assert ecma_error("^\\p{L}$") is None
