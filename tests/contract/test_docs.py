"""The documentation tells the truth: the report images are what batchcheck prints today, the
snippets work as printed (each test reads the page's own text, as a user would paste it), every
relative link resolves, and the pages keep up with the code (options, configuration keys, files)."""

from __future__ import annotations

import importlib.util
import inspect
import json
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support.paths import REPO_ROOT

SCRIPT = REPO_ROOT / "docs" / "render_report_svgs.py"
RERENDER = "the report changed: run `python docs/render_report_svgs.py` and commit docs/"


def load_script():
    spec = importlib.util.spec_from_file_location("render_report_svgs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT_MODULE = load_script()


def svg_text(svg: str) -> str:
    """What the image shows: the text of every <text> element, in order."""
    root = ET.fromstring(svg)
    return "".join(node.text or "" for node in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize(("name", "example"), SCRIPT_MODULE.IMAGES.items())
def test_committed_svg_is_the_report_rendered_now(tmp_path, name, example):
    fresh = tmp_path / name
    SCRIPT_MODULE.render(example, fresh)
    committed = (REPO_ROOT / "docs" / name).read_text(encoding="utf-8")
    rendered = fresh.read_text(encoding="utf-8")
    drawn_with = SCRIPT_MODULE.RICH_VERSION_FILE.read_text(encoding="utf-8").strip()
    if SCRIPT_MODULE.rich_version() == drawn_with:
        assert rendered == committed, RERENDER
    else:  # another rich draws other markup; the report's words must still match
        assert svg_text(rendered) == svg_text(committed), RERENDER


def test_the_images_show_the_reports(tmp_path):
    partial = svg_text((REPO_ROOT / "docs" / "report-partial.svg").read_text(encoding="utf-8"))
    invalid = svg_text((REPO_ROOT / "docs" / "report-invalid.svg").read_text(encoding="utf-8"))
    nbsp = "\u00a0"
    assert f"batch{nbsp}COMPLETE:{nbsp}1{nbsp}succeeded,{nbsp}2{nbsp}failed" in partial
    assert f"HTTP{nbsp}207" in partial
    assert f"invalid:{nbsp}3{nbsp}errors" in invalid
    assert "5:99" in invalid and "enum" in invalid
    fixtures = svg_text((REPO_ROOT / "docs" / "report-fixtures.svg").read_text(encoding="utf-8"))
    assert f"failing{nbsp}(2):" in fixtures
    assert f"6{nbsp}files{nbsp}checked:{nbsp}4{nbsp}valid,{nbsp}2{nbsp}invalid" in fixtures
    assert "portal-flags.valid.json" not in fixtures  # nothing to say about it
    grouped = svg_text((REPO_ROOT / "docs" / "report-grouped.svg").read_text(encoding="utf-8"))
    assert "results[*].flagState" in grouped and f"enum{nbsp}\u00d71998" in grouped
    assert f"invalid:{nbsp}2018{nbsp}errors{nbsp}in{nbsp}2{nbsp}groups" in grouped


def test_rendering_twice_gives_the_same_bytes(tmp_path, monkeypatch):
    """Deterministic: no timestamps, random ids or terminal settings of whoever runs it."""
    example = SCRIPT_MODULE.IMAGES["report-invalid.svg"]
    first, second = tmp_path / "1" / "report.svg", tmp_path / "2" / "report.svg"
    first.parent.mkdir()
    second.parent.mkdir()
    SCRIPT_MODULE.render(example, first)
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    SCRIPT_MODULE.render(example, second)
    assert first.read_bytes() == second.read_bytes()


def test_every_image_is_shown_in_the_docs():
    shown = {target for page in pages() for target, _ in relative_links(page) if target.suffix == ".svg"}
    assert {REPO_ROOT / "docs" / name for name in SCRIPT_MODULE.IMAGES} <= shown
    assert "](docs/report-partial.svg)" in readme()  # the README's picture


# --- reading the pages ---------------------------------------------------------------------------

DOCS = REPO_ROOT / "docs"
README = REPO_ROOT / "README.md"
CONTRIBUTING = REPO_ROOT / "CONTRIBUTING.md"
FENCE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)


def pages() -> list[Path]:
    return [README, CONTRIBUTING, *sorted(DOCS.glob("*.md"))]


def read(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def readme() -> str:
    return read(README)


def section(text: str, heading: str) -> str:
    """The text under `heading` (a whole line such as "## Configuration") up to the next heading of
    the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    body = text.split(f"\n{heading}\n", 1)[1]
    ends = [m.start() for m in re.finditer(rf"^#{{1,{level}}} ", FENCE.sub(blank, body), re.MULTILINE)]
    return body[: ends[0]] if ends else body


def blank(match: re.Match[str]) -> str:
    """A fenced block as blanks (offsets stay, and nothing in it looks like Markdown)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def prose(text: str) -> str:
    """text without fenced blocks and inline code: what Markdown renders as links and headings."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub(blank, text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", FENCE.sub(blank, read(page)), re.MULTILINE):
        base = slug(heading)
        name, n = base, 0
        while name in found:  # GitHub numbers repeated headings: name, name-1, name-2
            n += 1
            name = f"{base}-{n}"
        found.add(name)
    return found


def links(page: Path) -> list[str]:
    """Every link and image target of the page, as written."""
    return re.findall(r"\]\(([^)\s]+)\)", prose(read(page)))


def relative_links(page: Path) -> list[tuple[Path, str]]:
    """The page's links to files of this repository: (the file, the anchor or "")."""
    found = []
    for target in links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        found.append(((page.parent / path).resolve() if path else page, anchor))
    return found


# --- links and structure ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_relative_links_resolve(page):
    for target, anchor in relative_links(page):
        assert target.exists(), f"{page.name}: link to a missing file: {target}"
        if anchor and target.suffix == ".md":
            assert anchor in anchors(target), f"{page.name}: no heading for #{anchor} in {target.name}"


def test_readme_links_every_page():
    linked = {target for target, _ in relative_links(README)}
    assert {CONTRIBUTING, *(page.resolve() for page in DOCS.glob("*.md"))} <= linked


def test_readme_is_a_front_door():
    """About 150 lines: what, for whom, the picture, quick start, usage, exit codes, links."""
    assert len(readme().splitlines()) <= 170


REPO_PATH = re.compile(
    r"`((?:batchcheck|bench|docs|examples|fuzz|schemas|tests)/[\w./-]+\.[a-z]+)(?:::[^`]*)?`"
)


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_files_named_in_the_docs_exist(page):
    """A file of this repository named in inline code (`batchcheck/summarise.py`) exists."""
    text = FENCE.sub(blank, read(page))
    missing = sorted({path for path in REPO_PATH.findall(text) if not (REPO_ROOT / path).exists()})
    wheel_only = {"batchcheck/schemas/bundled"}  # paths inside the built wheel, not the checkout
    missing = [path for path in missing if not any(path.startswith(w) for w in wheel_only)]
    assert not missing, f"{page.name} names files that do not exist: {missing}"


def test_ci_runs_the_readme_test_command():
    """The quick start's commands stay as they are; CI runs the second one verbatim."""
    [block] = code_blocks(section(readme(), "## Quick start"), "sh")
    assert block.splitlines() == [
        "pipx install . && batchcheck examples/associations.partial.207.http",
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && pytest",
    ]
    test_command = block.splitlines()[1]
    assert test_command in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert any(test_command in b.splitlines()[0] for b in code_blocks(read(CONTRIBUTING), "sh"))


def test_the_readme_and_pyproject_name_the_same_python():
    import tomllib

    requires = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    oldest = re.fullmatch(r">=(3\.\d+)", requires["requires-python"])
    assert oldest, requires["requires-python"]
    quick_start = section(readme(), "## Quick start")
    assert re.findall(r"Python (3\.\d+)\+", quick_start) == [oldest[1]]
    assert re.findall(r"Python (3\.\d+) or later", read(CONTRIBUTING)) == [oldest[1]]


# --- the pages keep up with the code -------------------------------------------------------------


def check_options() -> list[str]:
    """Every option name of `batchcheck check` (`-s`, `--schema`, `--no-bundled`, ...)."""
    import typer

    from batchcheck.cli.app import app

    check = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    options = [p for p in check.params if p.param_type_name == "option"]
    return [name for p in options for name in p.opts + p.secondary_opts]


def test_every_option_of_check_is_in_the_usage_page():
    names = check_options()
    usage = section(read(DOCS / "usage.md"), "## Options")
    assert len(names) > 15
    missing = [name for name in names if not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", usage)]
    assert not missing, f"options of `batchcheck check` missing from docs/usage.md: {missing}"


def test_the_configuration_example_names_every_key_and_loads(bc, tmp_path, monkeypatch):
    from batchcheck.config import KEYS

    [example] = code_blocks(section(read(DOCS / "usage.md"), "## Configuration"), "toml")
    (tmp_path / "pyproject.toml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = bc("config")  # text: `-f json` would itself override the example's `format`
    assert result.code == 0, result.stderr
    origins = dict(re.findall(r"^([\w-]+) = .*# (\S+)$", result.stdout, flags=re.MULTILINE))
    assert set(origins) == set(KEYS)
    from_file = {key for key, origin in origins.items() if origin.startswith("pyproject.toml:")}
    assert from_file == set(KEYS), "the example in docs/usage.md must set every configuration key"
    for line in example.splitlines()[1:]:  # each key's comment names its option
        option = re.search(r"# (--[\w-]+)", line)
        assert option and option[1] in check_options(), line


def test_every_configuration_snippet_loads(tmp_path):
    from batchcheck.config import load_config

    blocks = [block for page in pages() for block in code_blocks(read(page), "toml")]
    snippets = [block for block in blocks if block.startswith("[tool.batchcheck]")]
    assert len(snippets) >= 2
    for number, snippet in enumerate(snippets):
        path = tmp_path / str(number) / "pyproject.toml"
        path.parent.mkdir()
        path.write_text(snippet, encoding="utf-8")
        assert load_config(path).values


# --- the snippets work as printed ------------------------------------------------------------------


def test_readme_text_report_is_what_batchcheck_prints(bc, monkeypatch):
    [block] = code_blocks(section(readme(), "## Usage"), "console")
    command, *expected = block.splitlines()
    args = shlex.split(command.removeprefix("$ "))
    assert args[0] == "batchcheck"
    monkeypatch.chdir(REPO_ROOT)  # the paths are relative to a checkout, as in the quick start
    result = bc(*args[1:])
    assert result.stdout.splitlines() == expected
    assert result.code == 1  # "the exit status is 1"
    assert "the exit status is 1" in section(readme(), "## Usage")


def test_problem_matcher_reads_the_text_format(bc, examples_dir):
    [block] = re.findall(r'^\{"regexp": .*\}$', read(DOCS / "integrations.md"), flags=re.MULTILINE)
    matcher = json.loads(block)
    pattern = re.compile(matcher["regexp"])
    invalid = examples_dir / "portal-flags.invalid.json"
    result = bc("--format", "text", invalid, examples_dir / "portal-flags.valid.json")
    matches = [m for m in map(pattern.match, result.stdout.splitlines()) if m]
    expected = bc("--format", "json", invalid).documents[0]["errors"]
    assert [
        (m[matcher["file"]], int(m[matcher["line"]]), int(m[matcher["column"]]), m[matcher["code"]])
        for m in matches
    ] == [(str(invalid), e["line"], e["column"], e["keyword"]) for e in expected]
    assert all(m[matcher["message"]].startswith(e["path"]) for m, e in zip(matches, expected, strict=True))


def test_pre_commit_snippet_names_the_hooks_this_repo_provides():
    provided = re.findall(
        r"^- id: (\S+)$", (REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"), re.M
    )
    assert provided == ["batchcheck", "batchcheck-strict"]
    [snippet] = code_blocks(section(read(DOCS / "integrations.md"), "## pre-commit"), "yaml")
    assert re.findall(r"- id: (\S+)", snippet) == provided


def test_contributing_example_tests_pass(bc, examples_dir):
    """The example tests of CONTRIBUTING.md, run as written."""
    [block] = code_blocks(section(read(CONTRIBUTING), "## Writing a test"), "python")
    namespace: dict = {}
    exec(compile(block, "CONTRIBUTING.md", "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert len(tests) == 2
    fixtures = {"bc": bc, "examples_dir": examples_dir}
    for test in tests:
        test(**{name: fixtures[name] for name in inspect.signature(test).parameters})
