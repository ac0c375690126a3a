"""What users get: the built artefacts, the composite GitHub Action, zero-install runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml

from hooks import __version__
from tests.conftest import PROJECT
from tests.conftest import GitRepo
from tests.conftest import clean_env

pytestmark = pytest.mark.e2e

ACTION = yaml.safe_load((PROJECT / "action.yml").read_text())


def test_version_is_in_the_changelog_and_the_license_matches_the_metadata() -> None:
    changelog = (PROJECT / "CHANGELOG.md").read_text()
    assert f"## [{__version__}] - " in changelog
    assert "## [Unreleased]" in changelog
    assert (PROJECT / "LICENSE").read_text().startswith("MIT License")
    pyproject = (PROJECT / "pyproject.toml").read_text()
    assert 'license = "MIT"' in pyproject
    assert 'license-files = ["LICENSE", "THIRD_PARTY_NOTICES.md"]' in pyproject


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(PROJECT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 and "No module named build" in proc.stderr:
        pytest.skip("python -m build is not installed (the test extra has it)")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


def test_wheel_and_sdist_carry_the_license_and_pass_twine(dist) -> None:
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith("licenses/LICENSE") for n in names), names
    assert any(n.endswith("licenses/THIRD_PARTY_NOTICES.md") for n in names)
    assert "hooks/commands/carriers/dockerfile.py" in names
    assert "hooks/py.typed" in names
    assert not any(n.startswith("tests/") for n in names)
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    assert any(m.endswith("/LICENSE") for m in members)
    for shipped in (
        "CHANGELOG.md",
        "THIRD_PARTY_NOTICES.md",
        ".pre-commit-hooks.yaml",
        "action.yml",
        "mkdocs.yml",  # the docs build from the sdist too
        "docs/getting-started.md",
        "docs/codes.md",
    ):
        assert any(m.endswith(f"/{shipped}") for m in members), shipped
    proc = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_metadata_is_a_valid_composite_action() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"name", "description", "inputs", "runs"} <= set(ACTION)
    steps = ACTION["runs"]["steps"]
    text = (PROJECT / "action.yml").read_text()
    for name, spec in ACTION["inputs"].items():
        assert "description" in spec
        assert f"inputs.{name}" in text, f"input {name} is never used"
    for step in steps:
        assert step.get("shell") == "bash", step  # composite run steps must name a shell
        for value in (step.get("env") or {}).values():
            assert re.fullmatch(r"\$\{\{ (inputs|github)\.[\w-]+ \}\}", value), value


def _run_step(step: dict, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A composite step's `run`, with its `env` expressions filled in as GitHub would."""
    values = {"github.action_path": str(PROJECT)}
    values.update({f"inputs.{k}": v.get("default", "") for k, v in ACTION["inputs"].items()})
    values.update(env)
    step_env = {key: values[expr.strip("${} ")] for key, expr in (step.get("env") or {}).items()}
    bindir = str(Path(sys.executable).parent)
    return subprocess.run(
        ["bash", "-c", step["run"]],
        cwd=repo,
        env=clean_env(PATH=bindir + os.pathsep + os.environ["PATH"], **step_env),
        capture_output=True,
        text=True,
        check=False,
    )


def test_action_steps_work_in_a_repository(monorepo) -> None:
    install, check = ACTION["runs"]["steps"]
    assert '"$ACTION_PATH"' in install["run"]
    monorepo.stage(
        "packages/database/package.json", '{"scripts": {"db:push": "drizzle-kit push"}}\n'
    )
    monorepo.commit("no-verify")
    proc = _run_step(check, monorepo.path, {})
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(
        "::error file=packages/database/package.json,line=1,col=14,title=AF301"
    )
    base = monorepo.git("rev-parse", "HEAD~1").strip()
    proc = _run_step(check, monorepo.path, {"inputs.from-ref": base, "inputs.format": "text"})
    assert proc.returncode == 1
    assert 'AF301 script "db:push" runs "drizzle-kit push"' in proc.stdout
    proc = _run_step(
        check, monorepo.path, {"inputs.from-ref": "HEAD", "inputs.args": "--format json"}
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("runner", ["uvx", "pipx"])
def test_zero_install_from_the_source(runner, tmp_path) -> None:
    """`uvx --from <source> atlas-first check` / `pipx run --spec <source> …`: no install step."""
    tool = shutil.which(runner) or str(Path(sys.executable).parent / runner)
    if not Path(tool).exists():
        pytest.skip(f"{runner} is not installed (the test extra has it)")
    path = tmp_path / "repo"
    path.mkdir()
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    repo = GitRepo(path)
    repo.stage("package.json", '{"scripts": {"db:push": "npx drizzle-kit push"}}\n')
    source = str(PROJECT)
    argv = (
        [tool, "--from", source, "atlas-first", "check"]
        if runner == "uvx"
        else [tool, "run", "--spec", source, "atlas-first", "check"]
    )
    env = clean_env(
        UV_CACHE_DIR=str(tmp_path / "uv-cache"),
        UV_TOOL_DIR=str(tmp_path / "uv-tools"),
        PIPX_HOME=str(tmp_path / "pipx"),
        PIPX_BIN_DIR=str(tmp_path / "pipx-bin"),
        NO_COLOR="1",
    )
    proc = subprocess.run(
        argv, cwd=path, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'package.json:1:14: AF301 script "db:push" runs "drizzle-kit push"' in proc.stdout
