"""This checkout as it is now (tracked files, uncommitted changes included), copied elsewhere: for
the tests that hand it to a real installer (pipx, pre-commit) the way a user's clone would be."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from support.paths import REPO_ROOT


def copy_checkout(destination: Path, env: Mapping[str, str] | None = None) -> Path:
    """The checkout's files (git's view: tracked, or new and not ignored) copied to destination."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
        env=None if env is None else dict(env),
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination / name)
    return destination


def committed_copy(destination: Path, env: Mapping[str, str]) -> tuple[Path, str]:
    """copy_checkout, committed to a git repository of its own (as `pre-commit try-repo` makes one);
    returns the repository and the commit."""
    copy_checkout(destination, env)
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"]):
        subprocess.run(command, cwd=destination, check=True, env=dict(env))
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=destination,
        capture_output=True,
        text=True,
        check=True,
        env=dict(env),
    ).stdout.strip()
    return destination, commit
