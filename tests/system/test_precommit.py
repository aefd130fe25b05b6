"""The pre-commit hooks, run by the real pre-commit (`pre-commit try-repo <this checkout>`).

pre-commit clones this checkout (with uncommitted changes, through a shadow commit of the
tracked files), installs batchcheck into an environment of its own from the package index,
and runs the hook on a temporary git repository of fixtures, as a user's commit would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.checkout import committed_copy
from support.paths import REPO_ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git"),
]


@pytest.fixture(scope="session")
def precommit_env(tmp_path_factory) -> dict[str, str]:
    """The environment for pre-commit: its cache in a temporary PRE_COMMIT_HOME, no colour."""
    pytest.importorskip("pre_commit", reason="pre-commit comes with the [test] extra")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
    )
    return env


@pytest.fixture
def fixtures_repo(tmp_path: Path, precommit_env: dict[str, str]) -> Path:
    repo = tmp_path / "project"
    (repo / "fixtures").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=precommit_env)
    return repo


def add(repo: Path, env: dict[str, str], source: Path, name: str) -> None:
    shutil.copyfile(source, repo / "fixtures" / name)
    subprocess.run(["git", "add", f"fixtures/{name}"], cwd=repo, check=True, env=env)


def try_repo(repo: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO_ROOT), hook, "--all-files"]
    return subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def position_of(path: Path, needle: str) -> str:
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in text:
            return f"{number}:{text.index(needle) + 1}"
    raise AssertionError(needle)


def test_hooks_pass_valid_fixtures_and_fail_on_invalid_ones(fixtures_repo, precommit_env, examples_dir):
    # A valid fixture and a valid batch with failed items: the hook passes...
    add(fixtures_repo, precommit_env, examples_dir / "portal-flags.valid.json", "flags.json")
    add(fixtures_repo, precommit_env, examples_dir / "portal-flags.partial.json", "partial.json")
    alone = try_repo(fixtures_repo, precommit_env, "batchcheck")
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert re.search(r"^batchcheck\.+Passed$", alone.stdout, re.M), alone.stdout

    # ...the strict one fails on the batch with failed items (exit 3)...
    strict = try_repo(fixtures_repo, precommit_env, "batchcheck-strict")
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "- exit code: 3" in strict.stdout
    assert "fixtures/partial.json: valid" in strict.stdout
    assert "3 succeeded, 2 failed" in strict.stdout

    # ...and with an invalid fixture added, the hook fails, naming it with line:col.
    invalid = examples_dir / "portal-flags.invalid.json"
    add(fixtures_repo, precommit_env, invalid, "broken-flags.json")
    pair = try_repo(fixtures_repo, precommit_env, "batchcheck")
    assert pair.returncode == 1, pair.stdout + pair.stderr
    assert re.search(r"^batchcheck\.+Failed$", pair.stdout, re.M), pair.stdout
    assert "- exit code: 1" in pair.stdout
    where = position_of(invalid, '"MAYBE"')
    assert f"fixtures/broken-flags.json:{where}: results[1].flagState: expected one of" in pair.stdout
    assert "fixtures/flags.json: valid" in pair.stdout


def readme_snippet() -> str:
    """The `.pre-commit-config.yaml` snippet of the README, as a user pastes it."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## In pre-commit, CI and editors\n", 1)[1]
    [snippet] = re.findall(r"^```yaml\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)
    return snippet


def test_the_readme_snippet_works_as_pasted(tmp_path, fixtures_repo, precommit_env, examples_dir):
    """The README's snippet, only its repository URL and rev pointed at this checkout: the fixtures
    are checked, package.json and tsconfig.json (JSONC) at the top are left alone."""
    repo, commit = committed_copy(tmp_path / "batchcheck-repo", precommit_env)
    snippet = readme_snippet()
    assert "https://github.com/OWNER/batchcheck" in snippet and "REV" in snippet
    config = snippet.replace("https://github.com/OWNER/batchcheck", str(repo)).replace("REV", commit)
    project = fixtures_repo
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (project / "package.json").write_text('{"name": "app", "version": "1.0.0"}\n', encoding="utf-8")
    (project / "tsconfig.json").write_text(
        '{\n  // strict mode\n  "compilerOptions": {"strict": true,},\n}\n'
    )
    (project / "tests" / "fixtures").mkdir(parents=True)
    for name in ("portal-flags.valid.json", "portal-flags.partial.json"):
        shutil.copyfile(examples_dir / name, project / "tests" / "fixtures" / name)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=precommit_env)

    def run_hooks() -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
        return subprocess.run(
            command, cwd=project, env=precommit_env, capture_output=True, text=True, timeout=600, check=False
        )

    passed = run_hooks()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^batchcheck\.+Passed$", passed.stdout, re.M), passed.stdout

    shutil.copyfile(
        examples_dir / "portal-flags.invalid.json", project / "tests" / "fixtures" / "broken.json"
    )
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=precommit_env)
    failed = run_hooks()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    where = position_of(examples_dir / "portal-flags.invalid.json", '"MAYBE"')
    assert f"tests/fixtures/broken.json:{where}: results[1].flagState: expected one of" in failed.stdout
    assert "package.json" not in failed.stdout and "tsconfig.json" not in failed.stdout
