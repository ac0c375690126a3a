"""The seed's system with the real tools: PostgreSQL, drizzle-kit from npm, pre-commit.

A PostgreSQL server (Debian's package) is started on a loopback port in a temp data directory
and stopped afterwards; drizzle-kit, drizzle-orm and pg come from the npm registry into a temp
folder. Schema changes reach the database through Atlas when an `atlas` binary is on PATH,
otherwise through psql into a fresh, empty database (the test id says which).

Skipped only where a tool cannot be had: no PostgreSQL server binaries, no npm. `.ci/run`
installs both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
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
from tests.pulled_schema_test import _rows_for_1_0
from tests.pulled_schema_test import mutated

pytestmark = pytest.mark.real_tools

SQL = "packages/database/schema.sql"
SCHEMA_TS = "packages/database/src/schema/schema.ts"
RELATIONS_TS = "packages/database/src/schema/relations.ts"
MIGRATIONS = "packages/database/migrations"
APPLIER = "atlas" if shutil.which("atlas") else "psql"


def _pg_bin() -> Path | None:
    from tests._postgres import newest_debian_bin

    initdb = shutil.which("initdb")
    return newest_debian_bin() or (Path(initdb).parent if initdb else None)


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
    from tests._postgres import running_server

    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL server binaries not found: apt-get install postgresql (.ci/run does)"
        )
    with running_server(bin_dir) as server:
        yield Postgres(bin_dir, server.port)


@pytest.fixture(scope="session")
def node_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """drizzle-kit, drizzle-orm and pg from the npm registry, as the example pins them."""
    where = tmp_path_factory.mktemp("npm")
    shutil.copy(EXAMPLE / "packages" / "database" / "package.json", where / "package.json")
    return _npm_install(where)


# drizzle-kit 1.0 (release candidates: npm's `latest` is still 0.31) with its drizzle-orm.
KIT_1_0 = "1.0.0-rc.5"


def _npm_install(where: Path, packages: list[str] | None = None) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm not found: install Node.js and npm (.ci/run does)")
    proc = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--loglevel=error", *(packages or [])],
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


@pytest.fixture(scope="session")
def node_modules_v1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """drizzle-kit and drizzle-orm 1.0 (release candidate) and pg, from the npm registry."""
    where = tmp_path_factory.mktemp("npm-v1")
    (where / "package.json").write_text('{"name": "kit-1-0", "private": true, "type": "module"}')
    return _npm_install(where, [f"drizzle-kit@{KIT_1_0}", f"drizzle-orm@{KIT_1_0}", "pg@^8.13.0"])


@pytest.fixture(params=["0.31", "1.0"])
def kit(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """Each drizzle-kit line teams use: (line, its node_modules)."""
    name = "node_modules" if request.param == "0.31" else "node_modules_v1"
    return request.param, request.getfixturevalue(name)


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


def test_a_first_pull_writes_migration_artefacts_the_sync_script_removes(example, kit) -> None:
    """Each line's pull also writes its commented-out migration (0.31: 0000_<name>.sql and
    meta/; 1.0: <timestamp>_<name>/): committed, they are new migration files (AF201, never
    AF101: pull's types are unchanged); the sync script removes them."""
    line, node_modules = kit
    db = example.repo.path / "packages" / "database"
    (db / "node_modules").unlink()
    symlink_or_skip(node_modules, db / "node_modules")
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
    if line == "0.31":
        assert "meta/_journal.json" in written
        assert any(w.startswith("0000_") and w.endswith(".sql") for w in written)
    else:
        assert any(re.fullmatch(r"\d{14}_\w+/migration\.sql", w) for w in written), written
        assert any(re.fullmatch(r"\d{14}_\w+/snapshot\.json", w) for w in written), written
    leftovers = [w for w in written if w not in ("schema.ts", "relations.ts")]
    # Committed as they are (no schema.sql change), they are new migration files.
    # (1.0 writes the types in its own spelling: keep the committed ones, the leftovers alone)
    example.repo.git("checkout", "--", f"{SCHEMA_TS}", f"{RELATIONS_TS}")
    proc = example.commit("raw pull")
    assert proc.returncode != 0, proc.stdout
    flagged = {ln.split(":", 1)[0] for ln in proc.stdout.splitlines() if ": AF201" in ln}
    assert flagged == {f"packages/database/src/schema/{w}" for w in leftovers}, proc.stdout
    assert "AF101" not in proc.stdout
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
    from hooks.schema.lint import lint
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
    from hooks.schema.lint import lint

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
def test_a_real_fresh_pull_is_in_sync_with_its_source(postgres, kit, tmp_path, name) -> None:
    """The structural comparison (hooks/drizzle/pull_compare.py) never calls a fresh pull drifted: each
    schema loaded into PostgreSQL and pulled with the real drizzle-kit of each line (1.0
    writes its own spellings: double-quoted enums, `.array("[][]")`, `defineRelations`)."""
    line, node_modules = kit
    from hooks.drizzle.pull_compare import compare
    from hooks.drizzle.pull_reader import read
    from hooks.schema.model import build
    from hooks.schema.sql import parse

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
    # (1.0 loads a JSON config only with an import attribute: a .ts config serves both)
    (tmp_path / "drizzle.config.ts").write_text(f"export default {json.dumps(config)};\n")
    proc = subprocess.run(
        [str(node_modules / ".bin" / "drizzle-kit"), "pull"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pulled = read((tmp_path / "out" / "schema.ts").read_text(encoding="utf-8"))
    model = build(sql, parse(sql))
    written = (tmp_path / "out" / "schema.ts").read_text()
    assert sorted(pulled.tables) == sorted(model.tables), written  # every table was read
    assert [d.message for d in compare(pulled, model)] == [], written
    # The mutation table, over this live pull: each edit is exactly its one difference.
    if line == "0.31":
        rows = [(MUTATED[row], row, *rest) for row, *rest in MUTATIONS]
    else:
        rows = [(fixture, row, *rest) for row, fixture, *rest in _rows_for_1_0()]
    for fixture, row, sql_edit, ts_edit, expected in rows:
        if fixture == name:
            changed = read(mutated(sql, written, sql_edit, ts_edit)[1])
            source = mutated(sql, written, sql_edit, ts_edit)[0]
            found = compare(changed, build(source, parse(source)))
            assert [d.message for d in found] == [expected], row


# --- drizzle-kit by line (issue 36): what each line's commands write, checked on the tools ----


def _kit(node_modules: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(node_modules / ".bin" / "drizzle-kit"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


GENERATE_TARGETS = [
    # (where generate writes, relative to packages/database; a schema.sql change beside it?)
    ("drizzle", False),  # drizzle-kit's default `out`
    ("src/schema", True),  # the config's `out`, beside the pull, with a source change
    ("tools/elsewhere", False),  # a folder no config names
]


@pytest.mark.parametrize(
    ("out", "with_source"), GENERATE_TARGETS, ids=[o for o, _ in GENERATE_TARGETS]
)
def test_real_generate_of_each_line_is_blocked_wherever_it_writes(
    tmp_path, kit, out, with_source
) -> None:
    """The real `generate` of 0.31 (NNNN_name.sql, meta/) and of 1.0 (<timestamp>_<name>/
    migration.sql, snapshot.json), committed: AF201 for every file, in the default folder,
    the config's `out` and a folder nothing names; never AF101."""
    line, node_modules = kit
    repo = checkout_example(tmp_path / "example")
    db = repo.path / "packages" / "database"
    symlink_or_skip(node_modules, db / "node_modules")
    proc = _kit(
        node_modules,
        db,
        "generate",
        "--dialect",
        "postgresql",
        "--schema",
        "./src/schema/schema.ts",
        "--out",
        f"./{out}",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    written = sorted(
        p
        for p in repo.git("status", "--porcelain", "--untracked-files=all").split()
        if p.startswith(f"packages/database/{out}/") and not p.endswith((".ts",))
    )
    assert written, proc.stdout
    if line == "1.0":
        assert any(re.search(r"/\d{14}_[a-z0-9_]+/migration\.sql$", p) for p in written), written
    else:
        assert any(p.endswith("meta/_journal.json") for p in written), written
    if with_source:
        sql = repo.path / SQL
        sql.write_text(sql.read_text() + "\n-- a comment\n")
    repo.add()
    proc = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "check"],
        cwd=repo.path,
        env=clean_env(PYTHONPATH=str(PROJECT)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    flagged = {ln.split(":", 1)[0] for ln in proc.stdout.splitlines() if ": AF201" in ln}
    assert flagged == set(written), proc.stdout
    assert "AF101" not in proc.stdout


def _tables(postgres: Postgres, database: str) -> set[str]:
    listed = postgres.psql(
        database,
        "-c",
        "SELECT table_schema || '.' || table_name FROM information_schema.tables"
        " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
    )
    return set(listed.split())


def test_the_1_0_rows_of_the_table_are_what_the_tool_does(
    postgres, node_modules_v1, tmp_path
) -> None:
    """`pull --init` writes drizzle.__drizzle_migrations (banned), plain `pull` writes nothing
    to the database, `push --explain` changes nothing (allowed) and plain `push` does."""
    from hooks.drizzle.versions import BY_NAME

    line = BY_NAME["1.0"]
    assert line.writing_flags["pull"] == ("--init",)
    assert line.dry_flags["push"] == ("--explain",)
    database = postgres.fresh_database()
    postgres.psql(database, "-c", "CREATE TABLE users (id serial PRIMARY KEY, name text);")
    (tmp_path / "node_modules").symlink_to(node_modules_v1)
    config = {
        "dialect": "postgresql",
        "out": "./out",
        "dbCredentials": {"url": postgres.url(database)},
    }
    (tmp_path / "drizzle.config.ts").write_text(f"export default {json.dumps(config)};\n")
    before = _tables(postgres, database)
    proc = _kit(node_modules_v1, tmp_path, "pull")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _tables(postgres, database) == before
    proc = _kit(node_modules_v1, tmp_path, "pull", "--init")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "drizzle.__drizzle_migrations" in _tables(postgres, database) - before
    # push with a schema that adds a table: --explain plans it, plain push applies it
    (tmp_path / "s.ts").write_text(
        'import { pgTable, serial } from "drizzle-orm/pg-core";\n'
        'export const extra = pgTable("extra", { id: serial().primaryKey() });\n'
    )
    config["schema"] = "./s.ts"
    config["tablesFilter"] = ["extra"]
    (tmp_path / "drizzle.config.ts").write_text(f"export default {json.dumps(config)};\n")
    now = _tables(postgres, database)
    proc = _kit(node_modules_v1, tmp_path, "push", "--explain")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _tables(postgres, database) == now
    proc = _kit(node_modules_v1, tmp_path, "push", "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "public.extra" in _tables(postgres, database)


def test_0_31_refuses_the_1_0_flags_before_it_writes(node_modules, tmp_path) -> None:
    """Why `push --explain` is allowed whatever the line: 0.31 rejects the option."""
    for args in (["push", "--explain"], ["generate", "--explain"], ["pull", "--init"]):
        proc = _kit(node_modules, tmp_path, *args, "--dialect=postgresql")
        assert proc.returncode != 0
        assert "Unrecognized options" in proc.stdout + proc.stderr, args


@pytest.mark.parametrize("which", ["0.31", "1.0"])
def test_every_installed_entry_point_and_migrator_is_known(which, request) -> None:
    """Generated from the installed packages, so a new release cannot slip by: every
    drizzle-kit export but its main entry is AF402, every drizzle-orm migrator module is
    AF401 (1.0's exports are one `./*` wildcard: its files are the list)."""
    from hooks.forbid_drizzle_migrator import is_kit_api
    from hooks.forbid_drizzle_migrator import is_migrator

    modules = request.getfixturevalue("node_modules" if which == "0.31" else "node_modules_v1")
    kit_exports = json.loads((modules / "drizzle-kit" / "package.json").read_text())["exports"]
    entries = [f"drizzle-kit/{k[2:]}" for k in kit_exports if k not in (".", "./package.json")]
    assert entries
    assert [e for e in entries if not is_kit_api(e)] == []
    assert not is_kit_api("drizzle-kit")
    orm = modules / "drizzle-orm"
    migrators = sorted(
        "drizzle-orm/" + str(p.relative_to(orm).with_suffix("")).replace(os.sep, "/")
        for p in orm.rglob("*migrator*.js")
        if "node_modules" not in p.relative_to(orm).parts
    )
    assert len(migrators) >= 20
    assert [m for m in migrators if not is_migrator(m)] == []
