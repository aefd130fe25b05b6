"""One source's bytes -> Documents: HTTP responses found (`curl -i`), bodies unwrapped and decoded,
strict JSON parsed. A stream of several responses gives one Document each (`<stdin>#1`, `<stdin>#2`).
"""

from __future__ import annotations

import re

from batchcheck.jsontext.positions import Position, line_column
from batchcheck.models import STDIN, Document, InputError, InputWarning
from batchcheck.read.decode import decode
from batchcheck.read.encodings import needs_unwrapping, unwrap
from batchcheck.read.http import NO_BODY, Response, split_responses, starts_with_headers
from batchcheck.read.strict_json import parse_json

MALFORMED = "malformed HTTP headers before the body"
_BLANK = re.compile("[ \t\r\n\ufeff]*")


def parse_bytes(source: str, raw: bytes) -> Document:
    """The one Document of a source (a schema file, a test's body); never raises.

    A stream of several HTTP responses is an input error here: only `parse_stream` splits it.
    """
    documents = parse_stream(source, raw)
    if len(documents) == 1:
        return documents[0]
    return Document(source, error=InputError(f"{len(documents)} HTTP responses in one input"))


def parse_stream(source: str, raw: bytes) -> list[Document]:
    """Every document of a source: one, or one per HTTP response it holds; never raises."""
    if not starts_with_headers(raw):
        text, error = decode(raw)
        del raw  # the only reference left (see source.read_source): a big input is not held twice
        if error is not None:
            return [Document(source, error=error)]
        return [_parsed(Document(source, text=text), Response(0, 0, len(text)))]
    responses, malformed = split_responses(raw)
    if malformed is not None:
        before = raw[:malformed].decode("utf-8", "replace")
        return [Document(source, error=InputError(MALFORMED, line_column(before, len(before))))]
    if len(responses) == 1 and not needs_unwrapping(responses[0].headers):
        text, error = decode(raw)  # one response as sent: decoded whole, as a body alone is
        del raw
        if error is not None:
            return [Document(source, error=error)]
        found = split_responses(text)[0]
        response = found[0] if len(found) == 1 else Response(0, len(text), len(text), responses[0].http)
        return [_parsed(Document(source, text=text, http=response.http), response)]
    return _several(source, raw, responses)


def _several(source: str, raw: bytes, responses: list[Response]) -> list[Document]:
    """Responses decoded one by one (bodies unwrapped), positions counted in the text they make."""
    pieces: list[str] = []
    spans: list[tuple[Response, int, int, list[str], InputError | None]] = []
    length, previous = 0, 0
    for response in responses:
        head = raw[previous : response.body_start].decode("utf-8", "replace")
        unwrapped = unwrap(raw[response.body_start : response.body_end], response.headers)
        body, error = decode(unwrapped.body) if unwrapped.error is None else ("", None)
        if unwrapped.error is not None:
            error = InputError(unwrapped.error)
        pieces += [head, body]
        start = length + len(head)
        length = start + len(body)
        spans.append((response, start, length, unwrapped.notes, error))
        previous = response.body_end
    text = "".join(pieces)
    documents = []
    for number, (response, start, end, notes, error) in enumerate(spans, start=1):
        name = f"{source}#{number}" if len(spans) > 1 else source
        document = Document(name, text=text, body_start=start, http=response.http)
        document.warnings = [InputWarning(note) for note in notes]
        if error is not None:
            document.error = _shifted(error, line_column(text, start))
            documents.append(document)
        else:
            located = Response(response.start, start, end, response.http, response.headers)
            documents.append(_parsed(document, located))
    return documents


def _parsed(doc: Document, response: Response) -> Document:
    """doc with its body (text[body_start:body_end]) parsed, or why it has none."""
    doc.body_start = response.body_start
    if _blank(doc.text, response.body_start, response.body_end):
        if response.http is not None and response.http.status in NO_BODY:
            doc.no_body = True
        else:
            doc.error = InputError(_empty(doc.source, response))
        return doc
    if response.http is not None and response.http.status in NO_BODY:
        doc.warnings.append(InputWarning(f"HTTP {response.http.status} has a body, though it never should"))
    doc.data, doc.error, duplicates = parse_json(doc.text, response.body_start, doc.http, response.body_end)
    if duplicates:  # rare: the locator loads only then
        from batchcheck.read.duplicates import duplicate_key_warnings  # lazy: start-up

        doc.warnings += duplicate_key_warnings(doc.text, doc.body_start)
    return doc


def _blank(text: str, start: int, end: int) -> bool:
    blank = _BLANK.match(text, start, end)
    return blank is not None and blank.end() >= end


def _empty(source: str, response: Response) -> str:
    """Why there is nothing to check, with the curl mistake it most likely is."""
    http = response.http
    if http is None:
        if source == STDIN:
            return (
                "empty input: nothing came through the pipe (did the command before it fail? "
                "`curl -sS` shows curl's errors)"
            )
        return "empty input (no JSON value in the file)"
    length = response.content_length
    status = f"HTTP {http.status} {http.reason}".rstrip()
    if length:
        return (
            f"empty input after HTTP headers ({status}), though Content-Length is {length}: "
            "`curl -I` asks for the headers only (HEAD); use `curl -i` to get the body too"
        )
    return f"empty input after HTTP headers ({status}): the response has no body"


def _shifted(error: InputError, body: Position) -> InputError:
    """An error located in a body alone, located in the whole stream instead."""
    if error.position is None:
        return error
    line, column = error.position
    column = column + body.column - 1 if line == 1 else column
    return InputError(error.message, Position(line + body.line - 1, column))
