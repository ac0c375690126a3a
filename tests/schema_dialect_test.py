"""A schema source Atlas applies only to another database (SQLite, MySQL...) is not linted as
PostgreSQL: its findings are set aside with a note that names the evidence (the `dev` and
`url` of every Atlas environment whose `src` names it). Found on a real repository (a SQLite
and a PostgreSQL schema.sql side by side, each with its Atlas environments): AF601 on
SQLite's AUTOINCREMENT was a false alarm."""

from __future__ import annotations

import json

import pytest

from hooks.atlas.envs import POSTGRESQL
from hooks.atlas.envs import applied_dialects
from hooks.atlas.envs import database_of
from hooks.cli import main as cli_main

SQLITE_SQL = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);\n"
MYSQL_SQL = "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;\n"
PG_SQL = "CREATE TABLE t (id bigserial PRIMARY KEY, name text);\n"


@pytest.mark.parametrize(
    ("url", "database"),
    [
        ("postgres://u@h:5432/db", POSTGRESQL),
        ("postgresql://h/db", POSTGRESQL),
        ("docker://postgres/15/dev?search_path=public", POSTGRESQL),
        ("docker://postgis/latest/dev", POSTGRESQL),
        ("docker://pgvector/pg17/dev", POSTGRESQL),
        ("docker+postgres://ghcr.io/ns/image:tag/dev", POSTGRESQL),
        ("crdb://root@localhost:26257/defaultdb", POSTGRESQL),
        ("sqlite://file?mode=memory", "SQLite"),
        ("SQLITE://dev.db", "SQLite"),
        ("libsql+wss://x.turso.io", "SQLite"),
        ("docker://mysql/8/dev", "MySQL"),
        ("mysql://root:pass@localhost:3306/", "MySQL"),
        ("docker://maria/latest/schema", "MariaDB"),
        ("docker://sqlserver/2022-latest/dev", "SQL Server"),
        ("clickhouse://localhost:9000/default", "ClickHouse"),
        ("redshift://user:pass@cluster:5439/db", "Redshift"),
        ("env://DATABASE_URL", None),  # a driver not known here: no evidence
        ("\0getenv", None),  # a run-time value
        ("file://schema.sql", None),
        ("not a url", None),
    ],
)
def test_database_of_a_url(url, database) -> None:
    assert database_of(url) == database


def test_applied_dialects_follow_src_through_variables_and_folders() -> None:
    text = (
        'variable "src" {\n  type = string\n  default = "file://sqlite/schema.sql"\n}\n'
        'locals {\n  pg = "docker://postgres/15/dev"\n}\n'
        'env "lite" {\n  src = var.src\n  dev = "sqlite://file?mode=memory"\n}\n'
        'env "pg" {\n  src = ["file://pg/", "file://extra.sql"]\n  dev = local.pg\n'
        '  url = getenv("DATABASE_URL")\n}\n'
        'env "unknown" {\n  src = "file://other.sql"\n  url = getenv("X")\n}\n'
    )
    found = applied_dialects("db/atlas.hcl", text)
    assert [d for d, _ in found["db/sqlite/schema.sql"]] == ["SQLite"]
    assert 'env "lite" dev = sqlite://' in found["db/sqlite/schema.sql"][0][1]
    assert [d for d, _ in found["db/pg/"]] == [POSTGRESQL]
    assert [d for d, _ in found["db/extra.sql"]] == [POSTGRESQL]
    assert "db/other.sql" not in found  # nothing says which database: no evidence


def _atlas(src: str, *urls: str) -> str:
    return "".join(
        f'env "e{n}" {{\n  src = "{src}"\n  dev = "{url}"\n}}\n' for n, url in enumerate(urls)
    )


# (case, schema.sql's text, atlas.hcl beside it or None, codes expected)
CASES = [
    ("sqlite-source", SQLITE_SQL, _atlas("file://schema.sql", "sqlite://file?mode=memory"), []),
    ("mysql-source", MYSQL_SQL, _atlas("file://schema.sql", "docker://mysql/8/dev"), []),
    ("source-folder", SQLITE_SQL, _atlas("file://.", "sqlite://dev.db"), []),
    ("postgres-source", SQLITE_SQL, _atlas("file://schema.sql", "docker://postgres/15/dev"),
     ["AF601"]),
    ("one-env-of-each", SQLITE_SQL,
     _atlas("file://schema.sql", "sqlite://dev.db", "docker://postgres/15/dev"), ["AF601"]),
    ("no-atlas-file", SQLITE_SQL, None, ["AF601"]),
    ("another-file-is-sqlite", SQLITE_SQL, _atlas("file://other.sql", "sqlite://dev.db"),
     ["AF601"]),
    ("unknown-driver", SQLITE_SQL, _atlas("file://schema.sql", "env://X"), ["AF601"]),
    ("atlas-file-does-not-parse", SQLITE_SQL, 'env "x" {\n  src = "file://schema.sql"\n',
     ["AF601"]),
]  # fmt: skip


def _findings(capsys) -> tuple[list[str], list[str]]:
    out = capsys.readouterr().out
    doc = json.loads(out)
    codes = sorted(v["code"] for v in doc["violations"] if v["code"].startswith("AF6"))
    return codes, doc.get("notes", [])


def _each_way(repo, capsys, sql: str) -> list[tuple[list[str], list[str]]]:
    """db/schema.sql changed to `sql` after what is staged now, judged staged, as a range and
    over the whole tree: (codes, notes) each."""
    start = repo.commit("start")
    repo.stage("db/schema.sql", sql)  # the staged change
    cli_main(["check", "--format", "json"])
    staged = _findings(capsys)
    end = repo.commit("the change")
    cli_main(["check", "--from-ref", start, "--to-ref", end, "--format", "json"])
    ranged = _findings(capsys)
    cli_main(["check", "--all-files", "--format", "json"])
    return [staged, ranged, _findings(capsys)]


@pytest.mark.parametrize(("case", "sql", "hcl", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_source_for_another_database_is_set_aside_with_a_note(
    repo, capsys, case, sql, hcl, expected
) -> None:
    repo.stage(".atlas-first.toml", 'sources = ["db/schema.sql"]\n')
    repo.stage("db/schema.sql", "CREATE TABLE t (id int);\n")
    if hcl is not None:
        repo.stage("db/atlas.hcl", hcl)
    for codes, notes in _each_way(repo, capsys, sql):
        assert codes == expected, case
        set_aside = [n for n in notes if "not linted" in n]
        assert bool(set_aside) is (not expected), notes
        if set_aside:
            assert set_aside[0].startswith("db/schema.sql: not linted: Atlas applies it to")
            assert "db/atlas.hcl: env " in set_aside[0]


DRIZZLE_CASES = [
    # (case, drizzle config beside db/schema.sql, atlas.hcl, codes expected)
    ("drizzle-turso", "export default defineConfig({ dialect: 'turso', out: './drizzle' });\n", None, []),
    ("drizzle-sqlite-json", '{"dialect": "sqlite", "out": "./drizzle"}', None, []),
    ("drizzle-mysql", "export default { dialect: 'mysql', schema: './s.ts', out: './drizzle' };\n", None, []),
    ("drizzle-postgresql", "export default { dialect: 'postgresql', out: './drizzle' };\n", None, ["AF601"]),
    ("drizzle-computed-dialect", "export default { dialect: process.env.D, out: './drizzle' };\n", None, ["AF601"]),
    # drizzle-kit before 0.21 named the database by `driver` (openstatus's history: a
    # ClickHouse schema.sql beside `driver: "turso"` was AF601)
    ("drizzle-0.20-driver-turso", "export default { schema: './s.ts', out: './drizzle', driver: 'turso', strict: true } satisfies Config;\n", None, []),
    ("drizzle-0.20-driver-pg", "export default { schema: './s.ts', out: './drizzle', driver: 'pg' };\n", None, ["AF601"]),
    ("atlas-says-postgres-over-drizzle", "export default { dialect: 'turso', out: './drizzle' };\n",
     _atlas("file://schema.sql", "docker://postgres/15/dev"), ["AF601"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "config", "hcl", "expected"), DRIZZLE_CASES, ids=[c[0] for c in DRIZZLE_CASES]
)
def test_a_drizzle_configs_dialect_says_which_database_a_source_is_for(
    repo, capsys, case, config, hcl, expected
) -> None:
    """Issue 36: with no Atlas env naming the source, the drizzle config beside it (or in a
    folder above) says which database it is for; Atlas's envs, where they say, decide."""
    name = "drizzle.config.json" if config.startswith("{") else "drizzle.config.ts"
    repo.stage(".atlas-first.toml", 'sources = ["db/schema.sql"]\n')
    repo.stage(name if case == "drizzle-mysql" else f"db/{name}", config)
    repo.stage("db/schema.sql", "CREATE TABLE t (id int);\n")
    if hcl is not None:
        repo.stage("db/atlas.hcl", hcl)
    for codes, notes in _each_way(repo, capsys, SQLITE_SQL):
        assert codes == expected, case
        set_aside = [n for n in notes if "not linted" in n]
        assert bool(set_aside) is (not expected), notes
        if set_aside:
            assert "its drizzle config is for " in set_aside[0], set_aside


def test_a_destructive_change_to_a_sqlite_source_is_set_aside_not_reported(repo, capsys) -> None:
    repo.stage(".atlas-first.toml", 'sources = ["db/schema.sql"]\n')
    repo.stage("db/atlas.hcl", _atlas("file://schema.sql", "sqlite://file?mode=memory"))
    repo.stage("db/schema.sql", PG_SQL + "CREATE TABLE u (id int);\n")
    repo.commit("start")
    repo.stage("db/schema.sql", PG_SQL)  # drops u: AF611 under PostgreSQL's rules
    assert cli_main(["check", "--format", "json"]) == 0
    codes, notes = _findings(capsys)
    assert codes == []
    assert any("SQLite" in n and "1 finding set aside" in n for n in notes), notes
    repo.stage("db/atlas.hcl", _atlas("file://schema.sql", "docker://postgres/15/dev"))
    assert cli_main(["check", "--format", "json"]) == 1  # the same change, for PostgreSQL
    codes, _ = _findings(capsys)
    assert codes
