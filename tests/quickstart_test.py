"""Issue 39: the README's quick start, followed literally. Its commands are read from the
README's ```sh quickstart block (so they cannot drift apart), the two placeholders filled
with a snapshot of this project as a git repository, and run one by one in a fresh repository
with pipx's folders of its own; the one step a person does by hand (pasting the snippet
`init` printed) is done with what `init` printed. Then a banned commit is blocked and a fine
one passes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.conftest import checkout_example
from tests.conftest import clean_env
from tests.install_from_git_test import _snippet_and_command
from tests.install_from_git_test import _tool

pytestmark = pytest.mark.e2e

NEW = "packages/database/migrations/0001_add_email.sql"


def quickstart(info: str) -> list[str]:
    """The lines of the README's fenced block whose info string is `info`."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"^```{re.escape(info)}\n(.*?)^```$", text, re.M | re.S)
    assert found, f"README.md has no ```{info} block"
    return [line for line in found.group(1).splitlines() if line.strip()]


def test_the_quick_start_blocks_name_the_placeholders_they_ask_for() -> None:
    for info in ("sh quickstart", "powershell quickstart"):
        text = "\n".join(quickstart(info))
        assert "<your-git-url>" in text
        assert "<commit-sha>" in text
        assert "atlas-first init" in text
        assert "--hook-type pre-commit --hook-type pre-push" in text
    assert not any("&&" in line for line in quickstart("powershell quickstart"))


@pytest.mark.skipif(os.name == "nt", reason="the POSIX block; the PowerShell one is read above")
def test_the_readme_quick_start_works_pasted(hook_repo, runner_homes, tmp_path) -> None:
    if _tool("pipx") is None:
        pytest.skip("pipx is not on PATH")
    path, sha = hook_repo
    url = Path(path).as_uri()
    repo = checkout_example(tmp_path / "consumer")
    repo.git("rm", "-q", ".pre-commit-config.yaml", ".atlas-first.toml")
    repo.git("rm", "-q", ".atlas-first-baseline.json")
    repo.commit("before atlas-first")
    tools = Path(sys.executable).parent
    env = clean_env(
        PIPX_HOME=str(tmp_path / "pipx"),
        PIPX_BIN_DIR=str(tmp_path / "bin"),
        PRE_COMMIT_HOME=str(runner_homes["pre-commit"]),
        NO_COLOR="1",
    )
    env["PATH"] = os.pathsep.join([str(tmp_path / "bin"), str(tools), env["PATH"]])
    printed = ""
    for line in quickstart("sh quickstart"):
        if line.startswith("# paste the snippet"):
            snippet, command = _snippet_and_command(printed)
            assert f"  - repo: {url}\n    rev: {sha}\n" in snippet, printed
            assert command in "\n".join(
                quickstart("sh quickstart")
            )  # init says what the README says
            (repo.path / ".pre-commit-config.yaml").write_text(snippet)
            continue
        command = line.replace("<your-git-url>", url).replace("<commit-sha>", sha)
        proc = subprocess.run(
            ["bash", "-c", command], cwd=repo.path, env=env, capture_output=True, text=True,
            check=False, timeout=900,
        )  # fmt: skip
        assert proc.returncode == 0, f"{command}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        if "atlas-first init" in command:
            printed = proc.stdout
    assert repo.git("log", "-1", "--format=%s").strip() == "atlas-first: pre-commit hooks"
    assert (repo.path / ".git" / "hooks" / "pre-push").exists()

    repo.stage(NEW, "select 1;\n")
    banned = subprocess.run(
        ["git", "commit", "-q", "-m", "drizzle-kit generate"], cwd=repo.path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
    )  # fmt: skip
    assert banned.returncode != 0, banned.stdout
    assert f"{NEW}: AF201" in banned.stdout
    repo.git("rm", "-q", "--cached", NEW)
    (repo.path / NEW).unlink()
    repo.stage("README.md", "# docs\n")
    fine = subprocess.run(
        ["git", "commit", "-q", "-m", "docs"], cwd=repo.path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
    )  # fmt: skip
    assert fine.returncode == 0, fine.stdout
