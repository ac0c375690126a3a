"""The README's recipes for lefthook (from PyPI) and husky (from npm), with real commits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GitRepo
from tests.conftest import checkout_example
from tests.conftest import clean_env

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
GEN = "packages/database/src/schema/schema.ts"
SQL = "packages/database/schema.sql"

LEFTHOOK_YML = """\
pre-commit:
  commands:
    atlas-first:
      run: atlas-first check
"""

HUSKY_PRE_COMMIT = "atlas-first check\n"


def _tool(name: str) -> str:
    for candidate in (BIN / name, BIN / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (the test extra installs it)")
    return found


@pytest.fixture
def env() -> dict[str, str]:
    _tool("atlas-first")  # the package must be installed: the recipes call its console script
    return clean_env(PATH=str(BIN) + os.pathsep + os.environ.get("PATH", ""), NO_COLOR="1")


def _commit(repo: GitRepo, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    repo.add()
    return subprocess.run(
        ["git", "commit", "-q", "-m", message],
        cwd=repo.path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


def _exercise(repo: GitRepo, env: dict[str, str]) -> None:
    (repo.path / GEN).write_text("// hand edit\n")
    proc = _commit(repo, env, "hand edit")
    assert proc.returncode != 0, proc.stdout
    assert f"{GEN}: AF101" in proc.stdout
    (repo.path / SQL).write_text((repo.path / SQL).read_text() + "\n-- regenerated\n")
    proc = _commit(repo, env, "regenerate")
    assert proc.returncode == 0, proc.stdout
    assert repo.git("log", "-1", "--format=%s").strip() == "regenerate"


def test_lefthook_recipe(tmp_path, env) -> None:
    lefthook = _tool("lefthook")
    repo = checkout_example(tmp_path / "lefthook")
    repo.write("lefthook.yml", LEFTHOOK_YML)
    repo.add()
    repo.commit("use lefthook")
    proc = subprocess.run(
        [lefthook, "install"], cwd=repo.path, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _exercise(repo, env)


@pytest.fixture(scope="session")
def husky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm not found: husky comes from the npm registry (.ci/run installs npm)")
    where = tmp_path_factory.mktemp("husky")
    proc = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "husky@9"],
        cwd=where,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return where / "node_modules" / "husky" / "bin.js"


def test_husky_recipe(tmp_path, env, husky) -> None:
    repo = checkout_example(tmp_path / "husky")
    proc = subprocess.run(
        ["node", str(husky)], cwd=repo.path, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert repo.git("config", "core.hooksPath").strip() == ".husky/_"
    repo.write(".husky/pre-commit", HUSKY_PRE_COMMIT)
    repo.add()
    repo.commit("use husky")
    _exercise(repo, env)


def test_readme_shows_these_recipes() -> None:
    from tests.conftest import PROJECT

    readme = (PROJECT / "README.md").read_text()
    # The README pins the zero-install form; these tests run the same recipe with the command
    # installed, and tests/packaging_test.py runs the zero-install form itself.
    # The project has no public host: the README names the git URL however it chooses.
    zero_install = 'uvx --from "git+'
    assert LEFTHOOK_YML.replace("atlas-first check", zero_install).rstrip("\n") in readme
    assert f"echo '{zero_install}" in readme
    assert "atlas-first check' > .husky/pre-commit" in readme
