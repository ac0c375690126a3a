"""Issue 38, point 3: a checkout that ignores case (core.ignorecase=true: the default git sets
on Windows and macOS) holds `SRC/Schema/` and `Migrations/` where the configuration says
`src/schema/` and `migrations/`: one folder on that disk. Paths are compared as the
repository's file system compares them; with core.ignorecase false (Linux), they are two
folders and nothing changes.

The file system here may be case-sensitive: git's setting is what is followed, so a real
repository with `git config core.ignorecase true` is the case-insensitive checkout."""

from __future__ import annotations

import json
import os

import pytest

from hooks.cli import main
from hooks.forbid_new_migrations import find_new_migrations
from hooks.project.baseline import compare_baseline
from hooks.project.config import Config
from hooks.project.config import validate
from hooks.project.layout import detect_layout
from hooks.repo.git import git_ignorecase as ask_git
from hooks.repo.gitconfig import UnsureSetting
from hooks.repo.gitconfig import config_bool
from hooks.repo.gitconfig import read_ignorecase
from hooks.repo.patterns import PathMatcher
from hooks.repo.patterns import git_spelling
from hooks.repo.patterns import path_key
from hooks.repo.repository import Repo

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tests.conftest import GitRepo

BLOB = "0" * 39 + "1"
TOML = (
    'generated = ["src/schema/"]\n'
    'sources = ["schema.sql"]\n'
    'migrations = ["migrations/"]\n'
    'baseline = ".atlas-first-baseline.json"\n'
)


# --- the pattern matcher ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "path", "ignorecase", "matches"),
    [
        # a plain folder (the prefix test)
        (["src/schema/"], "SRC/Schema/schema.ts", True, True),
        (["src/schema/"], "SRC/Schema/schema.ts", False, False),
        (["SRC/Schema/"], "src/schema/schema.ts", True, True),
        (["src/schema/"], "src/schema/schema.ts", False, True),
        (["src/schema/"], "SRC/Schemas/schema.ts", True, False),  # another folder in any case
        # a plain file
        (["db/schema.sql"], "DB/Schema.SQL", True, True),
        (["db/schema.sql"], "DB/Schema.SQL", False, False),
        # an anchored folder/*SUFFIX (what the layout infers for a Drizzle `out`)
        (["drizzle/*.sql"], "Drizzle/0001_x.SQL", True, True),
        (["drizzle/*.sql"], "Drizzle/0001_x.sql", False, False),
        (["drizzle/*.sql"], "Drizzle/meta/x.sql", True, False),  # `*` never crosses a slash
        # anything else: pathspec's gitignore rules
        (["migrations/"], "Migrations/0000_init.sql", True, True),
        (["migrations/"], "Migrations/0000_init.sql", False, False),
        (["**/migrations/*.sql"], "apps/API/Migrations/0001.sql", True, True),
        (["**/migrations/*.sql"], "apps/API/Migrations/0001.sql", False, False),
        (["db/", "!DB/keep.sql"], "db/KEEP.sql", True, False),  # an exclusion in any case too
        (["db/", "!DB/keep.sql"], "db/KEEP.sql", False, True),
        (["db/[a-c]*.sql"], "DB/B1.sql", True, True),
        (["db/[a-c]*.sql"], "DB/B1.sql", False, False),
    ],
)
def test_a_matcher_that_ignores_case_matches_paths_in_any_case(
    patterns, path, ignorecase, matches
) -> None:
    assert PathMatcher(patterns, ignorecase=ignorecase).match(path) is matches


def test_literal_paths_keep_the_configured_spelling_for_git_to_match_in_any_case() -> None:
    matcher = PathMatcher(["/SRC/Schema/", "db/x.sql"], ignorecase=True)
    assert matcher.literal_paths == ("SRC/Schema", "db/x.sql")
    assert matcher.ignorecase
    assert not PathMatcher(["src/"]).ignorecase


@pytest.mark.parametrize(
    ("pattern", "files", "spelled"),
    [
        ("migrations/", ["Migrations/0000_init.sql"], "Migrations"),  # any depth: a name
        ("migrations/", ["db/Migrations/0000_init.sql"], "Migrations"),
        ("db/migrations/", ["DB/Migrations/0000_init.sql"], "DB/Migrations"),
        ("/db/migrations/", ["DB/Migrations/0000_init.sql"], "DB/Migrations"),
        ("db/drizzle/*.sql", ["db/Drizzle/0000_init.sql"], "db/Drizzle"),
        ("db/schema.sql", ["DB/Schema.sql"], "DB/Schema.sql"),
        # as spelled: nothing to say
        ("db/migrations/", ["db/migrations/0000_init.sql", "DB/x"], None),
        ("migrations/", ["a/migrations/x.sql", "Migrations/y.sql"], None),
        # in no case at all: the unmatched-pattern warning's business
        ("db/migrations/", ["db/other/0000_init.sql"], None),
        ("db/migrations/", ["db/migrations-old/x.sql"], None),
        # not a plain path
        ("**/migrations/", ["Migrations/x.sql"], None),
        ("!db/", ["DB/x.sql"], None),
    ],
)
def test_git_spelling_of_a_plain_pattern(pattern, files, spelled) -> None:
    assert git_spelling(pattern, files) == spelled


# --- core.ignorecase, read from the config files ----------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("[core]\n\tignorecase = true\n", True),
        ("[core]\n\tignoreCase = false\n", False),
        ("[Core]\n\tIGNORECASE = yes\n", True),
        ("[core]\n\tignorecase\n", True),  # a key alone is true
        ("[core]\n\tignorecase =\n", False),  # an empty value is false
        ("[core]\n\tignorecase = 1 ; a comment\n", True),
        ("[core]\n\tignorecase = 0\n", False),
        ("[core]\n\tignorecase = on # a comment\n", True),
        ("[core]\n\tignorecase = true\n[core]\n\tignorecase = false\n", False),  # the last
        ("[core] ignorecase = true\n", True),  # on the header's line
        ('[core "x"]\n\tignorecase = true\n', None),  # a subsection is another section
        ("[other]\n\tignorecase = true\n", None),
        ("# [core]\n; ignorecase = true\n", None),
        ("[core]\n\tfilemode = true\n", None),
        ("", None),
    ],
)
def test_config_bool_reads_a_setting_as_git_does(text, value) -> None:
    assert config_bool(text, "core", "ignorecase") is value


@pytest.mark.parametrize(
    "text",
    [
        "[include]\n\tpath = other.config\n",
        '[includeIf "gitdir:~/work/"]\n\tpath = work.config\n',
        '[core]\n\tignorecase = "true"\n',
        "[core]\n\tignorecase = maybe\n",
        "[core]\n\tignorecase = tr\\\nue\n",
    ],
)
def test_config_bool_is_unsure_where_git_alone_can_tell(text) -> None:
    with pytest.raises(UnsureSetting):
        config_bool(text, "core", "ignorecase")


@pytest.mark.parametrize(
    "local",
    [
        None,
        "[core]\n\tignorecase = true\n",
        "[core]\n\tignorecase = false\n",
        "[core]\n\tIgnoreCase\n",
        "[core]\n\tignorecase = 1\n[core]\n\tignorecase = off\n",
        "[include]\n\tpath = extra.config\n",  # git is asked: the included file says true
        '[core]\n\tignorecase = "true"\n',
    ],
)
def test_read_ignorecase_agrees_with_git(repo: GitRepo, local: str | None) -> None:
    config = repo.path / ".git" / "config"
    (repo.path / ".git" / "extra.config").write_text("[core]\n\tignorecase = true\n")
    if local is not None:
        config.write_text(config.read_text() + local)
    truth = repo.git("config", "--bool", "--get", "core.ignorecase", check=False).strip()
    assert read_ignorecase(str(repo.path), ask_git) is (truth == "true")


def test_ignorecase_is_read_from_a_linked_worktree_and_from_git_dir(
    repo: GitRepo, tmp_path, monkeypatch
) -> None:
    repo.git("config", "core.ignorecase", "true")
    repo.stage("a.txt")
    repo.commit()
    worktree = tmp_path / "wt"
    repo.git("worktree", "add", "-q", "--detach", str(worktree))
    assert Repo(str(worktree), str(worktree)).ignorecase  # `.git` is a gitdir: file
    # what git hands a hook in a linked worktree: GIT_DIR, the worktree's own git directory
    gitdir = repo.git("-C", str(worktree), "rev-parse", "--absolute-git-dir").strip()
    monkeypatch.setenv("GIT_DIR", gitdir)
    assert read_ignorecase(str(worktree), ask_git)
    repo.git("config", "core.ignorecase", "false")
    assert not read_ignorecase(str(worktree), ask_git)


def test_a_command_line_setting_is_asked_of_git(repo: GitRepo, monkeypatch) -> None:
    repo.git("config", "core.ignorecase", "false")
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'core.ignorecase'='true'")
    assert read_ignorecase(str(repo.path), ask_git)
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'user.name'='x'")  # (what `git -c` hands hooks)
    assert not read_ignorecase(str(repo.path), ask_git)


def test_a_global_setting_is_asked_of_git(repo: GitRepo) -> None:
    home_config = os.environ["GIT_CONFIG_GLOBAL"]
    with open(home_config, "a", encoding="utf-8") as fh:
        fh.write("[core]\n\tignorecase = true\n")
    assert read_ignorecase(str(repo.path), ask_git)
    repo.git("config", "core.ignorecase", "false")  # the repository's own wins
    assert not read_ignorecase(str(repo.path), ask_git)


def _git_runs(monkeypatch, tmp_path, run) -> list[str]:
    trace = tmp_path / "trace.txt"
    trace.unlink(missing_ok=True)
    monkeypatch.setenv("GIT_TRACE", str(trace))
    try:
        run()
    finally:
        monkeypatch.delenv("GIT_TRACE")
    lines = trace.read_text().splitlines() if trace.exists() else []
    return [line for line in lines if "built-in: git" in line]


@pytest.mark.parametrize("setting", [None, "true", "false"])
def test_reading_ignorecase_starts_no_git_process(
    repo: GitRepo, monkeypatch, tmp_path, setting
) -> None:
    if setting is not None:
        repo.git("config", "core.ignorecase", setting)
    found: list[bool] = []
    runs = _git_runs(monkeypatch, tmp_path, lambda: found.append(Repo.discover().ignorecase))
    assert runs == []
    assert found == [setting == "true"]


# --- listings of the configured paths ---------------------------------------------------


@pytest.mark.parametrize("ignorecase", [True, False])
def test_git_lists_the_configured_paths_in_any_case_where_the_checkout_ignores_case(
    repo: GitRepo, ignorecase: bool
) -> None:
    repo.stage("SRC/Schema/schema.ts")
    repo.stage("src/other.ts")
    repo.commit()
    git = Repo.discover()
    expected = ["SRC/Schema/schema.ts"] if ignorecase else []
    assert sorted(git.index_entries(["src/schema"], icase=ignorecase)) == expected
    assert sorted(git.tree_entries("HEAD", ["src/schema"], icase=ignorecase)) == expected
    assert sorted(git.index_entries_under(["src/schema"], icase=ignorecase)) == expected
    known = git.known_index_under(["src/schema"], icase=ignorecase)
    assert known is not None
    assert sorted(known) == expected
    # a listing made ignoring case covers the exact spelling; one made as spelled does not
    # cover the path in another case
    assert (git.known_index_under(["SRC/Schema"]) is not None) is ignorecase
    assert (git.known_index_under(["src/schema"], icase=True) is None) is not ignorecase
    repo.write("SRC/Schema/new.ts")
    expected_new = ["SRC/Schema/new.ts"] if ignorecase else []
    assert git.untracked(["src/schema"], icase=ignorecase) == expected_new


# --- the guards, with real git ----------------------------------------------------------


def _checkout(repo: GitRepo, ignorecase: bool) -> GitRepo:
    """The configuration says src/schema/ and migrations/; git holds SRC/Schema/ and
    Migrations/ (numbered SQL, no journal: known as a migration by the configured folder)."""
    repo.git("config", "core.ignorecase", "true" if ignorecase else "false")
    repo.stage(".atlas-first.toml", TOML)
    repo.stage("schema.sql", "CREATE TABLE users (id int);\n")
    repo.stage("SRC/Schema/schema.ts", "export const users = 1;\n")
    repo.stage("Migrations/0000_init.sql", "CREATE TABLE users (id int);\n")
    repo.commit("the layout")
    return repo


@pytest.mark.parametrize(("ignorecase", "code"), [(True, 1), (False, 0)])
def test_a_hand_edit_under_the_generated_folder_in_another_case_is_af101(
    repo: GitRepo, capsys, ignorecase: bool, code: int
) -> None:
    _checkout(repo, ignorecase)
    repo.stage("SRC/Schema/schema.ts", "export const users = 2;\n")
    assert main(["check"]) == code
    out = capsys.readouterr().out
    assert ("SRC/Schema/schema.ts: AF101" in out) is ignorecase
    if ignorecase:  # with its source, a regeneration: allowed in any case
        repo.stage("schema.sql", "CREATE TABLE users (id bigint);\n")
        assert main(["check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(("ignorecase", "code"), [(True, 1), (False, 0)])
def test_a_new_migration_in_the_migrations_folder_in_another_case_is_af201(
    repo: GitRepo, capsys, ignorecase: bool, code: int
) -> None:
    _checkout(repo, ignorecase)
    assert main(["baseline"]) == 0
    repo.add()
    repo.commit("baseline")
    capsys.readouterr()
    repo.stage("Migrations/0001_next.sql", "ALTER TABLE users ADD COLUMN name text;\n")
    assert main(["check"]) == code
    out = capsys.readouterr().out
    assert ("Migrations/0001_next.sql: AF201" in out) is ignorecase
    repo.git("rm", "-q", "--cached", "Migrations/0001_next.sql")
    repo.stage("Migrations/0000_init.sql", "CREATE TABLE users (id bigint);\n")
    assert main(["check"]) == code  # a frozen file changed: AF202 in any case
    assert ("Migrations/0000_init.sql: AF202" in capsys.readouterr().out) is ignorecase


@pytest.mark.parametrize(("ignorecase", "frozen"), [(True, 1), (False, 0)])
def test_baseline_counts_the_legacy_files_in_another_case(
    repo: GitRepo, capsys, ignorecase: bool, frozen: int
) -> None:
    _checkout(repo, ignorecase)
    assert main(["baseline"]) == 0
    out = capsys.readouterr().out
    assert f"{frozen} legacy migration file(s) frozen" in out
    written = json.loads((repo.path / ".atlas-first-baseline.json").read_text())["files"]
    assert list(written) == (["Migrations/0000_init.sql"] if ignorecase else [])  # git's spelling
    assert main(["baseline"]) == 0
    assert f"up to date ({frozen} legacy file(s))" in capsys.readouterr().out


def test_a_baseline_entry_in_another_case_is_the_same_file() -> None:
    def config(ignorecase: bool) -> Config:
        found = Config(validate({"migrations": ["migrations/"]}, "t"), "t", configured=["x"])
        found.ignorecase = ignorecase
        return found

    baseline = {"migrations/0000_init.sql": BLOB}
    path = "Migrations/0000_init.sql"
    same = find_new_migrations([path], {path: BLOB}, baseline, config(True))
    assert same.violations == []
    other = find_new_migrations([path], {path: "0" * 40}, baseline, config(True))
    assert [v.code for v in other.violations] == ["AF202"]
    apart = find_new_migrations([path], {path: BLOB}, baseline, config(False))
    assert [v.code for v in apart.violations] == ["AF201"]
    assert compare_baseline(baseline, {path: BLOB}, path_key(True)) == ([], [], [])
    assert compare_baseline(baseline, {path: BLOB}, path_key(False)) == (
        [path],
        [],
        ["migrations/0000_init.sql"],
    )


# --- folder guesses, init and check --all-files -----------------------------------------

CONFIG_TS = 'export default { dialect: "postgresql", out: "./migrations" };\n'


@pytest.mark.parametrize("ignorecase", [True, False])
def test_a_drizzle_out_folder_is_the_journal_folder_git_holds_in_another_case(
    ignorecase: bool,
) -> None:
    files = [
        "db/drizzle.config.ts",
        "db/Migrations/meta/_journal.json",
        "db/Migrations/0000_init.sql",
    ]
    layout = detect_layout(files, lambda _path: CONFIG_TS, ignorecase=ignorecase)
    if ignorecase:  # one folder: the journal makes it a migrations folder, nothing else
        assert layout.migrations == ["db/migrations/"]
        assert layout.generated == []
    else:  # two folders: drizzle-kit's `out`, guarded both ways, and the journal's
        assert layout.generated == ["db/migrations/"]
        assert layout.migrations == ["db/migrations/*.sql", "db/migrations/meta/", "db/Migrations/"]


@pytest.mark.parametrize("ignorecase", [True, False])
def test_init_says_when_the_configs_spelling_differs_from_gits(
    repo: GitRepo, capsys, ignorecase: bool
) -> None:
    repo.git("config", "core.ignorecase", "true" if ignorecase else "false")
    repo.stage("db/drizzle.config.ts", CONFIG_TS)
    repo.stage("db/Migrations/meta/_journal.json", '{"entries": [{"tag": "0000_init"}]}\n')
    repo.stage("db/Migrations/0000_init.sql", "CREATE TABLE users (id int);\n")
    repo.stage("db/schema.sql", "CREATE TABLE users (id int);\n")
    repo.commit("a layout")
    assert main(["init"]) == 0
    err = capsys.readouterr().err
    note = "'migrations' pattern 'db/migrations/' is spelled 'db/Migrations' in git"
    assert (note in err) is ignorecase
    assert ("core.ignorecase=true" in err) is ignorecase
    frozen = json.loads((repo.path / ".atlas-first-baseline.json").read_text())["files"]
    assert "db/Migrations/0000_init.sql" in frozen  # in both: the journal's folder is frozen


@pytest.mark.parametrize("ignorecase", [True, False])
def test_check_all_files_says_when_the_configs_spelling_differs_from_gits(
    repo: GitRepo, capsys, ignorecase: bool
) -> None:
    _checkout(repo, ignorecase)
    assert main(["baseline"]) == 0
    repo.add()
    repo.commit("baseline")
    capsys.readouterr()
    assert main(["check", "--all-files"]) == 0
    err = capsys.readouterr().err
    for key, pattern, spelled in (
        ("generated", "src/schema/", "SRC/Schema"),
        ("migrations", "migrations/", "Migrations"),
    ):
        note = f"note: '{key}' pattern '{pattern}' is spelled '{spelled}' in git"
        warning = f"warning: '{key}' pattern '{pattern}' matches no tracked file"
        assert (note in err) is ignorecase
        assert (warning in err) is not ignorecase  # case-sensitive: as before
    assert "'sources' pattern" not in err  # spelled as git does


def test_verify_finds_the_generated_files_where_the_disk_spells_them_otherwise(tmp_path) -> None:
    from hooks.setup.verify import generated_files

    (tmp_path / "SRC" / "Schema").mkdir(parents=True)
    (tmp_path / "SRC" / "Schema" / "schema.ts").write_text("export {};\n")
    config = Config(validate({"generated": ["src/schema/"]}, "t"), "t")
    assert generated_files(str(tmp_path), config) == []
    config.ignorecase = True
    assert generated_files(str(tmp_path), config) == ["SRC/Schema/schema.ts"]


def test_a_checkout_that_ignores_case_costs_no_more_git_processes(
    tmp_path, monkeypatch, capsys
) -> None:
    """The same staged commits on both kinds of checkout start the same git commands."""
    import subprocess

    from tests.conftest import GitRepo

    runs = {}
    for ignorecase in (True, False):
        path = tmp_path / f"repo-{ignorecase}"
        path.mkdir()
        subprocess.run(["git", "init", "-q", str(path)], check=True)
        (tmp_path / f"tmp-{ignorecase}").mkdir()
        monkeypatch.setenv("TMPDIR", str(tmp_path / f"tmp-{ignorecase}"))  # a memo of its own
        monkeypatch.chdir(path)
        repo = _checkout(GitRepo(path), ignorecase)
        repo.stage("README.md", "changed\n")
        commands = []
        for _ in range(2):  # the first run lists; the second has it remembered
            traced = _git_runs(monkeypatch, tmp_path, lambda: main(["check"]))
            commands.append([line.split("built-in: git", 1)[1].split()[0] for line in traced])
        repo.stage("SRC/Schema/schema.ts", "export const users = 2;\n")
        repo.stage("schema.sql", "CREATE TABLE users (id bigint);\n")  # a regeneration
        traced = _git_runs(monkeypatch, tmp_path, lambda: main(["check"]))
        commands.append(sorted(line.split("built-in: git", 1)[1].split()[0] for line in traced))
        runs[ignorecase] = commands
    capsys.readouterr()
    assert runs[True] == runs[False]
