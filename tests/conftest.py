"""Real git repositories in temporary folders, isolated from the user's git config."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.setup.demo import build_monorepo

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "examples" / "atlas-drizzle-monorepo"

_LEAKY_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_LITERAL_PATHSPECS",
    "PRE_COMMIT_FROM_REF",
    "PRE_COMMIT_TO_REF",
    "PRE_COMMIT_HOME",
    "GITHUB_ACTIONS",
)


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Test\n\temail = test@example.invalid\n"
        "[init]\n\tdefaultBranch = main\n"
        "[commit]\n\tgpgsign = false\n"
        "[core]\n\tautocrlf = false\n",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    # Windows keeps the memo folder there (hooks/repo/memo.py): each test's own, like TMPDIR's
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in _LEAKY_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PYTHONPATH", str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


class GitRepo:
    """A temporary git work tree with small helpers; every call is real git."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def git(self, *args: str, check: bool = True, env: dict[str, str] | None = None) -> str:
        proc = subprocess.run(
            ["git", *args],
            cwd=self.path,
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"git {args} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def write(self, rel: str, text: str = "x\n") -> Path:
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
        return path

    def add(self, *rels: str) -> None:
        self.git("add", "-A", "--", *(rels or (".",)))

    def stage(self, rel: str, text: str = "x\n") -> None:
        self.write(rel, text)
        self.add(rel)

    def commit(self, message: str = "commit") -> str:
        self.git("commit", "-q", "--no-verify", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def install_hook(self, command: str) -> None:
        """A plain git pre-commit hook that runs one of our entry points."""
        hooks_dir = Path(self.git("rev-parse", "--git-path", "hooks").strip())
        hooks_dir = hooks_dir if hooks_dir.is_absolute() else self.path / hooks_dir
        hooks_dir.mkdir(parents=True, exist_ok=True)
        hook = hooks_dir / "pre-commit"
        hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m {command}\n')
        hook.chmod(0o755)

    def try_commit(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`git commit` with its hooks; git sends a hook's output to stderr, merged here."""
        return subprocess.run(
            ["git", "commit", "-q", *args],
            cwd=self.path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "PYTHONPATH" and not k.startswith(("PRE_COMMIT", "PREK", "GIT_DIR", "VIRTUAL_ENV"))
    }
    env.update(extra)
    return env


def _snapshot_files() -> list[str]:
    if (PROJECT / ".git").exists():
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=PROJECT,
            capture_output=True,
            check=True,
        ).stdout
        return sorted({os.fsdecode(p) for p in out.split(b"\0") if p})
    return [
        str(p.relative_to(PROJECT))
        for p in PROJECT.rglob("*")
        if p.is_file()
        and not any(
            part.startswith(".") and part != ".pre-commit-hooks.yaml"
            for part in p.relative_to(PROJECT).parts[:-1]
        )
    ]


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(path, sha) of a git repository holding the current work tree."""
    dest = tmp_path_factory.mktemp("hook-repo")
    for rel in _snapshot_files():
        src = PROJECT / rel
        if not src.is_file():
            continue  # deleted in the work tree but still in the index
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    git = [
        "git",
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    env = clean_env(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    subprocess.run([*git, "init", "-q"], cwd=dest, check=True, env=env)
    subprocess.run([*git, "add", "-A"], cwd=dest, check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], cwd=dest, check=True, env=env)
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=dest, capture_output=True, text=True, check=True, env=env
    ).stdout.strip()
    return str(dest), sha


def symlink_or_skip(target: object, link: object) -> None:
    """os.symlink, or skip the test where the OS will not let us (Windows without privilege)."""
    try:
        os.symlink(target, link)  # type: ignore[arg-type]
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"symbolic links are not available here: {exc}")


@pytest.fixture(scope="session")
def runner_homes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """PRE_COMMIT_HOME / PREK_HOME per runner: each installs the hook repository once."""
    return {name: tmp_path_factory.mktemp(f"{name}-home") for name in ("pre-commit", "prek")}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An empty repository (no commits yet), and the current directory."""
    path = tmp_path / "repo"
    path.mkdir()
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    monkeypatch.chdir(path)
    return GitRepo(path)


@pytest.fixture
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The seed's layout, committed, legacy migrations baselined; the current directory."""
    path = tmp_path / "monorepo"
    path.mkdir()
    build_monorepo(str(path))
    monkeypatch.chdir(path)
    return GitRepo(path)


def checkout_example(dest: Path, hook_repo: tuple[str, str] | None = None) -> GitRepo:
    """A git repository holding the example monorepo, one commit; with `hook_repo`, its
    .pre-commit-config.yaml points at that (path, sha) instead of its placeholders
    (`<your-git-url>`, `<commit-sha>`: the project has no public host)."""
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("node_modules"))
    subprocess.run(["git", "init", "-q", str(dest)], check=True)
    repo = GitRepo(dest)
    if hook_repo is not None:
        from hooks.setup.init import REPO_PLACEHOLDER
        from hooks.setup.init import REV_PLACEHOLDER

        config = dest / ".pre-commit-config.yaml"
        text = config.read_text()
        repo_line, rev_line = f"repo: {REPO_PLACEHOLDER}\n", f"rev: {REV_PLACEHOLDER}\n"
        assert repo_line in text, "the example's placeholders moved"
        assert rev_line in text, "the example's placeholders moved"
        text = text.replace(repo_line, f"repo: {hook_repo[0]}\n")
        config.write_text(text.replace(rev_line, f"rev: {hook_repo[1]}\n"))
    repo.add()
    repo.commit("the example monorepo, using atlas-first-hooks")
    return repo


def package_root_layout(repo: GitRepo, *, source: bool = False) -> GitRepo:
    """A drizzle config at server/db/ that the package root's script runs with --config:
    drizzle-kit resolves its `schema` and `out` from the root (issue 24)."""
    repo.write(
        "server/db/drizzle.config.ts",
        "export default { dialect: 'postgresql', schema: './server/db/schema',"
        " out: './server/db/migrations' };\n",
    )
    repo.write(
        "package.json",
        '{"scripts": {"db:pull": "drizzle-kit pull --config ./server/db/drizzle.config.ts"}}\n',
    )
    repo.write("server/db/schema/schema.ts", "export const users = 1;\n")
    repo.write("server/db/migrations/meta/_journal.json", '{"entries": []}\n')
    if source:
        repo.write("server/db/schema.sql", "CREATE TABLE users (id int);\n")
    repo.add()
    repo.commit("a package-root drizzle-kit layout")
    return repo
