"""A schema lint a team can trust (issue 19): what replays of real histories showed to be
false alarms stays quiet, what they showed to be missed is reported. Each row: the old and the
new source, and the codes reported (empty: a false alarm that must not come back)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.cli import main as cli_main
from hooks.schema.lint import lint

SQL = "packages/database/schema.sql"


HAZARDS = ("AF651", "AF652", "AF653")  # a changed CHECK is still scanned: tests/hazards_test.py


def codes(old: str | None, new: str) -> list[str]:
    """The data-loss codes: what a change can lose or fail on (not its lock hazards)."""
    return sorted(v.code for v in lint("schema.sql", old, new) if v.code not in HAZARDS)


STATUS = "CREATE TABLE t (id int PRIMARY KEY, status text NOT NULL CHECK (status IN ('a', 'b')));\n"
SCORES = "CREATE TABLE s (id int PRIMARY KEY, x int, y int, CHECK (x >= 1));\n"
INVOICES = "CREATE TABLE invoices (id int PRIMARY KEY, credit_note_id int NOT NULL, total int);\n"
USERS = "CREATE TABLE u (id int PRIMARY KEY, email text, name text, deleted_at timestamptz);\n"

QUIET = [
    # 1. positions are not meaning: an unchanged expression below a moved line
    pytest.param(STATUS, "-- note\n" + STATUS, id="in-list-check-below-a-new-comment"),
    pytest.param(
        "CREATE TABLE t (id int, tags text[] DEFAULT ARRAY['a', 'b'], at int DEFAULT 1 + 2);\n",
        "\n\n-- moved\nCREATE TABLE t (id int, tags text[] DEFAULT ARRAY['a', 'b'], at int DEFAULT 1 + 2);\n",
        id="array-and-expression-defaults-below-blank-lines",
    ),
    pytest.param(
        USERS
        + "CREATE UNIQUE INDEX ux ON u (lower(email)) WHERE deleted_at IS NULL AND name IN ('x', 'y');\n",
        "-- header\n\n"
        + USERS
        + "CREATE UNIQUE INDEX ux ON u (lower(email)) WHERE deleted_at IS NULL AND name IN ('x', 'y');\n",
        id="partial-expression-index-below-a-new-comment",
    ),
    # 2. a new CHECK every existing row already passes
    pytest.param(
        SCORES,
        SCORES.replace("CHECK (x >= 1)", "CHECK (x IS NULL OR x >= 1)"),
        id="check-widened-by-an-or",
    ),
    pytest.param(
        SCORES.replace("CHECK (x >= 1)", "CHECK (x >= 1 AND y > 0)"),
        SCORES.replace("CHECK (x >= 1)", "CHECK (x >= 1 AND y > 0), CHECK (x >= 1)"),
        id="check-with-a-conjunct-removed-beside-the-old-one",
    ),
    pytest.param(
        SCORES.replace("CHECK (x >= 1)", "CHECK ((x >= 1 AND y > 2) OR x = 0)"),
        SCORES.replace(
            "CHECK (x >= 1)", "CHECK ((x >= 1 AND y > 2) OR x = 0), CHECK (x >= 1 OR x = 0)"
        ),
        id="conjunct-removed-from-a-disjunct",
    ),
    pytest.param(
        INVOICES,
        INVOICES.replace(
            "total int)",
            "total int, refund_id int, CHECK (credit_note_id IS NOT NULL OR refund_id IS NOT NULL))",
        ),
        id="check-implied-by-an-old-not-null-column",
    ),
    pytest.param(
        INVOICES,
        INVOICES.replace(
            "total int)", "total int, paid_at timestamptz, CHECK (paid_at IS NULL OR total > 0))"
        ),
        id="check-whose-disjunct-tests-a-brand-new-column-for-null",
    ),
    pytest.param(
        INVOICES,
        INVOICES.replace("total int)", "total int, discount int, CHECK (discount <= total))"),
        id="strict-comparison-of-a-brand-new-column",
    ),
    # 3. a NOT VALID rule made real and stricter
    pytest.param(
        "CREATE TABLE t (id int PRIMARY KEY, x int, CONSTRAINT x_nn CHECK (x IS NOT NULL) NOT VALID);\n",
        "CREATE TABLE t (id int PRIMARY KEY, x int NOT NULL);\n",
        id="not-valid-check-replaced-by-not-null",
    ),
    # found by the replay: a dump that moves an extension's C functions into CREATE EXTENSION
    pytest.param(
        "CREATE FUNCTION gbt_bit_compress(internal) RETURNS internal LANGUAGE c IMMUTABLE STRICT"
        " AS '$libdir/btree_gist', 'gbt_bit_compress';\n",
        "CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;\n",
        id="extension-functions-replaced-by-create-extension",
    ),
    # found by the replay: casts PostgreSQL applies by itself
    pytest.param(
        "CREATE TABLE e (id int PRIMARY KEY, data json, at timestamp);\n",
        "CREATE TABLE e (id int PRIMARY KEY, data jsonb, at timestamp(6));\n",
        id="json-to-jsonb-and-timestamp-to-timestamp-6",
    ),
    # partial and expression unique indexes that an existing key already implies
    pytest.param(
        USERS + "ALTER TABLE u ADD UNIQUE (email);\n",
        USERS
        + "ALTER TABLE u ADD UNIQUE (email);\nCREATE UNIQUE INDEX a ON u (email) WHERE deleted_at IS NULL;\n",
        id="partial-unique-index-over-a-unique-column",
    ),
    pytest.param(
        USERS + "CREATE UNIQUE INDEX a ON u (lower(name));\n",
        USERS + "CREATE UNIQUE INDEX a ON u (lower(name));\nALTER TABLE u ADD UNIQUE (name);\n",
        id="unique-lower-name-implies-unique-name",
    ),
    pytest.param(
        USERS,
        USERS.replace("deleted_at timestamptz", "deleted_at timestamptz, slug text")
        + "CREATE UNIQUE INDEX a ON u (slug) WHERE deleted_at IS NULL;\n",
        id="partial-unique-index-on-a-brand-new-column",
    ),
]

REPORTED = [
    pytest.param(
        SCORES,
        SCORES.replace("CHECK (x >= 1)", "CHECK (x >= 2)"),
        ["AF634", "AF642"],
        id="check-narrowed",
    ),
    pytest.param(
        SCORES,
        SCORES.replace("CHECK (x >= 1)", "CHECK (x >= 1 OR y = 2)"),
        ["AF642"],
        id="check-widened-past-what-it-kept-out",
    ),
    pytest.param(
        INVOICES,
        INVOICES.replace(
            "total int)",
            "total int, paid_at timestamptz DEFAULT now(), CHECK (paid_at IS NULL OR total > 0))",
        ),
        ["AF634"],
        id="new-column-with-a-default-is-not-null-in-old-rows",
    ),
    pytest.param(
        INVOICES,
        INVOICES.replace("total int)", "total int, CHECK (coalesce(total, 0) > 0))"),
        ["AF634"],
        id="not-strict-expression-is-still-reported",
    ),
    pytest.param(
        "CREATE TABLE t (id int PRIMARY KEY, x int, CHECK (x IS NOT NULL) NOT VALID);\n",
        "CREATE TABLE t (id int PRIMARY KEY, x int);\n",
        ["AF642"],
        id="not-valid-check-dropped-without-replacement",
    ),
    pytest.param(
        "CREATE FUNCTION handler() RETURNS language_handler LANGUAGE c"
        " AS '$libdir/plpgsql', 'plpgsql_call_handler';\n",
        "CREATE EXTENSION btree_gist;\n",
        ["AF644"],
        id="a-c-function-of-another-library-is-still-gone",
    ),
    pytest.param(
        "CREATE TABLE e (id int PRIMARY KEY, ip varchar(255), at timestamptz(6));\n",
        "CREATE TABLE e (id int PRIMARY KEY, ip inet, at timestamptz(0));\n",
        ["AF621", "AF622"],
        id="varchar-to-inet-has-no-assignment-cast-and-fewer-digits-round",
    ),
    # 5. rivals for one rename: at most one can be it, so none is taken for it
    pytest.param(
        "CREATE TABLE t (id int PRIMARY KEY, a text, b text);\n",
        "CREATE TABLE t (id int PRIMARY KEY, c text);\n",
        ["AF614", "AF614"],
        id="two-dropped-columns-compete-for-one-new-column",
    ),
    pytest.param(
        "CREATE TABLE t (id int PRIMARY KEY, a text);\n",
        "CREATE TABLE t (id int PRIMARY KEY, c text);\n",
        ["AF615"],
        id="one-dropped-column-and-one-new-is-still-an-undeclared-rename",
    ),
    pytest.param(
        "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n",
        "CREATE TABLE c (id int);\n",
        ["AF612", "AF612"],
        id="two-dropped-tables-compete-for-one-new-table",
    ),
    pytest.param(
        "CREATE TABLE a (id int);\nCREATE TABLE keep (x int);\n",
        "CREATE TABLE c (id int);\nCREATE TABLE keep (x int);\n",
        ["AF613"],
        id="one-dropped-table-and-one-twin-is-still-an-undeclared-rename",
    ),
    # misses: partial and expression unique indexes over existing rows
    pytest.param(
        USERS,
        USERS + "CREATE UNIQUE INDEX a ON u (email) WHERE deleted_at IS NULL;\n",
        ["AF633"],
        id="new-partial-unique-index",
    ),
    pytest.param(
        USERS,
        USERS + "CREATE UNIQUE INDEX a ON u (lower(email));\n",
        ["AF633"],
        id="new-unique-index-on-an-expression",
    ),
    pytest.param(
        USERS + "CREATE UNIQUE INDEX a ON u (email) WHERE deleted_at IS NULL;\n",
        USERS + "CREATE UNIQUE INDEX a ON u (email) WHERE name IS NULL;\n",
        ["AF633"],
        id="partial-unique-index-over-other-rows",
    ),
    pytest.param(
        USERS + "CREATE UNIQUE INDEX a ON u (lower(name)) WHERE deleted_at IS NULL;\n",
        USERS
        + "CREATE UNIQUE INDEX a ON u (lower(name)) WHERE deleted_at IS NULL;\nALTER TABLE u ADD UNIQUE (name);\n",
        ["AF633"],
        id="a-partial-expression-index-implies-no-whole-key",
    ),
]


@pytest.mark.parametrize(("old", "new"), QUIET)
def test_no_false_alarm(old, new) -> None:
    assert codes(old, new) == []


@pytest.mark.parametrize(("old", "new", "expected"), REPORTED)
def test_still_reported(old, new, expected) -> None:
    assert codes(old, new) == expected


def test_the_partial_index_finding_points_at_the_index() -> None:
    found = lint("schema.sql", USERS, USERS + "\nCREATE UNIQUE INDEX a ON u (lower(email));\n")
    (finding,) = [v for v in found if v.code not in HAZARDS]
    assert (finding.line, finding.col) == (3, 1)
    assert (
        "new unique index on expressions on public.u covers existing columns (email)"
        in finding.message
    )


# --- what Atlas cannot apply: AF601 at the exact position ----------------------------------------


def test_byte_order_mark_is_af601_at_the_start(monorepo, capsys) -> None:
    original = (monorepo.path / SQL).read_bytes()
    (monorepo.path / SQL).write_bytes(b"\xef\xbb\xbf" + original)
    monorepo.add(SQL)
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"{SQL}:1:1: AF601 starts with a UTF-8 byte-order mark" in out
    assert "Set-Content -Encoding UTF8" in out
    (monorepo.path / SQL).write_bytes(original)
    monorepo.add(SQL)
    assert cli_main(["check"]) == 0


def test_meta_command_in_the_source_blocks_the_commit(monorepo, capsys) -> None:
    original = (monorepo.path / SQL).read_text()
    monorepo.stage(SQL, "\\restrict abc\n" + original + "\\unrestrict abc\n")
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"{SQL}:1:1: AF601 psql meta-command \\restrict is not SQL" in out
    assert "\\unrestrict is not SQL" in out


# --- 1. no position field survives: the binding's whole catalogue ---------------------------------


def test_every_position_field_of_the_parse_tree_is_stripped() -> None:
    """Walk every message the binding can produce: an integer field whose name speaks of a
    place in the text is stripped, and nothing else is (a new parser release that adds one
    fails here, not on a user's commit)."""
    from google.protobuf.descriptor import FieldDescriptor
    from postgast import pg_query_pb2

    from hooks.schema.normalization import is_position_field

    integers = {
        FieldDescriptor.TYPE_INT32,
        FieldDescriptor.TYPE_INT64,
        FieldDescriptor.TYPE_UINT32,
        FieldDescriptor.TYPE_UINT64,
    }
    not_positions = {("WindowClause", "start_in_range_func"), ("WindowClause", "end_in_range_func")}
    words = ("location", "start", "end", "len", "offset", "pos")
    seen = 0
    for message in pg_query_pb2.DESCRIPTOR.message_types_by_name.values():
        if message.name == "ScanToken":
            continue  # the scanner's output, never in a parse tree
        for field in message.fields:
            if field.type not in integers:
                continue
            looks = (
                any(w in field.name for w in words)
                and (message.name, field.name) not in not_positions
            )
            assert is_position_field(field.name) == looks, (message.name, field.name)
            seen += looks
    assert seen > 90


SHUFFLE_BASE = [
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');",
    "CREATE TABLE users (\n  id serial PRIMARY KEY,\n  email text NOT NULL UNIQUE,\n"
    "  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),\n"
    "  tags text[] DEFAULT ARRAY['a']::text[],\n  created_at timestamptz NOT NULL DEFAULT now()\n);",
    "CREATE TABLE posts (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "  author_id int NOT NULL REFERENCES users (id),\n  score numeric(10, 2) CHECK (score BETWEEN 0 AND 5),\n"
    "  feeling mood,\n  CONSTRAINT posts_score CHECK (score IS NULL OR score >= 0 AND score IN (1, 2, 3))\n);",
    "CREATE UNIQUE INDEX posts_live ON posts (author_id, lower(feeling::text)) WHERE score > 0;",
    "CREATE VIEW active AS SELECT id, email FROM users WHERE status IN ('new', 'active');",
    "CREATE FUNCTION n_users() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM users $$;",
]


@settings(max_examples=40, deadline=None)
@given(
    order=st.permutations(range(1, len(SHUFFLE_BASE))),
    inserts=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=60),
            st.sampled_from(["-- note", "", "/* c */", "  "]),
        ),
        max_size=8,
    ),
)
def test_comments_blank_lines_and_order_never_make_a_finding(order, inserts) -> None:
    old = "\n\n".join(SHUFFLE_BASE) + "\n"
    statements = [SHUFFLE_BASE[0]] + [SHUFFLE_BASE[i] for i in order]  # the enum stays first
    lines = "\n\n".join(statements).split("\n")
    for at, line in sorted(inserts, reverse=True):
        lines.insert(min(at, len(lines)), line)
    new = "\n".join(lines) + "\n"
    assert codes(old, new) == []
    assert codes(new, old) == []


# --- 4. several source files are one desired state ------------------------------------------------


def _two_sources(monorepo) -> None:
    monorepo.write(".atlas-first.toml", 'sources = ["packages/database/schema/"]\n')
    monorepo.git("rm", "-q", SQL)
    monorepo.stage(
        "packages/database/schema/users.sql",
        "CREATE TABLE users (id int PRIMARY KEY, name text);\n",
    )
    monorepo.stage(
        "packages/database/schema/posts.sql",
        "CREATE TABLE posts (id int PRIMARY KEY, body text);\n",
    )
    monorepo.stage(GEN, _pulled("users", "\tname: text(),") + _pulled("posts", "\tbody: text(),"))
    monorepo.add()
    monorepo.commit("two sources")


GEN = "packages/database/src/schema/schema.ts"


def _pulled(table: str, *columns: str) -> str:
    """A table as `drizzle-kit pull` writes it (its id an int primary key)."""
    lines = "\n".join(("\tid: integer().primaryKey().notNull(),", *columns))
    return f'export const {table} = pgTable("{table}", {{\n{lines}\n}});\n\n'


def test_moving_a_table_between_sources_is_not_a_drop(monorepo, capsys) -> None:
    _two_sources(monorepo)
    monorepo.stage(
        "packages/database/schema/users.sql",
        "CREATE TABLE users (id int PRIMARY KEY, name text);\nCREATE TABLE posts (id int PRIMARY KEY, body text);\n",
    )
    monorepo.git("rm", "-q", "packages/database/schema/posts.sql")
    assert cli_main(["check"]) == 0, capsys.readouterr().out


def test_deleting_a_duplicate_source_is_not_a_drop(monorepo, capsys) -> None:
    _two_sources(monorepo)
    monorepo.stage(
        "packages/database/schema/copy.sql", "CREATE TABLE posts (id int PRIMARY KEY, body text);\n"
    )
    monorepo.commit("a duplicate")
    monorepo.git("rm", "-q", "packages/database/schema/copy.sql")
    assert cli_main(["check"]) == 0, capsys.readouterr().out


def test_a_real_drop_across_sources_is_reported_where_it_happened(monorepo, capsys) -> None:
    _two_sources(monorepo)
    monorepo.stage(
        "packages/database/schema/posts.sql", "CREATE TABLE posts (id int PRIMARY KEY);\n"
    )
    monorepo.stage(
        "packages/database/schema/users.sql",
        "CREATE TABLE users (id int PRIMARY KEY, name text);\n-- moved nothing\n",
    )
    monorepo.stage(GEN, _pulled("users", "\tname: text(),") + _pulled("posts"))  # the sync
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert (
        "packages/database/schema/posts.sql:1:1: AF614 column public.posts.body (text) is gone"
        in out
    )
    assert "users.sql" not in out


def test_a_syntax_error_names_its_own_file(monorepo, capsys) -> None:
    _two_sources(monorepo)
    monorepo.stage(
        "packages/database/schema/posts.sql",
        "CREATE TABLE posts (id int PRIMARY KEY,, body text);\n",
    )
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert "packages/database/schema/posts.sql:1:40: AF601 does not parse" in out


def test_a_range_compares_the_union_too(monorepo, capsys) -> None:
    _two_sources(monorepo)
    base = monorepo.head()
    monorepo.stage(
        "packages/database/schema/users.sql",
        "CREATE TABLE users (id int PRIMARY KEY, name text);\nCREATE TABLE posts (id int PRIMARY KEY, body text);\n",
    )
    monorepo.git("rm", "-q", "packages/database/schema/posts.sql")
    monorepo.commit("move")
    assert cli_main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == 0
    monorepo.stage(
        "packages/database/schema/users.sql",
        "CREATE TABLE users (id int PRIMARY KEY, name text);\n",
    )
    monorepo.stage(GEN, _pulled("users", "\tname: text(),"))  # the sync
    monorepo.commit("drop")
    assert cli_main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == 1
    assert "AF612 table public.posts is gone" in capsys.readouterr().out


def test_the_hook_in_range_mode_reads_the_commit_not_the_work_tree(monorepo, capsys) -> None:
    """Found by the replay: the separate hook read the work tree for --to-ref (a pre-push with
    a dirty tree, a CI step that checked out another commit) and judged the wrong version."""
    from hooks.lint_schema_source import main as lint_main

    base = monorepo.head()
    original = (monorepo.path / SQL).read_text()
    monorepo.stage(SQL, original.replace(',\n  "name" text NOT NULL', ""))
    monorepo.commit("drop a column, no hooks")
    (monorepo.path / SQL).write_text(original)  # the work tree has it back, unstaged
    assert lint_main(["--from-ref", base, "--to-ref", "HEAD"]) == 1
    assert "AF614 column public.users.name (text) is gone" in capsys.readouterr().out
    assert cli_main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == 1
    assert "AF614" in capsys.readouterr().out


# --- the prover stays linear ----------------------------------------------------------------------


def _widened_table(n: int) -> tuple[str, str]:
    columns = ", ".join(f"c{i} int" for i in range(n))
    old_checks = ", ".join(f"CHECK (c{i} >= {i})" for i in range(n))
    new_checks = ", ".join(
        f"CHECK (c{i} IS NULL OR c{i} >= {i} OR c{(i + 1) % n} = 0)" for i in range(n)
    )
    return (
        f"CREATE TABLE t (id int PRIMARY KEY, {columns}, {old_checks});\n",
        f"CREATE TABLE t (id int PRIMARY KEY, {columns}, {new_checks});\n",
    )


def test_the_implication_check_is_linear_in_the_change() -> None:
    """Steps, not seconds: doubling the number of CHECKs at most about doubles the work."""
    from hooks.schema import data_loss as changes

    counted: list = []
    original = changes._rows

    def counting(*args, **kwargs):
        rows = original(*args, **kwargs)
        counted.append(rows)
        return rows

    steps = []
    for n in (200, 400):
        counted.clear()
        changes._rows = counting
        try:
            old, new = _widened_table(n)
            assert codes(old, new) == ["AF642"] * n  # each old rule weakened, none new at risk
        finally:
            changes._rows = original
        steps.append(sum(r.total_steps for r in counted))
    assert steps[0] > 0
    assert steps[1] / steps[0] < 2.5, steps
