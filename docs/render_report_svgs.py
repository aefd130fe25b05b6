"""Render the rich report of bundled examples as the SVG images the docs show (README, docs/output.md).

    python docs/render_report_svgs.py        # rewrites docs/report-*.svg and docs/report-svgs.rich

The report is produced by batchcheck's own reading, checker and RichReporter and saved with rich's
`Console.save_svg`, so the images show exactly what a terminal shows. Everything that could vary
is pinned (width, colours, title, element ids, no environment), so the same code renders the same
bytes; tests/contract/test_docs.py fails when the committed images no longer match the report. The rich
version that drew them is kept in docs/report-svgs.rich: another rich may draw the same report
with other SVG markup, so the test then compares the text of the images only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO_ROOT = DOCS.parent
WIDTH = 100
RICH_VERSION_FILE = DOCS / "report-svgs.rich"
GENERATED = "big-batch.json"  # made here, in memory: a batch of 6,000 flag states, 2,018 of them bad

# image file -> what it shows: paths relative to the repository, as a user would type them (a
# directory is walked as `batchcheck examples/` walks it), or GENERATED
IMAGES = {
    "report-partial.svg": "examples/associations.partial.207.http",
    "report-invalid.svg": "examples/portal-flags.invalid.json",
    "report-fixtures.svg": "examples/",
    "report-grouped.svg": GENERATED,
}


def generated_batch() -> bytes:
    """A compact portal-flag batch, as an API sends it: 6,000 items, one in three with a bad flag
    state (`MAYBE`, a fifth of them `on`), twenty with a portal id sent as a string."""
    items = [
        {"appId": 12345678, "flagName": "new-dashboard", "portalId": 98765432 + i, "flagState": "ON"}
        for i in range(6000)
    ]
    for index in range(7, 6000, 3):
        items[index]["flagState"] = "on" if index % 5 == 0 else "MAYBE"
    for index in range(11, 6000, 300):
        items[index]["portalId"] = str(items[index]["portalId"])
    batch = {"status": "COMPLETE", "results": items}
    return json.dumps(batch, separators=(",", ":")).encode()


def render(example: str, target: Path) -> None:
    """Check one example as `batchcheck EXAMPLE` would and save its rich report as an SVG at target."""
    import io

    from rich.console import Console
    from rich.text import Text

    from batchcheck.checker import Checker, CheckOptions
    from batchcheck.output.describe import Tally
    from batchcheck.output.rich_report import RichReporter
    from batchcheck.read.arguments import collect_inputs
    from batchcheck.read.parse import parse_stream
    from batchcheck.read.source import read_inputs
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
    checker = Checker(CheckOptions())
    if example == GENERATED:
        documents = parse_stream(example, generated_batch())
    else:
        inputs = collect_inputs([str(REPO_ROOT / example)])
        documents = list(read_inputs(inputs, None))
        for document in documents:  # named as typed in the repository, not by the absolute path
            document.source = str(Path(document.source).relative_to(REPO_ROOT))
    reports = [checker.check(document) for document in documents]
    console.print(Text(f"$ batchcheck {example}", style="dim"))
    reporter = RichReporter(console.file, console=console, compact=len(reports) > 1)
    for report in reports:
        reporter.document(report)
    reporter.finish(Tally(reports), exit_code(reports, fail_on_partial=False))
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
