"""Issue 38: the git setups teams really have hold, with real git: an unresolved merge
conflict, refusals of git's own, a closed stdout, `init` before the first commit. Each probe
has its negative row: the same change with the setup's feature off keeps its verdict."""

from __future__ import annotations

import subprocess

import pytest

from hooks.cli import main
from hooks.forbid_drizzle_kit_scripts import main as scripts_main

PKG = "packages/database/package.json"
BANNED = '{"scripts": {"db:push": "npx drizzle-kit push"}}\n'


def _conflict(repo, path: str, ours: str, theirs: str) -> None:
    """A merge of `theirs` into `ours` at `path`, left unresolved."""
    repo.git("checkout", "-q", "-b", "theirs")
    repo.stage(path, theirs)
    repo.commit("theirs")
    repo.git("checkout", "-q", "-")
    repo.stage(path, ours)
    repo.commit("ours")
    proc = subprocess.run(
        ["git", "merge", "-q", "theirs"], cwd=repo.path, capture_output=True, check=False
    )
    assert proc.returncode != 0  # the conflict is real
    assert repo.git("ls-files", "-u").strip()


@pytest.mark.parametrize(
    "argv",
    [pytest.param(["check"], id="staged"), pytest.param(["check", "--all-files"], id="all-files")],
)
def test_an_unresolved_merge_conflict_is_exit_2_naming_the_path(monorepo, capsys, argv) -> None:
    _conflict(monorepo, PKG, '{"scripts": {"a": "echo ours"}}\n', BANNED)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{PKG}: unresolved merge conflict in the index" in err
    assert "git add" in err
    assert "Traceback" not in err


def test_a_conflict_in_prose_is_exit_2_too_git_commits_nothing_while_it_lasts(
    monorepo, capsys
) -> None:
    _conflict(monorepo, "README.md", "# ours\n", "# theirs\n")
    assert main(["check"]) == 2
    assert "README.md: unresolved merge conflict" in capsys.readouterr().err


def test_a_resolved_conflict_is_judged_by_what_was_chosen(monorepo, capsys) -> None:
    _conflict(monorepo, PKG, '{"scripts": {"a": "echo ours"}}\n', BANNED)
    monorepo.stage(PKG, BANNED)  # resolved as theirs
    assert main(["check"]) == 1
    assert "AF301" in capsys.readouterr().out
    monorepo.stage(PKG, '{"scripts": {"a": "echo ours"}}\n')  # resolved as ours
    assert main(["check"]) == 0


@pytest.mark.parametrize(
    ("name", "ours", "theirs"),
    [
        pytest.param(PKG, '{"scripts": {"a": "echo"}}\n', BANNED, id="package-json"),
        pytest.param(
            ".github/workflows/db.yml",
            "on: push\njobs:\n  a:\n    steps:\n      - run: echo ours\n",
            "on: push\njobs:\n  a:\n    steps:\n      - run: npx drizzle-kit push\n",
            id="workflow-yaml",
        ),
        pytest.param(
            "netlify.toml",
            '[build]\ncommand = "npm run build"\n',
            '[build]\ncommand = "npx drizzle-kit push && npm run build"\n',
            id="netlify-toml",
        ),
    ],
)
@pytest.mark.parametrize(
    ("pre_commit", "said"),
    [
        pytest.param("", "unresolved merge conflict in the index", id="git-hook"),
        pytest.param("1", "holds unresolved merge conflict markers", id="work-tree-read"),
    ],
)
def test_a_file_in_conflict_is_named_as_one_by_the_hook(
    monorepo, capsys, monkeypatch, name, ours, theirs, pre_commit, said
) -> None:
    monkeypatch.setenv("PRE_COMMIT", pre_commit)
    _conflict(monorepo, name, ours, theirs)
    assert scripts_main([name]) == 2
    err = capsys.readouterr().err
    assert f"{name}: {said}" in err


def test_an_invalid_file_without_markers_keeps_the_parsers_complaint(monorepo, capsys) -> None:
    monorepo.stage(PKG, '{"scripts": {"a": "echo"\n')
    assert scripts_main([PKG]) == 2
    err = capsys.readouterr().err
    assert "invalid JSON" in err
    assert "conflict" not in err


def _cli(repo, *argv: str, pipe_to_head: bool = False, **env: str):
    """`atlas-first ARGV` in a process of its own, its output read or into a pipe nobody
    reads any more: (exit, out, err)."""
    import os
    import sys
    from pathlib import Path

    from tests.conftest import clean_env

    project = str(Path(__file__).resolve().parent.parent)
    environ = clean_env(**env)
    environ["PYTHONPATH"] = project + os.pathsep + environ.get("PYTHONPATH", "")
    if pipe_to_head:  # a reader that has gone before the first write: `| head -0`
        import os as _os

        read_end, write_end = _os.pipe()
        _os.close(read_end)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "hooks.cli", *argv],
                cwd=repo.path,
                env=environ,
                stdout=write_end,
                stderr=subprocess.PIPE,
                check=False,
            )
        finally:
            _os.close(write_end)
        return done.returncode, "", done.stderr.decode()
    cli = subprocess.Popen(
        [sys.executable, "-m", "hooks.cli", *argv],
        cwd=repo.path,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = cli.communicate()
    return cli.returncode, out.decode(), err.decode()


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["check"], id="check"),
        pytest.param(["check", "--all-files"], id="all-files"),
        pytest.param(["hook", PKG], id="hook"),
        pytest.param(["baseline"], id="baseline"),
    ],
)
def test_a_repository_git_refuses_is_named_with_gits_own_fix(monorepo, argv) -> None:
    code, out, err = _cli(monorepo, *argv, GIT_TEST_ASSUME_DIFFERENT_OWNER="1")
    assert code == 2, (out, err)
    assert "owned by another user" in err
    assert "git config --global --add safe.directory" in err
    assert "unknown option" not in err
    code, out, err = _cli(monorepo, *argv)  # the same repository, trusted
    assert code in (0, 1), (out, err)
    assert "safe.directory" not in err


def test_init_into_a_closed_pipe_writes_its_files_and_exits_0(repo) -> None:
    repo.write("packages/db/migrations/0000_init.sql", "CREATE TABLE t (id int);\n")
    repo.write(
        "packages/db/migrations/meta/_journal.json",
        '{"version": "7", "dialect": "postgresql", "entries": []}\n',
    )
    code, _, err = _cli(repo, "init", pipe_to_head=True)
    assert code == 0, err
    assert "internal error" not in err
    assert "BrokenPipe" not in err
    assert (repo.path / ".atlas-first.toml").exists()
    assert "0000_init.sql" in (repo.path / ".atlas-first-baseline.json").read_text()


def test_check_into_a_closed_pipe_keeps_the_verdict(monorepo) -> None:
    for n in range(50):  # more output than one line, and than a pipe's first write
        monorepo.stage(f"packages/database/migrations/{n:04d}_new.sql", "select 1;\n")
    code, _, err = _cli(monorepo, "check", pipe_to_head=True)
    assert code == 1, err
    assert "internal error" not in err
    assert "Exception ignored" not in err
    code, first, err = _cli(monorepo, "check")  # the negative row: read to the end
    assert code == 1
    assert first.count(": AF201 ") == 50


@pytest.mark.parametrize("staged", [False, True], ids=["untracked", "staged"])
def test_init_before_the_first_commit_freezes_what_the_first_commit_will_hold(
    repo, capsys, staged
) -> None:
    legacy = "packages/db/migrations/0000_init.sql"
    repo.write(legacy, "CREATE TABLE t (id int);\r\n")
    repo.write(
        "packages/db/migrations/meta/_journal.json",
        '{"version": "7", "dialect": "postgresql", "entries": []}\n',
    )
    repo.git("config", "core.autocrlf", "true")  # what is committed is not what is on disk
    if staged:
        repo.add()
    assert main(["init"]) == 0
    assert "no commit yet" in capsys.readouterr().out
    repo.add()
    assert main(["check"]) == 0, capsys.readouterr().out
    repo.commit("first")
    repo.stage("packages/db/migrations/0001_next.sql", "ALTER TABLE t ADD c int;\n")
    assert main(["check"]) == 1  # a migration after the first commit is new
    assert "0001_next.sql: AF201" in capsys.readouterr().out


def test_init_after_the_first_commit_leaves_untracked_migrations_out(repo, capsys) -> None:
    repo.write("packages/db/migrations/meta/_journal.json", '{"entries": []}\n')
    repo.add()
    repo.commit("first")
    repo.write("packages/db/migrations/0000_init.sql", "CREATE TABLE t (id int);\n")
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "untracked file(s) match 'migrations' and were not recorded" in out
    assert "0000_init.sql" not in (repo.path / ".atlas-first-baseline.json").read_text()


@pytest.mark.parametrize(
    ("path", "root", "expected"),
    [
        pytest.param(r"C:\repo\src\a.ts", r"C:\repo", r"src\a.ts", id="same-drive"),
        pytest.param(r"D:\elsewhere\a.ts", r"C:\repo", None, id="another-drive"),
        pytest.param(r"\\server\share\a.ts", r"C:\repo", None, id="a-network-share"),
    ],
)
def test_a_path_on_another_drive_is_one_line_not_a_valueerror(path, root, expected) -> None:
    import ntpath

    from hooks.repo.repository import relative_to
    from hooks.report.violation import ToolError

    if expected is not None:
        assert relative_to(path, root, ntpath) == expected
        return
    with pytest.raises(ToolError, match="is on another drive than the repository"):
        relative_to(path, root, ntpath)


def _cli_redirected(repo, redirect: str, *argv: str) -> tuple[int, str]:
    """`atlas-first ARGV` with its output redirected by the shell (`>&-`, `>/dev/full`)."""
    import os
    import sys
    from pathlib import Path

    from tests.conftest import clean_env

    environ = clean_env()
    environ["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        ["sh", "-c", f'exec "$@" {redirect}', "sh", sys.executable, "-m", "hooks.cli", *argv],
        cwd=repo.path,
        env=environ,
        stderr=subprocess.PIPE if "2>" not in redirect else None,
        check=False,
    )
    assert os.name != "nt"
    return done.returncode, (done.stderr or b"").decode()


@pytest.mark.parametrize(
    ("redirect", "staged", "code", "said"),
    [
        pytest.param(">&-", False, 0, "", id="stdout-closed-clean"),
        pytest.param(">&-", True, 1, "", id="stdout-closed-violation"),
        pytest.param(">/dev/full", False, 0, "", id="disk-full-clean"),
        pytest.param(">/dev/full", True, 2, "cannot write the report", id="disk-full-violation"),
        pytest.param(">/dev/null 2>&-", True, 1, "", id="stderr-closed-violation"),
        pytest.param(">/dev/null", True, 1, "", id="negative-row-writable"),
    ],
)
def test_output_that_cannot_be_written_is_never_a_traceback(
    monorepo, redirect, staged, code, said
) -> None:
    import os

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    if staged:
        monorepo.stage("packages/database/migrations/0001_new.sql", "select 1;\n")
    got, err = _cli_redirected(monorepo, redirect, "check")
    assert got == code, err
    assert said in err
    assert "Traceback" not in err
    assert len(err.splitlines()) <= 1


@pytest.mark.parametrize("where", [".", ".bare"], ids=["layout-root", "inside-the-bare-dir"])
def test_the_root_of_a_bare_clone_with_worktrees_is_exit_2_naming_the_worktrees(
    monorepo, tmp_path, monkeypatch, capsys, where
) -> None:
    layout = tmp_path / "layout"
    layout.mkdir()
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(monorepo.path), str(layout / ".bare")], check=True
    )
    (layout / ".git").write_text("gitdir: ./.bare\n")
    subprocess.run(["git", "worktree", "add", "-q", "main"], cwd=layout, check=True)
    monkeypatch.chdir(layout / where)
    assert main(["check"]) == 2
    assert "bare repository (no work tree)" in capsys.readouterr().err
    monkeypatch.chdir(layout / "main")  # the negative row: its worktree is checked
    assert main(["check", "--all-files"]) == 0, capsys.readouterr()


@pytest.mark.parametrize(
    ("operation", "abort"),
    [
        (["merge", "theirs"], "git merge --abort"),
        (["cherry-pick", "theirs"], "git cherry-pick --abort"),
        (["rebase", "theirs"], "git rebase --abort"),
    ],
    ids=["merge", "cherry-pick", "rebase"],
)
def test_a_conflict_names_the_operation_in_progress(monorepo, capsys, operation, abort) -> None:
    monorepo.git("checkout", "-q", "-b", "theirs")
    monorepo.stage(PKG, BANNED)
    monorepo.commit("theirs")
    monorepo.git("checkout", "-q", "-")
    monorepo.stage(PKG, '{"scripts": {"a": "echo ours"}}\n')
    monorepo.commit("ours")
    subprocess.run(["git", *operation], cwd=monorepo.path, capture_output=True, check=False)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert f"`{abort}`" in err
    subprocess.run(["git", operation[0], "--abort"], cwd=monorepo.path, check=True)
    assert main(["check"]) == 0  # the negative row: nothing in progress, nothing staged


def test_a_range_is_its_commits_whatever_the_index_holds_meanwhile(monorepo, capsys) -> None:
    base = monorepo.head()
    monorepo.stage(PKG, BANNED)
    monorepo.commit("a banned script, committed without the hooks")
    pushed = monorepo.head()
    _conflict(monorepo, "notes.txt", "ours\n", "theirs\n")
    assert main(["check", "--from-ref", base, "--to-ref", pushed]) == 1
    assert "AF301" in capsys.readouterr().out


@pytest.mark.parametrize("linked", [True, False], ids=["source-is-a-link", "negative-row"])
def test_a_configured_source_that_links_inside_the_repository_is_followed(
    tmp_path, monkeypatch, capsys, linked
) -> None:
    from tests.conftest import checkout_example

    sql = "packages/database/schema.sql"
    repo = checkout_example(tmp_path / "consumer")
    monkeypatch.chdir(repo.path)
    edited = sql
    if linked:  # the file Atlas applies lives in db/; the configured path links to it
        (repo.path / "db").mkdir()
        (repo.path / sql).rename(repo.path / "db/schema.sql")
        (repo.path / sql).symlink_to("../../db/schema.sql")
        repo.add()
        repo.commit("the schema source moved; a link keeps the configured path")
        edited = "db/schema.sql"
    assert main(["check", "--all-files"]) == 0, capsys.readouterr()
    text = (repo.path / edited).read_text()
    repo.stage(edited, text.replace('  "body" text NOT NULL,\n', ""))
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"{edited}:" in out
    assert "AF614" in out


def test_a_mistyped_ref_in_a_full_clone_is_not_blamed_on_shallow_history(monorepo, capsys) -> None:
    assert main(["check", "--from-ref", "HEAD", "--to-ref", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert "check that both refs exist here" in err
    assert "shallow" not in err
