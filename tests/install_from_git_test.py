"""Issue 39: installed from a git URL (the project has no public host or tags), `atlas-first
init` prints a pre-commit snippet that works as printed: pinned to the URL and commit pip
recorded. Installed by pip into a fresh venv, and by pipx and `uv tool install` where those
are on PATH; the snippet and the install command are used verbatim, with pre-commit and prek.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import checkout_example
from tests.conftest import clean_env
from tests.e2e_test import _prek

pytestmark = pytest.mark.e2e

NEW = "packages/database/migrations/0001_add_email.sql"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""


def _tool(name: str) -> str | None:
    here = Path(sys.executable).parent / f"{name}{EXE}"
    return str(here) if here.exists() else shutil.which(name)


def _run(argv: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=900, **kwargs)
    assert proc.returncode == 0, f"{argv}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module", params=["pip", "pipx", "uv"])
def installed(request, hook_repo, tmp_path_factory) -> tuple[Path, str, str]:
    """(the installed `atlas-first`, the git URL, the commit): one install per installer."""
    path, sha = hook_repo
    url = Path(path).as_uri()
    spec = f"git+{url}@{sha}"
    where = tmp_path_factory.mktemp(f"install-{request.param}")
    env = clean_env(PIP_CACHE_DIR=str(where / "pip-cache"), UV_CACHE_DIR=str(where / "uv-cache"))
    if request.param == "pip":
        _run([sys.executable, "-m", "venv", str(where / "venv")])
        python = where / "venv" / BIN / f"python{EXE}"
        _run([str(python), "-m", "pip", "install", "-q", spec], env=env)
        exe = where / "venv" / BIN / f"atlas-first{EXE}"
    elif request.param == "pipx":
        pipx = _tool("pipx")
        if pipx is None:
            pytest.skip("pipx is not on PATH")
        env.update(PIPX_HOME=str(where / "pipx"), PIPX_BIN_DIR=str(where / "pipx-bin"))
        _run([pipx, "install", spec], env=env)
        exe = where / "pipx-bin" / f"atlas-first{EXE}"
    else:
        uv = _tool("uv")
        if uv is None:
            pytest.skip("uv is not on PATH")
        env.update(UV_TOOL_DIR=str(where / "uv-tools"), UV_TOOL_BIN_DIR=str(where / "uv-bin"))
        _run([uv, "tool", "install", spec], env=env)
        exe = where / "uv-bin" / f"atlas-first{EXE}"
    assert exe.exists(), sorted(p.name for p in exe.parent.iterdir())
    return exe, url, sha


def _snippet_and_command(out: str) -> tuple[str, str]:
    _, sep, rest = out.partition("\nAdd this to .pre-commit-config.yaml")
    assert sep, out
    command = rest.split("`")[1]
    snippet = rest.split(":\n\n", 1)[1].split("\nCommit ", 1)[0]
    return snippet, command


@pytest.mark.parametrize("runner", ["pre-commit", "prek"])
def test_init_prints_a_snippet_that_works_as_printed(
    installed, runner, runner_homes, tmp_path
) -> None:
    exe, url, sha = installed
    if runner == "pre-commit":
        argv = [sys.executable, "-m", "pre_commit"]
        env = clean_env(PRE_COMMIT_HOME=str(runner_homes[runner]), NO_COLOR="1")
    else:
        prek = _prek()
        if prek is None:
            pytest.skip("prek is not installed (pip install prek, or the test extra)")
        argv = [prek]
        env = clean_env(PREK_HOME=str(runner_homes[runner]), NO_COLOR="1")
    repo = checkout_example(tmp_path / "consumer")
    repo.git("rm", "-q", ".pre-commit-config.yaml", ".atlas-first.toml")
    repo.git("rm", "-q", ".atlas-first-baseline.json")
    repo.commit("before atlas-first")

    proc = _run([str(exe), "init"], cwd=repo.path, env=env)
    snippet, command = _snippet_and_command(proc.stdout)
    assert f"  - repo: {url}\n    rev: {sha}\n" in snippet, proc.stdout
    assert url.startswith("file:")  # pip's record of git+file://<snapshot>
    assert "<" not in snippet, snippet  # nothing left to fill in
    assert command == "pre-commit install --hook-type pre-commit --hook-type pre-push"

    (repo.path / ".pre-commit-config.yaml").write_text(snippet)  # verbatim
    program, *args = shlex.split(command)
    assert program == "pre-commit"
    _run([*argv, *args], cwd=repo.path, env=env)
    repo.add()
    ok = repo.try_commit("-m", "use atlas-first-hooks")  # passes: baseline and config
    assert ok.returncode == 0, ok.stdout

    repo.stage(NEW, "select 1;\n")
    banned = subprocess.run(
        ["git", "commit", "-q", "-m", "drizzle-kit generate"],
        cwd=repo.path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, check=False,
    )  # fmt: skip
    assert banned.returncode != 0, banned.stdout
    assert f"{NEW}: AF201" in banned.stdout
    repo.git("rm", "-q", "--cached", NEW)
    (repo.path / NEW).unlink()

    repo.stage("README.md", "# docs\n")
    fine = subprocess.run(
        ["git", "commit", "-q", "-m", "docs"],
        cwd=repo.path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, check=False,
    )  # fmt: skip
    assert fine.returncode == 0, fine.stdout
    assert repo.git("log", "-1", "--format=%s").strip() == "docs"
