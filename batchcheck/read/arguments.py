"""Which sources a run checks: arguments expanded (directories walked for *.json and captures),
minus --exclude.

Files named explicitly are checked whatever their name; a directory contributes its `*.json`
files and captures (`*.har`, `*.jsonl`, `*.ndjson`, the latter two also `.gz`), walked
depth-first in name order so every run lists them the same way. The walk stays inside the tree it
was given (a symbolic link out of it, to `/` say, is not followed) and visits each directory once.
Problems met while walking (a symlink loop or out of the tree, a directory that cannot be listed,
a named pipe) become inputs that carry their error, so they are reported in place and the rest is
still checked.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase

from batchcheck.models import InputError
from batchcheck.read.captures import CAPTURE_GLOBS

JSON_GLOB = "*.json"
WALKED_GLOBS = (JSON_GLOB, *CAPTURE_GLOBS)  # a directory's files that are checked


@dataclass(frozen=True)
class Input:
    """One source to check: a path as the user would write it (or '-'), or why it cannot be."""

    source: str
    error: InputError | None = None


def excluded(path: str, patterns: tuple[str, ...], relative: str | None = None) -> bool:
    """True when a pattern matches the path (as given, or relative to its argument) or its name; a
    pattern ending in `/` (`generated/`, as in .gitignore) matches directories only."""
    if not patterns:
        return False
    names = {path, os.path.normpath(path), os.path.basename(os.path.normpath(path))}
    if relative is not None:
        names.add(relative)
    for pattern in patterns:
        if pattern.endswith("/") and pattern.strip("/"):
            if not os.path.isdir(path):
                continue
            pattern = pattern.rstrip("/")
        if any(fnmatchcase(name, pattern) for name in names):
            return True
    return False


def collect_inputs(arguments: list[str], exclude: tuple[str, ...] = ()) -> list[Input]:
    """Every input of a run, in order; no arguments at all means standard input."""
    if not arguments:
        return [Input("-")]
    inputs: list[Input] = []
    for argument in arguments:
        if argument == "-" or not argument:
            inputs.append(Input(argument))
        elif excluded(argument, exclude):
            continue
        elif os.path.isdir(argument):
            inputs.extend(_directory_inputs(argument, exclude))
        else:
            inputs.append(Input(argument))
    return unique(inputs)


def unique(inputs: list[Input]) -> list[Input]:
    """inputs with every file once, where it first comes: a file named twice, or named and also
    found in a directory, is checked once (standard input and inputs in error are kept as they are)."""
    seen: set[str] = set()
    kept = []
    for item in inputs:
        if item.error is None and item.source not in ("-", ""):
            key = _file_key(item.source)
            if key in seen:
                continue
            seen.add(key)
        kept.append(item)
    return kept


def _file_key(path: str) -> str:
    """The path made absolute and normal (`./a.json` is `a.json`); a link is a name of its own."""
    return os.path.normpath(os.path.abspath(path))


def _directory_inputs(root: str, exclude: tuple[str, ...]) -> list[Input]:
    found = list(_Walk(root, exclude).directory("", frozenset({_identity(root)})))
    if not found:
        why = " (after --exclude)" if exclude else ""
        found = [Input(root, InputError(f"directory has no {JSON_GLOB} files{why}"))]
    return found


class _Walk:
    """One directory argument's walk: the tree's real path, and the directories visited so far."""

    def __init__(self, root: str, exclude: tuple[str, ...]) -> None:
        self.root, self.exclude = root, exclude
        self.real_root = os.path.realpath(root)
        self.visited: set[tuple[int, int]] = {_identity(root)}

    def directory(self, relative: str, ancestors: frozenset[tuple[int, int]]) -> Iterator[Input]:
        """The *.json files and captures under root/relative, depth-first by name; loops and errors
        as inputs."""
        directory = os.path.join(self.root, relative) if relative else self.root
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield Input(directory, InputError(f"cannot list directory: {_reason(exc)}"))
            return
        for entry in entries:
            child = f"{relative}/{entry.name}" if relative else entry.name
            if excluded(entry.path, self.exclude, child):
                continue
            yield from self._entry(entry, child, ancestors)

    def _entry(
        self, entry: os.DirEntry[str], relative: str, ancestors: frozenset[tuple[int, int]]
    ) -> Iterator[Input]:
        try:
            info = entry.stat()  # follows symlinks
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                yield Input(entry.path, InputError("symbolic link loop"))
            elif _walked(entry.name):
                yield Input(entry.path, InputError(f"cannot read: {_reason(exc)}"))
            return
        is_dir = stat.S_ISDIR(info.st_mode)
        if (is_dir or _walked(entry.name)) and self._outside(entry):
            yield Input(entry.path, InputError(f"symbolic link to outside {self.root}; not followed"))
        elif is_dir:
            identity = (info.st_dev, info.st_ino)
            if identity in ancestors:
                yield Input(entry.path, InputError("symbolic link loop (links back to a parent directory)"))
            elif identity not in self.visited:  # a second link to a directory walked already: once is enough
                self.visited.add(identity)
                yield from self.directory(relative, ancestors | {identity})
        elif _walked(entry.name):
            if stat.S_ISREG(info.st_mode):
                yield Input(entry.path)
            else:
                kind = file_kind(info.st_mode)
                yield Input(entry.path, InputError(f"not a regular file ({kind}); skipped"))

    def _outside(self, entry: os.DirEntry[str]) -> bool:
        """A symbolic link whose target is outside the tree."""
        if not entry.is_symlink():
            return False
        real = os.path.realpath(entry.path)
        return os.path.commonpath([real, self.real_root]) != self.real_root


def _walked(name: str) -> bool:
    return any(fnmatchcase(name.lower() if glob != JSON_GLOB else name, glob) for glob in WALKED_GLOBS)


def _identity(directory: str) -> tuple[int, int]:
    info = os.stat(directory)
    return info.st_dev, info.st_ino


def file_kind(mode: int) -> str:
    """`a named pipe`, `a socket` or `a device`: what a file that is not regular is."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file (broken symbolic link?)"
    return exc.strerror or str(exc)
