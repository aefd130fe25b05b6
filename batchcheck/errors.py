"""Exit codes and the errors that end a run, each carrying its exit code (as click's do).

Bad input is data, not an exception: an unreadable document becomes a report with its
`InputError` (models.py) and the run goes on. The exceptions here are for what stops the whole run
before or while it starts (an unusable schema, a bad configuration file, an option that makes no
sense); the CLI turns any of them into one `batchcheck: error: …` line and its exit code, in one
place (cli/main.py).
"""

from __future__ import annotations

from enum import Enum


class ExitCode(int, Enum):
    """Documented process exit codes; when several apply, INPUT > INVALID > PARTIAL."""

    OK = 0
    INVALID = 1
    INPUT = 2
    PARTIAL = 3
    INTERRUPTED = 130
    CLOSED = 141  # standard output closed early (`| head`): 128 + SIGPIPE, as a shell reports it

    @property
    def severity(self) -> int:
        """Rank when documents disagree: the run's exit code is the most severe one."""
        return _SEVERITY[self]


_SEVERITY = {
    ExitCode.OK: 0,
    ExitCode.PARTIAL: 1,
    ExitCode.INVALID: 2,
    ExitCode.INPUT: 3,
    ExitCode.INTERRUPTED: 4,
    ExitCode.CLOSED: 5,
}


class BatchcheckError(Exception):
    """Base of the errors that end a run; the message is one line naming the file and place."""

    exit_code = ExitCode.INPUT


class UsageError(BatchcheckError):
    """The command line asks for something that cannot be done (an option that makes no sense)."""


class ConfigurationError(BatchcheckError):
    """batchcheck cannot run as asked (unusable --schema, missing format checker)."""


class SchemaLoadError(ConfigurationError):
    """A schema file or OpenAPI document that cannot be used; the message names the file and problem."""


class ConfigError(ConfigurationError):
    """The configuration file is unusable; the message names file, line and key."""


class OutputClosed(Exception):
    """Standard output was closed before the report was written (`| head -1`): the run stops
    quietly with ExitCode.CLOSED, never claiming a verdict it did not reach."""


class DocumentError(Exception):
    """One document could not be checked (nested too deeply, a regex past its budget): it is
    reported as unreadable, exit 2, and the run goes on."""
