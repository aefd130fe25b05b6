#!/usr/bin/env python3
"""Judge the detection corpus, independently of batchcheck.

For every case in cases.json this reads the response (a JSON body, or a ``curl -i`` capture
whose header blocks are stripped), finds the schema the case names as its truth (a component
of an OpenAPI document, or the response schema of one operation for one status), validates the
body with openapi-schema-validator (OAS30Validator for 3.0 documents, OAS31Validator for 3.1,
with the library's OAS format checker, so ``date-time``, ``int32``, ``uuid`` … are asserted)
and compares that verdict with the case's recorded ``valid``.

It also checks that each case is coherent: the expected document is one the case passes, a
capture's status line agrees with the case's ``status``, the operation (when given) answers
that status with the expected schema, a ``broken`` case is invalid, a ``partial`` case is a
207 with errors, an ``array`` case is an array, and ``equivalent`` lists exactly the other
components, among the documents the case passes, that are the same schema as the expected one
(same after inlining every ``$ref`` and dropping annotations such as description and example).

    python tests/data/detection/judge.py            # table, summary; exit 1 on any disagreement
    python tests/data/detection/judge.py --others   # also: which other components accept each body

From Python: ``judge()`` returns one ``Verdict`` per case (``verdict.ok`` is False when the
recorded truth or the case itself is wrong; ``verdict.problems`` says why).
"""

import argparse
import contextlib
import json
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing.exceptions import Unresolvable

HERE = Path(__file__).resolve().parent
KINDS = ("valid", "drift", "partial", "error-body", "array", "inline", "broken")
ANNOTATIONS = {"description", "example", "examples", "title", "externalDocs", "default", "xml"}
_STATUS_LINE = re.compile(r"HTTP/\d(?:\.\d)? (\d{3})\b[^\n]*\n")
_BLANK_LINE = re.compile(r"\r?\n\r?\n")


class Unvalidatable(Exception):
    """The schema cannot be applied: a $ref that resolves nowhere, or one that never ends."""


def _require_format_checks() -> None:
    for cls in (OAS30Validator, OAS31Validator):
        checker = cls.FORMAT_CHECKER
        if (
            checker.conforms("2025-03-15", "date-time")
            or checker.conforms(1 << 40, "int32")
            or checker.conforms("https://x.test/a[b]", "uri")
        ):
            raise SystemExit(
                f"{cls.__name__}'s format checker does not assert date-time/int32/uri "
                "(are rfc3339-validator and rfc3986-validator installed?); the verdicts would be wrong"
            )


# ---------------------------------------------------------------- reading


def read_response(path: Path) -> tuple[int | None, Any]:
    """The final HTTP status (None for a bare body) and the parsed JSON body."""
    text = path.read_bytes().decode("utf-8")
    status = None
    while True:
        match = _STATUS_LINE.match(text)
        if not match:
            break
        blank = _BLANK_LINE.search(text, match.start())
        if blank is None:
            raise ValueError(f"{path}: header block without a blank line after it")
        status = int(match.group(1))
        text = text[blank.end() :]
    return status, json.loads(text)


@cache
def load_spec(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return json.load(f) if path.suffix == ".json" else yaml.safe_load(f)


def _validator_class(spec: dict):
    return OAS31Validator if str(spec.get("openapi", "")).startswith("3.1") else OAS30Validator


# ---------------------------------------------------------------- locating schemas


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _resolve_local(spec: dict, ref: str) -> Any:
    node: Any = spec
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _pick_media(content: dict) -> str:
    for media in ("application/json", "*/*"):
        if media in content:
            return media
    for media in content:
        if media.endswith("+json") or media.endswith("/json"):
            return media
    raise KeyError("no JSON media type")


def response_pointer(spec: dict, operation: str, status: str) -> str:
    """JSON pointer of the schema an operation answers ``status`` with (following a
    ``$ref`` to components/responses)."""
    method, path = operation.split(" ", 1)
    responses = spec["paths"][path][method.lower()]["responses"]
    response = responses[status]
    pointer = f"#/paths/{_escape(path)}/{method.lower()}/responses/{status}"
    if "$ref" in response:
        pointer = response["$ref"]
        response = _resolve_local(spec, pointer)
    media = _pick_media(response.get("content") or {})
    return f"{pointer}/content/{_escape(media)}/schema"


def expected_pointer(spec: dict, expected: dict) -> str:
    if "component" in expected:
        name = expected["component"]
        if name not in spec.get("components", {}).get("schemas", {}):
            raise KeyError(f"no component {name!r}")
        return f"#/components/schemas/{_escape(name)}"
    return response_pointer(spec, expected["operation"], expected["status"])


def schema_for(spec: dict, operation: str, key: str) -> str:
    """The pointer of the schema an operation answers under response ``key``: the component's
    pointer when that schema is a plain $ref, else the inline schema's pointer."""
    pointer = response_pointer(spec, operation, key)
    schema = _resolve_local(spec, pointer)
    if isinstance(schema, dict) and set(schema) == {"$ref"}:
        return schema["$ref"]
    return pointer


def answers(spec: dict, operation: str, status: int) -> tuple[str, str]:
    """The response key an operation answers ``status`` with, and ``schema_for`` it."""
    method, path = operation.split(" ", 1)
    responses = spec["paths"][path][method.lower()]["responses"]
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return key, schema_for(spec, operation, key)
    raise KeyError(f"{operation} has no response for {status}")


def response_schemas(spec: dict, status: int | None) -> list[tuple[str, str]]:
    """(label, pointer) of every schema some operation answers ``status`` with, every response
    schema when ``status`` is None; a component is labelled by its name."""
    found: dict[str, str] = {}
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            operation = f"{method.upper()} {path}"
            try:
                pairs = [answers(spec, operation, status)] if status is not None else []
            except KeyError:
                pairs = []
            if status is None:
                for key in op["responses"]:
                    with contextlib.suppress(KeyError):  # no JSON content (204, 304)
                        pairs.append((key, schema_for(spec, operation, key)))
            for key, pointer in pairs:
                if pointer.startswith("#/components/schemas/"):
                    label = pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
                else:
                    label = f"{operation} {key}"
                found.setdefault(pointer, label)
    return [(label, pointer) for pointer, label in found.items()]


# ---------------------------------------------------------------- validating


def validate(spec: dict, pointer: str, body: Any) -> list[str]:
    """Every validation error of ``body`` against the schema at ``pointer``, as
    ``/json/path: message``; raises Unvalidatable when the schema cannot be applied."""
    cls = _validator_class(spec)
    root = {
        "$ref": quote(pointer, safe="#/~-_.!$&'()*+,;=:@"),
        "components": spec.get("components", {}),
        "paths": spec.get("paths", {}),
    }
    validator = cls(root, format_checker=cls.FORMAT_CHECKER)
    try:
        errors = list(validator.iter_errors(body))
    except RecursionError as e:
        raise Unvalidatable(f"{pointer}: $ref recursion never ends") from e
    except Unresolvable as e:  # jsonschema wraps it, still an Unresolvable
        raise Unvalidatable(f"{pointer}: unresolvable $ref ({_short(str(e).split(' within ')[0])})") from e
    errors.sort(key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return ["/" + "/".join(map(str, e.absolute_path)) + ": " + _short(e.message) for e in errors]


def _short(message: str, limit: int = 120) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


# ---------------------------------------------------------------- sameness of components


def canonical(spec: dict, name: str) -> str:
    """A component with every $ref inlined (a cycle becomes a back-reference counted in
    levels) and annotations dropped, as a JSON string; equal strings mean the same schema."""
    dialect = "3.1" if _validator_class(spec) is OAS31Validator else "3.0"

    def walk(node: Any, stack: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, stack) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node and isinstance(node["$ref"], str):
            ref = node["$ref"]
            if ref in stack:
                target = {"$back": len(stack) - stack.index(ref)}
            else:
                try:
                    target = walk(_resolve_local(spec, ref), (*stack, ref))
                except (KeyError, TypeError):
                    target = {"$dangling": ref}
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {"$inlined": target, **walk(rest, stack)} if rest else target
        out = {}
        for key, value in node.items():
            if key in ANNOTATIONS or key.startswith("x-"):
                continue
            if key in ("properties", "patternProperties", "$defs", "definitions", "mapping"):
                out[key] = {k: walk(v, stack) for k, v in value.items()} if isinstance(value, dict) else value
            else:
                out[key] = walk(value, stack)
        return out

    ref = f"#/components/schemas/{_escape(name)}"
    return json.dumps([dialect, walk({"$ref": ref}, ())], sort_keys=True)


def openapi_args(args: list[str]) -> list[str]:
    return [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--openapi"]


# ---------------------------------------------------------------- judging


@dataclass
class Verdict:
    case: dict
    judged_valid: bool | None = None
    errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    header_status: int | None = None
    accepted_by: list[str] = field(default_factory=list)
    rivals: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def name(self) -> str:
        return self.case.get("response", "?")


def load_cases(root: Path = HERE) -> list[dict]:
    with (root / "cases.json").open(encoding="utf-8") as f:
        return json.load(f)


def judge_case(case: dict, root: Path = HERE, others: bool = False) -> Verdict:
    v = Verdict(case)
    p = v.problems
    for key in ("response", "args", "expected", "valid", "kind", "why"):
        if key not in case:
            p.append(f"missing {key!r}")
    if p:
        return v
    kind, expected = case["kind"], case["expected"]
    if kind not in KINDS:
        p.append(f"unknown kind {kind!r}")
    if not case["why"].strip():
        p.append("empty 'why'")
    specs = openapi_args(case["args"])
    for s in specs:
        if not (root / s).is_file():
            p.append(f"no such spec {s}")
    if expected.get("spec") not in specs:
        p.append(f"expected spec {expected.get('spec')} is not among the --openapi arguments")
    if ("component" in expected) == ("operation" in expected):
        p.append("expected names neither or both of component and operation")
    if "operation" in expected and "status" not in expected:
        p.append("an operation expectation needs its response status (a string)")
    if p:
        return v

    try:
        v.header_status, body = read_response(root / case["response"])
    except (OSError, ValueError) as e:
        p.append(f"unreadable response: {e}")
        return v
    status = case.get("status")
    if case["response"].endswith(".http") and v.header_status is None:
        p.append("a .http capture without a status line")
    if status is not None and v.header_status is not None and status != v.header_status:
        p.append(f"case says status {status}, the capture says {v.header_status}")
    status = status if status is not None else v.header_status

    spec = load_spec(root / expected["spec"])
    try:
        pointer = expected_pointer(spec, expected)
    except KeyError as e:
        p.append(f"expected schema not found in {expected['spec']}: {e}")
        return v

    operation = case.get("operation") or expected.get("operation")
    if case.get("operation") and expected.get("operation") and case["operation"] != expected["operation"]:
        p.append("case operation and expected operation differ")
    if operation and status is not None:
        try:
            key, answered = answers(spec, operation, status)
        except KeyError as e:
            p.append(f"{expected['spec']}: {e}")
        else:
            if "component" in expected and answered != pointer:
                p.append(f"{operation} answers {status} with {answered}, not {pointer}")
            if "operation" in expected and key != expected["status"]:
                p.append(f"{operation} answers {status} under {key!r}, not {expected['status']!r}")

    # kind-specific coherence
    if kind == "broken" and case["valid"]:
        p.append("a broken case must be recorded invalid")
    if kind == "partial":
        if status not in (None, 207):
            p.append("a partial case is a 207")
        if not (isinstance(body, dict) and body.get("errors")):
            p.append("a partial case has a non-empty errors array")
    if kind == "array" and not isinstance(body, list):
        p.append("an array case's body is an array")
    if kind == "inline" and "operation" not in expected:
        p.append("an inline case expects an operation's response schema")
    if kind == "error-body" and status is not None and status < 400:
        p.append("an error body comes with a 4xx/5xx status")

    try:
        v.errors = validate(spec, pointer, body)
    except Unvalidatable as e:
        p.append(f"the expected schema cannot be applied: {e}")
        return v
    v.judged_valid = not v.errors
    if v.judged_valid != case["valid"]:
        p.append(f"recorded valid={case['valid']}, the validator says {v.judged_valid}")

    if "component" in expected:
        want = canonical(spec, expected["component"])
        found = set()
        for s in specs:
            other = load_spec(root / s)
            for name in other.get("components", {}).get("schemas", {}):
                if (s, name) != (expected["spec"], expected["component"]) and canonical(other, name) == want:
                    found.add((s, name))
        recorded = {(e["spec"], e["component"]) for e in case.get("equivalent", [])}
        if recorded != found:
            p.append(
                "equivalent should list exactly "
                + (", ".join(f"{s}#{n}" for s, n in sorted(found)) or "nothing")
            )
    elif case.get("equivalent"):
        p.append("equivalent is only for component expectations")

    same = {(expected["spec"], pointer)} | {
        (e["spec"], f"#/components/schemas/{_escape(e['component'])}") for e in case.get("equivalent", [])
    }
    for s in specs:
        other = load_spec(root / s)
        for label, rival in response_schemas(other, status):
            if (s, rival) in same:
                continue
            try:
                if not validate(other, rival, body):
                    v.rivals.append(f"{s}#{label}")
            except Unvalidatable:
                pass

    if others:
        for s in specs:
            other = load_spec(root / s)
            for name in other.get("components", {}).get("schemas", {}):
                if s == expected["spec"] and name == expected.get("component"):
                    continue
                try:
                    if not validate(other, f"#/components/schemas/{_escape(name)}", body):
                        v.accepted_by.append(f"{s}#{name}")
                except Unvalidatable:
                    pass
    return v


def judge(root: Path = HERE, others: bool = False) -> list[Verdict]:
    """One Verdict per case of ``root/cases.json``, in order."""
    _require_format_checks()
    cases = load_cases(root)
    verdicts = [judge_case(c, root, others) for c in cases]
    seen: dict[str, int] = {}
    for i, v in enumerate(verdicts):
        if v.name in seen:
            v.problems.append(f"response also used by case {seen[v.name] + 1}")
        seen.setdefault(v.name, i)
    listed = {v.name for v in verdicts}
    for extra in sorted((root / "responses").iterdir()):
        name = f"responses/{extra.name}"
        if name not in listed:
            stray = Verdict({"response": name, "kind": "?", "expected": {}, "valid": None})
            stray.problems.append("response file has no case")
            verdicts.append(stray)
    return verdicts


# ---------------------------------------------------------------- report


def _expected_label(expected: dict) -> str:
    spec = Path(expected.get("spec", "?")).stem
    if "component" in expected:
        return f"{spec}#{expected['component']}"
    return f"{spec} {expected.get('operation', '?')} {expected.get('status', '?')}"


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def report(verdicts: list[Verdict], others: bool, out=sys.stdout) -> None:
    w = out.write
    head = (
        f"{'#':>3} {'response':<44} {'kind':<10} {'st':>3} {'expected':<62} {'rec':<5} {'judge':<5} ok rivals"
    )
    if others:
        head += "  others"
    w(head + "  first error\n")
    for i, v in enumerate(verdicts, 1):
        c = v.case
        st = c.get("status") or v.header_status or ""
        judged = "-" if v.judged_valid is None else str(v.judged_valid).lower()
        line = (
            f"{i:>3} {_cell(Path(v.name).name, 44):<44} {c.get('kind', '?'):<10} {st!s:>3} "
            f"{_cell(_expected_label(c.get('expected', {})), 62):<62} {str(c.get('valid')).lower():<5} "
            f"{judged:<5} {'✓' if v.ok else '✗'} {len(v.rivals):>6}"
        )
        if others:
            line += f"  {len(v.accepted_by):>6}"
        first = v.errors[0] if v.errors else ""
        w(line + ("  " + _cell(first, 90) if first else "") + "\n")
        for problem in v.problems:
            w(f"      ! {problem}\n")
    w("\n")
    by_kind: dict[str, list[int]] = {}
    for v in verdicts:
        counts = by_kind.setdefault(v.case.get("kind", "?"), [0, 0])
        if v.judged_valid is not None:
            counts[0 if v.judged_valid else 1] += 1
    w(f"{'kind':<11} {'cases':>5} {'valid':>5} {'invalid':>7}\n")
    for kind in [k for k in KINDS if k in by_kind] + [k for k in by_kind if k not in KINDS]:
        ok, bad = by_kind[kind]
        w(f"{kind:<11} {ok + bad:>5} {ok:>5} {bad:>7}\n")
    total_ok = sum(a for a, _ in by_kind.values())
    total_bad = sum(b for _, b in by_kind.values())
    w(f"{'total':<11} {total_ok + total_bad:>5} {total_ok:>5} {total_bad:>7}\n\n")
    bad = [v for v in verdicts if not v.ok]
    rivalled = [v for v in verdicts if v.rivals]
    w(
        f"{len(rivalled)} bodies are also accepted by another response schema of the documents passed "
        "for the same status (rivals: the operation, or which schema declares more of the body, decides)\n"
    )
    if others:
        broken_accepted = sum(1 for v in verdicts if v.judged_valid is False and v.accepted_by)
        w(f"{broken_accepted} invalid bodies are accepted by some other component of the documents passed\n")
    w(
        f"{len(verdicts) - len(bad)} of {len(verdicts)} cases agree with the validator"
        + (f"; {len(bad)} do not\n" if bad else "\n")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--others", action="store_true", help="also count the other components that accept each body"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print every error and every accepting component"
    )
    args = parser.parse_args(argv)
    verdicts = judge(HERE, others=args.others)
    report(verdicts, args.others)
    if args.verbose:
        for v in verdicts:
            if v.errors or v.accepted_by or v.rivals:
                print(f"\n{v.name}:")
                for e in v.errors:
                    print(f"    {e}")
                if v.rivals:
                    print("    rivals: " + ", ".join(v.rivals))
                if v.accepted_by:
                    print("    also accepted by: " + ", ".join(v.accepted_by))
    return 0 if all(v.ok for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
