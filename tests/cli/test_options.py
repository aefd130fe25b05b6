"""The check command's options: --max-errors, --no-format-checks, -v, --fail-on-partial, --version;
bad options."""

from __future__ import annotations

import json

import pytest
from support.output import LOCATED_LINE, no_traceback
from support.paths import ASSOC_INVALID, BUNDLED, INVALID, VALID

import batchcheck


@pytest.mark.parametrize("fmt", ["json", "text", "rich"])
def test_max_errors_caps_the_list_but_not_the_count(bc, examples_dir, fmt):
    result = bc("--format", fmt, "--max-errors", "1", examples_dir / INVALID)
    assert result.code == 1
    if fmt == "json":
        [document] = result.documents
        assert len(document["errors"]) == 1
        assert document["errors"][0]["pointer"] == "/results/1/appId"
        assert document["errorCount"] == 3
    elif fmt == "text":
        located = [line for line in result.stdout.splitlines() if LOCATED_LINE.match(line)]
        assert len(located) == 1
        assert "invalid: 3 errors (1 shown)" in result.stdout
    else:  # one group shown (each error is one here), the others counted
        assert "invalid: 3 errors" in result.stdout
        assert "… and 2 more groups (2 errors; --max-errors 0 shows all)" in result.stdout


def test_max_errors_zero_shows_all(bc, examples_dir):
    result = bc("--format", "json", "--max-errors", "0", examples_dir / ASSOC_INVALID)
    [document] = result.documents
    assert document["errorCount"] == 4
    assert len(document["errors"]) == 4


def test_no_format_checks(bc, examples_dir):
    with_formats = bc("--format", "json", examples_dir / ASSOC_INVALID).documents[0]
    result = bc("--format", "json", "--no-format-checks", examples_dir / ASSOC_INVALID)
    without = result.documents[0]
    assert [e["pointer"] for e in with_formats["errors"] if e["keyword"] == "format"] == ["/startedAt"]
    assert "format" not in {e["keyword"] for e in without["errors"]}
    assert without["errorCount"] == with_formats["errorCount"] - 1


def test_no_format_checks_accepts_a_bad_date_time(bc, examples_dir, tmp_path):
    data = json.loads((examples_dir / VALID).read_text(encoding="utf-8"))
    data["startedAt"] = "yesterday"
    doc = tmp_path / "bad-date.json"
    doc.write_text(json.dumps(data), encoding="utf-8")
    assert bc(doc).code == 1
    assert bc("--no-format-checks", doc).code == 0


@pytest.mark.parametrize("fmt", ["rich", "text"])
def test_verbose_shows_each_candidates_score(bc, examples_dir, fmt):
    scores = {
        c["schema"]: c["score"]
        for c in bc("--format", "json", examples_dir / VALID).documents[0]["candidates"]
    }
    assert set(scores) == BUNDLED
    quiet = bc("--format", fmt, examples_dir / VALID)
    verbose = bc("--format", fmt, "-v", examples_dir / VALID)
    assert quiet.code == verbose.code == 0
    for schema, score in scores.items():
        if fmt == "text":
            assert f"tried {schema} ({score:.2f}): " in verbose.stdout
            assert "tried " not in quiet.stdout
        else:
            row = next(line for line in verbose.stdout.splitlines() if line.strip().startswith(schema))
            assert f"{score:.0%}" in row.split()
            assert "describes" in verbose.stdout and "valid" in verbose.stdout
            assert "undeclared keys" not in quiet.stdout


@pytest.mark.parametrize("fmt", ["rich", "text", "json"])
def test_fail_on_partial_with_partial_examples(bc, examples_dir, fmt):
    partials = sorted(examples_dir.glob("*.partial.json"))
    assert len(partials) == 2
    assert bc("--format", fmt, *partials).code == 0
    result = bc("--format", fmt, "--fail-on-partial", *partials)
    assert result.code == 3
    if fmt == "json":
        documents = result.documents
        assert all(d["valid"] is True and d["summary"]["failed"] > 0 for d in documents)


def test_unknown_option_is_a_usage_error(bc, examples_dir):
    result = bc("--no-such-option", examples_dir / VALID)
    assert result.code == 2
    no_traceback(result)
    # the command as typed: `batchcheck`, though `check` is what runs
    assert result.stderr.splitlines()[:2] == [
        "Usage: batchcheck [OPTIONS] [FILES]",
        "Try 'batchcheck -h' for help.",
    ]
    assert "Error: No such option: --no-such-option" in result.stderr


def test_bad_format_value_is_a_usage_error(bc, examples_dir):
    result = bc("--format", "xml", examples_dir / VALID)
    assert result.code == 2
    no_traceback(result)
    assert "Invalid value for '--format' / '-f': 'xml' is not one of" in result.stderr


def test_version(bc):
    result = bc("--version")  # written to the injected stdout (the help is Typer's: tests/system)
    assert result.code == 0
    assert result.stdout.strip() == f"batchcheck {batchcheck.__version__}"
