"""Render the rich report of bundled examples as the SVG images the docs show (README, docs/output.md).

    python docs/render_report_svgs.py        # rewrites docs/report-*.svg and docs/report-svgs.rich

The report is produced by batchcheck's own checker and RichReporter and saved with rich's
`Console.save_svg`, so the images show exactly what a terminal shows. Everything that could vary
is pinned (width, colours, title, element ids, no environment), so the same code renders the same
bytes; tests/contract/test_docs.py fails when the committed images no longer match the report. The rich
version that drew them is kept in docs/report-svgs.rich: another rich may draw the same report
with other SVG markup, so the test then compares the text of the images only.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO_ROOT = DOCS.parent
WIDTH = 110
RICH_VERSION_FILE = DOCS / "report-svgs.rich"

# image file -> the example it shows (a path relative to the repository, as a user would type it)
IMAGES = {
    "report-partial.svg": "examples/associations.partial.207.http",
    "report-invalid.svg": "examples/portal-flags.invalid.json",
}


def render(example: str, target: Path) -> None:
    """Check one example as `batchcheck EXAMPLE` would and save its rich report as an SVG at target."""
    import io

    from rich.console import Console
    from rich.text import Text

    from batchcheck.check import Checker, CheckOptions
    from batchcheck.output.rich_report import RichReporter
    from batchcheck.read.parse import parse_bytes
    from batchcheck.run import exit_code

    console = Console(
        file=io.StringIO(),
        record=True,
        width=WIDTH,
        force_terminal=True,
        color_system="truecolor",
        no_color=False,
        legacy_windows=False,
        highlight=False,
        emoji=False,
        _environ={},  # neither COLUMNS nor NO_COLOR nor TERM of whoever runs this
    )
    report = Checker(CheckOptions()).check(parse_bytes(example, (REPO_ROOT / example).read_bytes()))
    console.print(Text(f"$ batchcheck {example}", style="dim"))
    reporter = RichReporter(console.file, console=console)
    reporter.document(report)
    reporter.finish([report], exit_code([report], fail_on_partial=False))
    console.save_svg(str(target), title=f"batchcheck {example}", unique_id=Path(target).stem)


def rich_version() -> str:
    from importlib.metadata import version

    return version("rich")


def main() -> None:
    sys.path.insert(0, str(REPO_ROOT))  # the checkout's batchcheck, installed or not
    for name, example in IMAGES.items():
        render(example, DOCS / name)
        print(f"wrote docs/{name}")
    RICH_VERSION_FILE.write_text(rich_version() + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
