"""Several databases in one monorepo (issue 22): a database pairs its sources, its generated
folder and its migrations; a change to one database's generated files is sanctioned only by a
change to that database's sources, and each database's schema is its own desired state. The
pairing is stated in `[[database]]` tables or inferred (zero-config, `init`) from the drizzle
configs' folders and the atlas.hcl files that name the sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from hooks.cli import main as cli_main

if TYPE_CHECKING:
    from tests.conftest import GitRepo

SCHEMA_TS = "export {};  // no table: AF102 has nothing to compare\n"
CONFIG_TS = (
    "import { defineConfig } from 'drizzle-kit';\n"
    "export default defineConfig({ dialect: 'postgresql', out: './src/schema',"
    " schema: './src/schema/schema.ts' });\n"
)
ATLAS = (
    'env "production" {\n  src = "file://schema.sql"\n  url = getenv("DATABASE_URL")\n'
    "  diff {\n    skip {\n      drop_schema = true\n      drop_table = true\n    }\n  }\n}\n"
)
DATABASES = ("billing", "auth")


def _database(repo: GitRepo, name: str) -> None:
    base = f"packages/{name}"
    repo.stage(f"{base}/schema.sql", f"CREATE TABLE {name}_t (id bigint PRIMARY KEY);\n")
    repo.stage(f"{base}/atlas.hcl", ATLAS)
    repo.stage(f"{base}/drizzle.config.ts", CONFIG_TS)
    repo.stage(f"{base}/src/schema/schema.ts", SCHEMA_TS)
    repo.stage(f"{base}/src/schema/relations.ts", "export {};\n")


EXPLICIT = "".join(
    f'[[database]]\nname = "{n}"\nsources = ["packages/{n}/schema.sql"]\n'
    f'generated = ["packages/{n}/src/schema/"]\n'
    for n in DATABASES
)


@pytest.fixture(params=["zero-config", "init", "explicit"])
def two_databases(request, repo: GitRepo) -> GitRepo:
    """billing and auth, each with its own schema.sql, atlas.hcl, drizzle config and pull;
    the pairing inferred, written by `init`, or stated by hand."""
    for name in DATABASES:
        _database(repo, name)
    if request.param == "init":
        assert cli_main(["init"]) == 0
        text = (repo.path / ".atlas-first.toml").read_text()
        assert text.count("\n[[database]]\n") == 2, text
        repo.add(".atlas-first.toml")
    elif request.param == "explicit":
        repo.stage(".atlas-first.toml", EXPLICIT)
    repo.commit("two databases")
    return repo


def _check(capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli_main(["check"])
    return code, capsys.readouterr().out


def test_one_databases_source_does_not_sanction_anothers_pull(two_databases, capsys) -> None:
    repo = two_databases
    repo.stage("packages/billing/schema.sql", "-- a comment\n" + _sql(repo, "billing"))
    repo.stage("packages/auth/src/schema/schema.ts", SCHEMA_TS + "// hand edit\n")
    code, out = _check(capsys)
    assert code == 1, out
    assert "packages/auth/src/schema/schema.ts: AF101" in out
    assert "packages/auth/schema.sql (database auth)" in out
    assert "billing/src" not in out


@pytest.mark.parametrize("edit", [("billing",), ("auth",), ("billing", "auth")])
def test_each_database_regenerated_with_its_own_source_passes(two_databases, capsys, edit) -> None:
    repo = two_databases
    for name in edit:
        repo.stage(f"packages/{name}/schema.sql", _sql(repo, name) + "CREATE TABLE x (a int);\n")
        repo.stage(f"packages/{name}/src/schema/schema.ts", SCHEMA_TS + "export const x = 1;\n")
    code, out = _check(capsys)
    assert (code, out) == (0, "")


def test_a_pull_of_both_with_one_source_changed_blocks_the_other(two_databases, capsys) -> None:
    repo = two_databases
    repo.stage("packages/billing/schema.sql", _sql(repo, "billing") + "CREATE TABLE x (a int);\n")
    for name in DATABASES:
        repo.stage(f"packages/{name}/src/schema/schema.ts", SCHEMA_TS + "export const x = 1;\n")
    code, out = _check(capsys)
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines() if ": AF101 " in line] == [
        "packages/auth/src/schema/schema.ts",
    ]


def test_each_database_is_its_own_desired_state(two_databases, capsys) -> None:
    """A table that leaves billing's schema.sql for auth's is dropped from billing: one
    database's sources never stand in for another's."""
    repo = two_databases
    repo.stage("packages/billing/schema.sql", "CREATE TABLE other (id int);\n")
    repo.stage(
        "packages/auth/schema.sql",
        _sql(repo, "auth") + "CREATE TABLE billing_t (id bigint PRIMARY KEY);\n",
    )
    code, out = _check(capsys)
    assert code == 1, out
    assert "AF612 table public.billing_t is gone" in out
    assert out.count(": AF612") == 1  # auth's own table is not taken for gone from billing


def test_one_database_keeps_every_source_together(monorepo, capsys) -> None:
    """The seed's single database: a table moved between two source files is not a drop."""
    monorepo.stage(
        ".atlas-first.toml",
        'sources = ["packages/database/*.sql"]\ngenerated = ["packages/database/src/schema/"]\n'
        'migrations = ["packages/database/migrations/"]\n',
    )
    schema = (monorepo.path / "packages/database/schema.sql").read_text()
    monorepo.commit("sources as a glob")
    head, _, rest = schema.partition("CREATE TABLE")
    monorepo.stage("packages/database/schema.sql", head)
    monorepo.stage("packages/database/tables.sql", "CREATE TABLE" + rest)
    _, out = _check(capsys)
    assert "AF61" not in out, out


def _sql(repo: GitRepo, name: str) -> str:
    return (repo.path / f"packages/{name}/schema.sql").read_text()


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ('[[database]]\nsources = ["a.sql"]\n', "'generated' is required"),
        ('[[database]]\nsources = ["a.sql"]\ngenerated = ["g/"]\nurl = "x"\n', "unknown key 'url'"),
        (
            'sources = ["a.sql"]\n[[database]]\nsources = ["b.sql"]\ngenerated = ["g/"]\n',
            "'sources' is set both at the top and in [[database]]",
        ),
        (
            '[[database]]\nname = "a"\nsources = ["a.sql"]\ngenerated = ["a/"]\n'
            '[[database]]\nname = "a"\nsources = ["b.sql"]\ngenerated = ["b/"]\n',
            "two [[database]] tables are named 'a'",
        ),
        ("database = 3\n", "'database' must be an array of tables"),
        (
            '[[database]]\nname = "a"\nsources = ["a.sql"]\ngenerated = ["g/", "!"]\n'
            '[[database]]\nname = "b"\nsources = ["b.sql"]\ngenerated = ["h/"]\n',
            "'generated': invalid gitignore-style pattern",
        ),
    ],
    ids=[
        "missing-generated",
        "unknown-key",
        "flat-and-tables",
        "same-name",
        "not-tables",
        "invalid-pattern",
    ],
)
def test_a_database_table_that_cannot_be_used_is_exit_2(repo, capsys, config, words) -> None:
    repo.stage(".atlas-first.toml", config)
    assert cli_main(["check"]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err


def test_layout_pairs_sources_by_folder_and_shares_what_no_database_holds() -> None:
    from hooks.project.layout import detect_layout

    texts = {
        "packages/billing/drizzle.config.ts": CONFIG_TS,
        "packages/auth/drizzle.config.ts": CONFIG_TS,
        "packages/billing/schema.sql": "",
        "packages/auth/db/atlas.hcl": 'env "p" {\n  src = "file://../sql/schema.sql"\n}\n',
        "packages/auth/sql/schema.sql": "",
        "shared/schema.sql": "",
    }
    layout = detect_layout(sorted(texts), texts.get)
    paired = {name: db.sources for name, db in layout.databases}
    assert paired == {
        "auth": ["packages/auth/sql/schema.sql", "shared/schema.sql"],
        "billing": ["packages/billing/schema.sql", "shared/schema.sql"],
    }


def test_a_database_with_no_source_of_its_own_is_no_pairing() -> None:
    """Two drizzle configs but one schema.sql for both: nothing can be paired for certain,
    so every source sanctions every generated folder (as with one database)."""
    from hooks.project.layout import detect_layout

    texts = {
        "apps/a/drizzle.config.ts": CONFIG_TS,
        "apps/b/drizzle.config.ts": CONFIG_TS,
        "apps/a/schema.sql": "",
    }
    assert detect_layout(sorted(texts), texts.get).databases == []


def _installed(repo: GitRepo, hook_repo, runner_homes, runner_name: str, message: str):
    """Every hook of this repository configured, committed, and installed by the runner."""
    from tests.e2e_test import HOOK_IDS
    from tests.e2e_test import Runner

    hooks = "".join(f"      - id: {h}\n" for h in HOOK_IDS)
    repo.stage(
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {hook_repo[0]}\n    rev: {hook_repo[1]}\n    hooks:\n{hooks}",
    )
    repo.commit(message)
    run = Runner(runner_name, runner_homes[runner_name], repo)
    assert run("install").returncode == 0
    return run


@pytest.mark.e2e
@pytest.mark.parametrize("runner_name", ["pre-commit", "prek"])
def test_two_databases_under_the_real_runners(
    repo, hook_repo, runner_homes, runner_name, capsys
) -> None:
    for name in DATABASES:
        _database(repo, name)
    run = _installed(repo, hook_repo, runner_homes, runner_name, "two databases, every hook")
    repo.stage("packages/billing/schema.sql", "-- a comment\n" + _sql(repo, "billing"))
    repo.stage("packages/auth/src/schema/schema.ts", SCHEMA_TS + "// hand edit\n")
    proc = run.commit("-m", "hand edit to auth")
    assert proc.returncode != 0, proc.stdout
    assert "packages/auth/src/schema/schema.ts: AF101" in proc.stdout
    repo.git("reset", "-q", "--", "packages/auth")
    repo.git("checkout", "-q", "--", "packages/auth")
    repo.stage("packages/billing/src/schema/schema.ts", SCHEMA_TS + "export const y = 1;\n")
    proc = run.commit("-m", "billing regenerated")
    assert proc.returncode == 0, proc.stdout


def test_the_pairing_is_shown_by_a_whole_tree_check(two_databases, capsys) -> None:
    capsys.readouterr()
    assert cli_main(["check", "--all-files"]) == 0
    err = capsys.readouterr().err
    for name in DATABASES:
        expected = f"generated = packages/{name}/src/schema/; sources = packages/{name}/schema.sql"
        assert f"setting: database {name}: {expected}" in err, err


def test_an_atlas_config_must_apply_its_own_databases_source(two_databases, capsys) -> None:
    """AF703 per database: billing's atlas.hcl applying auth's schema.sql names no source of
    billing's (with one database, any source would do)."""
    repo = two_databases
    repo.stage(
        "packages/billing/atlas.hcl",
        ATLAS.replace("file://schema.sql", "file://../auth/schema.sql"),
    )
    code, out = _check(capsys)
    assert code == 1, out
    assert "packages/billing/atlas.hcl" in out
    assert "AF703" in out
    assert "names no schema source (packages/billing/schema.sql)" in out
    repo.stage("packages/billing/atlas.hcl", ATLAS)
    assert _check(capsys) == (0, "")


def _pull(name: str, *columns: str) -> str:
    lines = "\n".join(('\tid: bigint({ mode: "number" }).primaryKey().notNull(),', *columns))
    return f'export const {name}T = pgTable("{name}_t", {{\n{lines}\n}});\n'


def test_each_database_pull_is_compared_with_its_own_source(repo, capsys) -> None:
    """AF102 per database: billing's source change committed with billing's old pull is
    reported on billing alone; auth, untouched and in sync, is not compared at all."""
    for name in DATABASES:
        _database(repo, name)
        repo.stage(f"packages/{name}/src/schema/schema.ts", _pull(name))
    repo.commit("two databases, pulled")
    assert _check(capsys) == (0, "")
    repo.stage(
        "packages/billing/schema.sql",
        _sql(repo, "billing").replace("PRIMARY KEY", "PRIMARY KEY, total int"),
    )
    code, out = _check(capsys)
    assert code == 1, out
    assert (
        "packages/billing/schema.sql:1:48: AF102 column public.billing_t.total is in the source"
        " but not in the generated schema (database billing)" in out
    )
    assert out.count(": AF102") == 1
    repo.stage("packages/billing/src/schema/schema.ts", _pull("billing", "\ttotal: integer(),"))
    assert _check(capsys) == (0, "")  # the sync: source and pull together


FILTERS = [
    # (drizzle config's filters, what the source adds beside the pulled table, AF102 expected)
    ("", "CREATE TABLE extra (id int);", True),
    ("", "CREATE SCHEMA audit;\nCREATE TABLE audit.log (id int);", False),  # default: public
    ("schemaFilter: ['public', 'audit'],", "CREATE SCHEMA audit;\nCREATE TABLE audit.log (id int);", True),
    ("schemaFilter: 'audit',", "CREATE TABLE extra (id int);", False),
    ("tablesFilter: ['!tmp_*'],", "CREATE TABLE tmp_x (id int);", False),
    ("tablesFilter: ['!tmp_*'],", "CREATE TABLE extra (id int);", True),
    ("tablesFilter: ['app_*'],", "CREATE TABLE extra (id int);", False),
    ("schemaFilter: process.env.SCHEMAS,", "CREATE TABLE extra (id int);", False),  # computed
    ("schemaFilter: ['public'],", "CREATE TYPE mood AS ENUM ('a');", True),
    ("schemaFilter: ['other'],", "CREATE TYPE mood AS ENUM ('a');", False),
]  # fmt: skip


@pytest.mark.parametrize(("filters", "added", "drift"), FILTERS)
def test_what_the_drizzle_config_lets_pull_write_is_all_that_is_expected(
    repo, capsys, filters, added, drift
) -> None:
    """`schemaFilter` and `tablesFilter` of the database's drizzle config: a source table,
    enum or view that pull is told to leave out is not missing from the pull (a computed
    filter: nothing is called missing)."""
    _database(repo, "billing")
    config = CONFIG_TS.replace("schema: ", f"{filters} schema: ")
    repo.stage("packages/billing/drizzle.config.ts", config)
    repo.stage("packages/billing/src/schema/schema.ts", _pull("billing"))
    repo.commit("pulled")
    assert _check(capsys) == (0, "")
    repo.stage("packages/billing/schema.sql", _sql(repo, "billing") + added + "\n")
    code, out = _check(capsys)
    assert (code, out.count(": AF102")) == ((1, 1) if drift else (0, 0)), out


@pytest.mark.e2e
@pytest.mark.parametrize("count", [1, 2], ids=["one-database", "two-databases"])
@pytest.mark.parametrize("runner_name", ["pre-commit", "prek"])
def test_a_hand_edit_beside_a_cosmetic_source_change_is_blocked_under_the_real_runners(
    repo, hook_repo, runner_homes, runner_name, count
) -> None:
    """Hole two of issue 22, under pre-commit and prek: a hand edit to the pull committed
    with a comment in its own schema.sql passes AF101 and is AF102; so is a source change
    committed with the old pull; the sanctioned sync (both sides) commits."""
    names = DATABASES[:count]
    for name in names:
        _database(repo, name)
        repo.stage(
            f"packages/{name}/src/schema/schema.ts", _pull(name, "\tnote: text().notNull(),")
        )
        repo.stage(
            f"packages/{name}/schema.sql",
            _sql(repo, name).replace("PRIMARY KEY", "PRIMARY KEY, note text NOT NULL"),
        )
    run = _installed(repo, hook_repo, runner_homes, runner_name, "pulled, every hook")
    name = names[-1]
    sql, ts = f"packages/{name}/schema.sql", f"packages/{name}/src/schema/schema.ts"
    source = _sql(repo, name)
    repo.stage(sql, "-- a comment\n" + source)
    repo.stage(ts, _pull(name, "\tnote: text(),"))  # .notNull() dropped by hand
    proc = run.commit("-m", "hand edit beside a comment")
    assert proc.returncode != 0, proc.stdout
    assert f"{ts}:3:1: AF102 column public.{name}_t.note is NOT NULL in the source" in proc.stdout
    assert "AF101" not in proc.stdout
    repo.stage(ts, _pull(name, "\tnote: text().notNull(),"))
    repo.stage(sql, source.replace("note text NOT NULL", "note text NOT NULL, total int"))
    proc = run.commit("-m", "source changed, old pull kept")
    assert proc.returncode != 0, proc.stdout
    assert f"{sql}:1:" in proc.stdout
    assert "total is in the source but not in the generated" in proc.stdout
    repo.stage(ts, _pull(name, "\tnote: text().notNull(),", "\ttotal: integer(),"))
    proc = run.commit("-m", "the sync: both sides")
    assert proc.returncode == 0, proc.stdout
