from __future__ import annotations

import json
import os

import pytest

from hooks.cli import main as cli
from hooks.forbid_new_migrations import find_new_migrations
from hooks.forbid_new_migrations import main
from hooks.forbid_new_migrations import migration_candidates
from hooks.forbid_new_migrations import work_tree_blob
from hooks.project.config import Config
from hooks.project.config import validate
from tests.conftest import symlink_or_skip

MIG = "packages/database/migrations"
LEGACY = f"{MIG}/0000_legacy_init.sql"
JOURNAL = f"{MIG}/meta/_journal.json"
NEW = f"{MIG}/0001_add_email.sql"
BASELINE = ".atlas-first-baseline.json"


def defaults() -> Config:
    return Config(validate({}, "defaults"), "defaults")


A, B = "a" * 40, "b" * 40


@pytest.mark.parametrize(
    ("committed", "baseline", "codes"),
    [
        pytest.param({NEW: A}, {LEGACY: A}, {NEW: "AF201"}, id="new-file"),
        pytest.param({LEGACY: A}, {LEGACY: A}, {}, id="legacy-unchanged"),
        pytest.param({LEGACY: B}, {LEGACY: A}, {LEGACY: "AF202"}, id="legacy-edited"),
        pytest.param({LEGACY: None}, {LEGACY: A}, {}, id="legacy-deleted"),
        pytest.param({NEW: None}, {}, {}, id="new-file-not-committed"),
        pytest.param({LEGACY: A}, None, {LEGACY: "AF201"}, id="no-baseline-grandfathers-nothing"),
        pytest.param({NEW: A, LEGACY: B}, {LEGACY: A}, {NEW: "AF201", LEGACY: "AF202"}, id="both"),
    ],
)
def test_rule_table(committed, baseline, codes) -> None:
    findings = find_new_migrations(sorted(committed), committed, baseline, defaults())
    assert {v.path: v.code for v in findings.violations} == codes


def test_note_to_run_baseline_only_when_there_is_none() -> None:
    with_none = find_new_migrations([LEGACY], {LEGACY: A}, None, defaults())
    assert any("atlas-first baseline" in n for n in with_none.notes)
    with_one = find_new_migrations([NEW], {NEW: A}, {LEGACY: A}, defaults())
    assert with_one.notes == []


@pytest.mark.parametrize(
    ("path", "is_candidate"),
    [
        (NEW, True),
        (JOURNAL, True),
        (f"{MIG}/deep/er/x.sql", True),
        ("packages/database/migrations.ts", False),
        ("packages/database/migrations-old/x.sql", False),
        ("apps/web/migrations/x.sql", False),
        ("packages/database/schema.sql", False),
    ],
)
def test_candidates_follow_the_pattern(path, is_candidate) -> None:
    assert migration_candidates([path], defaults()) == ([path] if is_candidate else [])


def test_the_baseline_file_is_never_a_candidate() -> None:
    config = Config(validate({"baseline": f"{MIG}/baseline.json"}, "t"), "t")
    assert migration_candidates([f"{MIG}/baseline.json", NEW], config) == [NEW]


def test_work_tree_blob_matches_git(repo) -> None:
    path = repo.write("f.sql", "select 1;\r\n")
    expected = repo.git("hash-object", "--no-filters", "f.sql").strip()
    assert work_tree_blob(str(path), "") == expected
    assert work_tree_blob(str(repo.path / "missing"), "") is None


# --- a real repository -------------------------------------------------------------------


def test_new_migration_is_blocked(monorepo, capsys) -> None:
    monorepo.stage(NEW, 'ALTER TABLE "users" ADD COLUMN "email" text;\n')
    assert main([NEW]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{NEW}: AF201 new Drizzle migration file: Drizzle migrations are banned"
        " (Atlas applies schema.sql)"
    )
    assert out[1].startswith("    edit packages/database/schema.sql")
    assert out[1].endswith(f"git rm --cached -- {NEW} (atlas-first explain AF201)")


def test_legacy_files_pass(monorepo) -> None:
    assert main([LEGACY, JOURNAL, "README.md"]) == 0


def test_edit_to_legacy_file_is_blocked(monorepo, capsys) -> None:
    monorepo.stage(LEGACY, "-- tweak\n")
    monorepo.stage(JOURNAL, "{}\n")
    assert main([LEGACY, JOURNAL]) == 1
    out = capsys.readouterr().out
    assert f"{LEGACY}: AF202 legacy migration changed" in out
    assert f"{JOURNAL}: AF202 legacy migration changed" in out


def test_judges_the_index_not_the_dirty_work_tree(monorepo) -> None:
    (monorepo.path / LEGACY).write_text("-- unstaged scribble\n")
    assert main([LEGACY]) == 0
    monorepo.add(LEGACY)
    assert main([LEGACY]) == 1


def test_crlf_checkout_of_a_legacy_file_still_matches(monorepo) -> None:
    # Git hashes content after its clean filter: a Windows checkout agrees with the baseline.
    monorepo.git("config", "core.autocrlf", "true")
    text = (monorepo.path / LEGACY).read_bytes().replace(b"\n", b"\r\n")
    (monorepo.path / LEGACY).write_bytes(text)
    monorepo.add(LEGACY)
    assert main([LEGACY]) == 0


def test_file_renamed_into_the_folder_is_new(monorepo, capsys) -> None:
    monorepo.stage("notes/extra.sql", "select 1;\n")
    monorepo.commit()
    monorepo.git("mv", "notes/extra.sql", f"{MIG}/0002_extra.sql")
    assert main([f"{MIG}/0002_extra.sql"]) == 1
    assert f"{MIG}/0002_extra.sql: AF201" in capsys.readouterr().out


def test_copy_of_a_legacy_file_is_new(monorepo) -> None:
    monorepo.stage(f"{MIG}/0000_copy.sql", (monorepo.path / LEGACY).read_text())
    assert main([f"{MIG}/0000_copy.sql"]) == 1


def test_deleting_a_legacy_file_is_allowed(monorepo) -> None:
    monorepo.git("rm", "-q", LEGACY)
    assert main([LEGACY]) == 0
    assert cli(["check"]) == 0


def test_no_baseline_file_says_run_baseline_once(monorepo, capsys) -> None:
    monorepo.git("rm", "-q", BASELINE)
    assert main([LEGACY, JOURNAL]) == 1
    out = capsys.readouterr().out
    assert out.count(": AF201 ") == 2
    assert "run `atlas-first baseline` once" in out


def test_untracked_file_named_explicitly_is_new(monorepo) -> None:
    monorepo.write(NEW, "select 1;\n")
    assert main([NEW]) == 1


def test_windows_and_subfolder_spellings(monorepo, capsys) -> None:
    monorepo.stage(NEW, "select 1;\n")
    assert main([NEW.replace("/", "\\")]) == 1
    os.chdir(monorepo.path / "packages" / "database")
    assert main(["migrations/0001_add_email.sql"]) == 1
    assert main(["migrations\\0001_add_email.sql"]) == 1
    out = capsys.readouterr().out
    assert out.count(f"{NEW}: AF201") == 3


def test_path_outside_the_repository_is_an_error(monorepo, capsys) -> None:
    assert main(["../elsewhere.sql"]) == 2
    assert "outside the repository" in capsys.readouterr().err


def test_range_reads_content_at_the_to_ref(monorepo, monkeypatch, capsys) -> None:
    base = monorepo.head()
    monorepo.stage(NEW, "select 1;\n")
    monorepo.commit("no-verify migration")
    monorepo.git("rm", "-q", NEW)  # the index no longer has it; the pushed commit does
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", base)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    assert main([NEW]) == 1
    out = capsys.readouterr().out
    assert f"{NEW}: AF201" in out
    assert "git rm --cached" not in out


def test_file_names_that_look_like_options_or_globs(monorepo, capsys) -> None:
    for name in ("-rf.sql", "*.sql", "with space.sql", "ünï.sql"):
        # (generate's statement breakpoints: a Drizzle migration whatever its name)
        monorepo.stage(f"{MIG}/{name}", "select 1;\n--> statement-breakpoint\nselect 2;\n")
    names = [f"{MIG}/{n}" for n in ("-rf.sql", "*.sql", "with space.sql", "ünï.sql")]
    assert main(names) == 1
    out = capsys.readouterr().out
    for name in names:
        assert f"{name}: AF201" in out
    assert f"{LEGACY}:" not in out  # `*.sql` was not read as a glob


def test_corrupt_baseline_is_named(monorepo, capsys) -> None:
    monorepo.write(BASELINE, '{"version": 1, "files": {')
    assert main([LEGACY]) == 2
    err = capsys.readouterr().err
    assert f"{BASELINE}:1:" in err
    assert "not valid JSON" in err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("[]", 'no "files" object'),
        ('{"version": 1, "files": []}', 'no "files" object'),
        ('{"version": 9, "files": {}}', "unsupported baseline version 9"),
        ('{"version": 1, "files": {"a.sql": "zz"}}', "where a git blob id belongs"),
        ('{"version": 1, "files": {"a.sql": 5}}', "where a git blob id belongs"),
    ],
)
def test_hand_edited_baseline_is_rejected(monorepo, capsys, content, words) -> None:
    monorepo.write(BASELINE, content)
    assert main([LEGACY]) == 2
    err = capsys.readouterr().err
    assert BASELINE in err
    assert words in err


def test_undecodable_baseline(monorepo, capsys) -> None:
    (monorepo.path / BASELINE).write_bytes(b"\xff\xfe\x00garbage")
    assert main([LEGACY]) == 2
    assert "not UTF-8" in capsys.readouterr().err


# --- atlas-first baseline ----------------------------------------------------------------


def test_baseline_records_committed_content_sorted_and_stable(monorepo, capsys) -> None:
    monorepo.git("rm", "-q", "--cached", BASELINE)
    os.remove(monorepo.path / BASELINE)
    monorepo.stage(f"{MIG}/0000_b.sql", "b\n")
    (monorepo.path / LEGACY).write_text("dirty work tree, not staged\n")
    assert cli(["baseline"]) == 0
    first = (monorepo.path / BASELINE).read_bytes()
    doc = json.loads(first)
    assert list(doc["files"]) == sorted(doc["files"]) == [f"{MIG}/0000_b.sql", LEGACY, JOURNAL]
    assert doc["files"][LEGACY] == monorepo.git("rev-parse", f":{LEGACY}").strip()
    assert b"\r" not in first
    assert first.endswith(b"}\n")
    assert cli(["baseline"]) == 0
    assert (monorepo.path / BASELINE).read_bytes() == first
    assert "up to date" in capsys.readouterr().out


def test_baseline_refuses_to_add_without_update(monorepo, capsys) -> None:
    monorepo.stage(NEW, "select 1;\n")
    before = (monorepo.path / BASELINE).read_bytes()
    assert cli(["baseline"]) == 1
    out = capsys.readouterr().out
    assert f"{NEW}: not in the baseline" in out
    assert "--update" in out
    assert (monorepo.path / BASELINE).read_bytes() == before


def test_baseline_refuses_changed_content_without_update(monorepo, capsys) -> None:
    monorepo.stage(LEGACY, "-- edited\n")
    assert cli(["baseline"]) == 1
    assert f"{LEGACY}: content differs from the baseline" in capsys.readouterr().out


def test_baseline_update_prints_what_it_adds(monorepo, capsys) -> None:
    monorepo.stage(NEW, "select 1;\n")
    assert cli(["baseline", "--update"]) == 0
    assert f"added: {NEW}" in capsys.readouterr().out
    assert main([NEW]) == 0


def test_baseline_drops_deleted_files_without_update(monorepo, capsys) -> None:
    monorepo.git("rm", "-q", LEGACY)
    assert cli(["baseline"]) == 0
    assert f"dropped: {LEGACY}" in capsys.readouterr().out
    assert LEGACY not in json.loads((monorepo.path / BASELINE).read_text())["files"]


def test_baseline_mentions_untracked_migrations(monorepo, capsys) -> None:
    monorepo.git("rm", "-q", "--cached", BASELINE)
    os.remove(monorepo.path / BASELINE)
    monorepo.write(f"{MIG}/0009_untracked.sql", "select 1;\n")
    assert cli(["baseline"]) == 0
    assert "1 untracked file(s)" in capsys.readouterr().out


def test_baseline_with_glob_patterns(monorepo) -> None:
    monorepo.write(".atlas-first.toml", 'migrations = ["**/drizzle/*.sql"]\n')
    monorepo.stage("apps/api/drizzle/0000_x.sql", "select 1;\n")
    monorepo.stage("apps/api/drizzle/meta.json", "{}\n")
    monorepo.git("rm", "-q", "--cached", BASELINE)
    os.remove(monorepo.path / BASELINE)
    assert cli(["baseline"]) == 0
    files = json.loads((monorepo.path / BASELINE).read_text())["files"]
    # The glob's SQL, and the Drizzle migrations the guard knows by their shape elsewhere
    # (the seed's legacy folder, with its journal): never the glob's other files.
    assert "apps/api/drizzle/0000_x.sql" in files
    assert "apps/api/drizzle/meta.json" not in files
    assert {LEGACY, JOURNAL} <= set(files)


def test_baseline_with_empty_migrations_is_an_error(monorepo, capsys) -> None:
    monorepo.write(".atlas-first.toml", "migrations = []\n")
    assert cli(["baseline"]) == 2
    assert "'migrations' is empty" in capsys.readouterr().err


# --- real commits through a plain git hook (atlas-first check derives the file names) -----


CHECK = "hooks.cli check"


def test_git_commit_a_with_a_new_migration_is_blocked(monorepo) -> None:
    monorepo.install_hook(CHECK)
    monorepo.stage(NEW, "select 1;\n")
    monorepo.git("reset", "-q", "--", NEW)
    monorepo.git("add", "-N", NEW)  # intent-to-add: only `commit -a` stages the content
    proc = monorepo.try_commit("-a", "-m", "sneak")
    assert proc.returncode == 1, proc.stdout
    assert f"{NEW}: AF201" in proc.stdout


def test_git_commit_a_editing_a_legacy_file_is_blocked(monorepo) -> None:
    monorepo.install_hook(CHECK)
    monorepo.write(LEGACY, "-- edited\n")
    proc = monorepo.try_commit("-a", "-m", "edit legacy")
    assert proc.returncode == 1
    assert f"{LEGACY}: AF202" in proc.stdout


def test_git_commit_with_paths_is_blocked(monorepo) -> None:
    monorepo.install_hook(CHECK)
    monorepo.write(LEGACY, "-- edited\n")
    proc = monorepo.try_commit("-m", "edit legacy", "--", LEGACY)
    assert proc.returncode == 1
    assert f"{LEGACY}: AF202" in proc.stdout


def test_first_commit_with_migrations_and_no_baseline(repo) -> None:
    repo.install_hook(CHECK)
    repo.stage(f"{MIG}/0000_init.sql", "select 1;\n")
    repo.stage(f"{MIG}/meta/_journal.json", '{"version": "7", "entries": []}\n')
    proc = repo.try_commit("-m", "first")
    assert proc.returncode == 1
    assert f"{MIG}/0000_init.sql: AF201" in proc.stdout
    assert "run `atlas-first baseline` once" in proc.stdout


def test_nested_folder_and_type_change(monorepo, capsys) -> None:
    monorepo.stage(f"{MIG}/deep/er/0002_x.sql", "select 1;\n")
    os.remove(monorepo.path / LEGACY)
    symlink_or_skip("elsewhere.sql", monorepo.path / LEGACY)
    monorepo.add()
    assert cli(["check"]) == 1
    out = capsys.readouterr().out
    assert f"{MIG}/deep/er/0002_x.sql: AF201" in out
    assert f"{LEGACY}: AF202" in out


def test_rename_out_of_the_folder_is_allowed(monorepo) -> None:
    monorepo.git("mv", LEGACY, "packages/database/0000_legacy_init.sql.txt")
    assert cli(["check"]) == 0


def test_amend_that_adds_a_migration_is_blocked(monorepo) -> None:
    monorepo.install_hook(CHECK)
    monorepo.stage("README.md", "# one\n")
    assert monorepo.try_commit("-m", "one").returncode == 0
    monorepo.stage(NEW, "select 1;\n")
    proc = monorepo.try_commit("--amend", "--no-edit")
    assert proc.returncode == 1
    assert f"{NEW}: AF201" in proc.stdout


def _no_baseline_with(monorepo, count: int, folder: str = MIG) -> None:
    monorepo.git("rm", "-q", "--", BASELINE)
    for i in range(count):
        monorepo.write(f"{folder}/{i + 1:04d}_more.sql", f"-- {i}\n")
    monorepo.add()
    monorepo.commit("legacy migrations, never baselined")


def test_a_folder_without_a_baseline_is_one_line_in_text(monorepo, capsys) -> None:
    _no_baseline_with(monorepo, 6)  # and the two legacy files (the SQL and its journal): 8
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out.splitlines()
    af201 = [line for line in out if ": AF201 " in line]
    assert af201 == [
        f"{MIG}/: AF201 8 Drizzle migration files and no baseline (0000_legacy_init.sql,"
        " 0001_more.sql, 0002_more.sql and 5 more): Drizzle migrations are banned"
        " (Atlas applies schema.sql)"
    ]
    hint = out[out.index(af201[0]) + 1]
    assert hint.startswith(
        f"    if they predate the switch to Atlas, freeze them: run `atlas-first baseline`"
        f" and commit {BASELINE}; if they are new, delete them: edit"
    ), hint
    assert cli(["check", "--all-files", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    paths = sorted(v["path"] for v in doc["violations"] if v["code"] == "AF201")
    assert len(paths) == 8  # machine formats keep one result per file
    assert f"{MIG}/meta/_journal.json" in paths
    assert cli(["check", "--all-files", "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sum(r["ruleId"] == "AF201" for r in sarif["runs"][0]["results"]) == 8


def test_a_few_files_without_a_baseline_are_listed_one_by_one(monorepo, capsys) -> None:
    monorepo.git("rm", "-q", "--", BASELINE)
    monorepo.stage("apps/api/drizzle/0000_x.sql", "-- new\n")
    monorepo.stage(".atlas-first.toml", 'migrations = ["apps/api/drizzle/"]\n')
    monorepo.commit("one new migration, no baseline")
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert "apps/api/drizzle/0000_x.sql: AF201 new Drizzle migration file" in out
    assert "no baseline (" not in out


def test_with_a_baseline_new_files_are_never_folded(monorepo, capsys) -> None:
    for i in range(6):
        monorepo.stage(f"{MIG}/{i + 1:04d}_more.sql", f"-- {i}\n")
    assert cli(["check"]) == 1
    out = capsys.readouterr().out
    assert out.count(": AF201 new Drizzle migration file") == 6
    assert "no baseline (" not in out


def test_each_folder_without_a_baseline_is_its_own_line(monorepo, capsys) -> None:
    monorepo.stage(".atlas-first.toml", f'migrations = ["{MIG}/", "apps/api/drizzle/"]\n')
    for i in range(4):
        monorepo.write(f"apps/api/drizzle/{i:04d}_x.sql", "-- x\n")
    _no_baseline_with(monorepo, 2)
    assert cli(["check", "--all-files"]) == 1
    lines = [x for x in capsys.readouterr().out.splitlines() if ": AF201 " in x]
    assert [x.split(": AF201 ")[0] for x in lines] == ["apps/api/drizzle/", f"{MIG}/"]
    assert lines[0].startswith("apps/api/drizzle/: AF201 4 Drizzle migration files")
    assert lines[1].startswith(f"{MIG}/: AF201 4 Drizzle migration files")
