"""The file guards judge what is being committed, not a dirty work tree: the staged blob under
a plain git hook (husky, lefthook: nothing stashes unstaged edits), the blob at --to-ref for a
range (pre-push, CI). Under pre-commit/prek (PRE_COMMIT=1) the work tree is already the index."""

from __future__ import annotations

from hooks.cli import main

PKG = "packages/database/package.json"
BANNED = '{"scripts": {"db:push": "drizzle-kit push"}}\n'
CLEAN = '{"scripts": {"db:pull": "drizzle-kit pull"}}\n'
MIGRATE_TS = 'import { migrate } from "drizzle-orm/pglite/migrator";\n'


def test_staged_banned_script_with_a_clean_work_tree_is_blocked(
    monorepo, monkeypatch, capsys
) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monorepo.stage(PKG, BANNED)
    monorepo.write(PKG, CLEAN)  # the unstaged edit hides it from a work-tree reader
    assert main(["check"]) == 1
    assert 'script "db:push" runs "drizzle-kit push"' in capsys.readouterr().out


def test_clean_staged_script_with_a_dirty_work_tree_passes(monorepo, monkeypatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monorepo.stage(PKG, CLEAN)
    monorepo.write(PKG, BANNED)  # not staged: not part of this commit
    assert main(["check"]) == 0


def test_under_pre_commit_the_work_tree_is_the_index(monorepo, monkeypatch) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    monorepo.stage(PKG, CLEAN)
    monorepo.write(PKG, BANNED)  # pre-commit would have stashed this; we trust the work tree
    assert main(["check", PKG]) == 1


def test_staged_migrator_import_hidden_by_an_unstaged_edit(monorepo, monkeypatch, capsys) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monorepo.stage("src/boot.ts", MIGRATE_TS)
    monorepo.write("src/boot.ts", "export {};\n")
    assert main(["check"]) == 1
    assert "src/boot.ts:1:25: AF401" in capsys.readouterr().out


def test_range_reads_the_pushed_commit_not_the_work_tree(monorepo, capsys) -> None:
    base = monorepo.head()
    monorepo.stage(PKG, BANNED)
    monorepo.stage("src/boot.ts", MIGRATE_TS)
    monorepo.commit("no-verify")
    monorepo.write(PKG, CLEAN)
    monorepo.write("src/boot.ts", "export {};\n")
    assert main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert 'script "db:push" runs "drizzle-kit push"' in out
    assert "src/boot.ts:1:25: AF401" in out


def test_range_skips_files_the_pushed_commit_does_not_have(monorepo, capsys) -> None:
    base = monorepo.head()
    monorepo.stage("README.md", "# x\n")
    monorepo.commit("docs")
    monorepo.write(PKG, BANNED)  # exists only in the work tree
    assert main(["check", "--from-ref", base, "--to-ref", "HEAD", PKG]) == 0


def test_partially_staged_file_through_a_plain_git_hook(monorepo) -> None:
    monorepo.install_hook("hooks.cli check")
    monorepo.stage(PKG, BANNED)
    monorepo.write(PKG, CLEAN)
    proc = monorepo.try_commit("-m", "sneak")
    assert proc.returncode == 1, proc.stdout
    assert "AF301" in proc.stdout


def test_range_with_many_files_lists_the_tree_once(monorepo, capsys) -> None:
    base = monorepo.head()
    for n in range(150):
        monorepo.stage(f"src/m{n:03d}.ts", "export {};\n")
    monorepo.stage("src/m149.ts", MIGRATE_TS)
    monorepo.commit("many")
    monorepo.write("src/m149.ts", "export {};\n")
    assert main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == 1
    assert "src/m149.ts:1:25: AF401" in capsys.readouterr().out
