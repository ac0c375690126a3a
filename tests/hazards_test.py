"""Lock, rewrite and scan hazards (AF651-AF653): the offline table, the Atlas policy that
judges it, the team's severity settings and the directive, through `check` in a real git
repository. The server's word on each fact is tests/hazards_server_test.py."""

from __future__ import annotations

import pytest

from hooks.atlas.envs import applied_policies
from hooks.atlas.envs import major_version
from hooks.schema.hazards import hazards
from hooks.schema.lint import lint_sources
from hooks.schema.model import build
from hooks.schema.policy import SINCE
from hooks.schema.policy import HazardSettings
from hooks.schema.policy import Policy
from hooks.schema.rewrites import rewrites
from hooks.schema.sql import parse

U = "CREATE TABLE users (\n  id int PRIMARY KEY,\n  name text,\n  v varchar(50),\n  ts timestamp{}\n);\n"
P = "CREATE TABLE posts (\n  id int PRIMARY KEY,\n  user_id int{}\n);\n"
FK = " REFERENCES users (id)"


def found(before: str, after: str, policy: Policy | None = None) -> set[tuple[str, str]]:
    old, new = build(before, parse(before)), build(after, parse(after))
    return {(h.code, h.table) for h in hazards(old, new, policy or Policy())}


R, S, IX = "AF651", "AF652", "AF653"
USERS, POSTS = "public.users", "public.posts"

CASES = [
    # rewrites
    pytest.param(U.format(""), U.format("").replace("id int", "id bigint"), {(R, USERS)}, id="int-to-bigint"),
    pytest.param(U.format("") + P.format(FK), U.format("").replace("id int", "id bigint") + P.format(FK), {(R, USERS), (S, POSTS)}, id="int-to-bigint-revalidates-the-referencing-table"),
    pytest.param(U.format("") + P.format(FK), U.format("") + P.format(FK).replace("user_id int", "user_id bigint"), {(R, POSTS), (S, USERS)}, id="fk-column-to-bigint-reads-the-referenced-table"),
    pytest.param(U.format(",\n  n int"), U.format(",\n  n numeric"), {(R, USERS)}, id="int-to-numeric"),
    pytest.param(U.format(",\n  n int"), U.format(",\n  n text"), {(R, USERS)}, id="int-to-text"),
    pytest.param(U.format(""), U.format("").replace("varchar(50)", "varchar(10)"), {(R, USERS)}, id="varchar-narrows"),
    pytest.param(U.format(""), U.format("").replace("name text", "name varchar(20)"), {(R, USERS)}, id="text-to-varchar-n"),
    pytest.param(U.format(""), U.format("").replace("ts timestamp", "ts timestamptz"), {(R, USERS)}, id="timestamp-to-timestamptz"),
    pytest.param(U.format(",\n  a varchar(50)[]"), U.format(",\n  a text[]"), {(R, USERS)}, id="varchar-array-to-text-array"),
    pytest.param(U.format(",\n  j json"), U.format(",\n  j jsonb"), {(R, USERS)}, id="json-to-jsonb"),
    pytest.param(U.format(",\n  n numeric(10,2)"), U.format(",\n  n numeric(12,4)"), {(R, USERS)}, id="numeric-scale-changes"),
    pytest.param(U.format(",\n  t timestamp(6)"), U.format(",\n  t timestamp(3)"), {(R, USERS)}, id="fewer-fractional-digits"),
    pytest.param("CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');\n" + U.format(""), "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');\n" + U.format("").replace("name text", "name email"), {(R, USERS)}, id="to-a-domain-with-a-check"),
    pytest.param(U.format(""), U.format(",\n  token uuid DEFAULT gen_random_uuid()"), {(R, USERS)}, id="volatile-default"),
    pytest.param(U.format(""), U.format(",\n  at timestamptz DEFAULT clock_timestamp()"), {(R, USERS)}, id="clock-timestamp-default"),
    pytest.param(U.format(""), U.format(",\n  seq serial"), {(R, USERS)}, id="serial"),
    pytest.param(U.format(""), U.format(",\n  n int GENERATED ALWAYS AS IDENTITY"), {(R, USERS)}, id="identity"),
    pytest.param(U.format(""), U.format(",\n  len int GENERATED ALWAYS AS (length(name)) STORED"), {(R, USERS)}, id="stored-generated"),
    pytest.param("CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');\n" + U.format(""), "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');\n" + U.format(",\n  mail email"), {(R, USERS)}, id="new-column-of-a-checked-domain"),
    pytest.param("CREATE FUNCTION pick() RETURNS int LANGUAGE sql AS 'SELECT 1';\n" + U.format(""), "CREATE FUNCTION pick() RETURNS int LANGUAGE sql AS 'SELECT 1';\n" + U.format(",\n  n int DEFAULT pick()"), {(R, USERS)}, id="default-calls-a-volatile-function-of-the-schema"),
    # scans under a lock that stops writes
    pytest.param(U.format(""), U.format("").replace("name text", "name text NOT NULL"), {(S, USERS)}, id="set-not-null"),
    pytest.param(U.format(",\n  CHECK (name IS NOT NULL)"), U.format(",\n  CHECK (name IS NOT NULL)").replace("name text", "name text NOT NULL"), set(), id="set-not-null-proven-by-a-kept-check"),
    pytest.param(U.format(",\n  CHECK (name IS NOT NULL)"), U.format("").replace("name text", "name text NOT NULL"), {(S, USERS)}, id="set-not-null-while-dropping-the-check"),
    pytest.param(U.format(""), U.format(",\n  CHECK (length(name) > 0)"), {(S, USERS)}, id="check"),
    pytest.param(U.format(""), U.format(",\n  n int CHECK (n > 0)"), {(S, USERS)}, id="check-on-a-new-all-null-column"),
    pytest.param(U.format("") + P.format(""), U.format("") + P.format(FK), {(S, POSTS), (S, USERS)}, id="foreign-key-reads-both-tables"),
    pytest.param(U.format("") + P.format(""), U.format("") + P.format(",\n  author int" + FK), {(S, POSTS)}, id="foreign-key-on-a-new-all-null-column-reads-one-table"),
    pytest.param(U.format("") + P.format(FK), U.format("") + P.format(FK + " ON DELETE CASCADE"), {(S, POSTS), (S, USERS)}, id="foreign-key-action-changes"),
    pytest.param("CREATE TABLE t (id int, x int);\n", "CREATE TABLE t (id int PRIMARY KEY, x int);\n", {(S, "public.t")}, id="primary-key-added"),
    pytest.param(U.format(""), U.format("").replace("name text", "name text UNIQUE"), {(S, USERS)}, id="unique-constraint"),
    pytest.param(U.format("") + "CREATE INDEX users_ts ON users (ts);\n", U.format("").replace("ts timestamp", "ts timestamptz") + "CREATE INDEX users_ts ON users (ts);\n", {(R, USERS)}, id="indexed-timestamp-to-timestamptz-rewrites"),
    pytest.param(U.format("") + "CREATE INDEX users_name ON users (name);\n", U.format("").replace("name text", 'name text COLLATE "C"') + "CREATE INDEX users_name ON users (name);\n", {(S, USERS)}, id="collation-of-an-indexed-column"),
    # index builds and drops
    pytest.param(U.format(""), U.format("") + "CREATE INDEX users_name ON users (name);\n", {(IX, USERS)}, id="create-index"),
    pytest.param(U.format(""), U.format("") + "CREATE UNIQUE INDEX users_name ON users (lower(name));\n", {(IX, USERS)}, id="create-unique-expression-index"),
    pytest.param(U.format(""), U.format("") + "CREATE INDEX ON users (name) WHERE name IS NOT NULL;\n", {(IX, USERS)}, id="create-partial-unnamed-index"),
    pytest.param(U.format("") + "CREATE INDEX users_name ON users (name);\n", U.format(""), {(IX, USERS)}, id="drop-index"),
    pytest.param(U.format("") + "CREATE INDEX users_name ON users (name);\n", U.format("") + "CREATE INDEX users_name ON users (name, ts);\n", {(IX, USERS)}, id="index-gains-a-column"),
    pytest.param(U.format(""), U.format(",\n  bio text") + "CREATE INDEX users_bio ON users (bio);\n", {(IX, USERS)}, id="index-on-a-column-added-in-the-change"),
    # safe
    pytest.param(U.format(""), U.format("").replace("varchar(50)", "varchar(100)"), set(), id="varchar-widens"),
    pytest.param(U.format(""), U.format("").replace("varchar(50)", "text"), set(), id="varchar-to-text"),
    pytest.param(U.format(""), U.format("").replace("name text", "name varchar"), set(), id="text-to-unbounded-varchar"),
    pytest.param(U.format(",\n  n numeric(10,2)"), U.format(",\n  n numeric(12,2)"), set(), id="numeric-widens"),
    pytest.param(U.format(",\n  t timestamp(3)"), U.format(",\n  t timestamp(6)"), set(), id="more-fractional-digits"),
    pytest.param(U.format(""), U.format(",\n  bio text"), set(), id="nullable-column"),
    pytest.param(U.format(""), U.format(",\n  state text NOT NULL DEFAULT 'new'"), set(), id="constant-default"),
    pytest.param(U.format(""), U.format(",\n  at timestamptz NOT NULL DEFAULT now()"), set(), id="now-default"),
    pytest.param(U.format(""), U.format(",\n  CHECK (length(name) > 0)").replace("CHECK", "CONSTRAINT c CHECK").replace(")\n);", ")\n);").replace("CONSTRAINT c CHECK (length(name) > 0)", "CONSTRAINT c CHECK (length(name) > 0) NOT VALID"), set(), id="check-not-valid"),
    pytest.param(U.format("") + "ALTER TABLE users ADD CONSTRAINT c CHECK (length(name) > 0) NOT VALID;\n", U.format(",\n  CONSTRAINT c CHECK (length(name) > 0)"), set(), id="validate-constraint"),
    pytest.param(U.format("") + P.format(""), U.format("") + P.format("") + "ALTER TABLE posts ADD CONSTRAINT f FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n", set(), id="foreign-key-not-valid"),
    pytest.param(U.format(""), U.format("") + "CREATE TABLE tags (id int PRIMARY KEY, user_id int" + FK + ", CHECK (id > 0));\nCREATE INDEX tags_user ON tags (user_id);\n", set(), id="new-table-with-its-index-and-a-key-to-an-existing-one"),
    pytest.param("CREATE TYPE mood AS ENUM ('a');\n" + U.format(""), "CREATE TYPE mood AS ENUM ('a', 'b');\n" + U.format(""), set(), id="enum-add-value"),
    pytest.param(U.format(",\n  bio text"), U.format(""), set(), id="drop-column"),
    pytest.param(U.format("") + P.format(""), U.format(""), set(), id="drop-table"),
    pytest.param(U.format(",\n  bio text"), U.format(",\n  -- atlas:renamed_from bio\n  about text"), set(), id="column-renamed"),
    pytest.param(U.format(""), "-- atlas:renamed_from users\n" + U.format("").replace("users", "members"), set(), id="table-renamed"),
    pytest.param(U.format(",\n  bio text"), U.format(",\n  bio text DEFAULT ''"), set(), id="default-changes"),
    pytest.param(U.format("") + "CREATE INDEX a ON users (name);\n", U.format("") + "CREATE INDEX b ON users (name);\n", set(), id="index-renamed"),
    pytest.param(U.format("") + "CREATE INDEX a ON users (name);\n", U.format("") + "CREATE INDEX a ON public.users USING btree (name);\n", set(), id="index-spelled-as-pg-dump-writes-it"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after", "expected"), CASES)
def test_hazards(before: str, after: str, expected: set[tuple[str, str]]) -> None:
    assert found(before, after) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (("int4", (), 0), ("int8", (), 0), (True, True)),
        (("varchar", (10,), 0), ("varchar", (20,), 0), (False, False)),
        (("varchar", (10,), 0), ("varchar", (), 0), (False, False)),
        (("varchar", (), 0), ("varchar", (10,), 0), (True, False)),
        (("text", (), 0), ("citext", (), 0), (False, True)),
        (("cidr", (), 0), ("inet", (), 0), (False, True)),
        (("numeric", (10, 2), 0), ("numeric", (), 0), (False, False)),
        (("numeric", (), 0), ("numeric", (10, 2), 0), (True, True)),
        (("interval", (), 0), ("interval", (32767, 3), 0), (True, False)),
        (("bpchar", (5,), 0), ("bpchar", (10,), 0), (True, True)),
    ],
)
def test_what_a_type_change_does_to_the_file(old, new, expected) -> None:
    assert rewrites(old, new) == expected


@pytest.mark.parametrize(
    ("timezone", "version", "expected"),
    [("America/New_York", 15, True), ("UTC", 15, False), ("UTC", 11, True), (None, 18, True)],
)
def test_timestamptz_keeps_the_file_only_under_utc_from_12(timezone, version, expected) -> None:
    policy = Policy(timezone=timezone, version=version)
    assert rewrites(("timestamp", (), 0), ("timestamptz", (), 0), policy=policy)[0] is expected


def test_facts_that_differ_by_major_version() -> None:
    assert SINCE == {
        "fast_default": 11,
        "not_null_by_check": 12,
        "timestamptz_in_utc": 12,
        "virtual_generated": 18,
        "not_null_not_valid": 18,
    }
    before, after = U.format(""), U.format(",\n  state text DEFAULT 'new'")
    assert found(before, after, Policy(version=10)) == {(R, USERS)}
    assert found(before, after, Policy(version=11)) == set()
    checked = U.format(",\n  CHECK (name IS NOT NULL)")
    not_null = checked.replace("name text", "name text NOT NULL")
    assert found(checked, not_null, Policy(version=11)) == {(S, USERS)}
    assert found(checked, not_null, Policy(version=12)) == set()
    virtual = U.format(",\n  len int GENERATED ALWAYS AS (length(name)) VIRTUAL")
    assert found(U.format(""), virtual, Policy(version=18)) == set()
    assert found(U.format(""), virtual, Policy(version=17)) == {(R, USERS)}


def test_the_concurrent_index_policy_and_skips_leave_out_what_atlas_does_not_run() -> None:
    index = U.format("") + "CREATE INDEX users_name ON users (name);\n"
    assert found(U.format(""), index, Policy(concurrent_create=True)) == set()
    assert found(U.format(""), index, Policy(concurrent_drop=True)) == {(IX, USERS)}
    assert found(index, U.format(""), Policy(concurrent_drop=True)) == set()
    assert found(index, U.format(""), Policy(skip=frozenset({"drop_index"}))) == set()
    assert found(U.format(""), index, Policy(skip=frozenset({"drop_index"}))) == {(IX, USERS)}
    wider = U.format("").replace("id int", "id bigint")
    assert found(U.format(""), wider, Policy(skip=frozenset({"modify_column"}))) == set()
    assert found(U.format(""), wider, Policy(skip=frozenset({"modify_table"}))) == set()
    assert found(U.format(""), wider, Policy(skip=frozenset({"drop_table"}))) == {(R, USERS)}


ATLAS_HCL = """
diff {
  concurrent_index {
    create = true
  }
}
env "local" {
  src = "file://schema.sql"
  dev = "docker://postgres/15/dev"
}
env "production" {
  src = "file://schema.sql"
  url = getenv("DATABASE_URL")
  dev = "docker://pgvector/pg17/dev"
  diff {
    concurrent_index {
      add  = true
      drop = true
    }
    skip {
      drop_table  = true
      drop_index  = !var.destructive
    }
  }
}
env "other" {
  src = "file://other.sql"
}
"""


def test_the_env_policy_is_read_from_atlas_hcl() -> None:
    found_ = applied_policies("db/atlas.hcl", ATLAS_HCL)
    assert sorted(found_) == ["db/other.sql", "db/schema.sql"]
    local, production = found_["db/schema.sql"]
    assert (local.name, local.concurrent_create, local.concurrent_drop, local.version) == (
        "local",
        True,
        False,
        15,
    )
    assert (production.concurrent_create, production.concurrent_drop) == (True, True)
    assert production.skip == {"drop_table"}  # an expression is not a literal true
    assert production.version == 17
    assert production.env == 'env "production" of db/atlas.hcl'
    (other,) = found_["db/other.sql"]
    assert (other.concurrent_create, other.version) == (True, None)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("docker://postgres/15/dev", 15),
        ("docker://postgres/16-alpine/dev?search_path=public", 16),
        ("docker://postgis/16-3.4/dev", 16),
        ("docker://pgvector/pg17/dev", 17),
        ("docker://postgres", None),
        ("postgres://localhost:5432/dev", None),
        ("docker://mysql/8/dev", None),
    ],
)
def test_the_major_version_comes_from_the_dev_url(url, expected) -> None:
    assert major_version(url) == expected


@pytest.mark.parametrize(
    ("large", "errors", "table", "expected"),
    [
        ((), False, "public.orders", "warning"),
        (("orders",), False, "public.orders", "error"),
        (("orders",), False, "billing.orders", "error"),
        (("public.orders",), False, "billing.orders", "warning"),
        (("billing.*",), False, "billing.invoices", "error"),
        (("billing.*",), False, "public.invoices", "warning"),
        (("Orders",), False, "public.orders", "error"),
        ((), True, "public.anything", "error"),
    ],
)
def test_large_tables_make_their_hazards_errors(large, errors, table, expected) -> None:
    assert HazardSettings(list, large=large, errors=errors).severity(table) == expected


def test_a_finding_names_the_statement_the_lock_the_env_and_the_way_out() -> None:
    before, after = U.format(""), U.format("").replace("id int", "id bigint")
    settings = HazardSettings(
        lambda: [Policy(env='env "production" of atlas.hcl', concurrent_create=True)],
        large=("users",),
    )
    (v,) = lint_sources(
        [("s.sql", after)], [("s.sql", before)], blame="s.sql", hazard_settings=settings
    )
    assert (v.code, v.severity, v.line) == ("AF651", "error", 2)
    assert "table public.users is rewritten under ACCESS EXCLUSIVE" in v.message
    assert 'ALTER TABLE "public"."users" ALTER COLUMN "id" TYPE' in v.message
    assert 'judged by env "production" of atlas.hcl' in v.message
    assert v.hint.startswith("expand/contract")
    assert v.hint.endswith("-- atlas-first:allow AF651 public.users")
    (w,) = lint_sources([("s.sql", after)], [("s.sql", before)], blame="s.sql")
    assert w.severity == "warning"
    assert "judged by Atlas's defaults" in w.message


def test_the_policies_are_read_only_when_atlas_defaults_find_a_hazard() -> None:
    asked: list[int] = []

    def policies() -> list[Policy]:
        asked.append(1)
        return [Policy(env="env", concurrent_create=True)]

    same = U.format("")
    settings = HazardSettings(policies)
    assert (
        lint_sources(
            [("s.sql", same + "-- x\n")], [("s.sql", same)], blame="s.sql", hazard_settings=settings
        )
        == []
    )
    assert asked == []
    index = same + "CREATE INDEX users_name ON users (name);\n"
    assert (
        lint_sources([("s.sql", index)], [("s.sql", same)], blame="s.sql", hazard_settings=settings)
        == []
    )
    assert asked == [1]


@pytest.mark.parametrize("name", ["public.users", "users"])
def test_the_directive_accepts_one_code_on_one_table(name) -> None:
    before = U.format("")
    after = f"-- atlas-first:allow AF651 {name}\n" + U.format("").replace("id int", "id bigint")
    assert lint_sources([("s.sql", after)], [("s.sql", before)], blame="s.sql") == []
    other = after.replace("AF651", "AF652")
    codes = [v.code for v in lint_sources([("s.sql", other)], [("s.sql", before)], blame="s.sql")]
    assert codes == ["AF651", "AF609"]


def _repo_with_schema(repo, atlas_hcl: str | None, config: str = "") -> None:
    repo.write(
        ".atlas-first.toml", 'sources = ["db/schema.sql"]\ngenerated = ["db/gen/"]\n' + config
    )
    repo.write("db/schema.sql", U.format(""))
    if atlas_hcl is not None:
        repo.write("db/atlas.hcl", atlas_hcl)
    repo.add()
    repo.commit("schema")


PRODUCTION = """env "production" {
  src = "file://schema.sql"
  url = getenv("DATABASE_URL")
  dev = "docker://postgres/17/dev"
  diff {
    concurrent_index {
      create = true
    }
    skip {
      drop_schema = true
      drop_table  = true
    }
  }
}
env "local" {
  src = "file://schema.sql"
  dev = "docker://postgres/17/dev"
}
"""


@pytest.mark.parametrize(
    ("atlas_hcl", "config", "expected", "exit_code"),
    [
        pytest.param(None, "", "(warning) an index of public.users is built", 0, id="no-env"),
        pytest.param(PRODUCTION, "", None, 0, id="production-builds-concurrently"),
        pytest.param(
            PRODUCTION.replace("create = true", "create = false"),
            "",
            'judged by env "production" of db/atlas.hcl',
            0,
            id="production-does-not",
        ),
        pytest.param(
            PRODUCTION,
            'protected-envs = ["local"]\nrequired-skips = []\n',
            'judged by env "local" of db/atlas.hcl',
            0,
            id="the-protected-env-judges",
        ),
        pytest.param(
            None, 'large-tables = ["users"]\n', "AF653 an index of public.users", 1, id="large"
        ),
        pytest.param(
            None, 'hazards = "error"\n', "AF653 an index of public.users", 1, id="all-errors"
        ),
        pytest.param(
            None,
            '[[database]]\nsources = ["db/schema.sql"]\ngenerated = ["db/gen/"]\nlarge-tables = ["users"]\n',
            "AF653 an index of public.users",
            1,
            id="large-in-a-database-table",
        ),
    ],
)
def test_check_judges_by_the_env_that_applies_the_source(
    repo, capsys, atlas_hcl, config, expected, exit_code
) -> None:
    from hooks.cli import main

    if config.startswith("[[database]]"):
        repo.write(".atlas-first.toml", config)
        repo.write("db/schema.sql", U.format(""))
        repo.add()
        repo.commit("schema")
    else:
        _repo_with_schema(repo, atlas_hcl, config)
    repo.stage("db/schema.sql", U.format("") + "CREATE INDEX users_name ON users (name);\n")
    assert main(["check"]) == exit_code
    out = capsys.readouterr().out
    if expected is None:
        assert "AF653" not in out
    else:
        assert "db/schema.sql:7:1: AF653" in out
        assert expected in out
    base = repo.head()
    repo.commit("index")
    assert main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == exit_code
    assert ("AF653" in capsys.readouterr().out) is (expected is not None)
    assert main(["check", "--all-files"]) == 0  # no "before": syntax only


def test_a_config_with_a_wrong_hazards_value_is_exit_2(repo, capsys) -> None:
    from hooks.cli import main

    _repo_with_schema(repo, None, 'hazards = "fatal"\n')
    assert main(["check"]) == 2
    assert "'hazards' must be \"warning\" or \"error\", not 'fatal'" in capsys.readouterr().err


# Found by replaying real histories (listmonk, openstreetmap-website, danbooru, lago-api),
# each measured on PostgreSQL 15 (relfilenode of the table and of each index).
REPLAYED = [
    pytest.param("CREATE TABLE u (id int PRIMARY KEY, email varchar(50));\nCREATE INDEX u_lower ON u (lower(email));\n", "CREATE TABLE u (id int PRIMARY KEY, email varchar(100));\nCREATE INDEX u_lower ON u (lower(email));\n", {(S, "public.u")}, id="wider-varchar-rebuilds-an-expression-index"),
    pytest.param("CREATE TABLE u (id int PRIMARY KEY, email varchar);\nCREATE INDEX u_lower ON u (lower(email));\n", "CREATE TABLE u (id int PRIMARY KEY, email text);\nCREATE INDEX u_lower ON u (lower(email));\n", {(S, "public.u")}, id="varchar-to-text-rebuilds-an-expression-index"),
    pytest.param("CREATE TABLE u (id int PRIMARY KEY, email varchar);\nCREATE INDEX u_part ON u (id) WHERE email IS NOT NULL;\n", "CREATE TABLE u (id int PRIMARY KEY, email text);\nCREATE INDEX u_part ON u (id) WHERE email IS NOT NULL;\n", {(S, "public.u")}, id="varchar-to-text-rebuilds-a-partial-index"),
    pytest.param("CREATE TABLE u (id int PRIMARY KEY, ts timestamp(0));\nCREATE INDEX u_d ON u ((ts::date));\n", "CREATE TABLE u (id int PRIMARY KEY, ts timestamp(6));\nCREATE INDEX u_d ON u ((ts::date));\n", {(S, "public.u")}, id="more-digits-rebuild-an-expression-index"),
    pytest.param("CREATE TABLE u (id int PRIMARY KEY, email varchar);\nCREATE INDEX u_email ON u (email);\n", "CREATE TABLE u (id int PRIMARY KEY, email text);\nCREATE INDEX u_email ON u (email);\n", set(), id="varchar-to-text-keeps-a-plain-index"),
    pytest.param("CREATE TABLE r (id int PRIMARY KEY, during tsrange);\n", "CREATE TABLE r (id int PRIMARY KEY, during tsrange);\nALTER TABLE ONLY r ADD CONSTRAINT r_excl EXCLUDE USING gist (during WITH &&);\n", {(S, "public.r")}, id="exclude-constraint"),
    pytest.param("CREATE TABLE r (id int PRIMARY KEY, during tsrange);\n", "CREATE TABLE r (id int PRIMARY KEY, during tsrange, EXCLUDE USING gist (during WITH &&));\n", {(S, "public.r")}, id="inline-exclude-constraint"),
    pytest.param("CREATE TABLE o (id int PRIMARY KEY, x uuid);\nCREATE INDEX o_x ON o (x);\n", "CREATE TABLE o (id int PRIMARY KEY);\n", set(), id="an-index-dropped-with-its-column"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after", "expected"), REPLAYED)
def test_what_replaying_real_histories_found(before, after, expected) -> None:
    assert found(before, after) == expected


B = "CREATE TABLE users (id int PRIMARY KEY, n text, e varchar(100));\n"

# Found by the independent tester: one definition, two spellings (as written by hand and as
# pg_dump writes it back); Atlas compares what the dev database reads back: no change.
SPELLED_TWICE = [
    pytest.param("CREATE INDEX users_n_idx ON users (n);", "CREATE INDEX users_n_idx ON users (n ASC NULLS LAST);", id="asc-nulls-last"),
    pytest.param("CREATE INDEX i ON users (n DESC);", "CREATE INDEX i ON users (n DESC NULLS FIRST);", id="desc-nulls-first"),
    pytest.param("CREATE INDEX ON users (n);", "CREATE INDEX users_n_idx ON users (n);", id="unnamed-then-named"),
    pytest.param("CREATE INDEX ON users (lower(n));", "CREATE INDEX users_lower_idx ON users (lower(n));", id="unnamed-expression-then-named"),
    pytest.param("CREATE INDEX i ON users (n) WITH (fillfactor=90);", "CREATE INDEX i ON public.users USING btree (n) WITH (fillfactor='90');", id="option-as-number-and-string"),
    pytest.param("CREATE UNIQUE INDEX u ON users (lower(e));", "CREATE UNIQUE INDEX u ON public.users USING btree (lower((e)::text));", id="pg-dump-cast-in-expression"),
    pytest.param("CREATE INDEX g ON users USING gin (to_tsvector('english', n));", "CREATE INDEX g ON public.users USING gin (to_tsvector('english'::regconfig, n));", id="regconfig-cast"),
    pytest.param("CREATE INDEX p ON users (e) WHERE e <> '';", "CREATE INDEX p ON public.users USING btree (e) WHERE ((e)::text <> ''::text);", id="partial-with-casts"),
    pytest.param("CREATE INDEX p ON users (n) WHERE n IN ('a', 'b');", "CREATE INDEX p ON public.users USING btree (n) WHERE (n = ANY (ARRAY['a'::text, 'b'::text]));", id="in-list-as-any-array"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after"), SPELLED_TWICE)
def test_one_index_spelled_two_ways_is_no_change(before, after) -> None:
    old, new = B + before + "\n", B + after + "\n"
    assert lint_sources([("s.sql", new)], [("s.sql", old)], blame="s.sql") == []
    assert found(old, new) == set()


CHECKS_TWICE = [
    pytest.param("a text CHECK (a IN ('x', 'y'))", "a text, CONSTRAINT t_a_check CHECK ((a = ANY (ARRAY['x'::text, 'y'::text])))", id="in-list"),
    pytest.param("a varchar(5) CHECK (a <> '')", "a varchar(5), CHECK (((a)::text <> ''::text))", id="casts"),
    pytest.param("a int CHECK (a BETWEEN 1 AND 5)", "a int, CHECK (((a >= 1) AND (a <= 5)))", id="between"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after"), CHECKS_TWICE)
def test_one_check_spelled_two_ways_is_no_change(before, after) -> None:
    old = f"CREATE TABLE t (id int PRIMARY KEY, {before});\n"
    new = f"CREATE TABLE t (id int PRIMARY KEY, {after});\n"
    assert lint_sources([("s.sql", new)], [("s.sql", old)], blame="s.sql") == []


def test_a_foreign_key_to_a_table_means_its_primary_key() -> None:
    old = "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);\n"
    new = old.replace("REFERENCES a)", "REFERENCES a (id))")
    assert lint_sources([("s.sql", new)], [("s.sql", old)], blame="s.sql") == []
    other = "CREATE TABLE a (id int PRIMARY KEY, code int UNIQUE);\n" + old.split("\n", 1)[1]
    changed = other.replace("REFERENCES a)", "REFERENCES a (code))")
    codes = {v.code for v in lint_sources([("s.sql", changed)], [("s.sql", other)], blame="s.sql")}
    assert codes == {"AF635", "AF641", "AF652"}  # another key: a real change


def test_an_env_on_an_older_major_version_finds_what_the_default_does_not() -> None:
    before, after = U.format(""), U.format(",\n  n int NOT NULL DEFAULT 0")
    old_env = HazardSettings(lambda: [Policy(env="env prod", version=10)])
    (v,) = lint_sources(
        [("s.sql", after)], [("s.sql", before)], blame="s.sql", hazard_settings=old_env
    )
    assert (v.code, "PostgreSQL 10 writes it to every row" in v.message) == ("AF651", True)
    assert lint_sources([("s.sql", after)], [("s.sql", before)], blame="s.sql") == []


# Shaped after real commits of the replayed histories (each judged against the server):
# listmonk, openstreetmap-website (OSM), danbooru, lago-api. (commit: what it changed)
_CAMPAIGNS = "CREATE TABLE templates (id serial PRIMARY KEY, body text);\nCREATE TABLE campaigns (id serial PRIMARY KEY, name text NOT NULL, archive_template_id int{});\n"
_VOTES = "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE forum_post_votes (id {} PRIMARY KEY, creator_id bigint NOT NULL REFERENCES users (id));\n"
_NONCES = 'CREATE TABLE oauth_nonces (id {} NOT NULL, nonce varchar(255), "timestamp" int);\nCREATE UNIQUE INDEX index_oauth_nonces_on_nonce_and_timestamp ON oauth_nonces (nonce, "timestamp");\n'
_MEMBERS = "CREATE TABLE relation_members (relation_id bigint NOT NULL, member_type text NOT NULL, member_id bigint NOT NULL, sequence_id int NOT NULL DEFAULT 0{});\n"
REAL = [
    pytest.param(_CAMPAIGNS.format(""), _CAMPAIGNS.format(" REFERENCES templates (id) ON DELETE SET NULL"), {(S, "public.campaigns"), (S, "public.templates")}, id="listmonk-9add728b08-foreign-key-added"),
    pytest.param(_CAMPAIGNS.format(" REFERENCES templates (id) ON DELETE SET NULL"), _CAMPAIGNS.format(" REFERENCES templates (id) ON DELETE CASCADE"), {(S, "public.campaigns"), (S, "public.templates")}, id="listmonk-5477c169fd-on-delete-changes"),
    pytest.param("CREATE TABLE link_clicks (campaign_id int, link_id int, created_at timestamptz DEFAULT now());\n", "CREATE TABLE link_clicks (id BIGSERIAL PRIMARY KEY, campaign_id int, link_id int, created_at timestamptz DEFAULT now());\n", {(R, "public.link_clicks")}, id="listmonk-4b127f1eda-bigserial-key-added"),
    pytest.param("CREATE TABLE link_clicks (id bigserial PRIMARY KEY, link_id int);\n", "CREATE TABLE link_clicks (id bigserial PRIMARY KEY, link_id int NOT NULL);\n", {(S, "public.link_clicks")}, id="listmonk-a1aeba22bb-set-not-null"),
    pytest.param(_NONCES.format("integer"), _NONCES.format("bigint"), {(R, "public.oauth_nonces")}, id="osm-384ac46102-id-to-bigint"),
    pytest.param(_MEMBERS.format(""), _MEMBERS.format(",\n  PRIMARY KEY (relation_id, member_type, member_id, sequence_id)"), {(S, "public.relation_members")}, id="osm-6e28c5fe19-primary-key-added"),
    pytest.param(_VOTES.format("integer"), _VOTES.format("bigint"), {(R, "public.forum_post_votes")}, id="danbooru-bfe2eabc6d-id-to-bigint"),
    pytest.param("CREATE TABLE login_sessions (id bigint PRIMARY KEY, login_id uuid UNIQUE);\nCREATE TABLE user_events (id bigint PRIMARY KEY, login_session_id bigint REFERENCES login_sessions (id));\n", "CREATE TABLE login_sessions (id bigint PRIMARY KEY, login_id uuid UNIQUE);\nCREATE TABLE user_events (id bigint PRIMARY KEY, login_session_id uuid REFERENCES login_sessions (login_id));\n", {(R, "public.user_events"), (S, "public.login_sessions")}, id="danbooru-e377647fcc-key-to-uuid"),
    pytest.param("CREATE TABLE plans (id uuid PRIMARY KEY, amount_cents bigint NOT NULL, \"interval\" int NOT NULL);\n", "CREATE TABLE plans (id uuid PRIMARY KEY, amount_cents bigint NOT NULL, \"interval\" int NOT NULL, CONSTRAINT check_amount CHECK (amount_cents >= 0));\n", {(S, "public.plans")}, id="lago-d3811a61bb-check-added"),
    pytest.param("CREATE TABLE coupons (id uuid PRIMARY KEY, code varchar);\n", "CREATE TABLE coupons (id uuid PRIMARY KEY, code varchar NOT NULL);\n", {(S, "public.coupons")}, id="lago-4266c3d3b4-set-not-null"),
    # correctly silent
    pytest.param("CREATE TABLE pools (id serial PRIMARY KEY, name varchar NOT NULL);\nCREATE INDEX index_pools_on_name ON pools (name);\n", "CREATE TABLE pools (id serial PRIMARY KEY, name text NOT NULL);\nCREATE INDEX index_pools_on_name ON pools (name);\n", set(), id="danbooru-91fca27126-varchar-to-text-plain-index"),
    pytest.param("CREATE TABLE notes (id bigint PRIMARY KEY, created_at timestamp without time zone NOT NULL);\n", "CREATE TABLE notes (id bigint PRIMARY KEY, created_at timestamp(6) without time zone NOT NULL);\n", set(), id="osm-22e56a9f36-timestamp-to-timestamp-6"),
    pytest.param("CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE notes (id bigint PRIMARY KEY, author_id bigint);\nALTER TABLE ONLY notes ADD CONSTRAINT notes_author_id_fkey FOREIGN KEY (author_id) REFERENCES users(id) NOT VALID;\n", "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE notes (id bigint PRIMARY KEY, author_id bigint);\nALTER TABLE ONLY notes ADD CONSTRAINT notes_author_id_fkey FOREIGN KEY (author_id) REFERENCES users(id);\n", set(), id="osm-8809e1fd08-foreign-key-validated"),
    pytest.param("CREATE TABLE subscribers (id serial PRIMARY KEY, name text NOT NULL);\n", "CREATE TABLE subscribers (id serial PRIMARY KEY, name text);\n", set(), id="listmonk-b8ae4f6f9e-drop-not-null"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after", "expected"), REAL)
def test_real_histories(before, after, expected) -> None:
    assert found(before, after) == expected


@pytest.mark.parametrize(
    "diff",
    [
        'diff "x" {\n    concurrent_index {\n      create = true\n    }\n  }',
        'diff {\n    concurrent_index "x" {\n      create = true\n    }\n  }',
        "diff {\n    concurrent_index = true\n  }",
        'diff {\n    concurrent_index {\n      create = "true"\n    }\n  }',
        "diff {\n    concurrent_index {\n      create = var.concurrent\n    }\n  }",
    ],
    ids=["labeled-diff", "labeled-concurrent-index", "attribute", "string", "variable-no-default"],
)
def test_a_policy_this_reader_cannot_be_sure_of_is_unset(diff) -> None:
    text = f'variable "concurrent" {{\n  type = bool\n}}\nenv "production" {{\n  src = "file://schema.sql"\n  {diff}\n}}\n'
    (policy,) = applied_policies("atlas.hcl", text)["schema.sql"]
    assert (policy.concurrent_create, policy.concurrent_drop) == (False, False)


_NOT_VALID_FK = (
    "ALTER TABLE posts ADD CONSTRAINT f FOREIGN KEY (user_id) REFERENCES users (id){} NOT VALID;\n"
)
EDGES = [
    pytest.param(U.format(",\n  i interval"), U.format(",\n  i interval HOUR"), Policy(), {(R, USERS)}, id="interval-fields-change"),
    pytest.param(U.format(""), U.format("") + "-- atlas:renamed_from users\n" + U.format("").replace("users", "members"), Policy(), set(), id="a-rename-whose-source-stays-is-a-new-table"),
    pytest.param(U.format("") + "ALTER TABLE users ADD CONSTRAINT n NOT NULL name NOT VALID;\n", U.format("").replace("name text", "name text NOT NULL"), Policy(version=18), set(), id="not-null-not-valid-validated-on-18"),
    pytest.param(U.format("") + "ALTER TABLE users ADD CONSTRAINT n NOT NULL name NOT VALID;\n", U.format("").replace("name text", "name text NOT NULL"), Policy(version=17), {(S, USERS)}, id="not-null-not-valid-is-18-syntax"),
    pytest.param(U.format(""), U.format(",\n  l int GENERATED ALWAYS AS (length(name)) STORED"), Policy(version=18), {(R, USERS)}, id="stored-generated-on-18"),
    pytest.param(U.format(",\n  EXCLUDE USING gist (v WITH =)") + "CREATE INDEX users_name ON users (name);\n", U.format(""), Policy(), set(), id="exclusion-dropped-with-its-index"),
    pytest.param(U.format(",\n  UNIQUE (v)") + "CREATE INDEX users_name ON users (name);\n", U.format(""), Policy(), set(), id="unique-dropped-with-an-index"),
    pytest.param(U.format("") + P.format("") + _NOT_VALID_FK.format(" ON DELETE CASCADE"), U.format("") + P.format("") + _NOT_VALID_FK.format(""), Policy(), set(), id="a-not-valid-key-changes-its-actions"),
    pytest.param(U.format(""), U.format(",\n  n int DEFAULT 0"), Policy(version=10), {(R, USERS)}, id="a-default-before-11"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after", "policy", "expected"), EDGES)
def test_edges(before, after, policy, expected) -> None:
    assert found(before, after, policy) == expected


_USERS_IN = "CREATE SCHEMA {s};\nCREATE TABLE {s}.users (\n  id int PRIMARY KEY,\n  name text\n);\n"
_MEMBERS = "CREATE SCHEMA {s};\n-- atlas:renamed_from users\nCREATE TABLE {s}.members (\n  id int PRIMARY KEY,\n  name text\n);\nCREATE INDEX members_name ON {s}.members (name);\n"
PAIRINGS = [
    pytest.param(U.format(""), "-- atlas:renamed_from users\n" + U.format("").replace("users", "members") + "CREATE INDEX m ON members (name);\n", {"AF645"}, {(IX, "public.members")}, id="renamed-in-its-schema"),
    pytest.param(_USERS_IN.format(s="a"), _MEMBERS.format(s="b"), {"AF611", "AF645"}, {(IX, "b.members")}, id="renamed-from-another-schema"),
    pytest.param(U.format(""), "-- atlas:renamed_from users\n" + U.format("").replace("users", "members") + "-- atlas:renamed_from users\n" + U.format("").replace("users", "people") + "CREATE INDEX p ON people (name);\n", {"AF645"}, set(), id="the-second-table-declaring-one-source-is-new"),
    pytest.param(U.format(""), U.format("").replace("users", "members") + "CREATE INDEX m ON members (name);\n", {"AF613"}, set(), id="an-undeclared-rename-is-a-new-table"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after", "codes", "expected"), PAIRINGS)
def test_the_lint_and_the_hazards_pair_tables_alike(before, after, codes, expected) -> None:
    """A table the data-loss rules call renamed (AF645) is one with rows to the hazards."""
    lint = lint_sources([("s.sql", after)], [("s.sql", before)], blame="s.sql")
    assert {v.code for v in lint} - {IX, R, S} == codes
    assert found(before, after) == expected


def test_a_default_pg_dump_writes_as_nextval_is_volatile() -> None:
    after = U.format(",\n  n integer DEFAULT nextval('users_n_seq'::regclass)")
    assert found(U.format(""), after) == {(R, USERS)}


_BUS = "CREATE TABLE message_bus (id bigint PRIMARY KEY, channel text{} NOT NULL);\nCREATE INDEX message_bus_channel ON message_bus USING btree (channel, id);\n"
_EVENTS_DUMP = """CREATE TABLE public.events (id bigint NOT NULL, occurred_at timestamptz NOT NULL, kind text NOT NULL) PARTITION BY RANGE (occurred_at);
CREATE TABLE public.events_2024 (id bigint NOT NULL, occurred_at timestamptz NOT NULL, kind text NOT NULL);
ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
ALTER TABLE ONLY public.events ADD CONSTRAINT events_pkey PRIMARY KEY (id, occurred_at);
ALTER TABLE ONLY public.events_2024 ADD CONSTRAINT events_2024_pkey PRIMARY KEY (id, occurred_at);
CREATE INDEX events_kind_idx ON ONLY public.events USING btree (kind);
CREATE INDEX events_2024_kind_idx ON public.events_2024 USING btree (kind);
ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_pkey;
ALTER INDEX public.events_kind_idx ATTACH PARTITION public.events_2024_kind_idx;
"""
_EVENTS_HAND = """CREATE TABLE events (id bigint NOT NULL, occurred_at timestamptz NOT NULL, kind text NOT NULL, PRIMARY KEY (id, occurred_at)) PARTITION BY RANGE (occurred_at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_kind_idx ON events (kind);
"""
# Found by the second independent tester (pgAdmin's DDL, pg_dump's partitions, real dumps).
SECOND_TESTER = [
    pytest.param(_BUS.format(""), _BUS.format(' COLLATE pg_catalog."default"'), set(), id="collate-default-is-the-types-own"),
    pytest.param(_BUS.format(""), _BUS.format(' COLLATE "default"'), set(), id="collate-quoted-default"),
    pytest.param(_BUS.format(""), _BUS.format("").replace("(channel, id);", '(channel COLLATE pg_catalog."default" ASC NULLS LAST, id ASC NULLS LAST) TABLESPACE pg_default;'), set(), id="pgadmin-index"),
    pytest.param(_BUS.format(""), _BUS.format("").replace("(channel, id)", "(channel text_ops, id int8_ops)"), set(), id="default-operator-classes"),
    pytest.param(_BUS.format(""), _BUS.format("").replace("(channel, id);", "(channel, id) WITH (fillfactor='90', deduplicate_items='on');"), set(), id="storage-options-are-no-rebuild"),
    pytest.param(_BUS.format(""), _BUS.format("").replace("(channel, id)", "(channel text_pattern_ops, id)"), {(IX, "public.message_bus")}, id="another-operator-class-is-a-new-index"),
    pytest.param(_EVENTS_DUMP, _EVENTS_HAND, set(), id="partitions-dumped-then-written-by-hand"),
    pytest.param(_EVENTS_HAND, _EVENTS_DUMP, set(), id="partitions-written-by-hand-then-dumped"),
    pytest.param("CREATE TABLE t (id bigint PRIMARY KEY, a text, g text GENERATED ALWAYS AS (lower(a)) STORED);\n", "CREATE TABLE t (id bigint PRIMARY KEY, a text, g text GENERATED ALWAYS AS (upper(a)) STORED);\n", {(R, "public.t")}, id="generation-expression-changes"),
    pytest.param("CREATE TABLE t (id bigint PRIMARY KEY, a text, g text);\n", "CREATE TABLE t (id bigint PRIMARY KEY, a text, g text GENERATED ALWAYS AS (lower(a)) STORED);\n", {(R, "public.t")}, id="a-column-becomes-generated"),
    pytest.param("CREATE TABLE t (id bigint PRIMARY KEY, a text, g text GENERATED ALWAYS AS (lower(a)) STORED);\n", "CREATE TABLE t (id bigint PRIMARY KEY, a text, g text GENERATED ALWAYS AS (lower((a)::text)) STORED);\n", set(), id="generation-expression-spelled-otherwise"),
    pytest.param("CREATE DOMAIN email AS text;\nCREATE TABLE p (id int PRIMARY KEY, e email);\n", "CREATE DOMAIN email AS text CHECK (VALUE ~ '@');\nCREATE TABLE p (id int PRIMARY KEY, e email);\n", {(S, "public.p")}, id="a-domain-gains-a-check"),
    pytest.param("CREATE DOMAIN email AS text CHECK (VALUE ~ '@');\nCREATE TABLE p (id int PRIMARY KEY, e email);\n", "CREATE DOMAIN email AS text CONSTRAINT email_check CHECK (VALUE ~ '@');\nCREATE TABLE p (id int PRIMARY KEY, e email);\n", set(), id="a-domain-check-named"),
    pytest.param("CREATE TABLE tenants (id int PRIMARY KEY, endpoint text);\nCREATE UNIQUE INDEX tenants_endpoint_idx ON tenants (endpoint);\n", "CREATE TABLE tenants (id int PRIMARY KEY, endpoint text);\nCREATE UNIQUE INDEX tenants_endpoint_idx ON tenants (endpoint);\nALTER TABLE tenants ADD CONSTRAINT k UNIQUE USING INDEX tenants_endpoint_idx;\n", set(), id="unique-using-an-existing-index"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after", "expected"), SECOND_TESTER)
def test_what_the_second_tester_found(before, after, expected) -> None:
    assert found(before, after) == expected


@pytest.mark.parametrize(
    ("before", "after"), [(_EVENTS_DUMP, _EVENTS_HAND), (_EVENTS_HAND, _EVENTS_DUMP)]
)
def test_a_partition_dumped_or_written_by_hand_is_one_schema(before, after) -> None:
    assert lint_sources([("s.sql", after)], [("s.sql", before)], blame="s.sql") == []
