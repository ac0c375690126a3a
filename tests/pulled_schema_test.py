"""The reader of `drizzle-kit pull` output and its structural comparison with schema.sql
(issue 22, part two: `hooks/_pulled.py`, behind AF102 of forbid-generated-schema-edits).

The fixture is real: tests/data/pull/broad.sql loaded into PostgreSQL 15 and pulled with
drizzle-kit 0.31 (`broad.schema.ts`, byte for byte, with pull's own quirks: `.default(')` for
`DEFAULT ''`, an identity primary key without `.notNull()`, a composite key in the extras).
tests/real_tools_test.py pulls it again with the real tools and asserts the same verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks import _pulled
from hooks._schema import build
from hooks._sql import parse

DATA = Path(__file__).resolve().parent / "data" / "pull"
SQL = (DATA / "broad.sql").read_text(encoding="utf-8")
PULLED = (DATA / "broad.schema.ts").read_text(encoding="utf-8")


def differences(sql: str, pulled: str) -> list[str]:
    return [d.message for d in _pulled.compare(_pulled.read(pulled), build(sql, parse(sql)))]


def test_a_fresh_pull_is_in_sync_with_its_source() -> None:
    assert differences(SQL, PULLED) == []


def test_the_reader_sees_every_table_and_column_of_the_pull() -> None:
    pulled = _pulled.read(PULLED)
    assert sorted(pulled.tables) == [
        ("billing", "invoices"),
        ("public", "posts"),
        ("public", "users"),
    ]
    users = pulled.tables[("public", "users")].columns
    assert len(users) == 23
    assert users["empty_default"].builder == "text"  # after pull's broken `.default(')`
    assert (
        users["MixedCase"].line == PULLED.split("\n").index('\tmixedCase: text("MixedCase"),') + 1
    )
    invoices = pulled.tables[("billing", "invoices")].columns
    assert invoices["tenant"].primary  # from primaryKey({ columns: [...] }) in the extras


MUTATIONS = [
    ("numeric-precision", None, ("precision: 10, scale:  2", "precision: 12, scale:  2"),
     "column public.users.score is numeric(10,2) in the source but numeric(12,2) in the generated schema"),
    ("extra-column", None, ("\tname: text(),\n", "\tname: text(),\n\tnickname: text(),\n"),
     "column public.users.nickname is in the generated schema but not in the source"),
    ("dropped-not-null", None, ("title: text().notNull(),", "title: text(),"),
     "column public.posts.title is NOT NULL in the source but nullable in the generated schema"),
    ("added-not-null", None, ("\tname: text(),", "\tname: text().notNull(),"),
     "column public.users.name is nullable in the source but NOT NULL in the generated schema"),
    ("other-type", None, ("ratio: real(),", "ratio: doublePrecision(),"),
     "column public.users.ratio is float4 in the source but float8 in the generated schema"),
    ("varchar-length", None, ("varchar({ length: 255 }).notNull()", "varchar({ length: 100 }).notNull()"),
     "column public.users.email is varchar(255) in the source but varchar(100) in the generated schema"),
    ("array-dimensions", None, ("tags: text().array()", "tags: text()"),
     "column public.users.tags is text[] in the source but text in the generated schema"),
    ("timestamp-zone", None, ('timestamp("created_at", { withTimezone: true,', 'timestamp("created_at", {'),
     "column public.users.created_at is timestamptz in the source but timestamp in the generated schema"),
    ("extra-table", None, ("export const posts", 'export const audit = pgTable("audit", {\n\tid: integer(),\n});\n\nexport const posts'),
     "table public.audit is in the generated schema but not in the source"),
    ("source-adds-column", ("  name text,", "  name text,\n  nickname text,"), None,
     "column public.users.nickname is in the source but not in the generated schema"),
    ("source-adds-table", ("CREATE VIEW", "CREATE TABLE audit (id int);\nCREATE VIEW"), None,
     "table public.audit is in the source but not in the generated schema"),
    ("enum-value-added-by-hand", None, ("['sad', 'ok', 'happy']", "['sad', 'ok', 'happy', 'meh']"),
     "enum public.mood is (sad, ok, happy) in the source but (sad, ok, happy, meh) in the generated schema"),
    ("source-adds-enum-value", ("'ok', 'happy')", "'ok', 'happy', 'meh')"), None,
     "enum public.mood is (sad, ok, happy, meh) in the source but (sad, ok, happy) in the generated schema"),
    ("source-widens-numeric", ("amount numeric(12,2)", "amount numeric(14,2)"), None,
     "column billing.invoices.amount is numeric(14,2) in the source but numeric(12,2) in the generated schema"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sql_edit", "ts_edit", "expected"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_each_edit_the_database_would_see_is_exactly_one_difference(
    sql_edit, ts_edit, expected
) -> None:
    sql, pulled = SQL, PULLED
    if sql_edit:
        assert sql_edit[0] in sql
        sql = sql.replace(sql_edit[0], sql_edit[1], 1)
    if ts_edit:
        assert ts_edit[0] in pulled
        pulled = pulled.replace(ts_edit[0], ts_edit[1], 1)
    assert differences(sql, pulled) == [expected]


UNSEEN = [
    ("quotes", ('import { sql } from "drizzle-orm"', "import { sql } from 'drizzle-orm'")),
    ("a comment", ("export const posts", "// posts, by user\nexport const posts")),
    ("import order", ("import { pgTable, unique,", "import { unique, pgTable,")),
    ("blank lines", ("\n\n\nexport const users", "\nexport const users")),
    (
        "an unknown type",
        ("\tip: inet(),", '\t// TODO: failed to parse database type\n\tip: unknown("ip"),'),
    ),
    ("a default", ("small: smallint().default(1)", "small: smallint().default(2)")),
    ("an index", ('index("posts_title_idx")', 'index("posts_title_idx2")')),
]


@pytest.mark.parametrize(("edit"), [u[1] for u in UNSEEN], ids=[u[0] for u in UNSEEN])
def test_what_the_structure_does_not_hold_is_no_difference(edit) -> None:
    """Formatting, comments, import order, builders the reader does not know: nothing. A
    default or an index changed by hand is `verify`'s to catch (exact, with the real tools)."""
    assert edit[0] in PULLED
    assert differences(SQL, PULLED.replace(edit[0], edit[1], 1)) == []


def test_enum_values_as_pull_writes_them_are_no_difference() -> None:
    """Pull (0.31) escapes a quote (`'it\\'s'`) but writes a backslash as it is
    (`'back\\slash'`, which JavaScript would read as `backslash`): both read as the source's."""
    sql = (
        "CREATE TYPE odd AS ENUM ('it''s', 'a,b', 'x\"y', 'back\\slash', '');\n"
        "CREATE SCHEMA s;\nCREATE TYPE s.st AS ENUM ('one');\nCREATE TABLE t (a odd, b s.st);\n"
    )
    pulled = (
        'export const s = pgSchema("s");\n'
        "export const odd = pgEnum(\"odd\", ['it\\'s', 'a,b', 'x\"y', 'back\\slash', ''])\n"
        "export const stInS = s.enum(\"st\", ['one'])\n\n"
        'export const t = pgTable("t", {\n\ta: odd(),\n\tb: stInS(),\n});\n'
    )
    assert differences(sql, pulled) == []
    assert differences(sql.replace("'one'", "'two'"), pulled) == [
        "enum s.st is (two) in the source but (one) in the generated schema"
    ]


def test_precision_zero_that_pull_leaves_out_is_no_difference() -> None:
    sql = "CREATE TABLE t (a timestamp(0), b numeric(10,0), c time(0) with time zone);\n"
    pulled = (
        "export const t = pgTable(\"t\", {\n\ta: timestamp({ mode: 'string' }),\n"
        "\tb: numeric({ precision: 10 }),\n\tc: time({ withTimezone: true }),\n});\n"
    )
    assert differences(sql, pulled) == []


def test_the_reader_is_linear() -> None:
    """One pass over the lines: 4,000 tables read in one go (a worst case for a reader that
    searched the text per table)."""
    tables = "".join(
        f'export const t{i} = pgTable("t{i}", {{\n\tid: integer().notNull(),\n}});\n\n'
        for i in range(4000)
    )
    assert len(_pulled.read(tables).tables) == 4000
