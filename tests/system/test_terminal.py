"""The rich report as a person sees it: on a pseudo-terminal 80 columns wide, through the installed
console script. Every error carries a `SOURCE:LINE:COL` a terminal or editor opens, paths break
between names and never inside one, the first errors show their source line with the value
marked (a window of a minified line), errors of one kind are grouped, and --color is obeyed."""

from __future__ import annotations

import json

import pytest
from support.terminal import on_terminal

COLUMNS = 80
TIMES = "\u00d7"


@pytest.fixture
def terminal_env(cli_env) -> dict[str, str]:
    return cli_env({"NO_COLOR": None})


def json_errors(bc, *args) -> list[dict]:
    return bc("--format", "json", "--max-errors", "0", *args).documents[0]["errors"]


def entry(screen, where: str) -> list[str]:
    """The words of the entry that starts with where: its line, and the path and keyword below it
    when the place took the line to itself."""
    [index] = [i for i, line in enumerate(screen.lines) if line.startswith(f"  {where}")]
    words = screen.lines[index].split()
    if len(words) == 1:  # the place alone; the path and keyword follow, indented
        words += screen.lines[index + 1].split()
    return words


def narrow(screen, *exempt: str) -> bool:
    """Every line fits the terminal, but the `SOURCE:LINE:COL` ones (a terminal wraps those)."""
    return all(len(line) <= COLUMNS for line in screen.lines if not line.lstrip().startswith(exempt))


def test_every_error_starts_with_a_place_terminals_open(cli_path, terminal_env, bc, examples_dir, tmp_path):
    short = examples_dir / "associations.invalid.json"
    deep = tmp_path / "a-fixture-folder-with-a-long-name" / "associations-batch-read-invalid.json"
    deep.parent.mkdir()
    deep.write_bytes(short.read_bytes())
    for path in (short, deep):  # the second's places take a line of their own
        screen = on_terminal(cli_path, path, env=terminal_env)
        assert screen.code == 1
        errors = json_errors(bc, path)
        assert len(errors) == 4
        for error in errors:
            where = f"{path}:{error['line']}:{error['column']}"
            assert entry(screen, where) == [where, error["path"], error["keyword"]], screen.text
        assert narrow(screen, str(path), f"\u2718 {path}"), screen.text  # the header names it too


def test_long_paths_break_between_names_never_inside_one(cli_path, terminal_env, tmp_path, bc):
    names = [
        "associationDefinitions",
        "relationshipConfiguration",
        "labelSettingsForPortal",
        "primaryLabelId",
    ]
    schema: dict = {"type": "integer"}
    document: object = "not a number"
    for depth, name in enumerate(reversed(names)):
        if depth % 2:  # every other level an array, so the path has indices too
            schema, document = {"type": "array", "items": schema}, [document]
        schema, document = {"type": "object", "properties": {name: schema}}, {name: document}
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    (tmp_path / "deep.json").write_text(json.dumps(document, indent=1))
    args = ("-s", tmp_path / "schema.json", tmp_path / "deep.json")
    screen = on_terminal(cli_path, *args, env=terminal_env)
    assert screen.code == 1
    [error] = json_errors(bc, *args)
    path = error["path"]
    assert len(path) > COLUMNS - 4 and path not in screen.text  # too long for one line...
    first = next(i for i, line in enumerate(screen.lines) if line.lstrip().startswith(names[0]))
    pieces = [screen.lines[first].split()[0]]
    for line in screen.lines[first + 1 :]:
        if not line.startswith("    ") or line[4] not in ".[":
            break
        pieces.append(line.split()[0])
    assert len(pieces) > 1 and "".join(pieces) == path  # ...so it is broken, between names
    for name in names:
        assert any(name in line for line in screen.lines), f"{name} was broken: {screen.text}"
    assert narrow(screen, str(tmp_path))


def test_a_minified_response_shows_the_value_not_only_its_column(cli_path, terminal_env, tmp_path):
    items = [{"appId": 1, "flagName": "f", "portalId": 1000 + i, "flagState": "ON"} for i in range(300)]
    items[250]["flagState"] = "MAYBE"
    path = tmp_path / "minified.json"
    path.write_text(json.dumps({"status": "COMPLETE", "results": items}, separators=(",", ":")))
    text = path.read_text()
    column = text.index('"MAYBE"') + 1
    assert column > 10_000
    screen = on_terminal(cli_path, path, env=terminal_env)
    assert screen.code == 1
    assert entry(screen, f"{path}:1:{column}") == [f"{path}:1:{column}", "results[250].flagState", "enum"]
    [source] = [line for line in screen.lines if line.lstrip().startswith("1 │")]
    caret = screen.lines[screen.lines.index(source) + 1]
    assert len(source) <= COLUMNS and len(caret) <= COLUMNS
    start = caret.index("^")
    assert caret.count("^") == len('"MAYBE"')
    assert source[start : start + len('"MAYBE"')] == '"MAYBE"'  # the marks sit under the value
    assert source[source.index("│") + 2] == "…"  # the line is a window: it starts inside the line


def test_errors_of_one_kind_are_one_group_with_exact_counts(cli_path, terminal_env, tmp_path):
    items = [{"appId": 1, "flagName": "f", "portalId": i, "flagState": "ON"} for i in range(12_000)]
    for index in range(7, 12_000, 2):
        items[index]["flagState"] = "MAYBE"
    for index in (3, 5):
        items[index]["appId"] = "1"
    path = tmp_path / "batch.json"
    path.write_text(json.dumps({"status": "COMPLETE", "results": items}, indent=1))
    screen = on_terminal(cli_path, path, env=terminal_env)
    assert screen.code == 1
    assert "invalid: 5999 errors in 2 groups" in screen.text
    [enum] = [line for line in screen.lines if f"enum {TIMES}" in line]
    assert enum.split()[-3:] == ["results[*].flagState", "enum", f"{TIMES}5997"]
    assert "results[7].flagState, [9], [11] and 5994 more" in screen.text
    [kind] = [line for line in screen.lines if "results[*].appId" in line]
    assert kind.split()[-3:] == ["results[*].appId", "type", f"{TIMES}2"]
    assert sum(1 for line in screen.lines if "flagState" in line and "enum" in line) == 1


def test_several_files_show_what_matters_then_the_failing_ones(cli_path, terminal_env, examples_dir):
    valid, partial, invalid = (
        examples_dir / f"portal-flags.{kind}.json" for kind in ("valid", "partial", "invalid")
    )
    screen = on_terminal(cli_path, valid, partial, invalid, env=terminal_env)
    assert screen.code == 1
    assert str(valid) not in screen.text  # nothing to say: listed only with -v
    assert f"✔ {partial}  valid" in screen.text
    failing = screen.lines.index("failing (1):")
    assert screen.lines[failing + 1].startswith(f"  {invalid}:5:15")
    assert screen.lines[-1] == "3 files checked: 2 valid, 1 invalid, 0 unreadable; 1 batch with failed items"
    assert str(valid) in on_terminal(cli_path, "-v", valid, partial, invalid, env=terminal_env).text


@pytest.mark.parametrize(
    ("args", "env", "colour"),
    [
        ((), {}, True),
        ((), {"NO_COLOR": "1"}, False),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
    ],
    ids=["auto", "no-color-env", "never", "always-beats-no-color"],
)
def test_color_option_and_environment(cli_path, terminal_env, examples_dir, args, env, colour):
    screen = on_terminal(
        cli_path, *args, examples_dir / "portal-flags.invalid.json", env={**terminal_env, **env}
    )
    assert screen.code == 1
    assert ("\x1b[31m" in screen.raw or "\x1b[1;31m" in screen.raw) is colour
    if args == ("--color", "never"):
        assert "\x1b[" not in screen.raw  # not even bold


def test_color_always_reaches_a_pipe(run_cli, examples_dir):
    piped = run_cli("--color", "always", examples_dir / "portal-flags.invalid.json", env={"NO_COLOR": "1"})
    assert "\x1b[" in piped.stdout
    assert "\x1b[" not in run_cli(examples_dir / "portal-flags.invalid.json").stdout


def test_help_on_a_terminal_lists_the_check_options_examples_and_exit_codes(cli_path, terminal_env):
    screen = on_terminal(cli_path, "--help", env=terminal_env)
    assert screen.code == 0
    text = screen.text
    for needle in ("--fail-on-partial", "--schema-dir", "-q, --quiet", "--color", "-V, --version"):
        assert needle in text
    assert "Examples:" in text and "curl -s -i URL | batchcheck" in text
    assert "Exit codes:" in text and "141" in text
    assert all(len(line) <= COLUMNS for line in screen.lines)


def test_progress_bar_and_report_share_the_terminal_cleanly(cli_path, terminal_env, examples_dir, tmp_path):
    folder = tmp_path / "fixtures"
    folder.mkdir()
    for n in range(8):
        (folder / f"f{n}.json").write_bytes((examples_dir / "portal-flags.valid.json").read_bytes())
    screen = on_terminal(cli_path, folder, env=terminal_env)
    assert screen.code == 0
    assert (
        screen.lines[-1] == "8 files checked: 8 valid, 0 invalid, 0 unreadable; 0 batches with failed items"
    )
    assert not [line for line in screen.lines if "f3.json" in line]  # nothing to say about valid files
