"""The README's report images (docs/report-*.svg) are what batchcheck prints today."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET

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


def test_readme_embeds_the_images():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in SCRIPT_MODULE.IMAGES:
        assert f"](docs/{name})" in readme


# --- the README's integration snippets work as printed -----------------------------------------


def readme() -> str:
    return (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_problem_matcher_reads_the_text_format(bc, examples_dir):
    import json
    import re

    [block] = re.findall(r'^\{"regexp": .*\}$', readme(), flags=re.MULTILINE)
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


def test_readme_pre_commit_snippet_names_the_hooks_this_repo_provides():
    import re

    provided = re.findall(
        r"^- id: (\S+)$", (REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"), re.M
    )
    assert provided == ["batchcheck", "batchcheck-strict"]
    snippet = readme().split("### pre-commit", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    assert re.findall(r"- id: (\S+)", snippet) == provided
