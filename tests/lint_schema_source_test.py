"""lint-schema-source (issue 11): the source of truth must parse, and data loss must be
deliberate. Each row: the old and new `schema.sql`, and the codes reported (a rule's "not
when" column is a row too)."""

from __future__ import annotations

import pytest

from hooks.cli import main as cli_main
from hooks.lint_schema_source import main as lint_main
from hooks.schema.data_loss import type_change
from hooks.schema.lint import lint

USERS = """
CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL,
  name text,
  age int,
  org_id int
);
"""


HAZARDS = ("AF651", "AF652", "AF653")


def codes(old: str | None, new: str) -> list[str]:
    """The data-loss codes (the lock and rewrite hazards, AF651-AF653, have their own table in
    tests/hazards_test.py)."""
    return [v.code for v in lint("schema.sql", old, new) if v.code not in HAZARDS]


def users(*, drop: str = "", add: str = "", replace: tuple[str, str] = ("", "")) -> str:
    text = USERS.replace(replace[0], replace[1]) if replace[0] else USERS
    if drop:
        text = "\n".join(ln for ln in text.split("\n") if not ln.strip().startswith(drop))
        text = text.replace("org_id int\n", "org_id int\n").replace(",\n);", "\n);")
    if add:
        text = text.replace("  org_id int\n", f"  org_id int,\n  {add}\n")
    return text


# The shape pg_dump --schema-only writes (our own content): SET lines, owners, sequences owned
# by columns, defaults and constraints as separate ALTER TABLE ONLY statements, comments.
PG_DUMP = """--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

CREATE TYPE public.role AS ENUM (
    'member',
    'admin'
);

ALTER TYPE public.role OWNER TO postgres;

SET default_tablespace = '';

CREATE TABLE public.accounts (
    id integer NOT NULL,
    email character varying(320) NOT NULL,
    role public.role DEFAULT 'member'::public.role NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.accounts OWNER TO postgres;

CREATE SEQUENCE public.accounts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.accounts_id_seq OWNED BY public.accounts.id;

CREATE TABLE public.sessions (
    token text NOT NULL,
    account_id integer NOT NULL,
    expires_at timestamp without time zone
);

ALTER TABLE ONLY public.accounts ALTER COLUMN id SET DEFAULT nextval('public.accounts_id_seq'::regclass);

ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_email_key UNIQUE (email);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (token);

CREATE INDEX sessions_account_idx ON public.sessions USING btree (account_id);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id) ON DELETE CASCADE;

COMMENT ON TABLE public.sessions IS 'login sessions';

--
-- PostgreSQL database dump complete
--
"""

# The same schema written by hand, as a team keeps it after the switch to Atlas.
HAND_WRITTEN = """
CREATE TYPE role AS ENUM ('member', 'admin');

CREATE TABLE accounts (
  id         serial PRIMARY KEY,
  email      varchar(320) NOT NULL UNIQUE,
  role       role NOT NULL DEFAULT 'member',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token      text PRIMARY KEY,
  account_id int NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  expires_at timestamp
);
CREATE INDEX sessions_account_idx ON sessions (account_id);
"""

CASES = [
    pytest.param(PG_DUMP, HAND_WRITTEN, [], id="pg-dump-and-hand-written-are-one-schema"),
    pytest.param(HAND_WRITTEN, PG_DUMP, [], id="hand-written-and-pg-dump-are-one-schema"),
    pytest.param(
        PG_DUMP,
        PG_DUMP.replace("    expires_at timestamp without time zone\n", "").replace(
            "account_id integer NOT NULL,", "account_id integer NOT NULL"
        ),
        ["AF614"],
        id="pg-dump-column-dropped",
    ),
    pytest.param(
        PG_DUMP,
        PG_DUMP.replace("'member',\n    'admin'", "'admin',\n    'member'"),
        ["AF617"],
        id="pg-dump-enum-reordered",
    ),
    # --- syntax ---------------------------------------------------------------------------
    pytest.param(USERS, "CREATE TABLE users (id int,, x int);", ["AF601"], id="AF601-syntax"),
    pytest.param(None, "CREATE TABLE t (id int);\nSELEC 1;", ["AF601"], id="AF601-new-file"),
    pytest.param(USERS, USERS + "\n-- a comment\n", [], id="comment-only"),
    # --- schemas and tables ---------------------------------------------------------------
    pytest.param(
        "CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id int);\n",
        "",
        ["AF611"],
        id="AF611-schema-gone-no-AF612-for-its-tables",
    ),
    pytest.param(USERS + "CREATE TABLE logs (id int);", USERS, ["AF612"], id="AF612-table-gone"),
    pytest.param(USERS, "", ["AF612"], id="AF612-file-emptied"),
    pytest.param(
        "CREATE TABLE people (id int, name text);",
        "CREATE TABLE persons (id int, name text);",
        ["AF613"],
        id="AF613-undeclared-table-rename",
    ),
    pytest.param(
        "CREATE TABLE people (id int, name text);",
        "-- atlas:renamed_from people\nCREATE TABLE persons (id int, name text);",
        ["AF645"],
        id="AF645-declared-table-rename",
    ),
    pytest.param(
        "CREATE TABLE Users (ID int);",
        'CREATE TABLE "users" ("id" integer);',
        [],
        id="case-folding-and-synonyms",
    ),
    pytest.param(
        'CREATE TABLE "Users" (id int);',
        "CREATE TABLE users (id int);",
        ["AF613"],
        id="quoted-mixed-case-is-its-own-table",
    ),
    # --- columns --------------------------------------------------------------------------
    pytest.param(USERS, users(drop="age"), ["AF614"], id="AF614-column-gone"),
    pytest.param(
        USERS,
        users(replace=("  age int,\n", ""), add="years bigint"),
        ["AF614"],
        id="AF614-gone-with-a-different-type-added",
    ),
    pytest.param(
        USERS,
        users(replace=("  age int,", "  years int,")),
        ["AF615"],
        id="AF615-undeclared-rename",
    ),
    pytest.param(
        USERS,
        users(replace=("  age int,", "  -- atlas:renamed_from age\n  years int,")),
        ["AF646"],
        id="AF646-declared-column-rename",
    ),
    pytest.param(
        USERS,
        users(replace=("  age int,", "  years int NOT NULL,")),
        ["AF615", "AF631"],
        id="undeclared-rename-target-is-still-new",
    ),
    # --- enums ------------------------------------------------------------------------------
    pytest.param(
        "CREATE TYPE status AS ENUM ('active', 'banned', 'gone');",
        "CREATE TYPE status AS ENUM ('active', 'gone');",
        ["AF616"],
        id="AF616-enum-value-gone",
    ),
    pytest.param(
        "CREATE TYPE status AS ENUM ('active', 'banned');",
        "CREATE TYPE status AS ENUM ('banned', 'active');",
        ["AF617"],
        id="AF617-enum-reordered",
    ),
    pytest.param(
        "CREATE TYPE status AS ENUM ('active', 'banned');",
        "CREATE TYPE status AS ENUM ('new', 'active', 'paused', 'banned', 'x');",
        [],
        id="enum-values-added-anywhere",
    ),
    pytest.param(
        "CREATE TYPE status AS ENUM ('a', 'b');",
        "CREATE TYPE status AS ENUM ('a');\nALTER TYPE status ADD VALUE 'b';",
        [],
        id="enum-add-value-statement",
    ),
    # --- type changes ------------------------------------------------------------------------
    pytest.param(
        USERS,
        users(replace=("varchar(255)", "varchar(100)")),
        ["AF621"],
        id="AF621-shorter-varchar",
    ),
    pytest.param(USERS, users(replace=("varchar(255)", "text")), [], id="varchar-to-text-widens"),
    pytest.param(
        USERS, users(replace=("varchar(255)", "character varying(300)")), [], id="longer-varchar"
    ),
    pytest.param(USERS, users(replace=("  age int,", "  age bigint,")), [], id="int-widens"),
    pytest.param(
        USERS, users(replace=("  age int,", "  age smallint,")), ["AF621"], id="AF621-int-narrows"
    ),
    pytest.param(
        USERS, users(replace=("  name text,", "  name jsonb,")), ["AF622"], id="AF622-text-to-jsonb"
    ),
    pytest.param(
        USERS, users(replace=("  name text,", "  name uuid,")), ["AF622"], id="AF622-text-to-uuid"
    ),
    # --- NOT NULL, keys, checks, foreign keys ------------------------------------------------
    pytest.param(
        USERS, users(add="tier int NOT NULL"), ["AF631"], id="AF631-not-null-without-default"
    ),
    pytest.param(USERS, users(add="tier int NOT NULL DEFAULT 0"), [], id="not-null-with-default"),
    pytest.param(USERS, users(add="seq bigserial"), [], id="serial-fills-itself"),
    pytest.param(
        USERS, users(add="ref int GENERATED ALWAYS AS IDENTITY"), [], id="identity-fills-itself"
    ),
    pytest.param(
        USERS,
        USERS + "CREATE TABLE orgs (id int NOT NULL, name text NOT NULL);",
        [],
        id="new-table-may-have-not-null",
    ),
    pytest.param(
        USERS,
        users(replace=("  name text,", "  name text NOT NULL DEFAULT '',")),
        ["AF632"],
        id="AF632-default-does-not-help",
    ),
    pytest.param(
        USERS + "ALTER TABLE users ADD CONSTRAINT name_set CHECK (name IS NOT NULL);",
        users(replace=("  name text,", "  name text NOT NULL,"))
        + "ALTER TABLE users ADD CONSTRAINT name_set CHECK (name IS NOT NULL);",
        [],
        id="not-null-proved-by-a-check",
    ),
    pytest.param(
        USERS,
        USERS + "CREATE UNIQUE INDEX users_email ON users (email);",
        ["AF633"],
        id="AF633-unique-index",
    ),
    pytest.param(USERS, users(add="handle text UNIQUE"), [], id="unique-on-a-new-column"),
    pytest.param(
        USERS + "ALTER TABLE users ADD CONSTRAINT u UNIQUE (email);",
        USERS + "CREATE UNIQUE INDEX x ON users (email, name);",
        ["AF642"] * 0,
        id="superset-of-an-existing-key",
    ),
    pytest.param(
        USERS, USERS + "ALTER TABLE users ADD CHECK (age >= 0);", ["AF634"], id="AF634-check"
    ),
    pytest.param(
        USERS, USERS + "ALTER TABLE users ADD CHECK (age >= 0) NOT VALID;", [], id="check-not-valid"
    ),
    pytest.param(
        USERS + "CREATE TABLE orgs (id int PRIMARY KEY);",
        USERS
        + "CREATE TABLE orgs (id int PRIMARY KEY);\nALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs(id);",
        ["AF635"],
        id="AF635-foreign-key",
    ),
    pytest.param(
        USERS
        + "CREATE TABLE orgs (id int PRIMARY KEY);\nALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE;",
        USERS
        + "CREATE TABLE orgs (id int PRIMARY KEY);\nALTER TABLE ONLY public.users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES public.orgs(id);",
        [],
        id="foreign-key-actions-and-name-ignored",
    ),
    pytest.param(
        USERS
        + "CREATE TABLE orgs (id int PRIMARY KEY);\nALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs(id);",
        USERS + "CREATE TABLE orgs (id int PRIMARY KEY);",
        ["AF641"],
        id="AF641-foreign-key-gone",
    ),
    pytest.param(
        USERS + "ALTER TABLE users ADD CHECK (age >= 0);", USERS, ["AF642"], id="AF642-check-gone"
    ),
    pytest.param(
        USERS + "ALTER TABLE users ADD CHECK (age >= 0);",
        users(drop="age"),
        ["AF614"],
        id="check-gone-with-its-column",
    ),
    # --- views and functions -----------------------------------------------------------------
    pytest.param(
        USERS + "CREATE VIEW adults AS SELECT * FROM users WHERE age >= 18;",
        USERS,
        ["AF643"],
        id="AF643-view-gone",
    ),
    pytest.param(
        USERS + "CREATE VIEW adults AS SELECT * FROM users WHERE age >= 18;",
        USERS + "CREATE OR REPLACE VIEW adults AS SELECT id FROM users WHERE age >= 21;",
        [],
        id="view-redefined",
    ),
    pytest.param(
        "CREATE FUNCTION add(a integer, b integer) RETURNS integer AS $$ SELECT a + b $$ LANGUAGE sql;",
        "CREATE FUNCTION add(a bigint, b bigint) RETURNS bigint AS $$ SELECT a + b $$ LANGUAGE sql;",
        ["AF644"],
        id="AF644-signature-gone",
    ),
    pytest.param(
        "CREATE FUNCTION add(a int, b int) RETURNS int AS $$ SELECT a + b $$ LANGUAGE sql;",
        "CREATE OR REPLACE FUNCTION add(x integer, y int4) RETURNS int AS $$ SELECT x + y + 0 $$ LANGUAGE sql;",
        [],
        id="function-body-only",
    ),
    # --- formatting never matters -------------------------------------------------------------
    pytest.param(
        USERS + "ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age >= 0);",
        "CREATE SEQUENCE users_id_seq;\n"
        "CREATE TABLE public.users (org_id integer, age integer CHECK (age>=0), name text,"
        " email character varying(255) NOT NULL, id integer NOT NULL DEFAULT nextval('users_id_seq'),"
        " PRIMARY KEY (id));",
        [],
        id="pg-dump-rendering-order-and-inline-constraints",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_lint(old, new, expected) -> None:
    assert codes(old, new) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (("varchar", (255,), 0), ("varchar", (100,), 0), "AF621"),
        (("text", (), 0), ("varchar", (10,), 0), "AF621"),
        (("int8", (), 0), ("int4", (), 0), "AF621"),
        (("numeric", (10, 2), 0), ("numeric", (8, 2), 0), "AF621"),
        (("numeric", (10, 2), 0), ("numeric", (12, 4), 0), None),
        (("numeric", (10, 2), 0), ("numeric", (10, 1), 0), "AF621"),
        (("numeric", (), 0), ("int4", (), 0), "AF621"),
        (("numeric", (), 0), ("numeric", (10, 2), 0), "AF621"),
        (("int2", (), 0), ("int8", (), 0), None),
        (("timestamp", (), 0), ("timestamptz", (), 0), None),
        (("public.status", (), 0), ("text", (), 0), None),
        (("text", (), 0), ("public.status", (), 0), "AF622"),
        (("text", (), 0), ("jsonb", (), 0), "AF622"),
        (("varchar", (36,), 0), ("uuid", (), 0), "AF622"),
        (("int4", (), 0), ("int4", (), 1), "AF622"),
        # found by replaying real histories (issue 19): casts PostgreSQL applies by itself
        pytest.param(("json", (), 0), ("jsonb", (), 0), None, id="json-to-jsonb-has-a-cast"),
        pytest.param(("timestamp", (), 0), ("timestamp", (6,), 0), None, id="timestamp-is-6"),
        pytest.param(("timestamptz", (6,), 0), ("timestamptz", (3,), 0), "AF621", id="rounds"),
        pytest.param(("time", (0,), 0), ("time", (), 0), None, id="more-digits"),
        pytest.param(("date", (), 0), ("timestamptz", (), 0), None, id="date-widens"),
        pytest.param(("timestamptz", (), 0), ("date", (), 0), "AF621", id="drops-the-time"),
        pytest.param(("inet", (), 0), ("cidr", (), 0), "AF621", id="inet-to-cidr-can-fail"),
        pytest.param(("float8", (), 0), ("numeric", (), 0), "AF621", id="float-to-numeric"),
        pytest.param(("bit", (8,), 0), ("bit", (4,), 0), "AF621", id="bit-length"),
        pytest.param(("interval", (8,), 0), ("interval", (), 0), None, id="interval-widens"),
        pytest.param(("interval", (), 0), ("interval", (8,), 0), "AF621", id="interval-day"),
        pytest.param(
            ("interval", (32767, 6), 0), ("interval", (32767, 3), 0), "AF621", id="iv-digits"
        ),
        pytest.param(
            ("public.geometry", (1, 4326), 0), ("public.geometry", (1, 3857), 0), "AF621", id="srid"
        ),
    ],
)
def test_type_change_table(old, new, expected) -> None:
    assert type_change(old, new) == expected


def test_directive_accepts_one_code_for_one_object() -> None:
    allowed = users(drop="age") + "-- atlas-first:allow AF614 public.users.age\n"
    assert codes(USERS, allowed) == []
    other_object = users(drop="age") + "-- atlas-first:allow AF614 public.users.name\n"
    assert codes(USERS, other_object) == ["AF614", "AF609"]
    other_code = users(drop="age") + "-- atlas-first:allow AF612 public.users.age\n"
    assert codes(USERS, other_code) == ["AF614", "AF609"]
    short = users(drop="age") + "-- atlas-first:allow AF614 users.age\n"
    assert codes(USERS, short) == []


def test_messages_say_what_atlas_does_and_how_to_proceed() -> None:
    (violation,) = lint("db/schema.sql", USERS, users(drop="age"))
    assert (
        violation.message
        == "column public.users.age (int4) is gone: Atlas drops the column and its values"
    )
    assert violation.hint.startswith("expand/contract:")
    assert violation.hint.endswith("-- atlas-first:allow AF614 public.users.age")
    assert (violation.line, violation.col) == (2, 1)


def test_syntax_error_position() -> None:
    (violation,) = lint(
        "schema.sql", None, "CREATE TABLE a (id int);\nCREATE TABLE b (id int,, x int);\n"
    )
    assert violation.code == "AF601"
    assert (violation.line, violation.col) == (2, 24)
    assert "syntax error at or near" in violation.message


def test_non_ascii_positions_are_characters() -> None:
    (violation,) = lint("schema.sql", None, "-- Größe ✓\nCREATE TABLE b (id int,, x int);\n")
    assert (violation.line, violation.col) == (2, 24)


SQL = "packages/database/schema.sql"


def test_staged_change_is_judged_against_head(monorepo, capsys) -> None:
    original = (monorepo.path / SQL).read_text()
    monorepo.stage(SQL, original.replace(',\n  "name" text NOT NULL', ""))
    assert lint_main([]) == 1
    out = capsys.readouterr().out
    assert f"{SQL}:" in out
    assert "AF614 column public.users.name (text) is gone" in out


def test_warnings_alone_exit_zero(monorepo, capsys) -> None:
    original = (monorepo.path / SQL).read_text()
    monorepo.stage(SQL, original + "\n-- atlas-first:allow AF612 public.nothing\n")
    assert lint_main([]) == 0
    assert "AF609 (warning) directive allows AF612 public.nothing" in capsys.readouterr().out


def test_deleted_source_drops_everything(monorepo, capsys) -> None:
    monorepo.git("rm", "-q", SQL)
    assert cli_main(["check"]) == 1
    assert "AF612 table public.users is gone" in capsys.readouterr().out


def _sync_without_name(monorepo) -> None:
    """What the sync script writes once users.name is gone (its pull line removed)."""
    generated = monorepo.path / "packages/database/src/schema/schema.ts"
    pulled = generated.read_text()
    assert "\tname: text().notNull(),\n" in pulled
    monorepo.stage(
        str(generated.relative_to(monorepo.path)), pulled.replace("\tname: text().notNull(),\n", "")
    )


def test_range_mode_and_all_files_syntax_only(monorepo, capsys) -> None:
    base = monorepo.head()
    original = (monorepo.path / SQL).read_text()
    monorepo.stage(SQL, original.replace(',\n  "name" text NOT NULL', ""))
    _sync_without_name(monorepo)
    monorepo.commit("no-verify")
    assert cli_main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == 1
    assert "AF614" in capsys.readouterr().out
    assert cli_main(["check", "--all-files"]) == 0  # no "before": syntax only
    monorepo.stage(SQL, "CREATE TABL x;\n")
    monorepo.commit("no-verify")
    assert cli_main(["check", "--all-files"]) == 1
    assert (
        f'{SQL}:1:8: AF601 does not parse: syntax error at or near "TABL"'
        in capsys.readouterr().out
    )


def test_first_commit_has_no_before(repo, capsys) -> None:
    repo.stage("packages/database/schema.sql", "CREATE TABLE t (id int NOT NULL);\n")
    assert lint_main([]) == 0


def test_a_commit_that_does_not_touch_the_source_never_parses(monorepo, capsys) -> None:
    import sys

    sys.modules.pop("postgast", None)
    monorepo.stage("README.md", "docs\n")
    assert cli_main(["check"]) == 0
    assert "postgast" not in sys.modules


def test_psql_meta_commands_are_af601_where_they_stand() -> None:
    """pg_dump 17.6/16.10 write psql's `\\restrict`: psql runs it, Atlas sends it to the dev
    database, which rejects it (issue 19). COPY data rows are not read as meta-commands."""
    dump = (
        "\\restrict k3y\n"
        + PG_DUMP
        + (
            "COPY public.sessions (token, account_id, expires_at) FROM stdin;\n"
            "abc\t1\t\\N\n\\.\n\n\\unrestrict k3y\n"
        )
    )
    found = lint("schema.sql", PG_DUMP, dump)
    last = dump.count("\n")
    assert [(v.code, v.line, v.col) for v in found] == [("AF601", 1, 1), ("AF601", last, 1)]
    assert "\\restrict is not SQL" in found[0].message
    assert "delete the line" in found[0].hint
    assert "\\unrestrict" in found[1].message
    assert codes(
        None, dump.replace("CREATE TABLE public.sessions", "CREATE TABLE public.sessions,")
    ) == ["AF601", "AF601", "AF601"]
    # Anywhere on the line, after blanks; and \\connect, \\set the same.
    assert [(v.line, v.col) for v in lint("s.sql", None, "SELECT 1;\n  \\connect app\n")] == [
        (2, 3)
    ]
    assert codes(None, "\\set ON_ERROR_STOP on\nCREATE TABLE t (id int);\n") == ["AF601"]
    assert codes(None, "CREATE TABLE t (x text DEFAULT '\\n');\n") == []


def test_warnings_in_every_format(monorepo, capsys) -> None:
    import json

    original = (monorepo.path / SQL).read_text()
    monorepo.stage(SQL, original + "CREATE VIEW names AS SELECT name FROM users;\n")
    monorepo.commit("view")
    monorepo.stage(SQL, original)
    assert lint_main(["--format", "json"]) == 0
    (finding,) = json.loads(capsys.readouterr().out)["violations"]
    assert (finding["code"], finding["severity"], finding["hook"]) == (
        "AF643",
        "warning",
        "lint-schema-source",
    )
    assert lint_main(["--format", "github"]) == 0
    assert capsys.readouterr().out.startswith(
        f"::warning file={SQL},title=AF643 lint-schema-source::"
    )
    assert lint_main(["--format", "sarif"]) == 0
    result = json.loads(capsys.readouterr().out)["runs"][0]["results"][0]
    assert (result["ruleId"], result["level"]) == ("AF643", "warning")
    assert lint_main([]) == 0
    assert f"{SQL}: AF643 (warning) view public.names is gone" in capsys.readouterr().out


def test_directive_is_honoured_in_range_mode(monorepo, capsys) -> None:
    base = monorepo.head()
    original = (monorepo.path / SQL).read_text()
    dropped = original.replace(',\n  "name" text NOT NULL', "")
    monorepo.stage(SQL, dropped + "-- atlas-first:allow AF614 public.users.name\n")
    _sync_without_name(monorepo)
    monorepo.commit("no-verify")
    assert cli_main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "CREATE TABLE t (a int, b text);",
            "CREATE TABLE t (a int, b text);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;",
            ["AF632"],
            id="alter-set-not-null",
        ),
        pytest.param(
            "CREATE TABLE t (a int NOT NULL);",
            "CREATE TABLE t (a int NOT NULL);\nALTER TABLE t ALTER COLUMN a DROP NOT NULL;",
            [],
            id="alter-drop-not-null",
        ),
        pytest.param(
            "CREATE TABLE t (a bigint);",
            "CREATE TABLE t (a bigint);\nALTER TABLE t ALTER COLUMN a TYPE int;",
            ["AF621"],
            id="alter-column-type",
        ),
        pytest.param(
            "CREATE TABLE t (a int);",
            "CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int NOT NULL;",
            ["AF631"],
            id="alter-add-column",
        ),
        pytest.param(
            "CREATE TABLE t (a int DEFAULT 1);",
            "CREATE TABLE t (a int DEFAULT 1);\nALTER TABLE t ALTER COLUMN a DROP DEFAULT;\nALTER TABLE missing ADD COLUMN x int;",
            [],
            id="alter-drop-default-and-unknown-table",
        ),
        pytest.param(
            "CREATE TABLE t (a int);\nCREATE MATERIALIZED VIEW mv AS SELECT a FROM t;",
            "CREATE TABLE t (a int);",
            ["AF643"],
            id="materialized-view-gone",
        ),
        pytest.param(
            "CREATE TABLE t (a int, b int);",
            "CREATE TABLE t (a int, b int);\nCREATE UNIQUE INDEX p ON t (a) WHERE b > 0;\nCREATE UNIQUE INDEX e ON t ((a + b));",
            ["AF633", "AF633"],
            id="AF633-partial-and-expression-unique-indexes",
        ),
        pytest.param(
            "CREATE SCHEMA s;\nCREATE TYPE s.mood AS ENUM ('a', 'b');\nCREATE FUNCTION s.f(x int DEFAULT 1, VARIADIC r int[]) RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;",
            "CREATE SCHEMA s;\nCREATE TYPE s.mood AS ENUM ('a');\nCREATE FUNCTION s.f(x int DEFAULT 2, VARIADIC r int[]) RETURNS int AS $$ SELECT 2 $$ LANGUAGE sql;",
            ["AF616"],
            id="qualified-enum-and-function",
        ),
        pytest.param(
            "CREATE TYPE mood AS ENUM ('a');",
            "CREATE TYPE mood AS ENUM ('a');\nALTER TYPE mood ADD VALUE 'z' BEFORE 'a';\nALTER TYPE mood ADD VALUE 'a';",
            [],
            id="enum-add-value-before",
        ),
        pytest.param(
            "CREATE TABLE t (a int CONSTRAINT c CHECK (a > 0), b int);",
            "CREATE TABLE t (b int);",
            ["AF614"],
            id="check-goes-with-its-column",
        ),
    ],
)
def test_alter_statements_and_more_objects(old, new, expected) -> None:
    assert codes(old, new) == expected
