"""The reader of `drizzle-kit pull` output and its structural comparison with schema.sql
(issue 22, part two: `pulled`, `pull_reader`, `_pull_tokens`, `pull_compare` and
`_column_compare` of `hooks/drizzle/`, behind AF102 of forbid-generated-schema-edits).

The fixtures are real: each tests/data/pull/<name>.sql loaded into PostgreSQL 15 and pulled with
drizzle-kit 0.31 (`<name>.schema.ts`, byte for byte, with pull's own quirks: `.default(')` for
`DEFAULT ''`, an identity primary key without `.notNull()`, ``sql`'-1'``` for an integer's -1,
INCLUDE columns written as index columns, a unique key's columns in its own order, a lost
NULLS NOT DISTINCT, one opclass for every column of an index). tests/real_tools_test.py pulls
each again with the real tools and asserts the same verdicts, mutations included."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hooks.drizzle import _pull_tokens
from hooks.drizzle import pull_compare
from hooks.drizzle import pull_reader
from hooks.schema.model import build
from hooks.schema.sql import parse

if TYPE_CHECKING:
    from hooks.drizzle.pulled import Pulled

DATA = Path(__file__).resolve().parent / "data" / "pull"
FIXTURES = {
    path.stem: (path.read_text(encoding="utf-8"), path.with_suffix(".schema.ts").read_text("utf-8"))
    for path in sorted(DATA.glob("*.sql"))
}
SQL, PULLED = FIXTURES["broad"]


def differences(sql: str, pulled: str) -> list[str]:
    return [
        d.message for d in pull_compare.compare(pull_reader.read(pulled), build(sql, parse(sql)))
    ]


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_a_fresh_pull_is_in_sync_with_its_source(name) -> None:
    assert differences(*FIXTURES[name]) == []


def test_the_reader_sees_keys_indexes_defaults_and_views() -> None:
    pulled = pull_reader.read(FIXTURES["keys"][1])
    accounts = pulled.tables[("public", "accounts")]
    assert [(i.name, i.unique, i.method, i.where) for i in accounts.indexes] == [
        ("accounts_gin", False, "gin", False),
        ("accounts_inc", False, "btree", False),
        ("accounts_kind_n", True, "btree", False),
        ("accounts_partial", False, "btree", True),
    ]
    assert accounts.columns["id"].identity == "by default"
    assert accounts.columns["upper_code"].generated
    assert accounts.columns["big"].default == ("num", "42")
    assert accounts.columns["quoted"].default == ("str", "it's")
    assert accounts.columns["nul"].default is None
    tasks = pulled.tables[("ops", "tasks")]
    assert [(k.columns, k.target, k.target_columns, k.actions) for k in tasks.foreign] == [
        (["ownerCode"], "accounts", ["code"], ("set null", "cascade")),
        (["accountId"], "accounts", ["id"], ("", "")),
    ]
    assert sorted(pulled.views) == [("ops", "open_tasks"), ("public", "acc_counts")]
    assert ("public", "unused_kind") in pulled.enum_values


def test_the_reader_sees_every_table_and_column_of_the_pull() -> None:
    pulled = pull_reader.read(PULLED)
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
    # broad
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
    ("default-changed", None, ("small: smallint().default(1)", "small: smallint().default(2)"),
     "column public.users.small defaults to 1 in the source but to 2 in the generated schema"),
    ("index-renamed", None, ('index("posts_title_idx")', 'index("posts_title_idx2")'),
     "index posts_title_idx of public.posts is named posts_title_idx2 in the generated schema"),
    # keys
    ("primary-key-narrowed", None, ("columns: [table.accountId, table.n], name", "columns: [table.accountId], name"),
     "the primary key of ops.tasks is (account_id, n) in the source but (account_id) in the generated schema"),
    ("identity-kind", None, ("generatedByDefaultAsIdentity", "generatedAlwaysAsIdentity"),
     "column public.accounts.id has GENERATED BY DEFAULT AS IDENTITY in the source but always as identity in the generated schema"),
    ("identity-dropped", None, ('.generatedByDefaultAsIdentity({ name: "accounts_id_seq", startWith: 1, increment: 1, minValue: 1, maxValue: 2147483647, cache: 1 })', ""),
     "column public.accounts.id has GENERATED BY DEFAULT AS IDENTITY in the source but no identity in the generated schema"),
    ("number-default", None, (".default(42)", ".default(43)"),
     "column public.accounts.big defaults to 42 in the source but to 43 in the generated schema"),
    ("negative-default", None, ("sql`'-1'`", "sql`'-2'`"),
     "column public.accounts.n defaults to -1 in the source but to '-2' in the generated schema"),
    ("string-default", None, ("prio().default('low')", "prio().default('high')"),
     "column public.accounts.p defaults to 'low' in the source but to 'high' in the generated schema"),
    ("boolean-default", None, ("boolean().default(true)", "boolean().default(false)"),
     "column public.accounts.ok defaults to true in the source but to false in the generated schema"),
    ("default-dropped", None, ("kind: text().default('plain'),", "kind: text(),"),
     "column public.accounts.kind has a default in the source but none in the generated schema"),
    ("default-added", None, ("nul: text(),", "nul: text().default('x'),"),
     "column public.accounts.nul has no default in the source but one in the generated schema"),
    ("generated-dropped", None, (".generatedAlwaysAs(sql`upper(code)`)", ""),
     "column public.accounts.upper_code is a generated column in the source, unlike the generated schema"),
    ("unique-dropped", None, ('\tunique("accounts_code_key").on(table.code),\n', ""),
     "unique key (code) of public.accounts is in the source but not in the generated schema"),
    ("unique-added", None, ('\tunique("accounts_code_key")', '\tunique("accounts_kind_key").on(table.kind),\n\tunique("accounts_code_key")'),
     "unique key (kind) of public.accounts is in the generated schema but not in the source"),
    ("foreign-key-action", None, ('.onUpdate("cascade").onDelete("set null")', '.onDelete("set null")'),
     "foreign key (owner_code) of ops.tasks -> public.accounts is ON DELETE SET NULL ON UPDATE CASCADE in the source but ON DELETE SET NULL in the generated schema"),
    ("foreign-key-dropped", None, ('\tforeignKey({\n\t\t\tcolumns: [table.accountId],\n\t\t\tforeignColumns: [accounts.id],\n\t\t\tname: "tasks_acc_fk"\n\t\t}),\n', ""),
     "foreign key (account_id) of ops.tasks -> public.accounts is in the source but not in the generated schema"),
    ("foreign-key-columns", None, ("[tasksInOps.accountId, tasksInOps.n]", "[tasksInOps.n, tasksInOps.accountId]"),
     "foreign key (account_id, n) of ops.notes -> ops.tasks refers to other columns in the source than in the generated schema"),
    ("index-made-unique", None, ('index("notes_body_idx")', 'uniqueIndex("notes_body_idx")'),
     "index notes_body_idx of ops.notes is not unique in the source, unlike the generated schema"),
    ("index-columns", None, ('index("notes_body_idx").using("btree", table.body.', 'index("notes_body_idx").using("btree", table.n.'),
     "index notes_body_idx of ops.notes is on (body) in the source but on (n) in the generated schema"),
    ("index-method", None, ('using("gin", table.j', 'using("btree", table.j'),
     "index accounts_gin of public.accounts uses gin in the source but btree in the generated schema"),
    ("index-predicate-dropped", None, (".where(sql`ok`)", ""),
     "index accounts_partial of public.accounts is partial in the source, unlike the generated schema"),
    ("index-dropped", None, ('\tindex("accounts_gin").using("gin", table.j.asc().nullsLast().op("jsonb_ops")),\n', ""),
     "index accounts_gin of public.accounts is in the source but not in the generated schema"),
    ("index-added", None, ('\tindex("accounts_gin")', '\tindex("accounts_code_idx").using("btree", table.code.asc().nullsLast().op("text_ops")),\n\tindex("accounts_gin")'),
     "index accounts_code_idx of public.accounts is in the generated schema but not in the source"),
    ("view-dropped", None, ('export const accCounts = pgMaterializedView("acc_counts", {', "const counts = {"),
     "view public.acc_counts is in the source but not in the generated schema"),
    ("enum-dropped", None, ("export const unusedKind = pgEnum(\"unused_kind\", ['a', 'b'])\n", ""),
     "enum public.unused_kind is in the source but not in the generated schema"),
    ("source-adds-index", ("CREATE INDEX notes_body_idx", "CREATE INDEX accounts_code_idx ON accounts (code);\nCREATE INDEX notes_body_idx"), None,
     "index accounts_code_idx of public.accounts is in the source but not in the generated schema"),
    ("source-changes-action", ("ON UPDATE CASCADE ON DELETE SET NULL", "ON UPDATE CASCADE ON DELETE CASCADE"), None,
     "foreign key (owner_code) of ops.tasks -> public.accounts is ON DELETE CASCADE ON UPDATE CASCADE in the source but ON DELETE SET NULL ON UPDATE CASCADE in the generated schema"),
    ("source-adds-unique", ("UNIQUE (title, owner_code)", "UNIQUE (title, owner_code), UNIQUE (lvl)"), None,
     "unique key (lvl) of ops.tasks is in the source but not in the generated schema"),
    ("source-changes-default", ("DEFAULT 42", "DEFAULT 7"), None,
     "column public.accounts.big defaults to 7 in the source but to 42 in the generated schema"),
    ("source-adds-enum", ("CREATE TYPE prio", "CREATE TYPE extra AS ENUM ('z');\nCREATE TYPE prio"), None,
     "enum public.extra is in the source but not in the generated schema"),
    ("source-adds-view", ("CREATE MATERIALIZED VIEW", "CREATE VIEW v2 AS SELECT 1;\nCREATE MATERIALIZED VIEW"), None,
     "view public.v2 is in the source but not in the generated schema"),
    ("source-drops-identity", ("id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "id int PRIMARY KEY"), None,
     "column public.accounts.id has no identity in the source but by default as identity in the generated schema"),
]  # fmt: skip
# Which fixture a row edits: the rows from "primary-key-narrowed" on edit keys.sql's pull.
_KEYS_FROM = [m[0] for m in MUTATIONS].index("primary-key-narrowed")
MUTATED = {m[0]: "keys" if i >= _KEYS_FROM else "broad" for i, m in enumerate(MUTATIONS)}

# drizzle-kit 1.0's pull of the same fixtures (tests/data/pull/v1/, real output of
# 1.0.0-rc.5): the rows above whose edit is written in 0.31's text, written in 1.0's. Every
# other row applies to 1.0's text as it is (test_each_edit_is_one_difference_in_a_1_0_pull).
MUTATIONS_V1 = [
    ("numeric-precision", "broad", None, ("precision: 10, scale: 2", "precision: 12, scale: 2"),
     "column public.users.score is numeric(10,2) in the source but numeric(12,2) in the generated schema"),
    ("timestamp-zone", "broad", None, ('timestamp("created_at", { withTimezone: true })', 'timestamp("created_at")'),
     "column public.users.created_at is timestamptz in the source but timestamp in the generated schema"),
    ("enum-value-added-by-hand", "broad", None, ('["sad", "ok", "happy"]', '["sad", "ok", "happy", "meh"]'),
     "enum public.mood is (sad, ok, happy) in the source but (sad, ok, happy, meh) in the generated schema"),
    ("identity-dropped", "keys", None, (".generatedByDefaultAsIdentity()", ""),
     "column public.accounts.id has GENERATED BY DEFAULT AS IDENTITY in the source but no identity in the generated schema"),
    ("negative-default", "keys", None, ("n: integer().default(-1)", "n: integer().default(-2)"),
     "column public.accounts.n defaults to -1 in the source but to -2 in the generated schema"),
    ("string-default", "keys", None, ('prio().default("low")', 'prio().default("high")'),
     "column public.accounts.p defaults to 'low' in the source but to 'high' in the generated schema"),
    ("default-dropped", "keys", None, ('kind: text().default("plain"),', "kind: text(),"),
     "column public.accounts.kind has a default in the source but none in the generated schema"),
    ("unique-dropped", "keys", None, ('unique("accounts_code_key").on(table.code),', ""),
     "unique key (code) of public.accounts is in the source but not in the generated schema"),
    ("foreign-key-dropped", "keys", None, ('\tforeignKey({\n\t\tcolumns: [table.accountId],\n\t\tforeignColumns: [accounts.id],\n\t\tname: "tasks_acc_fk"\n\t}),\n', ""),
     "foreign key (account_id) of ops.tasks -> public.accounts is in the source but not in the generated schema"),
    ("index-dropped", "keys", None, ('\tindex("accounts_gin").using("gin", table.j.asc().nullsLast()),\n', ""),
     "index accounts_gin of public.accounts is in the source but not in the generated schema"),
    ("enum-dropped", "keys", None, ('export const unusedKind = pgEnum("unused_kind", ["a", "b"])\n', ""),
     "enum public.unused_kind is in the source but not in the generated schema"),
    # 1.0's own spellings (tests/data/pull/v1/shapes.schema.ts)
    ("array-dimensions", "shapes", None, ('matrix: integer().array("[][]")', "matrix: integer().array()"),
     "column public.posts.matrix is int4[][] in the source but int4[] in the generated schema"),
    ("numeric-scale", "shapes", None, ("precision: 5, scale: 0", "precision: 5, scale: 1"),
     "column public.posts.rating is numeric(5) in the source but numeric(5,1) in the generated schema"),
    ("double-quoted-enum", "shapes", None, ('["USD", "EUR", "GBP"]', '["USD", "EUR"]'),
     "enum billing.currency is (USD, EUR, GBP) in the source but (USD, EUR) in the generated schema"),
    ("schema-table-dropped", "shapes", ("CREATE TABLE billing.invoices (", "CREATE TABLE billing.receipts (id int);\nCREATE TABLE billing.invoices ("), None,
     "table billing.receipts is in the source but not in the generated schema"),
]  # fmt: skip
FIXTURES_V1 = {
    name: (sql, (DATA / "v1" / f"{name}.schema.ts").read_text("utf-8"))
    for name, (sql, _) in FIXTURES.items()
    if (DATA / "v1" / f"{name}.schema.ts").exists()
}
assert sorted(FIXTURES_V1) == sorted(FIXTURES), "every fixture has its 1.0 pull"


def _rows_for_1_0() -> list[tuple[str, str, tuple[str, str] | None, tuple[str, str] | None, str]]:
    rewritten = {row[0] for row in MUTATIONS_V1}
    return [
        *((row, MUTATED[row], sql_edit, ts_edit, expected)
          for row, sql_edit, ts_edit, expected in MUTATIONS if row not in rewritten),
        *MUTATIONS_V1,
    ]  # fmt: skip


def mutated(
    sql: str, pulled: str, sql_edit: tuple[str, str] | None, ts_edit: tuple[str, str] | None
) -> tuple[str, str]:
    """One row's edit applied (to a fixture, or to a live pull of it)."""
    if sql_edit:
        assert sql_edit[0] in sql
        sql = sql.replace(sql_edit[0], sql_edit[1], 1)
    if ts_edit:
        assert ts_edit[0] in pulled
        pulled = pulled.replace(ts_edit[0], ts_edit[1], 1)
    return sql, pulled


@pytest.mark.parametrize(
    ("name", "sql_edit", "ts_edit", "expected"),
    [(MUTATED[m[0]], *m[1:]) for m in MUTATIONS],
    ids=[m[0] for m in MUTATIONS],
)
def test_each_edit_the_database_would_see_is_exactly_one_difference(
    name, sql_edit, ts_edit, expected
) -> None:
    assert differences(*mutated(*FIXTURES[name], sql_edit, ts_edit)) == [expected]


def test_a_column_no_pull_writes_is_not_expected() -> None:
    """0.31 leaves a column named `__proto__` out without a word (1.0 fails on it)."""
    sql, pulled = FIXTURES["shapes"]
    sql = sql.replace("  email text UNIQUE,", '  email text UNIQUE,\n  "__proto__" text,')
    assert '"__proto__" text' in sql
    assert differences(sql, pulled) == []


@pytest.mark.parametrize("name", sorted(FIXTURES_V1))
def test_a_fresh_1_0_pull_is_in_sync_with_its_source(name) -> None:
    """1.0 writes enums in double quotes, `.array("[][]")`, `numeric(5)` as `scale: 0`,
    `.default(sql`now()`)`, a unique key and its check on one line (issue 36)."""
    sql, pulled = FIXTURES_V1[name]
    read = pull_reader.read(pulled)
    assert sorted(read.tables) == sorted(build(sql, parse(sql)).tables)
    assert differences(sql, pulled) == []


@pytest.mark.parametrize(
    ("name", "sql_edit", "ts_edit", "expected"),
    [row[1:] for row in _rows_for_1_0()],
    ids=[row[0] for row in _rows_for_1_0()],
)
def test_each_edit_is_one_difference_in_a_1_0_pull(name, sql_edit, ts_edit, expected) -> None:
    sql, pulled = FIXTURES_V1[name]
    assert differences(*mutated(sql, pulled, sql_edit, ts_edit)) == [expected]


UNSEEN = [
    ("quotes", ('import { sql } from "drizzle-orm"', "import { sql } from 'drizzle-orm'")),
    ("a comment", ("export const posts", "// posts, by user\nexport const posts")),
    ("import order", ("import { pgTable, unique,", "import { unique, pgTable,")),
    ("blank lines", ("\n\n\nexport const users", "\nexport const users")),
    (
        "an unknown type",
        ("\tip: inet(),", '\t// TODO: failed to parse database type\n\tip: unknown("ip"),'),
    ),
    (
        "a TypeScript mode",
        (
            "updated: timestamp({ precision: 6, mode: 'string' })",
            "updated: timestamp({ precision: 6, mode: 'date' })",
        ),
    ),
    (
        "a bigint mode",
        (
            'userId: bigint("user_id", { mode: "number" })',
            'userId: bigint("user_id", { mode: "bigint" })',
        ),
    ),
    ("an opclass", ('.op("text_ops")).where', '.op("varchar_ops")).where')),
    (
        "a unique key's column order",
        ("on(table.userId, table.slug)", "on(table.slug, table.userId)"),
    ),
    ("a constraint's name", ('name: "posts_user_id_fkey"', 'name: "posts_user_fk"')),
    (
        "relations",
        (
            "export const activeUsers",
            "export const usersRelations = relations(users, ({ many }) => ({\n\tposts: many(posts),\n}));\n\nexport const activeUsers",
        ),
    ),
    ("a view's query", ("FROM users`", "FROM public.users`")),
]


@pytest.mark.parametrize(("edit"), [u[1] for u in UNSEEN], ids=[u[0] for u in UNSEEN])
def test_what_the_structure_does_not_hold_is_no_difference(edit) -> None:
    """Formatting, comments, import order, builders the reader does not know, TypeScript-only
    options, what pull itself writes loosely (opclasses, a unique key's column order), names
    of constraints and a view's query: nothing. Those are `verify`'s to catch (exact, with
    the real tools)."""
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
    assert len(pull_reader.read(tables).tables) == 4000


def _shape(pulled: Pulled, *, lines: bool = True) -> object:
    """Everything a reader found, for two readers to be held equal (without line numbers:
    one pull in two layouts)."""

    def at(line: int | None) -> int | None:
        return line if lines else None

    tables = {
        key: (
            at(t.line), at(t.primary_line), sorted(t.by_property.items()),
            [(c.name, c.builder, sorted(c.options.items()), at(c.line), c.not_null, c.primary,
              c.serial, c.default, c.identity, c.generated) for c in t.columns.values()],
            sorted((keys, at(line)) for keys, line in t.uniques),
            [(i.name, i.unique, at(i.line), i.columns, i.method, i.where) for i in t.indexes],
            [(at(f.line), f.columns, f.target, f.target_columns, f.actions) for f in t.foreign],
        )
        for key, t in sorted(pulled.tables.items())
    }  # fmt: skip
    return (
        tables,
        sorted(pulled.variables.items()),
        sorted(pulled.enums.items()),
        sorted((k, (v, at(line))) for k, (v, line) in pulled.enum_values.items()),
        sorted((k, at(line)) for k, line in pulled.views.items()),
        sorted(pulled.schemas),
    )


LAYOUT_KEEPING = [m for m in MUTATIONS if m[2] and m[0] != "view-dropped"]


@pytest.mark.parametrize(
    ("name", "ts_edit"),
    [(n, None) for n in sorted(FIXTURES)] + [(MUTATED[m[0]], m[2]) for m in LAYOUT_KEEPING],
    ids=[*sorted(FIXTURES), *(m[0] for m in LAYOUT_KEEPING)],
)
def test_both_readers_read_pulls_layout_alike(name, ts_edit) -> None:
    """The line reader (pull's layout, the fast path) and the token reader (any layout)
    find the same things, lines included, in every fixture and every edit of the table."""
    text = mutated("", FIXTURES[name][1], None, ts_edit)[1]
    by_lines = pull_reader._read_lines(text)
    assert by_lines is not None  # pull's own layout: the fast path reads it
    assert _shape(by_lines) == _shape(_pull_tokens.Reader(text).read())


FORMATTED = {
    path.name: path.read_text(encoding="utf-8")
    for path in sorted((DATA / "formatted").glob("*.schema.ts"))
}


@pytest.mark.parametrize("name", sorted(FORMATTED))
def test_a_pull_a_formatter_rewrote_is_read_as_pull_wrote_it(name) -> None:
    """tests/data/pull/formatted/: each fixture's pull through real prettier 3 (defaults;
    single quotes, tabs, 120 columns): chains over several lines, a declaration's arguments
    one per line, extras on one line. Before the token reader, a chain's `.notNull()` on the
    next line was lost (a false AF102); now it is in sync, and reads as the pull itself.
    (Prettier refuses pull's `.default(')`: broad's was mended to `''` first.)"""
    fixture = name.split(".")[0]
    sql, original = FIXTURES[fixture]
    text = FORMATTED[name]
    assert pull_reader._read_lines(text) is None  # not pull's layout: read by its tokens
    assert differences(sql, text) == []
    mended = original.replace(".default('),", ".default(''),")
    assert _shape(pull_reader.read(text), lines=False) == _shape(
        pull_reader.read(mended), lines=False
    )


FORMATTED_EDITS = [
    ("keys.prettier.schema.ts", ("    code: text().notNull(),", "    code: text(),"),
     "column public.accounts.code is NOT NULL in the source but nullable in the generated schema"),
    ("keys.prettier.schema.ts", ("      .generatedByDefaultAsIdentity({", "      .generatedAlwaysAsIdentity({"),
     "column public.accounts.id has GENERATED BY DEFAULT AS IDENTITY in the source but always as identity in the generated schema"),
    ("broad.prettier.schema.ts", ("      .defaultNow()\n      .notNull(),", "      .defaultNow(),"),
     "column public.users.created_at is NOT NULL in the source but nullable in the generated schema"),
    ("keys.prettier-tabs.schema.ts", ("\t\t\t.where(sql`ok`),", ","),
     "index accounts_partial of public.accounts is partial in the source, unlike the generated schema"),
    ("keys.prettier-tabs.schema.ts", ("(table) => [unique('u_nn').on(table.a, table.b)],", "(table) => [],"),
     "unique key (a, b) of public.with_unique_nn is in the source but not in the generated schema"),
    ("keys.prettier-tabs.schema.ts", ("}).onDelete('cascade'),", "}),"),
     "foreign key (account_id, n) of ops.notes -> ops.tasks is ON DELETE CASCADE in the source but NO ACTION in the generated schema"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "edit", "expected"), FORMATTED_EDITS)
def test_a_hand_edit_to_a_formatted_pull_is_exactly_one_difference(name, edit, expected) -> None:
    fixture = name.split(".")[0]
    text = FORMATTED[name]
    assert edit[0] in text
    assert differences(FIXTURES[fixture][0], text.replace(edit[0], edit[1], 1)) == [expected]


HAND_WRITTEN = """\
import { pgTable, text, integer, index, uniqueIndex } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: integer("id").primaryKey(),
  email: text("email").notNull().unique(),
});

export const posts = pgTable(
  "posts",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title"),
  },
  (t) => {
    return {
      byTitle: index("posts_title_idx").on(t.title),
      byUser: uniqueIndex("posts_user_title").on(t.userId, t.title),
    };
  },
);
"""
HAND_WRITTEN_SQL = """\
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE posts (
  id int PRIMARY KEY,
  user_id int NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text
);
CREATE INDEX posts_title_idx ON posts (title);
CREATE UNIQUE INDEX posts_user_title ON posts (user_id, title);
"""


def test_what_drizzle_lets_one_write_elsewhere_is_read_too() -> None:
    """A column's `.unique()` and `.references(() => …, { onDelete })`, the older object
    form of the extras (`(t) => { return { … } }`), another name for the table parameter:
    read by the token reader, and compared like pull's own layout."""
    assert pull_reader._read_lines(HAND_WRITTEN) is None
    assert differences(HAND_WRITTEN_SQL, HAND_WRITTEN) == []
    assert differences(HAND_WRITTEN_SQL, HAND_WRITTEN.replace('{ onDelete: "cascade" }', "{}")) == [
        "foreign key (user_id) of public.posts -> public.users is ON DELETE CASCADE in the source"
        " but NO ACTION in the generated schema"
    ]
    assert differences(
        HAND_WRITTEN_SQL, HAND_WRITTEN.replace(".notNull().unique()", ".notNull()")
    ) == ["unique key (email) of public.users is in the source but not in the generated schema"]
    assert differences(
        HAND_WRITTEN_SQL, HAND_WRITTEN.replace("on(t.userId, t.title)", "on(t.title)")
    ) == [
        "index posts_user_title of public.posts is on (user_id, title) in the source but on"
        " (title) in the generated schema"
    ]


@pytest.mark.parametrize(
    "line",
    [
        # 1.0.0-rc.5, as pulled from `CREATE TYPE state AS ENUM ('new', 'it''s', 'a,b', 'back\slash')`
        'export const state = pgEnum("state", ["new", "it\'s", "a,b", "back\\\\slash"])',
        # 0.31.11, the same type
        "export const state = pgEnum(\"state\", ['new', 'it\\'s', 'a,b', 'back\\slash'])",
        # either, reformatted over lines (the token reader)
        'export const state = pgEnum("state", [\n  "new",\n  "it\'s",\n  "a,b",\n  "back\\\\slash",\n]);',
    ],
    ids=["1.0", "0.31", "reformatted-1.0"],
)
def test_enum_values_are_read_as_each_line_escapes_them(line) -> None:
    values, _ = pull_reader.read(line + "\n").enum_values[("public", "state")]
    assert values == ["new", "it's", "a,b", "back\\slash"]


def _reordered(pulled: str, seed: int | None) -> str:
    """The declarations of a pull in another order (reversed, or shuffled by `seed`): a
    schema's `pgSchema` may then stand below the tables that use it."""
    import random
    import re

    head, _, body = pulled.partition("\nexport const")
    blocks = re.split(r"\n(?=export const )", "export const" + body)
    ordered = blocks[::-1] if seed is None else random.Random(seed).sample(blocks, len(blocks))
    return head + "\n" + "\n".join(ordered)


@pytest.mark.parametrize(
    "seed", [None, 1, 2, 3], ids=["reversed", "shuffled-1", "shuffled-2", "shuffled-3"]
)
@pytest.mark.parametrize("line", ["0.31", "1.0"])
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_reordered_declarations_are_still_in_sync(name, line, seed) -> None:
    """Issue 36: a pull whose declarations were reordered (by hand or a tool) describes the
    same schema; an edit in it is still seen."""
    sql, pulled = FIXTURES[name] if line == "0.31" else FIXTURES_V1[name]
    text = _reordered(pulled, seed)
    assert text != pulled
    assert differences(sql, text) == []
    assert differences(sql + "CREATE TABLE extra_table (id int);\n", text) == [
        "table public.extra_table is in the source but not in the generated schema"
    ]
