from __future__ import annotations

import os
import sys

import pytest

from hooks.forbid_generated_schema_edits import find_generated_edits
from hooks.forbid_generated_schema_edits import main
from hooks.project.config import Config
from hooks.project.config import validate
from hooks.repo.changes import Change
from hooks.repo.changes import ChangeSet

GEN = "packages/database/src/schema/schema.ts"
REL = "packages/database/src/schema/relations.ts"
NESTED = "packages/database/src/schema/a/b/schema.ts"
SQL = "packages/database/schema.sql"


def defaults() -> Config:
    return Config(validate({}, "defaults"), "defaults")


@pytest.mark.parametrize(
    ("changes", "blocked"),
    [
        pytest.param([Change("M", GEN, GEN)], [GEN], id="modify-generated"),
        pytest.param([Change("A", GEN, GEN)], [GEN], id="add-generated"),
        pytest.param([Change("D", GEN, GEN)], [GEN], id="delete-generated"),
        pytest.param([Change("T", GEN, GEN)], [GEN], id="type-change-generated"),
        pytest.param([Change("R", GEN, "keep/schema.ts")], [GEN], id="rename-out-of-generated"),
        pytest.param([Change("R", "x/a.ts", GEN)], [GEN], id="rename-into-generated"),
        pytest.param([Change("C", "x/a.ts", GEN)], [GEN], id="copy-into-generated"),
        pytest.param([Change("C", GEN, "x/copy.ts")], [], id="copy-out-leaves-generated-alone"),
        pytest.param([Change("R", GEN, REL)], [GEN, REL], id="rename-within-generated"),
        pytest.param([Change("M", GEN, GEN), Change("M", SQL, SQL)], [], id="with-source"),
        pytest.param([Change("D", GEN, GEN), Change("M", SQL, SQL)], [], id="delete-with-source"),
        pytest.param([Change("A", GEN, GEN), Change("A", SQL, SQL)], [], id="first-regeneration"),
        pytest.param([Change("M", GEN, GEN), Change("D", SQL, SQL)], [GEN], id="source-deleted"),
        pytest.param(
            [Change("M", GEN, GEN), Change("R", "old.sql", SQL)],
            [],
            id="source-renamed-into-place",
        ),
        pytest.param([Change("M", SQL, SQL)], [], id="source-only"),
        pytest.param([Change("M", "apps/web/page.ts", "apps/web/page.ts")], [], id="unrelated"),
        pytest.param(
            [Change("M", "packages/database/src/schemas.ts", "packages/database/src/schemas.ts")],
            [],
            id="look-alike-folder-name",
        ),
        pytest.param(
            [Change("A", NESTED, NESTED)],
            [NESTED],
            id="nested-folder",
        ),
        # Issue 36: what pull writes is generated, nothing else in the folder.
        *(
            pytest.param([Change(status, path, path)], [], id=f"not-pulled-{case}")
            for status, path, case in (
                ("M", "packages/database/src/schema/a/b/c.ts", "nested-module"),
                ("M", "packages/database/src/schema/index.ts", "barrel"),
                ("A", "packages/database/src/schema/queries/users.sql", "queries"),
                ("A", "packages/database/src/schema/0001_init.sql", "pulls-migration-0.31"),
                ("A", "packages/database/src/schema/meta/_journal.json", "pulls-journal-0.31"),
                ("A", "packages/database/src/schema/20261206043218_x/migration.sql", "pull-1.0"),
                ("D", "packages/database/src/schema/0000_legacy.sql", "delete-legacy"),
                ("M", "packages/database/src/schema/README.md", "readme"),
            )
        ),
        pytest.param([Change("D", REL, REL)], [REL], id="delete-relations"),
    ],
)
def test_rule_table(changes: list[Change], blocked: list[str]) -> None:
    found = find_generated_edits(ChangeSet(changes), defaults())
    assert [v.path for v in found] == blocked
    assert all(v.code == "AF101" for v in found)


def test_no_generated_patterns_disables_the_rule() -> None:
    config = Config(validate({"generated": []}, "t"), "t")
    assert find_generated_edits(ChangeSet([Change("M", GEN, GEN)]), config) == []


def test_no_source_patterns_means_every_generated_change_is_blocked() -> None:
    config = Config(validate({"sources": []}, "t"), "t")
    changes = ChangeSet([Change("M", GEN, GEN), Change("M", SQL, SQL)])
    assert [v.path for v in find_generated_edits(changes, config)] == [GEN]


def test_hand_edit_is_blocked_with_an_actionable_message(monorepo, capsys) -> None:
    monorepo.stage(GEN, "// hand edit\n")
    assert main([]) == 1
    out = capsys.readouterr().out
    first, hint = out.splitlines()[:2]
    assert first.startswith(f"{GEN}: AF101 generated file modified without a change to {SQL}")
    assert hint.startswith("    edit packages/database/schema.sql, then run the sync script")
    assert f"git restore --staged -- {GEN}" in hint


def test_sanctioned_regeneration_passes(monorepo, capsys) -> None:
    monorepo.stage(SQL, "CREATE TABLE t (id int);\n")
    monorepo.stage(GEN, "export const t = 1;\n")
    assert main([]) == 0
    assert capsys.readouterr().out == ""


def test_unrelated_change_passes(monorepo) -> None:
    monorepo.stage("apps/web/index.ts", "export {};\n")
    assert main([]) == 0


def test_nothing_staged_passes(monorepo) -> None:
    assert main([]) == 0


def test_filenames_are_ignored_so_deletions_still_count(monorepo, capsys) -> None:
    monorepo.git("rm", "-q", GEN)
    assert main(["README.md"]) == 1
    assert f"{GEN}: AF101 generated file deleted" in capsys.readouterr().out


def test_rename_out_of_generated_is_reported_by_its_old_path(monorepo, capsys) -> None:
    monorepo.git("mv", GEN, "packages/database/src/tables.ts")
    assert main([]) == 1
    out = capsys.readouterr().out
    assert f"{GEN}: AF101" in out
    assert "renamed" in out


def test_rename_into_generated(monorepo, capsys) -> None:
    monorepo.write("packages/database/src/extra.ts", "export const extra = 1;\n" * 5)
    monorepo.add()
    monorepo.commit()
    (monorepo.path / "packages/database/src/schema/v2").mkdir()
    monorepo.git(
        "mv", "packages/database/src/extra.ts", "packages/database/src/schema/v2/relations.ts"
    )
    assert main([]) == 1
    assert "packages/database/src/schema/v2/relations.ts: AF101 generated file renamed from" in (
        capsys.readouterr().out
    )


def test_copy_into_generated(monorepo, capsys) -> None:
    copy = "packages/database/src/schema/copy/schema.ts"
    monorepo.stage(copy, (monorepo.path / GEN).read_text())
    assert main([]) == 1
    assert f"{copy}: AF101" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name",
    ["with space.ts", "ünïcödé.ts", "-leading-dash.ts", "new\nline.ts"],
    ids=["space", "non-ascii", "leading-dash", "newline"],
)
def test_awkward_file_names(monorepo, capsys, name) -> None:
    # (pull's own file name, in a folder of the awkward name)
    monorepo.stage(f"packages/database/src/schema/{name}/schema.ts", "export {};\n")
    assert main([]) == 1
    out = capsys.readouterr().out
    assert f"packages/database/src/schema/{name}/schema.ts: AF101" in out


@pytest.mark.parametrize("quotepath", ["true", "false"])
def test_core_quotepath_does_not_change_the_answer(monorepo, capsys, quotepath) -> None:
    monorepo.git("config", "core.quotepath", quotepath)
    monorepo.stage("packages/database/src/schema/ünï/schema.ts", "export {};\n")
    assert main([]) == 1
    assert "packages/database/src/schema/ünï/schema.ts: AF101" in capsys.readouterr().out


def test_user_diff_config_cannot_change_the_answer(monorepo, capsys) -> None:
    for key, value in [
        ("diff.renames", "false"),
        ("diff.external", "false"),
        ("color.ui", "always"),
        ("diff.relative", "true"),
        ("status.relativePaths", "true"),
        ("diff.noprefix", "true"),
    ]:
        monorepo.git("config", key, value)
    (monorepo.path / "packages/database/src/schema/renamed").mkdir()
    monorepo.git("mv", GEN, "packages/database/src/schema/renamed/schema.ts")
    os.chdir(monorepo.path / "packages")
    assert main([]) == 1
    out = capsys.readouterr().out
    assert (
        f"packages/database/src/schema/renamed/schema.ts: AF101 generated file renamed from {GEN}"
        in out
    )


def test_first_commit_of_a_repository(repo, capsys) -> None:
    repo.stage(GEN, "export {};\n")
    assert main([]) == 1
    assert f"{GEN}: AF101 generated file added" in capsys.readouterr().out
    repo.stage(SQL, "CREATE TABLE t (id int);\n")
    assert main([]) == 0


def test_run_from_a_subfolder_gives_the_same_answer(monorepo, capsys) -> None:
    monorepo.stage(GEN, "// edit\n")
    os.chdir(monorepo.path / "packages" / "database" / "src")
    assert main([]) == 1
    assert capsys.readouterr().out.startswith(f"{GEN}: AF101")


def test_config_moves_the_folders(monorepo, capsys) -> None:
    monorepo.write(
        ".atlas-first.toml",
        'generated = ["db/types/**/*.ts"]\nsources = ["db/*.sql"]\n',
    )
    monorepo.stage("db/types/deep/t.ts", "export {};\n")
    monorepo.stage(GEN, "// no longer generated by this config\n")
    assert main([]) == 1
    out = capsys.readouterr().out
    assert "db/types/deep/t.ts: AF101" in out
    assert GEN not in out
    monorepo.stage("db/main.sql", "CREATE TABLE t (id int);\n")
    assert main([]) == 0


# --- real commits through a plain git hook ------------------------------------------------


HOOK = "hooks.forbid_generated_schema_edits"


def test_git_commit_a_is_checked_through_the_temporary_index(monorepo) -> None:
    monorepo.install_hook(HOOK)
    monorepo.write(GEN, "// edited, not staged\n")
    proc = monorepo.try_commit("-a", "-m", "sneak")
    assert proc.returncode == 1
    assert f"{GEN}: AF101" in proc.stdout
    assert monorepo.git("log", "--format=%s", "-1").strip() == "Atlas-first monorepo"


def test_git_commit_with_paths_is_checked(monorepo) -> None:
    monorepo.install_hook(HOOK)
    monorepo.write(GEN, "// edited\n")
    monorepo.stage("README.md", "# changed\n")
    proc = monorepo.try_commit("-m", "paths", "--", GEN)
    assert proc.returncode == 1
    assert f"{GEN}: AF101" in proc.stdout


def test_git_commit_a_with_the_source_is_allowed(monorepo) -> None:
    monorepo.install_hook(HOOK)
    monorepo.write(GEN, "// regenerated\n")
    monorepo.write(SQL, "CREATE TABLE t (id int);\n")
    proc = monorepo.try_commit("-a", "-m", "regenerate")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_amend_that_adds_a_hand_edit_is_blocked(monorepo) -> None:
    monorepo.install_hook(HOOK)
    monorepo.write(GEN, "// regenerated\n")
    monorepo.write(SQL, "CREATE TABLE t (id int);\n")
    assert monorepo.try_commit("-a", "-m", "regenerate").returncode == 0
    monorepo.write(GEN, "// regenerated, then hand edited\n")
    proc = monorepo.try_commit("-a", "--amend", "--no-edit")
    assert proc.returncode == 1
    assert f"{GEN}: AF101" in proc.stdout


def test_linked_worktree(monorepo, tmp_path) -> None:
    other = tmp_path / "wt"
    monorepo.git("worktree", "add", "-q", "-b", "feature", str(other))
    from tests.conftest import GitRepo

    wt = GitRepo(other)
    wt.install_hook(HOOK)
    wt.write(GEN, "// edit in a worktree\n")
    proc = wt.try_commit("-a", "-m", "wt")
    assert proc.returncode == 1
    assert f"{GEN}: AF101" in proc.stdout
    wt.write(SQL, "CREATE TABLE t (id int);\n")
    assert wt.try_commit("-a", "-m", "wt").returncode == 0


def test_first_commit_through_a_real_hook(repo) -> None:
    repo.install_hook(HOOK)
    repo.write(GEN, "export {};\n")
    repo.add()
    proc = repo.try_commit("-m", "first")
    assert proc.returncode == 1
    assert f"{GEN}: AF101 generated file added" in proc.stdout


# --- ranges (pre-push, CI) ---------------------------------------------------------------


def test_range_through_pre_commit_environment(monorepo, monkeypatch, capsys) -> None:
    base = monorepo.head()
    monorepo.stage(GEN, "// pushed hand edit\n")
    monorepo.commit("sneaky")
    monorepo.stage("README.md", "later\n")
    monorepo.commit("later")
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", base)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    assert main([]) == 1
    out = capsys.readouterr().out
    assert f"{GEN}: AF101" in out
    assert "git restore" not in out  # no staging advice for commits already made


def test_range_through_flags(monorepo, capsys) -> None:
    base = monorepo.head()
    monorepo.stage(GEN, "// edit\n")
    monorepo.commit("sneaky")
    assert main(["--from-ref", base, "--to-ref", "HEAD"]) == 1
    monorepo.stage(SQL, "CREATE TABLE t (id int);\n")
    monorepo.commit("source follows later in the range")
    capsys.readouterr()
    assert main(["--from-ref", base, "--to-ref", "HEAD"]) == 0


def test_flags_override_the_environment(monorepo, monkeypatch) -> None:
    base = monorepo.head()
    monorepo.stage(GEN, "// edit\n")
    monorepo.commit("sneaky")
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "HEAD")
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    assert main([]) == 0
    assert main(["--from-ref", base, "--to-ref", "HEAD"]) == 1


def test_missing_ref_says_fetch_it_or_fix_its_name(monorepo, capsys) -> None:
    assert main(["--from-ref", "origin/nope", "--to-ref", "HEAD"]) == 2
    err = capsys.readouterr().err
    assert "origin/nope" in err
    assert "git fetch origin" in err
    assert "shallow" not in err  # a full clone: not its history's depth
    assert len(err.strip().splitlines()) == 1


def test_half_a_range_is_an_error(monorepo, capsys) -> None:
    assert main(["--from-ref", "HEAD"]) == 2
    assert "--from-ref needs --to-ref" in capsys.readouterr().err


def test_shallow_clone_without_merge_base(monorepo, tmp_path, capsys) -> None:
    monorepo.stage("a.txt")
    monorepo.commit("a")
    monorepo.stage("b.txt")
    monorepo.commit("b")
    clone = tmp_path / "shallow"
    monorepo.git("clone", "-q", "--depth", "1", f"file://{monorepo.path}", str(clone))
    os.chdir(clone)
    first = monorepo.git("rev-list", "--max-parents=0", "HEAD").strip()
    assert main(["--from-ref", first, "--to-ref", "HEAD"]) == 2
    assert "fetch more history" in capsys.readouterr().err


def test_not_a_repository(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "not inside a git repository" in err
    assert "Traceback" not in err


def test_git_missing_from_path(monorepo, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PATH", "")
    assert main([]) == 2
    assert "git was not found on PATH" in capsys.readouterr().err


def test_module_entry_point(monorepo) -> None:
    import subprocess

    monorepo.stage(GEN, "// edit\n")
    proc = subprocess.run(
        [sys.executable, "-m", HOOK],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{GEN}: AF101")
