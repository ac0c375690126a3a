"""With no configuration, the hooks guard the Drizzle folders the repository really has.

The scenario of issue 15: a repository laid out like the seed's public repository (drizzle
config `out: './drizzle'`, legacy migrations and pulled types in that folder, the Drizzle
schema under `src/schema/`) adds the hooks without running `atlas-first init`, then stages
what `drizzle-kit generate` writes. Before, that commit passed in silence.
"""

from __future__ import annotations

import json

import pytest

from hooks.cli import main as cli_main
from hooks.forbid_drizzle_kit_scripts import main as scripts_main
from hooks.forbid_generated_schema_edits import main as generated_main
from hooks.forbid_new_migrations import main as migrations_main
from tests.conftest import package_root_layout

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tests.conftest import GitRepo

DB = "packages/database"
CONFIG_TS = (
    "import type { Config } from 'drizzle-kit';\n\n"
    "export default {\n"
    "  schema: './src/schema/index.ts',\n"
    "  out: './drizzle',\n"
    "  dialect: 'postgresql',\n"
    "  dbCredentials: { url: process.env.DATABASE_URL! },\n"
    "} satisfies Config;\n"
)
JOURNAL = json.dumps(
    {"version": "7", "dialect": "postgresql", "entries": [{"idx": 0, "tag": "0000_init"}]}
)
NEW_MIGRATION = f"{DB}/drizzle/0002_brave_new.sql"


# What pull writes for the schema.sql below (AF102 compares the two).
PULLED = 'export const users = pgTable("users", {\n\tid: serial().primaryKey().notNull(),\n});\n'


def livermore(repo: GitRepo) -> GitRepo:
    files = {
        f"{DB}/drizzle.config.ts": CONFIG_TS,
        f"{DB}/atlas.hcl": 'env "local" {\n  src = "file://schema.sql"\n  url = getenv("URL")\n}\n',
        f"{DB}/schema.sql": "CREATE TABLE users (id serial PRIMARY KEY);\n",
        f"{DB}/drizzle/0000_init.sql": "CREATE TABLE users (id serial PRIMARY KEY);\n",
        f"{DB}/drizzle/0001_more.sql": "ALTER TABLE users ADD COLUMN name text;\n",
        f"{DB}/drizzle/meta/_journal.json": JOURNAL,
        f"{DB}/drizzle/meta/0000_snapshot.json": "{}\n",
        f"{DB}/drizzle/schema.ts": PULLED,
        f"{DB}/drizzle/relations.ts": "export {};\n",
        f"{DB}/src/schema/index.ts": "export * from './users';\n",
        f"{DB}/src/schema/users.ts": "export const users = 1;\n",
        f"{DB}/src/client.ts": "export const db = 1;\n",
        f"{DB}/package.json": '{"name": "@x/database", "scripts": {"db:pull": "drizzle-kit pull"}}\n',
    }
    for path, text in files.items():
        repo.write(path, text)
    repo.add()
    repo.commit("the Livermore layout, no atlas-first config")
    return repo


@pytest.fixture
def layout(repo) -> GitRepo:
    return livermore(repo)


def test_new_migration_in_the_configured_out_folder_is_blocked(layout, capsys) -> None:
    layout.stage(NEW_MIGRATION, "ALTER TABLE users ADD COLUMN email text;\n")
    layout.stage(f"{DB}/drizzle/meta/_journal.json", JOURNAL.replace("0000", "0002"))
    assert migrations_main([NEW_MIGRATION, f"{DB}/drizzle/meta/_journal.json"]) == 1
    out = capsys.readouterr().out
    assert f"{NEW_MIGRATION}: AF201 new Drizzle migration file" in out
    assert f"{DB}/drizzle/meta/_journal.json: AF201" in out
    assert cli_main(["check"]) == 1
    assert f"{NEW_MIGRATION}: AF201" in capsys.readouterr().out


def test_new_migration_is_blocked_even_with_a_schema_sql_change(layout, capsys) -> None:
    layout.stage(f"{DB}/schema.sql", "CREATE TABLE users (id serial PRIMARY KEY, email text);\n")
    layout.stage(NEW_MIGRATION, "ALTER TABLE users ADD COLUMN email text;\n")
    assert cli_main(["check"]) == 1
    assert f"{NEW_MIGRATION}: AF201" in capsys.readouterr().out


def test_hand_edit_to_pulled_types_is_blocked(layout, capsys) -> None:
    layout.stage(f"{DB}/drizzle/schema.ts", "// hand edit\n")
    assert generated_main([]) == 1
    assert f"{DB}/drizzle/schema.ts: AF101" in capsys.readouterr().out


def test_hand_edit_to_what_pull_wrote_is_blocked(layout, capsys) -> None:
    layout.stage(f"{DB}/drizzle/relations.ts", "export const users = 2;\n")
    assert cli_main(["check"]) == 1
    assert f"{DB}/drizzle/relations.ts: AF101" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["users.ts", "index.ts", "schema.ts", "relations.ts"])
def test_the_configs_schema_folder_is_not_generated(layout, capsys, name) -> None:
    """Issue 36: pull writes into `out` only; the config's `schema` (what generate and push
    read) holds files of one's own, whatever their names (a barrel named schema.ts, a
    hand-written defineRelations in relations.ts)."""
    layout.stage(f"{DB}/src/schema/{name}", "export const users = 2;\n")
    assert cli_main(["check"]) == 0, capsys.readouterr().out


def test_sanctioned_regeneration_passes(layout, capsys) -> None:
    layout.stage(f"{DB}/schema.sql", "CREATE TABLE users (id serial PRIMARY KEY, email text);\n")
    layout.stage(f"{DB}/drizzle/schema.ts", PULLED.replace("\n}", "\n\temail: text(),\n}"))
    assert cli_main(["check"]) == 0, capsys.readouterr().out


def test_unrelated_code_passes(layout, capsys) -> None:
    layout.stage(f"{DB}/src/client.ts", "export const db = 2;\n")
    assert cli_main(["check"]) == 0, capsys.readouterr().out


def test_baseline_freezes_the_inferred_legacy_migrations(layout, capsys) -> None:
    assert cli_main(["baseline"]) == 0
    frozen = json.loads((layout.path / ".atlas-first-baseline.json").read_text())
    assert set(frozen["files"]) == {
        f"{DB}/drizzle/0000_init.sql",
        f"{DB}/drizzle/0001_more.sql",
        f"{DB}/drizzle/meta/_journal.json",
        f"{DB}/drizzle/meta/0000_snapshot.json",
    }
    layout.add()
    layout.commit("baseline")
    assert cli_main(["check", "--all-files"]) == 0
    layout.stage(NEW_MIGRATION, "select 1;\n")
    assert cli_main(["check"]) == 1


def test_all_files_says_where_each_setting_came_from(layout, capsys) -> None:
    assert cli_main(["check", "--all-files"]) == 1  # no baseline yet: legacy files flagged
    captured = capsys.readouterr()
    assert (
        f"setting: generated = {DB}/drizzle/  (inferred from {DB}/drizzle.config.ts)"
        in captured.err
    )
    assert f"setting: sources = {DB}/schema.sql  (inferred from {DB}/atlas.hcl" in captured.err
    assert (
        f"setting: migrations = {DB}/drizzle/*.sql, {DB}/drizzle/meta/"
        f"  (inferred from {DB}/drizzle.config.ts)" in captured.err
    )
    assert "run `atlas-first init` to write these down" in captured.err
    assert "no baseline file" in captured.out


def test_computed_out_fails_closed_naming_the_file(repo, capsys) -> None:
    repo.stage(
        "db/drizzle.config.ts",
        "export default defineConfig({ dialect: 'postgresql',"
        " out: path.join(__dirname, 'migrations') });\n",
    )
    repo.commit()
    repo.stage("db/migrations/0000_x.sql", "select 1;\n")
    assert migrations_main(["db/migrations/0000_x.sql"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(
        "forbid-new-migrations: error: db/drizzle.config.ts: cannot tell where drizzle-kit"
        " writes: its `out` is computed"
    )
    assert "Run `atlas-first init`" in err[0]
    assert cli_main(["check"]) == 2
    # A guard that needs no folders still does its whole job.
    repo.stage("db/package.json", '{"scripts": {"db:push": "drizzle-kit push"}}\n')
    assert scripts_main(["db/package.json"]) == 1
    assert "AF301" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("staged", "code"),
    [
        ({"README.md": "# docs\n"}, 0),
        ({"docs/setup.md": "x\n", "apps/web/logo.svg": "<svg/>\n"}, 0),
        ({"apps/web/page.tsx": "export {};\n"}, 0),  # code, but not in the config's package
        ({"db/seed.sql": "select 1;\n"}, 2),  # SQL in the config's package
        ({"db/src/index.ts": "export {};\n"}, 2),
        ({"elsewhere/schema.ts": "export {};\n"}, 2),  # a file named as pull names them
        ({"db/meta/_journal.json": "{}\n"}, 2),
    ],
    ids=["readme", "docs-and-images", "code-elsewhere", "sql", "code", "pull-name", "json"],
)
def test_computed_out_stops_only_a_change_that_could_hold_what_it_writes(
    repo, capsys, staged, code
) -> None:
    """Issue 36: fail closed only over what could be an artefact. A README edit in a
    repository whose drizzle config computes `out` passes, with a note saying why."""
    repo.stage(
        "db/drizzle.config.ts",
        "export default defineConfig({ dialect: 'postgresql',"
        " out: path.join(__dirname, 'migrations') });\n",
    )
    repo.commit()
    for path, text in staged.items():
        repo.stage(path, text)
    assert cli_main(["check"]) == code
    captured = capsys.readouterr()
    if code == 0:
        assert "db/drizzle.config.ts: cannot tell where drizzle-kit writes" in captured.out
        assert "nothing in this change could be what it writes" in captured.out
    assert generated_main([]) == code  # the generated-schema hook alone: the same verdict
    assert cli_main(["check", "--all-files"]) == 2  # the whole tree holds the config's files


def test_explicit_config_wins_and_nothing_is_inferred(repo, capsys) -> None:
    repo.stage(
        "db/drizzle.config.ts",
        "export default defineConfig({ dialect: 'postgresql', out: computeIt() });\n",
    )
    repo.stage(".atlas-first.toml", 'migrations = ["db/legacy/"]\n')
    repo.commit()
    repo.stage("db/drizzle/0000_x.sql", "select 1;\n")
    assert cli_main(["check"]) == 0
    repo.stage("db/legacy/0000_x.sql", "select 1;\n")
    assert cli_main(["check"]) == 1
    assert cli_main(["check", "--all-files"]) == 1
    err = capsys.readouterr().err
    assert "setting: migrations = db/legacy/  (configured in .atlas-first.toml)" in err
    assert "setting: generated = packages/database/src/schema/  (default)" in err


def test_default_out_folder(repo, capsys) -> None:
    repo.stage("apps/api/drizzle.config.ts", "export default { dialect: 'postgresql' };\n")
    repo.commit()
    repo.stage("apps/api/drizzle/0000_init.sql", "CREATE TABLE t (id int);\n")
    repo.stage("apps/api/drizzle/meta/_journal.json", JOURNAL)
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert "apps/api/drizzle/0000_init.sql: AF201" in out
    assert "apps/api/drizzle/meta/_journal.json: AF201" in out


def test_json_config_and_two_configs_in_a_monorepo(repo, capsys) -> None:
    repo.stage("apps/api/drizzle.config.json", '{"dialect": "postgresql", "out": "./migrations"}')
    repo.stage("apps/api/migrations/0000_a.sql", "select 1;\n")
    repo.stage("apps/api/migrations/meta/_journal.json", JOURNAL)
    repo.stage(
        "apps/worker/drizzle.config.ts",
        "export default defineConfig({ dialect: 'postgresql', out: './src/db' });\n",
    )
    repo.stage("apps/worker/src/db/schema.ts", "export {};\n")
    repo.stage("apps/worker/src/db/relations.ts", "export {};\n")
    repo.commit()
    assert cli_main(["baseline"]) == 0
    repo.add()
    repo.commit("baseline")
    repo.stage("apps/api/migrations/0001_b.sql", "select 2;\n")
    repo.stage("apps/worker/src/db/schema.ts", "// edit\n")
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert "apps/api/migrations/0001_b.sql: AF201" in out
    assert "apps/worker/src/db/schema.ts: AF101" in out


def test_seed_layout_is_unchanged(monorepo, capsys) -> None:
    (monorepo.path / ".atlas-first.toml").unlink(missing_ok=True)
    monorepo.stage(
        "packages/database/drizzle.config.ts",
        'export default { dialect: "postgresql", out: "./src/schema" };\n',
    )
    monorepo.commit()
    assert cli_main(["check", "--all-files"]) == 0
    err = capsys.readouterr().err
    assert (
        "setting: generated = packages/database/src/schema/"
        "  (inferred from packages/database/drizzle.config.ts)" in err
    )
    assert "setting: migrations = packages/database/migrations/" in err
    monorepo.stage("packages/database/migrations/0001_x.sql", "select 1;\n")
    assert cli_main(["check"]) == 1


def test_no_drizzle_evidence_keeps_the_seed_defaults(repo, capsys) -> None:
    repo.stage("README.md", "hi\n")
    repo.commit()
    assert cli_main(["check", "--all-files"]) == 0
    err = capsys.readouterr().err
    assert "setting: generated = packages/database/src/schema/  (seed default)" in err
    # Another tool's numbered SQL in the seed's default folder, no Drizzle anywhere: not ours.
    repo.stage("packages/database/migrations/0000_x.sql", "select 1;\n")
    assert cli_main(["check"]) == 0
    # The same file as drizzle-kit generate writes it (its statement breakpoints): blocked.
    repo.stage("packages/database/migrations/0000_x.sql", "select 1;--> statement-breakpoint\n")
    assert cli_main(["check"]) == 1


def test_init_writes_what_the_hooks_infer(layout, capsys) -> None:
    assert cli_main(["check", "--all-files"]) == 1
    inferred = capsys.readouterr().err
    assert cli_main(["init"]) == 0
    text = (layout.path / ".atlas-first.toml").read_text()
    assert f"# found in {DB}/drizzle.config.ts" in text
    capsys.readouterr()
    assert cli_main(["check", "--all-files"]) == 0  # init froze the legacy files too
    configured = capsys.readouterr().err
    for key in ("generated", "sources", "migrations"):
        line = next(ln for ln in inferred.splitlines() if f"setting: {key} = " in ln)
        patterns = line.split(" = ", 1)[1].split("  (")[0]
        assert f"setting: {key} = {patterns}  (configured in .atlas-first.toml)" in configured


def test_init_flags_an_unreadable_config_for_a_person(repo, capsys) -> None:
    repo.stage("drizzle.config.ts", "export default defineConfig({ ...shared });\n")
    repo.commit()
    assert cli_main(["init"]) == 0
    captured = capsys.readouterr()
    assert "warning: drizzle.config.ts: cannot tell where drizzle-kit writes" in captured.err
    assert "# CHECK BY HAND: drizzle.config.ts" in (repo.path / ".atlas-first.toml").read_text()


def test_a_config_run_from_its_package_root_guards_the_real_folders(repo, capsys) -> None:
    """`drizzle-kit … --config ./server/db/drizzle.config.ts` from the package root resolves
    `schema` and `out` there: zero-config guards server/db/migrations (where pull writes),
    not a folder that does not exist (issue 24); `schema` is no generated folder (issue 36)."""
    package_root_layout(repo, source=True)
    repo.stage("server/db/schema/schema.ts", "export const users = 2;\n")
    assert cli_main(["check"]) == 0, capsys.readouterr().out
    repo.stage("server/db/migrations/schema.ts", "export const users = 2;\n")
    assert cli_main(["check"]) == 1
    assert "server/db/migrations/schema.ts: AF101" in capsys.readouterr().out
    repo.stage("server/db/migrations/0001_x.sql", "SELECT 1;\n")
    assert migrations_main(["server/db/migrations/0001_x.sql"]) == 1
    assert "server/db/migrations/0001_x.sql: AF201" in capsys.readouterr().out


def test_with_no_schema_source_a_finding_names_no_missing_file(repo, capsys) -> None:
    """openstatus's history (issue 24): a drizzle config, its schema folder, no schema.sql.
    An edit to what pull wrote is blocked, and neither the message nor the hint names the
    seed's schema.sql."""
    repo.write(
        "packages/db/drizzle.config.ts",
        "export default { schema: './src/schema', out: './drizzle' };\n",
    )
    repo.write("packages/db/drizzle/schema.ts", "export const users = 1;\n")
    repo.add()
    repo.commit("a Drizzle-first database package")
    repo.stage("packages/db/drizzle/schema.ts", "export const users = 2;\n")
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert (
        "packages/db/drizzle/schema.ts: AF101 generated file modified without a change to"
        " the schema source (none is set or found): drizzle-kit pull overwrites hand edits"
    ) in out
    assert "packages/database/schema.sql" not in out


@pytest.mark.parametrize("argv", [["check"], ["check", "--all-files"]], ids=["staged", "all-files"])
def test_a_run_from_a_subdirectory_reads_the_whole_repository(layout, capsys, monkeypatch, argv):
    """Plain pathspecs are relative to where git starts: from `packages/`, the layout's
    evidence and the tracked-file list once saw nothing of the tree above (no schema source,
    no migrations folder: a new migration passed)."""
    layout.stage(NEW_MIGRATION, "ALTER TABLE users ADD COLUMN email text;\n")
    layout.stage(f"{DB}/drizzle/schema.ts", "// hand edit\n")
    assert cli_main(argv) == 1
    from_top = capsys.readouterr()
    monkeypatch.chdir(layout.path / DB / "src")
    assert cli_main(argv) == 1
    from_below = capsys.readouterr()
    assert from_below.out == from_top.out
    assert from_below.err == from_top.err
    assert "AF201" in from_below.out
    assert "AF101" in from_below.out
    assert "matches no tracked file" not in from_below.err
