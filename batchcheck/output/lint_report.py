"""`batchcheck schemas lint`: findings as `FILE:LINE:COL: POINTER: message [kind]` lines or JSON."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from batchcheck.jsontext.positions import where
from batchcheck.output.github_report import command
from batchcheck.output.sanitize import visible, write_json

if TYPE_CHECKING:
    from batchcheck.output import ReportFormat
    from batchcheck.schemas.lint import Finding


def write_findings(findings: list[Finding], files: int, fmt: ReportFormat, stream: IO[str]) -> None:
    """Findings as JSON, GitHub annotations, or lines for any other format (the `format` setting,
    which a configuration file shares with `check`, may say junit)."""
    code = 1 if findings else 0
    if fmt == "json":
        rows = [
            {
                "file": f.file,
                "pointer": f.pointer,
                "line": f.position.line if f.position else None,
                "column": f.position.column if f.position else None,
                "kind": f.kind,
                "message": f.message,
            }
            for f in findings
        ]
        write_json({"findings": rows, "files": files, "exitCode": code}, stream)
        return
    if fmt == "github":
        for f in findings:
            message = f"{f.pointer or '/'}: {f.message} [{f.kind}]"
            title = "batchcheck schemas lint"
            stream.write(command("error", message, f.file, f.position, title) + "\n")
        return
    for f in findings:
        stream.write(
            visible(f"{where(f.file, f.position)}: {f.pointer or '/'}: {f.message} [{f.kind}]") + "\n"
        )
    noun = "file" if files == 1 else "files"
    verdict = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}" if findings else "no findings"
    stream.write(f"schemas lint: {verdict} in {files} {noun}\n")
