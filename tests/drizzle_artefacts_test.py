"""Drizzle's artefacts known by what they are, wherever they stand (issue 36,
hooks/drizzle/artefacts.py): a migration of either line's layout in any folder, configured or
not; never a README, a `.gitkeep`, a dump, another tool's migration; and a file `pull` never
writes is never generated. The real-git rows run the whole `check` on a fresh repository."""

from __future__ import annotations

import json

import pytest

from hooks.cli import main as cli
from hooks.drizzle.artefacts import is_migration
from hooks.drizzle.artefacts import journal_tags
from hooks.drizzle.artefacts import migration_folder

SNAPSHOT_1_0 = '{\n  "type": "diff",\n  "version": "9",\n  "dialect": "postgres",\n  "id": "a",\n  "prevIds": ["b"]\n}'
SNAPSHOT_0_31 = '{\n  "id": "a",\n  "prevId": "b",\n  "version": "7",\n  "dialect": "postgresql"\n}'
JOURNAL = (
    '{"version": "7", "dialect": "postgresql", "entries": [{"idx": 0, "version": "7",'
    ' "when": 1, "tag": "init", "breakpoints": true}]}'
)
BREAKPOINT = 'CREATE TABLE "a" ("id" int);\n--> statement-breakpoint\nCREATE TABLE "b" ("id" int);'
CUSTOM = "-- Custom SQL migration file, put your code below! --"
PRISMA = '-- CreateTable\nCREATE TABLE "User" ("id" SERIAL NOT NULL);\n'


def judge(path: str, files: dict[str, str], *, configured: bool = False) -> bool:
    def head(p: str) -> bytes | None:
        return files[p].encode() if p in files else None

    def tags(folder: str) -> frozenset[str] | None:
        text = files.get(f"{folder}/meta/_journal.json" if folder else "meta/_journal.json")
        return None if text is None else journal_tags(text)

    return is_migration(
        path, exists=files.__contains__, head=head, journal_tags=tags, configured=configured
    )


TS = "20261206043046"
UNIT = [
    # 1.0: <timestamp>_<name>/migration.sql beside Drizzle's snapshot.json, in any folder
    ("1.0-default-folder", f"drizzle/{TS}_add_col/migration.sql",
     {f"drizzle/{TS}_add_col/migration.sql": "ALTER TABLE x ADD y int;", f"drizzle/{TS}_add_col/snapshot.json": SNAPSHOT_1_0}, False, True),
    ("1.0-snapshot", f"apps/api/db/{TS}_x/snapshot.json", {f"apps/api/db/{TS}_x/snapshot.json": SNAPSHOT_1_0}, False, True),
    ("1.0-custom-no-snapshot", f"db/{TS}_x/migration.sql", {f"db/{TS}_x/migration.sql": CUSTOM}, False, True),
    ("prisma-same-shape", f"prisma/migrations/{TS}_init/migration.sql", {f"prisma/migrations/{TS}_init/migration.sql": PRISMA}, False, False),
    ("prisma-in-configured-folder", f"db/{TS}_init/migration.sql", {f"db/{TS}_init/migration.sql": PRISMA}, True, True),
    ("other-snapshot-json", f"tests/{TS}_x/snapshot.json", {f"tests/{TS}_x/snapshot.json": '{"html": "<p>"}'}, False, False),
    # 0.31: a journal, its snapshots, and the SQL beside it
    ("0.31-journal", "anywhere/meta/_journal.json", {"anywhere/meta/_journal.json": JOURNAL}, False, True),
    ("0.31-snapshot", "x/meta/0001_snapshot.json", {"x/meta/0001_snapshot.json": SNAPSHOT_0_31}, False, True),
    ("0.31-numbered-beside-journal", "x/0001_add.sql", {"x/0001_add.sql": "ALTER TABLE t ADD c int;", "x/meta/_journal.json": JOURNAL}, False, True),
    ("0.31-unix-prefix", "x/1796531481_add.sql", {"x/1796531481_add.sql": "SELECT 1;", "x/meta/_journal.json": JOURNAL.replace('"init"', '"1796531481_add"')}, False, True),
    # a timestamp name is every tool's: beside a journal that does not list it (Supabase's
    # `db diff` in a Drizzle `out` of `supabase/migrations`), not Drizzle's
    ("supabase-diff-beside-journal", "supabase/migrations/20240604163441_add_rls.sql",
     {"supabase/migrations/20240604163441_add_rls.sql": "alter table boards enable row level security;", "supabase/migrations/meta/_journal.json": JOURNAL}, True, False),
    ("0.31-prefix-none-tag", "x/init.sql", {"x/init.sql": "SELECT 1;", "x/meta/_journal.json": JOURNAL}, False, True),
    ("dump-beside-journal", "x/dump.sql", {"x/dump.sql": "CREATE TABLE t (id int);", "x/meta/_journal.json": JOURNAL}, False, False),
    ("unreadable-journal-dump", "x/dump.sql", {"x/dump.sql": "SELECT 1;", "x/meta/_journal.json": "{"}, False, False),
    ("unreadable-journal-numbered", "x/1796531481_add.sql", {"x/1796531481_add.sql": "SELECT 1;", "x/meta/_journal.json": "{"}, False, True),
    # either line: generate's own marks, wherever the file is
    ("breakpoints-anywhere", "src/whatever.sql", {"src/whatever.sql": BREAKPOINT}, False, True),
    ("custom-anywhere", "sql/0007_x.sql", {"sql/0007_x.sql": CUSTOM}, False, True),
    # a configured migrations folder: numbered SQL counts without a journal
    ("configured-numbered", "db/migrations/0002_x.sql", {"db/migrations/0002_x.sql": "SELECT 1;"}, True, True),
    ("configured-dump", "db/migrations/dump.sql", {"db/migrations/dump.sql": "CREATE TABLE t (id int);"}, True, False),
    ("configured-readme", "db/migrations/README.md", {"db/migrations/README.md": "# frozen"}, True, False),
    ("configured-gitkeep", "db/migrations/.gitkeep", {"db/migrations/.gitkeep": ""}, True, False),
    ("configured-other-json", "db/migrations/config.json", {"db/migrations/config.json": "{}"}, True, False),
    # other tools: never ours
    ("golang-migrate-up", "db/migrations/000001_init.up.sql", {"db/migrations/000001_init.up.sql": "SELECT 1;"}, True, False),
    ("golang-migrate-down", "x/000001_init.down.sql", {"x/000001_init.down.sql": "SELECT 1;", "x/meta/_journal.json": JOURNAL}, False, False),
    ("dbmate", "db/migrations/20240101000000_init.sql", {"db/migrations/20240101000000_init.sql": "-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\n"}, True, False),
    ("goose", "db/migrations/00001_init.sql", {"db/migrations/00001_init.sql": "-- +goose Up\nCREATE TABLE t (id int);\n"}, True, False),
    ("flyway", "db/migrations/V1__init.sql", {"db/migrations/V1__init.sql": "CREATE TABLE t (id int);"}, True, False),
    ("plain-sql-elsewhere", "docs/example.sql", {"docs/example.sql": "SELECT 1;"}, False, False),
    ("export-dump", "drizzle/dump.sql", {"drizzle/dump.sql": 'CREATE TABLE "a" (\n\t"id" serial PRIMARY KEY\n);\n'}, False, False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "files", "configured", "expected"), [u[1:] for u in UNIT], ids=[u[0] for u in UNIT]
)
def test_a_migration_is_one_by_its_shape_and_content(path, files, configured, expected) -> None:
    assert judge(path, files, configured=configured) is expected


def test_a_migrations_folder_is_its_parent() -> None:
    assert migration_folder(f"db/drizzle/{TS}_x/migration.sql") == "db/drizzle/"
    assert migration_folder("db/drizzle/meta/_journal.json") == "db/drizzle/"
    assert migration_folder("db/drizzle/0001_x.sql") == "db/drizzle/"
    assert migration_folder("0001_x.sql") == "./"


# --- the whole check, real git ---------------------------------------------------------------

V1_CONFIG = "export default defineConfig({ dialect: 'postgresql', out: './src/db', schema: './src/db/schema.ts' });\n"


def _codes(out: str) -> set[tuple[str, str]]:
    found = set()
    for line in out.splitlines():
        if ": AF" in line and not line.startswith(" "):
            path, _, rest = line.partition(": ")
            found.add((path.split(":")[0], rest.split()[0]))
    return found


REPOS = [
    # (id, committed first, staged next, expected (path, code) findings)
    (
        "1.0-generate-into-default-folder-zero-config",
        {"packages/db/package.json": '{"devDependencies": {"drizzle-kit": "1.0.0-rc.5"}}\n'},
        {f"packages/db/drizzle/{TS}_x/migration.sql": "ALTER TABLE t ADD c int;", f"packages/db/drizzle/{TS}_x/snapshot.json": SNAPSHOT_1_0},
        {(f"packages/db/drizzle/{TS}_x/migration.sql", "AF201"), (f"packages/db/drizzle/{TS}_x/snapshot.json", "AF201")},
    ),
    (
        "1.0-generate-into-the-configs-out-beside-the-pull",
        {"drizzle.config.ts": V1_CONFIG, "src/db/schema.ts": "export {};\n", "schema.sql": "CREATE TABLE t (id int);\n"},
        {f"src/db/{TS}_x/migration.sql": BREAKPOINT, f"src/db/{TS}_x/snapshot.json": SNAPSHOT_1_0, "schema.sql": "CREATE TABLE t (id int);\n-- a comment\n"},
        {(f"src/db/{TS}_x/migration.sql", "AF201"), (f"src/db/{TS}_x/snapshot.json", "AF201")},
    ),
    (
        "0.31-generate-into-a-folder-the-config-does-not-name",
        {"drizzle.config.ts": V1_CONFIG, "src/db/schema.ts": "export {};\n"},
        {"tools/migrations/0000_init.sql": "CREATE TABLE t (id int);", "tools/migrations/meta/_journal.json": JOURNAL, "tools/migrations/meta/0000_snapshot.json": SNAPSHOT_0_31},
        {("tools/migrations/0000_init.sql", "AF201"), ("tools/migrations/meta/_journal.json", "AF201"), ("tools/migrations/meta/0000_snapshot.json", "AF201")},
    ),
    (
        "a-hand-written-module-beside-the-pull",
        {"drizzle.config.ts": V1_CONFIG, "src/db/schema.ts": "export {};\n", "src/db/index.ts": "export {};\n"},
        {"src/db/index.ts": "export const db = 1;\n", "src/db/queries/users.sql": "SELECT * FROM users;\n"},
        set(),
    ),
    (
        "a-hand-edit-to-the-pull-itself",
        {"drizzle.config.ts": V1_CONFIG, "src/db/schema.ts": "export {};\n"},
        {"src/db/schema.ts": "export const x = 1;\n"},
        {("src/db/schema.ts", "AF101")},
    ),
    (
        "prisma-migrations-in-a-drizzle-repository",
        {"drizzle.config.ts": V1_CONFIG, "src/db/schema.ts": "export {};\n"},
        {f"prisma/migrations/{TS}_init/migration.sql": PRISMA, "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n'},
        set(),
    ),
    (
        "dbmate-in-the-seed-default-folder-and-no-drizzle",
        {"README.md": "hi\n"},
        {"packages/database/migrations/20240101000000_init.sql": "-- migrate:up\nCREATE TABLE t (id int);\n", "packages/database/migrations/20240101000000_init.up.sql": "SELECT 1;\n"},
        set(),
    ),
    (
        "readme-and-gitkeep-in-a-legacy-folder",
        {"drizzle.config.ts": "export default { dialect: 'postgresql', out: './drizzle' };\n", "drizzle/0000_init.sql": "SELECT 1;", "drizzle/meta/_journal.json": JOURNAL},
        {"drizzle/README.md": "# frozen legacy migrations\n", "drizzle/.gitkeep": ""},
        set(),
    ),
    (
        # (found by the independent tester: a root `out: "./migrations"` read as every folder
        # named migrations)
        "other-tools-migrations-beside-a-root-drizzle-folder",
        {"drizzle.config.ts": "export default defineConfig({ dialect: 'postgresql', schema: './shared/schema.ts', out: './migrations' });\n",
         "migrations/0000_init.sql": 'CREATE TABLE "users" ("id" serial PRIMARY KEY);', "migrations/meta/_journal.json": JOURNAL,
         "migrations/meta/0000_snapshot.json": SNAPSHOT_0_31},
        {f"prisma/migrations/{TS}_init/migration.sql": PRISMA, "supabase/migrations/20240101120000_rls.sql": "alter table public.profiles enable row level security;\n",
         "server/migrations/20240101120000_create_users.sql": "CREATE TABLE users(id bigserial primary key);\n"},
        set(),
    ),
    (
        "a-new-migration-in-the-root-drizzle-folder",
        {"drizzle.config.ts": "export default defineConfig({ dialect: 'postgresql', out: './migrations' });\n",
         "migrations/0000_init.sql": "SELECT 1;", "migrations/meta/_journal.json": JOURNAL},
        {"migrations/0001_next.sql": "ALTER TABLE t ADD c int;"},
        {("migrations/0001_next.sql", "AF201")},
    ),
    (
        "an-export-dump-in-the-default-folder",
        {"drizzle.config.ts": "export default { dialect: 'postgresql', out: './drizzle' };\n", "drizzle/0000_init.sql": "SELECT 1;", "drizzle/meta/_journal.json": JOURNAL},
        {"drizzle/dump.sql": 'CREATE TABLE "a" (\n\t"id" serial PRIMARY KEY\n);\n'},
        set(),
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "staged", "expected"), [r[1:] for r in REPOS], ids=[r[0] for r in REPOS]
)
def test_drizzles_artefacts_wherever_they_are_written(repo, capsys, first, staged, expected):
    for path, text in first.items():
        repo.write(path, text)
    repo.add()
    repo.commit("before")
    for path, text in staged.items():
        repo.stage(path, text)
    code = cli(["check"])
    out = capsys.readouterr().out
    assert _codes(out) == expected, out
    assert code == (1 if expected else 0), out


def test_deleting_a_legacy_migration_or_its_whole_folder_passes(repo, capsys) -> None:
    """Migrations in the folder that also holds the pull: deleting them is allowed and never
    AF101 (pull does not write them)."""
    files = {
        "drizzle.config.ts": "export default { dialect: 'postgresql', out: './src/db' };\n",
        "src/db/schema.ts": "export {};\n",
        "src/db/relations.ts": "export {};\n",
        "src/db/0000_legacy.sql": "SELECT 1;",
        "src/db/0001_legacy.sql": "SELECT 2;",
        "src/db/meta/_journal.json": JOURNAL,
        "src/db/meta/0000_snapshot.json": SNAPSHOT_0_31,
    }
    for path, text in files.items():
        repo.write(path, text)
    repo.add()
    repo.commit("legacy")
    repo.git("rm", "-q", "src/db/0001_legacy.sql")
    assert cli(["check"]) == 0, capsys.readouterr().out
    repo.git("rm", "-q", "-r", "src/db/0000_legacy.sql", "src/db/meta")
    assert cli(["check"]) == 0, capsys.readouterr().out


def test_the_baseline_freezes_legacy_migrations_wherever_they_stand(repo, capsys) -> None:
    """A legacy 1.0 folder and a journal no configuration names are frozen by `atlas-first
    baseline` as the guard knows them; a later 1.0 migration beside them is still new."""
    legacy = {
        "drizzle.config.ts": "export default { dialect: 'postgresql', out: './src/db' };\n",
        "src/db/schema.ts": "export {};\n",
        f"old/{TS}_init/migration.sql": BREAKPOINT,
        f"old/{TS}_init/snapshot.json": SNAPSHOT_1_0,
        "older/0000_init.sql": "SELECT 1;",
        "older/meta/_journal.json": JOURNAL,
        "older/README.md": "# frozen\n",
    }
    for path, text in legacy.items():
        repo.write(path, text)
    repo.add()
    repo.commit("legacy")
    assert cli(["check", "--all-files"]) == 1
    capsys.readouterr()
    assert cli(["baseline"]) == 0
    frozen = json.loads((repo.path / ".atlas-first-baseline.json").read_text())["files"]
    assert sorted(frozen) == sorted(
        [f"old/{TS}_init/migration.sql", f"old/{TS}_init/snapshot.json", "older/0000_init.sql",
         "older/meta/_journal.json"]
    )  # fmt: skip
    repo.add()
    repo.commit("baseline")
    assert cli(["check", "--all-files"]) == 0, capsys.readouterr().out
    repo.stage("old/20270101000000_next/migration.sql", BREAKPOINT)
    repo.stage("old/20270101000000_next/snapshot.json", SNAPSHOT_1_0)
    assert cli(["check"]) == 1
    assert "old/20270101000000_next/migration.sql: AF201" in capsys.readouterr().out


def test_upgrading_to_1_0_renames_the_legacy_folder_and_the_baseline_follows(repo, capsys):
    """`drizzle-kit up` (1.0) rewrites a 0.31 folder into 1.0's layout: the same SQL under new
    names is new to the baseline until `atlas-first baseline --update` records it (the
    README's upgrade steps)."""
    repo.write("drizzle.config.ts", "export default { dialect: 'postgresql', out: './drizzle' };\n")
    repo.write("drizzle/0000_init.sql", BREAKPOINT)
    repo.write("drizzle/meta/_journal.json", JOURNAL)
    repo.write("drizzle/meta/0000_snapshot.json", SNAPSHOT_0_31)
    repo.add()
    repo.commit("legacy")
    assert cli(["baseline"]) == 0
    repo.add()
    repo.commit("baseline")
    repo.git("rm", "-q", "-r", "drizzle/0000_init.sql", "drizzle/meta")
    repo.stage(f"drizzle/{TS}_init/migration.sql", BREAKPOINT)
    repo.stage(f"drizzle/{TS}_init/snapshot.json", SNAPSHOT_1_0)
    capsys.readouterr()
    assert cli(["check"]) == 1
    assert f"drizzle/{TS}_init/migration.sql: AF201" in capsys.readouterr().out
    assert cli(["baseline", "--update"]) == 0
    repo.add()
    assert cli(["check"]) == 0, capsys.readouterr().out
