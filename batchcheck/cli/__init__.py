"""The command line: `batchcheck [check] …`, `batchcheck schemas [lint]`, `batchcheck config`.

`app` declares the commands and parses options (Typer); `options` holds the option types they
share; `main` runs the app against an Environment and maps every error to its exit code, in one
place.
"""

from batchcheck.cli.main import main

__all__ = ["main"]
