"""drizzle-kit by version (issue 36): the table of its lines (hooks/drizzle/versions.py), the
commands and flags each writes with, the entry points and migrator modules of 0.31 and 1.0,
and which line a package.json range allows. tests/real_tools_test.py checks the rows against
the installed packages themselves."""

from __future__ import annotations

import json

import pytest

from hooks.commands.analyzer import analyze
from hooks.drizzle.versions import LINES
from hooks.drizzle.versions import WRITES
from hooks.drizzle.versions import is_dry_run
from hooks.drizzle.versions import lines_allowed
from hooks.drizzle.versions import writing_flag
from hooks.forbid_drizzle_migrator import is_kit_api
from hooks.forbid_drizzle_migrator import is_migrator

RUN, NOT = True, False

# Commands as teams write them for 1.0 and for 0.31; run: writes to a database or writes
# migrations under some line.
COMMANDS = [
    # 1.0's new ways to write
    ("drizzle-kit pull --init", RUN),
    ("npx drizzle-kit pull --init --config drizzle.config.ts", RUN),
    ("pnpm drizzle-kit introspect --init", RUN),
    ("drizzle-kit pull --config=x.ts --init=true", RUN),
    ("drizzle-kit mcp", RUN),
    ("bunx drizzle-kit mcp", RUN),
    ("dotenv -e .env -- drizzle-kit mcp", RUN),
    ("drizzle-kit generate --fix-conflicts", RUN),
    ("drizzle-kit push --hints-file hints.json --force", RUN),
    ("drizzle-kit push --explain=false", RUN),
    ("drizzle-kit push --explain false", RUN),
    # 1.0's dry runs: they write nothing (0.31 refuses the option before it connects)
    ("drizzle-kit push --explain", NOT),
    ("npx drizzle-kit push --explain --config drizzle.config.ts", NOT),
    ("drizzle-kit generate --explain --output json", NOT),
    ("drizzle-kit push --explain=true", NOT),
    ("drizzle-kit push --config x.ts --explain", NOT),
    # reading commands of either line
    ("drizzle-kit pull", NOT),
    ("drizzle-kit pull --init=false", NOT),
    ("drizzle-kit check", NOT),
    ("drizzle-kit export --sql", NOT),
    ("drizzle-kit skills version", NOT),
    ("drizzle-kit studio --port 4983", NOT),
    ("drizzle-kit mcp --help", NOT),
    # `--explain` on a command it does not make dry
    ("drizzle-kit migrate --explain", RUN),
    ("drizzle-kit up --explain", RUN),
]


@pytest.mark.parametrize(("command", "runs"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_each_lines_writing_commands_and_flags(command: str, runs: bool) -> None:
    assert bool(analyze(command).runs) is runs


def test_pull_init_is_reported_with_its_flag() -> None:
    (run,) = analyze("npx drizzle-kit pull --init").runs
    assert run.subcommand == "pull --init"


def test_the_default_ban_is_every_lines_writing_commands() -> None:
    from hooks.project.config import Config
    from hooks.project.config import validate

    config = Config(validate({}, "t"), "t")
    assert set(config.banned_subcommands) == WRITES
    assert {"push", "generate", "migrate", "up", "drop", "mcp"} == WRITES
    assert "pull" not in WRITES


def test_flags_are_read_as_drizzle_kit_reads_them() -> None:
    assert writing_flag("pull", ["--init"]) == "--init"
    assert writing_flag("pull", ["--out", "x"]) is None
    assert writing_flag("push", ["--init"]) is None
    assert is_dry_run("push", ["--explain"])
    assert not is_dry_run("push", ["--explain=0"])
    assert not is_dry_run("migrate", ["--explain"])


def test_every_line_has_its_layout_and_pull_default() -> None:
    by_name = {line.name: line for line in LINES}
    assert by_name["0.31"].layout == "journal"
    assert by_name["1.0"].layout == "folders"
    assert by_name["0.31"].default_schema_filter == ("public",)
    assert by_name["1.0"].default_schema_filter is None
    assert "drop" in by_name["0.31"].writes
    assert "drop" not in by_name["1.0"].commands


RANGES = [
    ("^0.31.4", ["0.31"], False),
    ("0.31.11", ["0.31"], False),
    ("~0.31.0", ["0.31"], False),
    ("1.0.0-rc.5", ["1.0"], False),
    ("^1.0.0-rc.1", ["1.0"], False),
    ("1.0.0-rc.5-ab785fc", ["1.0"], False),
    ("npm:drizzle-kit@^1.0.0-beta.2", ["1.0"], False),
    ("^0.31 || ^1", ["0.31", "1.0"], False),
    ("^0.31.0 || 1.0.0-rc.5", ["0.31", "1.0"], False),
    (">=0.31", ["0.31", "1.0"], False),
    (">= 0.31.0", ["0.31", "1.0"], False),
    (">=0.31 <1.0.0", ["0.31"], False),
    ("<1", ["0.31"], False),
    ("0.31 - 1.0", ["0.31", "1.0"], False),
    ("0.30.x", ["0.31"], True),  # older: 0.31's layout, with a note
    ("~0.20.14", ["0.31"], True),
    ("workspace:*", ["0.31", "1.0"], True),
    ("catalog:", ["0.31", "1.0"], True),
    ("latest", ["0.31", "1.0"], True),
    ("beta", ["0.31", "1.0"], True),
    ("0.x", ["0.31", "1.0"], True),
    ("2.0.0", ["0.31", "1.0"], True),
    ("file:../kit", ["0.31", "1.0"], True),
    ("github:drizzle-team/drizzle-orm", ["0.31", "1.0"], True),
]


@pytest.mark.parametrize(("spec", "lines", "noted"), RANGES, ids=[r[0] for r in RANGES])
def test_which_lines_a_range_allows(spec: str, lines: list[str], noted: bool) -> None:
    found, note = lines_allowed(spec)
    assert [line.name for line in found] == lines
    assert (note is not None) is noted


SPECIFIERS = [
    # 1.0's migrators: deeper and prefixed module paths
    ("drizzle-orm/pg-core/async/dsql/migrator", "migrator"),
    ("drizzle-orm/tursodatabase/wasm-migrator", "migrator"),
    ("drizzle-orm/tursodatabase-sync/migrator", "migrator"),
    ("drizzle-orm/bun-sql/postgres/migrator", "migrator"),
    ("drizzle-orm/expo-sqlite/async/migrator", "migrator"),
    ("drizzle-orm/effect-postgres/migrator", "migrator"),
    ("drizzle-orm/node-postgres/dsql/migrator.js", "migrator"),
    ("drizzle-orm/migrator.utils", "migrator"),
    # 1.0's drizzle-kit as a library
    ("drizzle-kit/cli", "api"),
    ("drizzle-kit/payload/postgres", "api"),
    ("drizzle-kit/payload/mssql.mjs", "api"),
    ("drizzle-kit/api-postgres", "api"),
    ("drizzle-kit/api", "api"),
    # neither
    ("drizzle-kit", None),
    ("drizzle-kit/client", None),
    ("drizzle-orm/pg-core", None),
    ("drizzle-orm/migrator-helpers-of-mine/x", None),
    ("drizzle-orm/node-postgres", None),
    ("my-drizzle-orm/pg-core/async/dsql/migrator", None),
]


@pytest.mark.parametrize(("specifier", "kind"), SPECIFIERS, ids=[s for s, _ in SPECIFIERS])
def test_entry_points_and_migrators_of_every_line(specifier: str, kind: str | None) -> None:
    assert is_migrator(specifier) is (kind == "migrator")
    assert is_kit_api(specifier) is (kind == "api")


PULL = (
    'import { pgTable, integer } from "drizzle-orm/pg-core"\n\n'
    'export const users = pgTable("users", {\n\tid: integer().primaryKey(),\n});\n'
)
SOURCE = "CREATE TABLE users (id int PRIMARY KEY);\n"
ANOTHER_SCHEMA = "CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id int);\n"


@pytest.mark.parametrize(
    ("kit", "added", "drifts"),
    [
        ("1.0.0-rc.5", ANOTHER_SCHEMA, True),  # 1.0 pulls every schema
        ("^1.0.0-beta.1", ANOTHER_SCHEMA, True),
        ("^0.31.4", ANOTHER_SCHEMA, False),  # 0.31 pulls public only
        ("^0.31 || ^1", ANOTHER_SCHEMA, False),  # both allowed: what both pull
        ("workspace:*", ANOTHER_SCHEMA, False),  # cannot be placed: every line
        (None, ANOTHER_SCHEMA, False),  # no drizzle-kit dependency anywhere
        ("1.0.0-rc.5", "CREATE TABLE posts (id int);\n", True),  # public: every line
        ("^0.31.4", "CREATE TABLE posts (id int);\n", True),
    ],
    ids=[
        "1.0",
        "1.0-beta-range",
        "0.31",
        "both",
        "unplaceable",
        "no-dependency",
        "public-1.0",
        "public-0.31",
    ],
)
def test_a_pull_is_expected_to_hold_what_its_lines_pull_reads(repo, capsys, kit, added, drifts):
    """Issue 36: with no schemaFilter, 1.0's pull reads every schema and 0.31's `public`. A
    table in another schema committed with the old pull is drift under 1.0 only."""
    from hooks.cli import main as cli

    repo.write(
        "db/drizzle.config.ts", "export default { dialect: 'postgresql', out: './src/schema' };\n"
    )
    if kit is not None:
        repo.write("package.json", json.dumps({"devDependencies": {"drizzle-kit": kit}}))
    repo.write("db/schema.sql", SOURCE)
    repo.write("db/src/schema/schema.ts", PULL)
    repo.add()
    repo.commit("in sync")
    assert cli(["check"]) == 0
    repo.stage("db/schema.sql", SOURCE + added)
    code = cli(["check"])
    out = capsys.readouterr().out
    assert ("AF102" in out) is drifts, out
    assert code == (1 if drifts else 0), out


@pytest.mark.parametrize(
    ("script", "kit"),
    [
        ("drizzle-kit pull --init", "1.0.0-beta.22"),  # the tester's real package.json
        ("drizzle-kit introspect --init", "1.0.0-rc.5-ab785fc"),
        ("npx drizzle-kit pull --init=true", "beta"),
    ],
)
def test_pull_init_in_a_package_json_script_is_blocked(repo, capsys, script, kit) -> None:
    """A package.json script is read only where it could run a writing command: `pull`
    writes with `--init`, so the flag lets it through too (a miss the tester found)."""
    from hooks.cli import main as cli

    repo.write("package.json", json.dumps({"scripts": {"build": "tsc"}}))
    repo.add()
    repo.commit("before")
    manifest = {"scripts": {"db:pull": script}, "devDependencies": {"drizzle-kit": kit}}
    repo.stage("package.json", json.dumps(manifest))
    assert cli(["check"]) == 1
    assert 'AF301 script "db:pull" runs' in capsys.readouterr().out


LOCKS = [
    # pnpm-lock.yaml (v9): the packages key and the importer's resolved version
    ("pnpm-lock.yaml",
     "importers:\n  .:\n    devDependencies:\n      drizzle-kit:\n        specifier: catalog:\n"
     "        version: 1.0.0-rc.5\n\npackages:\n\n  drizzle-kit@1.0.0-rc.5:\n    resolution: {integrity: sha512-x}\n",
     ["1.0"]),
    ("package-lock.json",
     '{"packages": {"node_modules/drizzle-kit": {\n      "version": "0.31.4",\n      "dev": true}}}',
     ["0.31"]),
    ("yarn.lock",
     'drizzle-kit@^0.31.0:\n  version "0.31.11"\n  resolved "https://registry.example/drizzle-kit-0.31.11.tgz"\n',
     ["0.31"]),
    ("yarn.lock",  # berry
     '"drizzle-kit@npm:1.0.0-beta.22":\n  version: 1.0.0-beta.22\n', ["1.0"]),
    ("bun.lock",
     '{"packages": {"drizzle-kit": ["drizzle-kit@0.31.4", "", {}, "sha512-x"]}}', ["0.31"]),
    ("package-lock.json", '{"packages": {"node_modules/drizzle-orm": {"version": "0.45.0"}}}', []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "lines"), LOCKS, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(LOCKS)]
)
def test_a_lock_file_says_which_line_is_installed(name, text, lines) -> None:
    from hooks.drizzle.versions import locked_lines

    assert [line.name for line in locked_lines(text)] == lines


def test_a_pnpm_catalog_gives_the_range() -> None:
    from hooks.drizzle.versions import catalog_ranges

    text = "packages:\n  - packages/*\ncatalog:\n  drizzle-orm: 1.0.0-rc.5\n  drizzle-kit: '1.0.0-rc.5'  # the rc\n"
    assert catalog_ranges(text) == ["1.0.0-rc.5"]
    assert catalog_ranges("catalog:\n  pg: ^8\n") == []


@pytest.mark.parametrize(
    ("spec", "extra", "drifts"),
    [
        ("catalog:", {"pnpm-workspace.yaml": "catalog:\n  drizzle-kit: 1.0.0-rc.5\n"}, True),
        ("catalog:", {"pnpm-workspace.yaml": "catalog:\n  drizzle-kit: ^0.31.4\n"}, False),
        (
            "workspace:*",
            {"pnpm-lock.yaml": "packages:\n\n  drizzle-kit@1.0.0-rc.5:\n    resolution: {}\n"},
            True,
        ),
        (
            "latest",
            {
                "package-lock.json": '{"packages": {"node_modules/drizzle-kit": {"version": "0.31.11"}}}'
            },
            False,
        ),
        ("latest", {}, False),  # nothing says: every line, what every line pulls
    ],
    ids=["catalog-1.0", "catalog-0.31", "lock-1.0", "lock-0.31", "unknown"],
)
def test_where_a_range_cannot_be_placed_the_lock_says(repo, capsys, spec, extra, drifts) -> None:
    from hooks.cli import main as cli

    repo.write(
        "db/drizzle.config.ts", "export default { dialect: 'postgresql', out: './src/schema' };\n"
    )
    repo.write("db/package.json", json.dumps({"devDependencies": {"drizzle-kit": spec}}))
    for path, text in extra.items():
        repo.write(path, text)
    repo.write("db/schema.sql", SOURCE)
    repo.write("db/src/schema/schema.ts", PULL)
    repo.add()
    repo.commit("in sync")
    repo.stage("db/schema.sql", SOURCE + ANOTHER_SCHEMA)
    code = cli(["check"])
    out = capsys.readouterr().out
    assert ("AF102" in out) is drifts, out
    assert code == (1 if drifts else 0), out
    # A clear note, never a guess, where nothing places the line
    assert ("no lock file says which is installed" in out) is (not extra), out
