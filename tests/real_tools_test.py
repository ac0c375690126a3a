"""The seed's system with the real tools: PostgreSQL, drizzle-kit from npm, pre-commit.

A PostgreSQL server (Debian's package) is started on a loopback port in a temp data directory
and stopped afterwards; drizzle-kit, drizzle-orm and pg come from the npm registry into a temp
folder. Schema changes reach the database through Atlas when an `atlas` binary is on PATH,
otherwise through psql into a fresh, empty database (the test id says which).

Skipped only where a tool cannot be had: no PostgreSQL server binaries, no npm. `.ci/run`
installs both.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.conftest import PROJECT
from tests.conftest import GitRepo
from tests.conftest import checkout_example
from tests.conftest import clean_env
from tests.conftest import symlink_or_skip
from tests.pulled_schema_test import FIXTURES
from tests.pulled_schema_test import MUTATED
from tests.pulled_schema_test import MUTATIONS
from tests.pulled_schema_test import mutated

pytestmark = pytest.mark.real_tools

SQL = "packages/database/schema.sql"
SCHEMA_TS = "packages/database/src/schema/schema.ts"
RELATIONS_TS = "packages/database/src/schema/relations.ts"
MIGRATIONS = "packages/database/migrations"
APPLIER = "atlas" if shutil.which("atlas") else "psql"


def _pg_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Postgres:
    def __init__(self, bin_dir: Path, port: int) -> None:
        self.bin_dir = bin_dir
        self.port = port

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def psql(self, database: str, *args: str) -> str:
        psql = shutil.which("psql") or str(self.bin_dir / "psql")
        proc = subprocess.run(
            [psql, "-v", "ON_ERROR_STOP=1", "-qAt", self.url(database), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def fresh_database(self) -> str:
        name = "db_" + uuid.uuid4().hex[:12]
        self.psql("postgres", "-c", f'CREATE DATABASE "{name}"')
        return name


@pytest.fixture(scope="session")
def postgres() -> Postgres:
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL server binaries not found: apt-get install postgresql (.ci/run does)"
        )
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = tempfile.mkdtemp(prefix="atlas-first-pg-")
    if as_root:
        shutil.chown(base, "postgres")
    data = os.path.join(base, "data")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "initdb"),
            "-D",
            data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "pg_ctl"),
            "-D",
            data,
            "-o",
            options,
            "-l",
            os.path.join(base, "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield Postgres(bin_dir, port)
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def node_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """drizzle-kit, drizzle-orm and pg from the npm registry, as the example pins them."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm not found: install Node.js and npm (.ci/run does)")
    where = tmp_path_factory.mktemp("npm")
    shutil.copy(EXAMPLE / "packages" / "database" / "package.json", where / "package.json")
    proc = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=where,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if proc.returncode != 0 and any(
        code in proc.stderr for code in ("ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNREFUSED")
    ):
        pytest.skip(f"the npm registry cannot be reached: {proc.stderr.strip()[-300:]}")
    assert proc.returncode == 0, proc.stderr
    assert (where / "node_modules" / ".bin" / "drizzle-kit").exists()
    return where / "node_modules"


class Example:
    """A git checkout of the example repository, wired to the real tools."""

    def __init__(self, repo: GitRepo, postgres: Postgres, env: dict[str, str]) -> None:
        self.repo = repo
        self.postgres = postgres
        self.env = env

    def run(self, *argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(argv),
            cwd=cwd or self.repo.path,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )

    def use_database(self, name: str) -> None:
        self.env["DATABASE_URL"] = self.postgres.url(name)

    def sync(self) -> subprocess.CompletedProcess[str]:
        """The team's sync script: schema.sql to the database, then drizzle-kit pull."""
        if APPLIER == "psql":
            self.use_database(self.postgres.fresh_database())  # psql can only fill an empty one
        return self.run("sh", "scripts/sync-schema.sh")

    def atlas_first(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "-m", "hooks.cli", *args)

    def commit(self, message: str, *args: str) -> subprocess.CompletedProcess[str]:
        self.repo.add()
        return self.run("git", "commit", "-q", "-m", message, *args)


@pytest.fixture
def example(tmp_path, postgres, node_modules, hook_repo, runner_homes) -> Example:
    path = tmp_path / "example"
    repo = checkout_example(path, hook_repo)
    symlink_or_skip(node_modules, path / "packages" / "database" / "node_modules")
    env = clean_env(
        PRE_COMMIT_HOME=str(runner_homes["pre-commit"]),
        ATLAS_FIRST_APPLY="psql",
        PYTHONPATH=str(PROJECT),
        NO_COLOR="1",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ex = Example(repo, postgres, env)
    ex.use_database(postgres.fresh_database())
    postgres.psql(ex.env["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0], "-f", str(path / SQL))
    return ex


def _add_bio_column(example: Example) -> None:
    sql = example.repo.path / SQL
    sql.write_text(
        sql.read_text().replace('"name" text NOT NULL,', '"name" text NOT NULL,\n  "bio" text,')
    )


@pytest.mark.parametrize("applier", [APPLIER])
def test_the_committed_example_is_what_the_tools_generate(example, applier) -> None:
    proc = example.sync()
    assert proc.returncode == 0, proc.stdout
    assert example.repo.git("status", "--porcelain") == ""
    files = sorted(p.name for p in (example.repo.path / "packages/database/src/schema").iterdir())
    assert files == ["relations.ts", "schema.ts"]


@pytest.mark.parametrize("applier", [APPLIER])
def test_sanctioned_flow_commits_and_verifies(example, applier) -> None:
    _add_bio_column(example)
    proc = example.sync()
    assert proc.returncode == 0, proc.stdout
    schema_ts = (example.repo.path / SCHEMA_TS).read_text()
    assert "bio: text()," in schema_ts
    changed = example.repo.git("status", "--porcelain").split()
    assert SQL in changed
    assert SCHEMA_TS in changed
    proc = example.commit("users.bio")
    assert proc.returncode == 0, proc.stdout
    assert example.repo.git("log", "-1", "--format=%s").strip() == "users.bio"
    example.use_database(example.postgres.fresh_database())
    proc = example.atlas_first("verify")
    assert proc.returncode == 0, proc.stdout
    assert "verified 2 committed generated file(s)" in proc.stdout


def test_a_first_pull_writes_migration_artefacts_the_sync_script_removes(example) -> None:
    db = example.repo.path / "packages" / "database"
    shutil.rmtree(db / "src" / "schema")
    proc = example.run("npx", "drizzle-kit", "pull", cwd=db)
    assert proc.returncode == 0, proc.stdout
    written = sorted(
        str(p.relative_to(db / "src" / "schema"))
        for p in (db / "src" / "schema").rglob("*")
        if p.is_file()
    )
    assert "schema.ts" in written
    assert "relations.ts" in written
    assert "meta/_journal.json" in written
    assert any(w.startswith("0000_") and w.endswith(".sql") for w in written)
    # Committed as they are (no schema.sql change), they are blocked like any hand edit.
    proc = example.commit("raw pull")
    assert proc.returncode != 0, proc.stdout
    assert "AF101" in proc.stdout
    # The sync script removes them.
    example.repo.git("reset", "-q")
    proc = example.sync()
    assert proc.returncode == 0, proc.stdout
    assert sorted(p.name for p in (db / "src" / "schema").iterdir()) == [
        "relations.ts",
        "schema.ts",
    ]


def test_real_drizzle_kit_generate_is_blocked(example) -> None:
    _add_bio_column(example)
    assert example.sync().returncode == 0
    db = example.repo.path / "packages" / "database"
    proc = example.run(
        "npx",
        "drizzle-kit",
        "generate",
        "--dialect",
        "postgresql",
        "--schema",
        "./src/schema/schema.ts",
        "--out",
        "./migrations",
        cwd=db,
    )
    assert proc.returncode == 0, proc.stdout
    new = sorted(
        p
        for p in example.repo.git("status", "--porcelain", "--untracked-files=all").split()
        if p.startswith(MIGRATIONS)
    )
    assert any(p.endswith(".sql") and "/0001_" in p for p in new), new
    proc = example.commit("drizzle-kit generate")
    assert proc.returncode != 0, proc.stdout
    assert "AF201 new Drizzle migration file" in proc.stdout
    assert f"{MIGRATIONS}/meta/_journal.json: AF202 legacy migration changed" in proc.stdout


def test_hand_edit_is_blocked_and_verify_reports_the_drift(example) -> None:
    path = example.repo.path / SCHEMA_TS
    path.write_text(
        path.read_text().replace(
            "\tname: text().notNull(),", "\tname: text().notNull(),\n\tnickname: text(),"
        )
    )
    proc = example.commit("hand edit")
    assert proc.returncode != 0, proc.stdout
    assert f"{SCHEMA_TS}: AF101" in proc.stdout
    # A cosmetic schema.sql change does not sanction it either: the pulled schema declares a
    # column the source does not have (AF102, offline)...
    sql = example.repo.path / SQL
    sql.write_text(sql.read_text() + "\n-- cosmetic\n")
    proc = example.commit("hand edit with a cosmetic schema change")
    assert proc.returncode != 0, proc.stdout
    drift = "AF102 column public.users.nickname is in the generated schema but not in the source"
    assert f"{SCHEMA_TS}:" in proc.stdout
    assert drift in proc.stdout
    proc = example.commit("the same, past the hooks", "--no-verify")
    assert proc.returncode == 0, proc.stdout
    # ...and verify, which regenerates from schema.sql with the real tools, catches it too.
    example.use_database(example.postgres.fresh_database())
    proc = example.atlas_first("verify")
    assert proc.returncode == 1, proc.stdout
    assert f"{SCHEMA_TS}: AF501 differs from what regeneration writes" in proc.stdout
    assert "-\tnickname: text()," in proc.stdout


def _load(postgres: Postgres, text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """psql -f into a fresh database: (exit code, stderr)."""
    path = tmp_path / f"{uuid.uuid4().hex}.sql"
    path.write_text(text)
    psql = shutil.which("psql") or str(postgres.bin_dir / "psql")
    return subprocess.run(
        [
            psql,
            "-v",
            "ON_ERROR_STOP=1",
            "-qAt",
            postgres.url(postgres.fresh_database()),
            "-f",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_parser_agrees_with_postgresql(postgres, tmp_path) -> None:
    """Every schema source the lint table uses: what AF601 passes loads into a real database,
    and what AF601 rejects the server rejects too."""
    from hooks.lint_schema_source import lint
    from tests.lint_schema_source_test import CASES
    from tests.schema_trust_test import QUIET
    from tests.schema_trust_test import REPORTED

    texts = {text for param in (*CASES, *QUIET, *REPORTED) for text in param.values[:2] if text}
    assert len(texts) > 30
    for text in sorted(texts):
        parses = not any(v.code == "AF601" for v in lint("schema.sql", None, text))
        proc = _load(postgres, text, tmp_path)
        if parses:
            assert proc.returncode == 0, (text, proc.stderr)
        else:
            assert proc.returncode != 0, text
            assert "syntax error" in proc.stderr, proc.stderr


# Judged by Atlas's reading, not psql's: psql runs meta-commands itself and skips a UTF-8
# byte-order mark, but Atlas sends the file's statements to its dev database. Inside a dollar
# quote psql passes the text through untouched, and EXECUTE hands it to the server's parser as
# it is, the way Atlas does.
ATLAS_READING = [
    "\\restrict k3y\nCREATE TABLE t (id int);\n\\unrestrict k3y\n",
    "CREATE TABLE t (id int);\n\\connect app\nCREATE TABLE u (id int);\n",
    "\\set ON_ERROR_STOP on\nCREATE TABLE t (id int);\n",
    "\ufeffCREATE TABLE t (id int);\n",
]


def test_what_atlas_cannot_send_is_af601_and_the_server_rejects_it(postgres, tmp_path) -> None:
    from hooks.lint_schema_source import _encoding
    from hooks.lint_schema_source import lint

    psql = shutil.which("psql") or str(postgres.bin_dir / "psql")
    control = "CREATE TABLE t (id int);\nCREATE TABLE u (id int);\n"  # the path loads valid SQL
    for text in (control, *ATLAS_READING):
        data = text.encode("utf-8")
        found = _encoding("schema.sql", data) + lint("schema.sql", None, data.decode("utf-8-sig"))
        assert [v.code for v in found][:1] == ([] if text == control else ["AF601"]), text
        path = tmp_path / "as-atlas-sends-it.sql"
        path.write_text(f"DO $do$ BEGIN EXECUTE $q${text}$q$; END $do$;\n", encoding="utf-8")
        url = postgres.url(postgres.fresh_database())
        proc = subprocess.run(
            [psql, "-v", "ON_ERROR_STOP=1", "-qAt", url, "-f", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if text == control:
            assert proc.returncode == 0, proc.stderr
            continue
        assert proc.returncode != 0, text
        assert "syntax error" in proc.stderr, proc.stderr


PULL_SCHEMAS = {
    **{name: sql for name, (sql, _) in FIXTURES.items()},
    "keys-and-names": (
        'CREATE SCHEMA "Sales";\n'
        'CREATE TABLE "Sales"."Order" ("OrderId" int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,'
        ' "placedAt" timestamp(0) NOT NULL, total numeric(10,0), note varchar);\n'
        "CREATE TABLE lines (order_id int NOT NULL, n smallserial, qty int NOT NULL DEFAULT 1,"
        " PRIMARY KEY (order_id, n));\n"
        "CREATE TYPE state AS ENUM ('new', 'done', 'it''s', 'a,b', 'back\\slash');\n"
        "CREATE TABLE jobs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), s state NOT NULL,"
        " at time with time zone, span interval day to second, weird tsvector);\n"
    ),
}


@pytest.mark.parametrize("name", sorted(PULL_SCHEMAS))
def test_a_real_fresh_pull_is_in_sync_with_its_source(
    postgres, node_modules, tmp_path, name
) -> None:
    """The structural comparison (hooks/_pulled.py) never calls a fresh pull drifted: each
    schema loaded into PostgreSQL and pulled with the real drizzle-kit."""
    from hooks import _pulled
    from hooks._schema import build
    from hooks._sql import parse

    sql = PULL_SCHEMAS[name]
    database = postgres.fresh_database()
    postgres.psql(database, "-c", sql)
    schemas = sorted({"public", *(s.strip('"') for s in re.findall(r"CREATE SCHEMA (\S+);", sql))})
    (tmp_path / "node_modules").symlink_to(node_modules)
    config = {
        "dialect": "postgresql",
        "out": "./out",
        "schemaFilter": schemas,
        "dbCredentials": {"url": postgres.url(database)},
    }
    (tmp_path / "drizzle.config.json").write_text(json.dumps(config))
    proc = subprocess.run(
        [str(node_modules / ".bin" / "drizzle-kit"), "pull"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pulled = _pulled.read((tmp_path / "out" / "schema.ts").read_text(encoding="utf-8"))
    model = build(sql, parse(sql))
    written = (tmp_path / "out" / "schema.ts").read_text()
    assert sorted(pulled.tables) == sorted(model.tables), written  # every table was read
    assert [d.message for d in _pulled.compare(pulled, model)] == [], written
    # The mutation table, over this live pull: each edit is exactly its one difference.
    for row, sql_edit, ts_edit, expected in MUTATIONS:
        if MUTATED[row] == name:
            changed = _pulled.read(mutated(sql, written, sql_edit, ts_edit)[1])
            source = mutated(sql, written, sql_edit, ts_edit)[0]
            found = _pulled.compare(changed, build(source, parse(source)))
            assert [d.message for d in found] == [expected], row
