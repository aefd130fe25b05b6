"""Make untrusted text (anything from a response, a schema or a file name) safe to print.

Two dangers: characters a terminal would act on or hide (controls, ANSI/OSC escapes, bidi
overrides, invisible characters), and text a CI runner would act on. GitHub Actions runs a
workflow command found in any log line: `::cmd …` at the start of a line (after leading
whitespace) and the legacy `##[cmd]` anywhere in a line. Untrusted text can end up at the start of
a line (a file name starts each `--format text` line; rich wraps a long message wherever it
likes), so `visible` breaks every `::` and `##[` in it, and JSON outputs break `##[` the JSON way
(`json_text`).
"""

from __future__ import annotations

import json
import re
from typing import IO, Any

# What str.isprintable() lets through but a terminal would hide or reorder: combining
# grapheme joiner, Hangul fillers, variation selectors. Everything non-printable (controls,
# ESC of ANSI/OSC sequences, bidi and other format characters, separators other than the
# space, surrogates, private use) is escaped as well.
_INVISIBLE = re.compile("[\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Workflow commands, broken by writing their second character as an escape: `:\u003a`, `##\u005b`.
_RUNNER_COMMAND = re.compile(r"(?<=:):|(?<=##)\[")


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _unsafe(char: str) -> bool:
    return not (char.isprintable() or char == " ") or bool(_INVISIBLE.match(char))


def visible(text: str) -> str:
    """text with every control, format, invisible or unpaired-surrogate character escaped, and
    no `::` or `##[` left that a CI runner could read as a workflow command."""
    if not (text.isprintable() and not _INVISIBLE.search(text)):
        text = "".join(_escape(c) if _unsafe(c) else c for c in text)
    if "::" in text or "##[" in text:
        text = _RUNNER_COMMAND.sub(lambda match: _escape(match.group()), text)
    return text


def write_json(payload: Any, stream: IO[str]) -> None:
    """payload as indented, ASCII-only JSON and a newline, with no `##[` left in it (`##\\u005b`,
    the same string to any JSON parser). No line of it can start with `::`: after its
    indentation every line starts with a bracket, a brace, a quote or a number.

    Written as the encoder yields it: each string comes whole in one chunk (`#` occurs only
    inside strings), so no `##[` can straddle two chunks.
    """
    encoder = json.JSONEncoder(ensure_ascii=True, allow_nan=False, indent=2)
    for chunk in encoder.iterencode(payload):
        stream.write(json_safe(chunk))
    stream.write("\n")


def json_safe(text: str) -> str:
    """JSON text with every `##[` written `##\\u005b` (the same string to a JSON parser): the
    rule of every JSON output, whole (write_json) or streamed (streamed_json)."""
    return text.replace("##[", "##\\u005b") if "##[" in text else text
