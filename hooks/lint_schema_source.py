"""lint-schema-source: `schema.sql` must parse, and data loss must be deliberate.

Atlas applies the source file's desired state: a deleted column line becomes `DROP COLUMN`,
a narrowed type an `ALTER COLUMN TYPE` that can fail or truncate. This hook reads the change
itself (old version: HEAD, or FROM for a range; new version: what is being committed), parses
both with PostgreSQL's own parser, compares the two schema models and reports what the plan
would destroy or could fail on. `--all-files` has no "before": it checks syntax only.

A finding is accepted deliberately with a directive in the source file, scoped to one code
and one object: `-- atlas-first:allow AF614 public.users.legacy_flag`. A directive that
matches nothing in the change is reported (as a warning), so stale ones get cleaned up.
"""

from __future__ import annotations

import re

from hooks._codes import Code
from hooks._codes import Example
from hooks._codes import register
from hooks._hook import Findings
from hooks._hook import hook_main
from hooks._report import WARNING
from hooks._report import ToolError
from hooks._report import Violation
from hooks._report import per_run

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Sequence

    from hooks._config import Database
    from hooks._hazards import Hazard
    from hooks._hazards import HazardSettings
    from hooks._hazards import Policy
    from hooks._hook import Context
    from hooks._implication import Rows
    from hooks._schema import Column
    from hooks._schema import ForeignKey
    from hooks._schema import Schema
    from hooks._schema import Table
    from hooks._sources import Positions
    from hooks._sql import SqlSyntaxError
    from hooks._sql import Statement

SYNTAX = "AF601"
STALE_DIRECTIVE = "AF609"
_ALLOW = re.compile(r"--[ \t]*atlas-first:allow[ \t]+(AF\d{3})[ \t]+(\S+)")

# code -> (severity, what Atlas does to the data, how to proceed)
RULES: dict[str, tuple[str, str, str]] = {
    "AF611": ("error", "Atlas drops the schema and everything in it", "keep the CREATE SCHEMA"),
    "AF612": ("error", "Atlas drops the table and its rows", "keep the table until its data is migrated; drop it in a later change"),
    "AF613": ("error", "Atlas applies a rename it was not told about as DROP TABLE + CREATE TABLE: the rows are lost", "declare it: put `-- atlas:renamed_from <old>` above the CREATE TABLE"),
    "AF614": ("error", "Atlas drops the column and its values", "expand/contract: stop using the column, backfill what replaces it, drop it in a later change"),
    "AF615": ("error", "Atlas applies an undeclared rename as DROP COLUMN + ADD COLUMN: the values are lost", "declare it: put `-- atlas:renamed_from <old>` above the column"),
    "AF616": ("error", "rows holding the removed value make the type change fail (or must be rewritten first)", "migrate the rows off the value first; remove it in a later change"),
    "AF617": ("error", "PostgreSQL cannot reorder enum values in place: Atlas recreates the type", "add new values anywhere, but keep the existing ones in their order"),
    "AF621": ("error", "ALTER COLUMN TYPE can fail on existing rows or truncate them", "expand/contract: add a column of the new type, backfill, switch, drop the old one later"),
    "AF622": ("error", "there is no assignment cast: ALTER COLUMN TYPE fails without a USING clause", "expand/contract: add a column of the new type, backfill with an explicit conversion, switch"),
    "AF631": ("error", "ADD COLUMN … NOT NULL without a DEFAULT fails on a table that has rows", "add it nullable (or with a DEFAULT), backfill, then set NOT NULL"),
    "AF632": ("error", "SET NOT NULL fails if any row holds NULL (a DEFAULT does not fill existing rows)", "backfill, add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then set NOT NULL"),
    "AF633": ("error", "the new unique key fails on existing duplicates (and locks the table while it builds)", "deduplicate first; build the unique index CONCURRENTLY, then attach it"),
    "AF634": ("error", "the new CHECK is validated against every existing row and fails on any that breaks it", "add it NOT VALID, fix the rows, then VALIDATE CONSTRAINT"),
    "AF635": ("error", "the new FOREIGN KEY is validated against every existing row and fails on orphans", "add it NOT VALID, fix the orphans, then VALIDATE CONSTRAINT"),
    "AF641": ("warning", "Atlas drops the foreign key: orphans can appear from now on", "keep it unless the relation is really gone"),
    "AF642": ("warning", "Atlas drops the CHECK: rows it kept out can now be written", "keep it unless the rule is really gone"),
    "AF643": ("warning", "Atlas drops the view; whatever reads it breaks", "keep it until nothing reads it"),
    "AF644": ("warning", "Atlas drops the function; callers break", "keep the old signature until nothing calls it"),
    "AF645": ("warning", "Atlas renames the table (declared): every query naming the old name breaks", "make sure the application reads the new name first"),
    "AF646": ("warning", "Atlas renames the column (declared): every query naming the old name breaks", "make sure the application reads the new name first"),
}  # fmt: skip

# code -> (what fires it, when it does not): the catalogue's text beside RULES.
_WHEN: dict[str, tuple[str, str]] = {
    "AF611": ("A `CREATE SCHEMA` is gone", "the schema is still created (its tables, if gone, get no AF612)"),
    "AF612": ("A table is gone", "the table was renamed (declared or detected: AF613/AF645) or its schema is gone (AF611)"),
    "AF613": ("A table is gone and one with the same columns appears, undeclared", "several gone tables have that shape (none is taken for the rename: each is AF612), or the rename is declared"),
    "AF614": ("A column of a surviving table is gone", "the column was renamed (AF615, AF646)"),
    "AF615": ("A column is gone and one new column of the same type appears, undeclared", "several gone columns share the type (each is AF614), or the rename is declared"),
    "AF616": ("A value disappears from a surviving enum", "values are only added"),
    "AF617": ("Surviving enum values change their relative order", "new values are added anywhere and the old ones keep their order"),
    "AF621": ("A type change that can fail on existing rows or lose part of them", "the cast keeps every value (varchar(n) to text, int4 to int8, json to jsonb, a longer varchar…)"),
    "AF622": ("A type change with no assignment cast", "PostgreSQL has an assignment or implicit cast between the types"),
    "AF631": ("A new NOT NULL column without a DEFAULT on a surviving table", "the column fills itself (serial, identity, generated), has a DEFAULT, or the table is new"),
    "AF632": ("An existing nullable column becomes NOT NULL", "the old version already had CHECK (col IS NOT NULL)"),
    "AF633": ("A new unique key covers an existing column", "an existing key already implies it (a superset of an existing key, …)"),
    "AF634": ("A new CHECK references an existing column", "it is NOT VALID, or every existing row provably passes it"),
    "AF635": ("A new FOREIGN KEY on existing columns", "it is NOT VALID, or only its actions changed"),
    "AF641": ("A FOREIGN KEY is gone while its columns remain", "its columns are gone too"),
    "AF642": ("A CHECK is gone while its columns remain", "the new version still enforces it"),
    "AF643": ("A view or materialized view is gone", "it is only redefined"),
    "AF644": ("A function signature is gone", "only its body changes"),
    "AF645": ("A table renamed with `-- atlas:renamed_from <old>`", "the table keeps its name"),
    "AF646": ("A column renamed with `-- atlas:renamed_from <old>`", "the column keeps its name"),
}  # fmt: skip


_U = "CREATE TABLE users (\n  id serial PRIMARY KEY,\n  name text NOT NULL{}\n);\n"
_POSTS = "CREATE TABLE posts (\n  id int PRIMARY KEY,\n  title text{}\n);\n"
_MOOD = "CREATE TYPE mood AS ENUM ({});\n"
_VIEW = "CREATE VIEW names AS SELECT {} FROM users;\n"
_FN = "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT {}';\n"
_NOT_VALID = "ALTER TABLE users ADD CONSTRAINT name_set CHECK (length(name) > 0) NOT VALID;\n"
_FK_NOT_VALID = (
    "ALTER TABLE posts ADD CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id)"
    " NOT VALID;\n"
)


# code -> (the source before, after: fires, after: does not fire). users is the demo's table.
def _example_sources() -> dict[str, tuple[str, str, str]]:
    """Built when the catalogue is (not at import)."""
    return {
    "AF601": (_U.format(""), _U.format("") + "CREATE TABLE broken (id int,,);\n", _U.format("") + _POSTS.format("")),
    "AF609": (_U.format(""), _U.format("") + "-- atlas-first:allow AF612 public.ghost\n", "-- atlas-first:allow AF612 public.users\n"),
    "AF611": ("CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id int PRIMARY KEY);\n" + _U.format(""), _U.format(""), "CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id int PRIMARY KEY, total int);\n" + _U.format("")),
    "AF612": (_U.format("") + _POSTS.format(""), _U.format(""), _U.format("") + _POSTS.format(",\n  body text")),
    "AF613": (_U.format("") + _POSTS.format(""), _U.format("") + _POSTS.format("").replace("posts", "articles"), _U.format("") + "-- atlas:renamed_from posts\n" + _POSTS.format("").replace("posts", "articles")),
    "AF614": (_U.format(",\n  nick text"), _U.format(""), _U.format(",\n  nick text,\n  bio text")),
    "AF615": (_U.format(",\n  nick text"), _U.format(",\n  handle text"), _U.format(",\n  -- atlas:renamed_from nick\n  handle text")),
    "AF616": (_MOOD.format("'calm', 'angry'") + _U.format(""), _MOOD.format("'calm'") + _U.format(""), _MOOD.format("'calm', 'angry', 'happy'") + _U.format("")),
    "AF617": (_MOOD.format("'calm', 'angry'") + _U.format(""), _MOOD.format("'angry', 'calm'") + _U.format(""), _MOOD.format("'calm', 'happy', 'angry'") + _U.format("")),
    "AF621": (_U.format(",\n  nick varchar(200)"), _U.format(",\n  nick varchar(50)"), _U.format(",\n  nick text")),
    "AF622": (_U.format(",\n  prefs text"), _U.format(",\n  prefs jsonb"), _U.format(",\n  prefs varchar(500)")),
    "AF631": (_U.format(""), _U.format(",\n  email text NOT NULL"), _U.format(",\n  email text NOT NULL DEFAULT ''")),
    "AF632": (_U.format(",\n  nick text"), _U.format(",\n  nick text NOT NULL"), _U.format(",\n  nick text DEFAULT 'x'")),
    "AF633": (_U.format(""), _U.format(",\n  UNIQUE (name)"), _U.format("") + "CREATE TABLE tags (\n  name text UNIQUE\n);\n"),
    "AF634": (_U.format(""), _U.format(",\n  CHECK (length(name) > 0)"), _U.format("") + _NOT_VALID),
    "AF635": (_U.format("") + _POSTS.format(",\n  user_id int"), _U.format("") + _POSTS.format(",\n  user_id int REFERENCES users (id)"), _U.format("") + _POSTS.format(",\n  user_id int") + _FK_NOT_VALID),
    "AF641": (_U.format("") + _POSTS.format(",\n  user_id int REFERENCES users (id)"), _U.format("") + _POSTS.format(",\n  user_id int"), _U.format("") + _POSTS.format(",\n  user_id int REFERENCES users (id),\n  body text")),
    "AF642": (_U.format(",\n  CHECK (length(name) > 0)"), _U.format(""), _U.format(",\n  CHECK (length(name) > 0),\n  nick text")),
    "AF643": (_U.format("") + _VIEW.format("name"), _U.format(""), _U.format("") + _VIEW.format("name, id")),
    "AF644": (_U.format("") + _FN.format("1"), _U.format(""), _U.format("") + _FN.format("2")),
    "AF645": (_U.format("") + _POSTS.format(""), _U.format("") + "-- atlas:renamed_from posts\n" + _POSTS.format("").replace("posts", "articles"), _U.format("") + _POSTS.format(",\n  body text")),
    "AF646": (_U.format(",\n  nick text"), _U.format(",\n  -- atlas:renamed_from nick\n  handle text"), _U.format(",\n  nick text,\n  bio text")),
    }  # fmt: skip


_SOURCE = "packages/database/schema.sql"
# code -> the README table's "fires when" cell (markdown; README.md's table is generated).
_FIRES_WHEN: dict[str, str] = {
    "AF601": "the new version does not parse (line and column; nothing else is computed), or holds what Atlas cannot send to a database: a psql meta-command line (`\\restrict`/`\\unrestrict`, which pg_dump 17.6+ writes around every plain dump, `\\connect`, `\\set`), a byte-order mark (Windows PowerShell 5's `Set-Content -Encoding UTF8` writes one) or UTF-16, a NUL byte",
    "AF611": "a `CREATE SCHEMA` is gone (its tables get no AF612)",
    "AF612": "a table is gone (not renamed, its schema not gone)",
    "AF613": "a table is gone and one with the same columns appears, undeclared: Atlas applies it as DROP + CREATE (when several gone tables have that shape, none is taken for the rename: each is AF612)",
    "AF614": "a column of a surviving table is gone",
    "AF615": "a column is gone and exactly one new column of the same type appears, undeclared (several gone columns of that type: none is the rename, each is AF614)",
    "AF616": "a value disappears from a surviving enum",
    "AF617": "surviving enum values change their relative order (adding values anywhere is fine)",
    "AF621": "a type change that can fail or lose data: shorter `varchar(n)`, `text`\u2192`varchar(n)`, `int8`\u2192`int4`, `numeric` losing digits or scale, `numeric`\u2192`int`, `timestamptz`\u2192`timestamp`, fewer fractional digits (`timestamptz(3)`), `timestamp`\u2192`date`, `inet`\u2192`cidr`, float\u2194`numeric`, another modifier (`bit(n)`, a PostGIS SRID). PostgreSQL's own casts that keep every value are fine: `json`\u2194`jsonb`, `date`\u2192`timestamp`, `timestamp`\u2192`timestamp(6)` (the same type)",
    "AF622": "a type change with no assignment cast: `text`\u2192`jsonb`, `varchar`\u2192`uuid`, `text`\u2192enum, array dimensions",
    "AF631": "a new NOT NULL column without DEFAULT on a surviving table (serial, identity and generated fill themselves; new tables are fine)",
    "AF632": "an existing nullable column becomes NOT NULL (also by joining a PRIMARY KEY; a DEFAULT does not help), unless the old version had `CHECK (col IS NOT NULL)`",
    "AF633": "a new unique key (UNIQUE, unique index, PK, also a **partial** unique index or one on **expressions** such as `lower(email)`) covers an existing column \u2014 not when an existing key already implies it: a superset of an existing key, a partial index over columns already unique, a key whose columns an existing unique expression index reads (`unique lower(name)` implies `unique name`)",
    "AF634": "a new CHECK references an existing column (not `NOT VALID`), unless every existing row provably passes it (see below)",
    "AF635": "a new FOREIGN KEY on existing columns (not `NOT VALID`, not when only its actions changed)",
    "AF641": "a FOREIGN KEY is gone while its columns remain",
    "AF642": "a CHECK is gone while its columns remain, unless the new version still enforces it (a `CHECK (x IS NOT NULL) NOT VALID` replaced by `x \u2026 NOT NULL`; `x >= 1` rewritten `x IS NULL OR x >= 1`)",
    "AF643": "a view or materialized view is gone (redefining it is fine)",
    "AF644": "a function signature (schema, name, argument types) is gone (body changes are fine)",
    "AF645": "a table renamed with `-- atlas:renamed_from <old>`",
    "AF646": "a column renamed with `-- atlas:renamed_from <old>`",
    "AF609": "an `atlas-first:allow` directive that matches nothing in the change",
}  # fmt: skip


def _examples(code: str, sources: dict[str, tuple[str, str, str]]) -> tuple[Example, Example]:
    before, fires, passes = sources[code]
    return (
        Example({_SOURCE: fires}, base={_SOURCE: before}),
        Example({_SOURCE: passes}, base={_SOURCE: before}),
    )


def _catalogue() -> list[Code]:
    sources = _example_sources()
    accept = "`-- atlas-first:allow {code} <object>` in the schema source, in the same change"
    entries = [
        Code(
            SYNTAX,
            "schema.sql does not parse, or holds what Atlas cannot send",
            why="Checked with PostgreSQL's own parser: a syntax error, a psql meta-command"
            " (`\\restrict` from pg_dump 17.6+, `\\connect`, `\\set`), a byte-order mark,"
            " UTF-16 or a NUL byte. Atlas, and every database it applies to, would reject the"
            " file; nothing else is computed until it parses.",
            when_not="the source parses; a source Atlas applies only to another database"
            " (SQLite, MySQL…, by its env's dev/url) is not linted and a note says so.",
            fix="fix the SQL",
            fires_when=_FIRES_WHEN[SYNTAX],
            fires=_examples(SYNTAX, sources)[0],
            passes=_examples(SYNTAX, sources)[1],
        ),
        Code(
            STALE_DIRECTIVE,
            "atlas-first:allow directive that matches nothing",
            severity=WARNING,
            why="A directive left behind from an earlier change would silently accept the next"
            " change of that kind to that object.",
            when_not="the directive accepts a finding of this change.",
            fix="remove the directive (it was for an earlier change), or fix the object name",
            fires_when=_FIRES_WHEN[STALE_DIRECTIVE],
            fires=_examples(STALE_DIRECTIVE, sources)[0],
            passes=_examples(STALE_DIRECTIVE, sources)[1],
        ),
    ]
    for code, (severity, effect, fix) in RULES.items():
        fires, quiet = _WHEN[code]
        entries.append(
            Code(
                code,
                fires,
                severity=severity,
                why=f"{fires}: {effect}.",
                when_not=f"{quiet}.",
                fix=fix,
                accept=accept.format(code=code),
                fires_when=_FIRES_WHEN[code],
                fires=_examples(code, sources)[0],
                passes=_examples(code, sources)[1],
            )
        )
    return entries


# code -> (title, why, when it does not fire, what to do, the README's "fires when").
_HAZARD_TEXT: dict[str, tuple[str, str, str, str, str]] = {
    "AF651": (
        "The change rewrites a table that has rows",
        "Atlas applies it with one ALTER TABLE that copies every row into a new file while it"
        " holds ACCESS EXCLUSIVE: reads and writes wait for the whole copy (minutes to hours on"
        " a large table). PostgreSQL rewrites for a type change that is not binary-compatible"
        " (`int`→`bigint`, `int`→`numeric`, a shorter `varchar`, `text`→`varchar(n)`, arrays"
        " of another element type, `timestamp`↔`timestamptz` unless the session's TimeZone is"
        " UTC, a domain with a CHECK), and for a new column that every row must get its own"
        " value of: a volatile DEFAULT (`gen_random_uuid()`, `clock_timestamp()`, serial), an"
        " identity, a stored generated column, a domain with a CHECK.",
        "the table is new in this change; the change is binary-compatible (a longer or"
        " unbounded `varchar`, `varchar`→`text`, a wider `numeric` of the same scale, more"
        " fractional digits); the new column has no DEFAULT, a constant one or `now()`; the"
        " env's `diff { skip { modify_column / add_column } }` leaves it out.",
        "expand/contract: add a column of the new type (nullable, or with a constant DEFAULT),"
        " backfill it in batches, switch reads and writes, drop the old one in a later change",
        "the change rewrites a table that existed before: a type change PostgreSQL cannot do"
        " in place (`int`\u2192`bigint`, `int`\u2192`numeric`, shorter `varchar`, `text`"
        "\u2192`varchar(n)`, `varchar(n)[]`\u2192`text[]`, `timestamp`\u2194`timestamptz`"
        " unless TimeZone is UTC, to a domain with a CHECK), or a new column with a volatile"
        " DEFAULT, an identity, serial, stored generated, or of a domain with a CHECK;"
        ' warning unless the table is in `large-tables` or `hazards = "error"`',
    ),
    "AF652": (
        "The change reads every row of a table while writes wait",
        "No rewrite, but PostgreSQL reads the whole table inside the ALTER TABLE while it"
        " holds a lock that stops writers (ACCESS EXCLUSIVE stops readers too): SET NOT NULL"
        " checks every row, a CHECK or FOREIGN KEY added without NOT VALID is validated"
        " (even on a brand-new column that is NULL everywhere; a foreign key reads and locks"
        " both tables, and changing its ON DELETE drops and adds it again), a PRIMARY KEY or"
        " UNIQUE constraint builds its index.",
        "the table is new in this change; the constraint is added NOT VALID (VALIDATE"
        " CONSTRAINT in a later change lets writes through); SET NOT NULL on a column a"
        " validated `CHECK (col IS NOT NULL)` already proves (PostgreSQL 12+, and the CHECK is"
        " kept in the same change).",
        "add CHECK and FOREIGN KEY constraints NOT VALID and VALIDATE them in a later change;"
        " for NOT NULL add `CHECK (col IS NOT NULL) NOT VALID`, validate it, then set NOT"
        " NULL; build a unique index CONCURRENTLY before adding a key USING INDEX",
        "a table that existed before is read in full under a lock that stops writes: SET NOT"
        " NULL (no validated `CHECK (col IS NOT NULL)` kept), a CHECK or FOREIGN KEY without"
        " NOT VALID (both tables of a key), a foreign key's actions changed, a PRIMARY KEY or"
        " UNIQUE constraint added, an indexed column's collation or operator class changed;"
        ' warning unless the table is in `large-tables` or `hazards = "error"`',
    ),
    "AF653": (
        "The change builds or drops an index on a table that has rows, without CONCURRENTLY",
        "CREATE INDEX holds SHARE on the table while it reads every row: writes wait for the"
        " whole build (reads too, in the same transaction as an ALTER TABLE on that table);"
        " DROP INDEX takes ACCESS EXCLUSIVE. Atlas writes CONCURRENTLY only when the env's"
        " policy says so.",
        "the table is new in this change; the env that applies the source sets `diff {"
        " concurrent_index { create = true drop = true } }` (Atlas then writes CONCURRENTLY;"
        " apply with `--tx-mode none`), or skips add_index / drop_index; the index is only"
        " renamed.",
        "set `diff { concurrent_index { create = true drop = true } }` in the env that applies"
        " production, and apply with `--tx-mode none`",
        "a `CREATE [UNIQUE] INDEX` or a dropped index on a table that existed before (a changed"
        " index is both), unless the env that applies the source sets `concurrent_index`;"
        ' warning unless the table is in `large-tables` or `hazards = "error"`',
    ),
}


def _hazard_examples() -> dict[str, tuple[str, str, str]]:
    index = "CREATE INDEX users_name_idx ON users (name);\n"
    tags = "CREATE TABLE tags (\n  name text\n);\nCREATE INDEX tags_name_idx ON tags (name);\n"
    return {
        "AF651": (
            _U.format(",\n  visits int"),
            _U.format(",\n  visits bigint"),
            _U.format(",\n  visits int,\n  note text"),
        ),
        "AF652": (
            _U.format(""),
            _U.format(",\n  CHECK (length(name) > 0)"),
            _U.format("") + _NOT_VALID,
        ),
        "AF653": (_U.format(""), _U.format("") + index, _U.format("") + tags),
    }


def _hazard_catalogue() -> list[Code]:
    sources = _hazard_examples()
    entries = []
    for code, (title, why, when_not, fix, fires_when) in _HAZARD_TEXT.items():
        fires, passes = _examples(code, sources)
        entries.append(
            Code(
                code,
                title,
                severity=WARNING,
                why=why,
                when_not=when_not,
                fix=fix,
                accept=f"`-- atlas-first:allow {code} <schema.table>` in the schema source, in"
                " the same change; an error only for a table named in `large-tables` (or with"
                ' `hazards = "error"`)',
                fires_when=fires_when,
                fires=fires,
                passes=passes,
            )
        )
    return entries


register(
    "lint-schema-source",
    (SYNTAX, STALE_DIRECTIVE, *RULES, *_HAZARD_TEXT),
    lambda: _catalogue() + _hazard_catalogue(),
)

_INTS = {"int2": 1, "int4": 2, "int8": 3}
_PRECISION = frozenset({"timestamp", "timestamptz", "time", "timetz"})
# PostgreSQL's assignment and implicit casts (pg_cast, castcontext 'a' or 'i') between types a
# schema uses, outside the families the rules below already order: None where every value
# converts, AF621 where some values fail or lose part of themselves. ALTER COLUMN TYPE needs no
# USING clause for any of them, so none is AF622.
_ASSIGNMENT_CASTS: dict[tuple[str, str], str | None] = {
    ("json", "jsonb"): None, ("jsonb", "json"): None,
    ("date", "timestamp"): None, ("date", "timestamptz"): None,
    ("timestamp", "date"): "AF621", ("timestamptz", "date"): "AF621",
    ("timestamp", "time"): "AF621", ("timestamptz", "time"): "AF621",
    ("timestamptz", "timetz"): "AF621",
    ("time", "timetz"): None, ("timetz", "time"): "AF621",
    ("time", "interval"): None, ("interval", "time"): "AF621",
    ("cidr", "inet"): None, ("inet", "cidr"): "AF621",
    ("macaddr", "macaddr8"): None, ("macaddr8", "macaddr"): "AF621",
    ("bit", "varbit"): None, ("varbit", "bit"): "AF621",
    ("float4", "numeric"): "AF621", ("float8", "numeric"): "AF621",
    ("numeric", "float4"): "AF621", ("numeric", "float8"): "AF621",
    ("int4", "money"): "AF621", ("int8", "money"): "AF621",
    ("numeric", "money"): "AF621", ("money", "numeric"): "AF621",
}  # fmt: skip
_FLOATS = {"float4": 1, "float8": 2}
_STRINGS = frozenset({"text", "varchar", "bpchar"})


class Finding:
    __slots__ = ("code", "message", "object", "offset")

    def __init__(self, code: str, obj: str, message: str, offset: int | None) -> None:
        self.code = code
        self.object = obj
        self.message = message
        self.offset = offset  # in the new version; None: the object is gone from the file


def type_change(
    old: tuple[str, tuple[int, ...], int], new: tuple[str, tuple[int, ...], int]
) -> str | None:
    """AF621 (can fail or lose data within a family), AF622 (no assignment cast), or None."""
    (a, am, ad), (b, bm, bd) = old, new
    if old == new:
        return None
    if ad != bd:
        return "AF622"
    if a == b and a in _PRECISION:  # timestamp(6) is timestamp: only fewer digits round
        return "AF621" if (bm[0] if bm else 6) < (am[0] if am else 6) else None
    if a == b == "interval":  # (fields mask, precision): the full range, or fewer digits
        fields_b = (bm or (32767,))[0]
        digits_a, digits_b = (am[1:] or (6,))[0], (bm[1:] or (6,))[0]
        return None if fields_b == 32767 and digits_b >= digits_a else "AF621"
    if a == b and a not in ("numeric", *_STRINGS):
        return "AF621"  # another length or modifier (bit(n), a PostGIS SRID): can fail
    known = _ASSIGNMENT_CASTS.get((a, b), "")
    if known != "":
        return known
    if a in _INTS and b in _INTS:
        return "AF621" if _INTS[b] < _INTS[a] else None
    if a in _FLOATS and b in _FLOATS:
        return "AF621" if _FLOATS[b] < _FLOATS[a] else None
    if a in _INTS and b in ("numeric", *_FLOATS):
        return None
    if a == "numeric" and b == "numeric":
        if not bm:
            return None  # unbounded: widening
        if not am:
            return "AF621"
        precision_a, scale_a = am[0], am[1] if len(am) > 1 else 0
        precision_b, scale_b = bm[0], bm[1] if len(bm) > 1 else 0
        lost = precision_b - scale_b < precision_a - scale_a or scale_b < scale_a
        return "AF621" if lost else None
    if a in ("numeric", *_FLOATS) and b in _INTS:
        return "AF621"
    if a in _STRINGS and b in _STRINGS:
        if b == "text":
            return None
        limit_b = bm[0] if bm else (1 if b == "bpchar" else None)
        if limit_b is None:
            return None
        limit_a = am[0] if am and a != "text" else None
        return "AF621" if limit_a is None or limit_b < limit_a else None
    if a == "timestamp" and b == "timestamptz":
        return None
    if a == "timestamptz" and b == "timestamp":
        return "AF621"
    if b in _STRINGS:
        return None if b == "text" or not bm else "AF621"  # anything prints as text
    return "AF622"


def _existing(old: Table, new: Table, column: str) -> str | None:
    """The old name of a column of `new` that existed before (itself, or renamed), else None."""
    if column in old.columns:
        return column
    source = new.column_renames.get(column)
    return source if source in old.columns else None


def _rows(table: Table, *, valid_only: bool = True, always_null: Iterable[str] = ()) -> Rows:
    """What every row of `table` satisfies: its CHECKs (only validated ones vouch for rows
    written before them) and its NOT NULL columns."""
    from hooks._implication import Rows

    checks = [
        table.check_trees[expr]
        for expr, (_, valid) in table.checks.items()
        if valid or not valid_only
    ]
    return Rows(checks, not_null=table.not_null_columns(), always_null=always_null)


def _null_in_old_rows(added: Iterable[Column]) -> set[str]:
    """New columns that every existing row gets as NULL: no default, identity or generation."""
    return {c.name for c in added if c.default is None and not c.identity and not c.generated}


def _shape(table: Table) -> set[tuple[str, tuple[str, tuple[int, ...], int]]]:
    return {(c.name, c.type) for c in table.columns.values()}


def compare(old: Schema, new: Schema) -> list[Finding]:
    """What applying `new` over `old` does to data, as findings."""
    from hooks._schema import qualified

    found: list[Finding] = []
    gone_schemas = old.schemas - new.schemas
    for schema in sorted(gone_schemas):
        found.append(Finding("AF611", schema, f"schema {schema} is gone", None))
    pairs: list[tuple[Table, Table]] = []
    added = {k: t for k, t in new.tables.items() if k not in old.tables}
    claimed: set[tuple[str, str]] = {t.key for t in added.values() if t.renamed_from}
    declared_sources = {t.renamed_from for t in added.values() if t.renamed_from}
    gone_tables = [
        k
        for k in old.tables
        if k not in new.tables and k[0] not in gone_schemas and k[1] not in declared_sources
    ]
    for key, table in sorted(old.tables.items()):
        if key in new.tables:
            pairs.append((table, new.tables[key]))
            continue
        declared = next((t for t in added.values() if t.renamed_from == key[1]), None)
        if declared is not None:
            pairs.append((table, declared))
            found.append(
                Finding(
                    "AF645",
                    qualified(declared.key),
                    f"table {qualified(key)} is renamed to {qualified(declared.key)}",
                    declared.offset,
                ),
            )
            continue
        if key[0] in gone_schemas:
            continue
        twins = [t for k, t in added.items() if k not in claimed and _shape(t) == _shape(table)]
        rivals = [k for k in gone_tables if _shape(old.tables[k]) == _shape(table)]
        twin = twins[0] if len(twins) == 1 and len(rivals) == 1 else None  # else: no rename
        if twin is not None:
            claimed.add(twin.key)
            found.append(
                Finding(
                    "AF613",
                    qualified(key),
                    f"table {qualified(key)} is gone and {qualified(twin.key)} appears with the same columns: an undeclared rename",
                    twin.offset,
                ),
            )
            continue
        found.append(Finding("AF612", qualified(key), f"table {qualified(key)} is gone", None))
    for before, after in pairs:
        found += _compare_tables(before, after)
    for key, values in sorted(old.enums.items()):
        now = new.enums.get(key)
        if now is None:
            continue
        name = qualified(key)
        for value in values:
            if value not in now:
                found.append(
                    Finding(
                        "AF616", f"{name}.{value}", f"enum {name} loses the value '{value}'", None
                    )
                )
        kept = [v for v in values if v in now]
        if kept != [v for v in now if v in kept]:
            found.append(
                Finding(
                    "AF617", name, f"enum {name} changes the order of its existing values", None
                )
            )
    for key in sorted(old.views - new.views):
        found.append(Finding("AF643", qualified(key), f"view {qualified(key)} is gone", None))
    for schema, name, args in sorted(old.functions - new.functions):
        if old.function_libraries.get((schema, name, args)) in new.extensions:
            continue  # now created by CREATE EXTENSION, which brings the function back
        signature = f"{schema}.{name}({', '.join(args)})"
        found.append(Finding("AF644", signature, f"function {signature} is gone", None))
    return found


def _compare_tables(old: Table, new: Table) -> list[Finding]:
    from hooks._schema import qualified
    from hooks._schema import type_text

    found: list[Finding] = []
    name = qualified(new.key)
    renamed_targets = {src: dst for dst, src in new.column_renames.items() if src in old.columns}
    added = [c for c in new.columns.values() if _existing(old, new, c.name) is None]
    undeclared_gone = [
        c
        for c in old.columns.values()
        if c.name not in new.columns and c.name not in renamed_targets
    ]
    for column in old.columns.values():
        if column.name in new.columns:
            continue
        target = renamed_targets.get(column.name)
        if target is not None:
            found.append(
                Finding(
                    "AF646",
                    f"{name}.{target}",
                    f"column {name}.{column.name} is renamed to {target}",
                    new.columns[target].offset,
                )
            )
            continue
        same_type = [c for c in added if c.type == column.type]
        rivals = [c for c in undeclared_gone if c.type == column.type]
        if len(same_type) == 1 and len(rivals) == 1:  # several rivals: none is surely the rename
            found.append(
                Finding(
                    "AF615",
                    f"{name}.{column.name}",
                    f"column {name}.{column.name} is gone and {same_type[0].name} ({type_text(column.type)}) appears: an undeclared rename",
                    same_type[0].offset,
                )
            )
        else:
            found.append(
                Finding(
                    "AF614",
                    f"{name}.{column.name}",
                    f"column {name}.{column.name} ({type_text(column.type)}) is gone",
                    new.offset,
                )
            )
    not_null_checks = old.not_null_by_check()
    old_keys = old.keys()
    for column in new.columns.values():
        source = _existing(old, new, column.name)
        obj = f"{name}.{column.name}"
        if source is None:
            fills = column.default is not None or column.identity or column.generated
            if column.not_null and not fills:
                found.append(
                    Finding(
                        "AF631",
                        obj,
                        f"new column {obj} is NOT NULL without a DEFAULT",
                        column.offset,
                    )
                )
            continue
        before: Column = old.columns[source]
        change = type_change(before.type, column.type)
        if change is not None:
            found.append(
                Finding(
                    change,
                    obj,
                    f"column {obj} changes type {type_text(before.type)} -> {type_text(column.type)}",
                    column.offset,
                )
            )
        in_primary = bool(new.primary and column.name in new.primary)
        was_key = bool(old.primary and source in old.primary)
        if (
            (column.not_null or in_primary)
            and not before.not_null
            and source not in not_null_checks
            and not was_key
        ):
            found.append(Finding("AF632", obj, f"column {obj} becomes NOT NULL", column.offset))
    existing_cols = {c for c in new.columns if _existing(old, new, c) is not None}
    old_names = {c: _existing(old, new, c) for c in new.columns}

    kept_names = {c for c in new.columns if _existing(old, new, c) in (c, None)}  # not renamed

    def as_old(cols: frozenset[str]) -> frozenset[str]:
        return frozenset(str(old_names.get(c) or c) for c in cols)

    # A unique index on expressions whose every column is in a key makes that key unique:
    # rows equal on the key are equal on lower(name) too.
    whole = [ix for ix in old.unique_indexes if ix.where is None]
    for key in sorted(new.keys(), key=sorted):
        if not key & existing_cols:
            continue
        if any(k <= as_old(key) for k in old_keys) or any(ix.refs <= as_old(key) for ix in whole):
            continue  # the same key, or a superset of one that existed
        listed = ", ".join(sorted(key))
        found.append(
            Finding(
                "AF633",
                f"{name}({listed})",
                f"new unique key on {name}({listed}) covers existing columns",
                new.offset,
            ),
        )
    old_indexes = {ix.key for ix in old.unique_indexes}
    for index in new.unique_indexes:
        if index.key in old_indexes or not index.refs & existing_cols:
            continue
        if not index.refs <= kept_names:
            pass  # renamed columns: the old keys speak of other names, nothing is implied
        elif any(k <= index.columns for k in old_keys) or any(
            ix.refs <= index.columns
            or (
                ix.where in (None, index.where)
                and ix.columns <= index.columns
                and ix.expressions <= index.expressions
            )
            for ix in old.unique_indexes
            if ix.where is None or ix.where == index.where
        ):
            continue  # an existing unique key already forbids the duplicates it would find
        what = "partial unique index" if index.where else "unique index on expressions"
        listed = ", ".join(sorted(index.refs & existing_cols))
        found.append(
            Finding(
                "AF633",
                f"{name}({listed})",
                f"new {what} on {name} covers existing columns ({listed})",
                index.offset,
            ),
        )
    old_rows: Rows | None = None  # built only when a CHECK needs proving: most changes have none
    for expr, (refs, valid) in sorted(new.checks.items()):
        if expr in old.checks or not valid or not refs & existing_cols:
            continue
        if old_rows is None and refs <= kept_names:
            old_rows = _rows(old, always_null=_null_in_old_rows(added))
        if old_rows is not None and refs <= kept_names and old_rows.satisfy(new.check_trees[expr]):
            continue  # every existing row already passes it (a widened or implied rule)
        listed = ", ".join(sorted(refs & existing_cols))
        found.append(
            Finding(
                "AF634",
                f"{name}({', '.join(sorted(refs))})",
                f"new CHECK on {name} references existing columns ({listed})",
                new.offset,
            ),
        )
    new_fks: dict[ForeignKey, tuple[tuple[str, ...], bool]] = {
        (tuple(str(old_names.get(c) or c) for c in fk_cols), fk_ref, fk_refcols): (
            fk_cols,
            fk_valid,
        )
        for (fk_cols, fk_ref, fk_refcols), fk_valid in new.foreign.items()
    }
    for fk, (fk_cols, fk_valid) in sorted(new_fks.items()):
        if fk in old.foreign or not fk_valid or not set(fk_cols) & existing_cols:
            continue
        listed = ", ".join(fk_cols)
        target = f"{qualified(fk[1])}({', '.join(fk[2])})"
        found.append(
            Finding(
                "AF635",
                f"{name}({listed})",
                f"new FOREIGN KEY {name}({listed}) -> {target} on existing columns",
                new.offset,
            ),
        )
    remaining = {_existing(old, new, c) or c for c in new.columns}
    for old_fk in sorted(old.foreign):
        if old_fk in new_fks or not set(old_fk[0]) <= remaining:
            continue
        listed = ", ".join(old_fk[0])
        found.append(
            Finding(
                "AF641",
                f"{name}({listed})",
                f"FOREIGN KEY {name}({listed}) -> {qualified(old_fk[1])} is gone",
                new.offset,
            ),
        )
    new_rows: Rows | None = None
    for old_expr, (old_refs, _) in sorted(old.checks.items()):
        if old_expr in new.checks or not old_refs or not old_refs <= remaining:
            continue
        if new_rows is None and old_refs <= kept_names:
            new_rows = _rows(new, valid_only=False)
        if (
            new_rows is not None
            and old_refs <= kept_names
            and new_rows.satisfy(old.check_trees[old_expr])
        ):
            continue  # the new version still keeps those rows out (e.g. NOT NULL for a CHECK)
        listed = ", ".join(sorted(old_refs))
        found.append(
            Finding(
                "AF642", f"{name}({listed})", f"a CHECK on {name}({listed}) is gone", new.offset
            ),
        )
    return found


def lint(
    path: str,
    old_text: str | None,
    new_text: str | None,
) -> list[Violation]:
    """Findings for one source file: AF601 if the new version does not parse, else what
    applying it over the old version would do to data (none without an old version)."""
    old = None if old_text is None else [(path, old_text)]
    return lint_sources([(path, new_text or "")], old, blame=path)


class _DesiredState:
    """The files that make up one version of the desired state, read as one text: Atlas
    applies them together, so a table may move from one file to another."""

    def __init__(self, files: Sequence[tuple[str, str]]) -> None:
        from hooks._sources import Positions
        from hooks._sql import SqlSyntaxError
        from hooks._sql import parse

        self.files = [(path, text, Positions(text)) for path, text in files]
        self.bases: list[int] = []
        self.statements: list[Statement] = []
        self.errors: list[tuple[str, SqlSyntaxError]] = []
        base = 0
        for path, text in files:
            self.bases.append(base)
            nul = text.find("\0")
            try:
                if nul >= 0:  # PostgreSQL's parser would stop there, unread past it
                    raise SqlSyntaxError("a NUL byte is not SQL (is this a binary file?)", nul)
                statements = parse(text)
            except SqlSyntaxError as exc:
                self.errors.append((path, exc))
                statements = []
            except ToolError as exc:
                raise ToolError(f"{path}: {exc}") from None
            if base:
                statements = [_shifted(st, base) for st in statements]
            self.statements += statements
            base += len(text) + 1
        self.text = "\n".join(text for _, text in files)

    def locate(self, offset: int) -> tuple[str, int, int]:
        import bisect

        at = bisect.bisect_right(self.bases, offset) - 1
        path, _, positions = self.files[at]
        line, col = positions.at(offset - self.bases[at])
        return path, line, col

    def model(self) -> Schema:
        from hooks._schema import build

        return build(self.text, self.statements)


def _shifted(st: Statement, base: int) -> Statement:
    from hooks._sql import Statement

    to_char = st.to_char
    return Statement(st.kind, st.node, st.offset + base, lambda byte: base + to_char(byte))


def _unapplicable(path: str, text: str, positions: Positions) -> list[Violation]:
    """psql meta-commands: psql runs them, Atlas sends them to a database that rejects them."""
    from hooks._sql import meta_commands

    found = []
    for offset, command in meta_commands(text):
        line, col = positions.at(offset)
        found.append(
            Violation(
                path,
                SYNTAX,
                f"psql meta-command {command.split()[0]} is not SQL: psql runs it itself, but"
                " Atlas sends the file to a database, which rejects it",
                "delete the line (pg_dump 17.6+ writes \\restrict/\\unrestrict around every"
                " plain dump: strip them after dumping)",
                line=line,
                col=col,
            ),
        )
    return found


def _hazards(
    old: Schema,
    new: Schema,
    state: _DesiredState,
    allowed: dict[tuple[str, str], tuple[str, int]],
    used: set[tuple[str, str]],
    settings: HazardSettings | None,
) -> list[Violation]:
    """AF651-AF653: what the change does to a table that has rows, under the policy of the
    env that applies it (asked for only when Atlas's defaults find something)."""
    from hooks._hazards import DEFAULT
    from hooks._hazards import OLDEST
    from hooks._hazards import Policy
    from hooks._hazards import hazards

    # An env's policy only leaves out what Atlas's defaults run (CONCURRENTLY, skip), and an
    # older major version only adds: judged as the oldest, nothing found means nothing can be.
    if not hazards(old, new, Policy(version=OLDEST)):
        return []
    policies = (settings.policies() if settings is not None else []) or [DEFAULT]
    seen: dict[tuple[str, str, str], tuple[Hazard, Policy]] = {}
    for policy in policies:
        for hazard in hazards(old, new, policy):
            seen.setdefault((hazard.code, hazard.table, hazard.statement), (hazard, policy))
    found = list(seen.values())
    violations = []
    for hazard, policy in found:
        keys = {(hazard.code, hazard.table), (hazard.code, hazard.table.removeprefix("public."))}
        match = keys & set(allowed)
        if match:
            used |= match
            continue
        path, line, col = state.locate(hazard.offset)
        severity = settings.severity(hazard.table) if settings is not None else WARNING
        violations.append(
            Violation(
                path,
                hazard.code,
                hazard.message(policy),
                f"{hazard.fix}; to accept it deliberately: -- atlas-first:allow {hazard.code}"
                f" {hazard.table}",
                line=line,
                col=col,
                severity=severity,
            ),
        )
    return violations


def lint_sources(
    new_files: Sequence[tuple[str, str]],
    old_files: Sequence[tuple[str, str]] | None,
    *,
    blame: str,
    hazard_settings: HazardSettings | None = None,
) -> list[Violation]:
    """Findings for the desired state several source files describe together: AF601 per
    file that does not parse (or holds what Atlas cannot send), else what applying the new
    files over the old ones would do to data, and to a busy table (AF651-AF653, judged by
    the Atlas policy `hazard_settings` gives). A finding about an object that is gone has no
    line; it is reported on `blame` (the changed source)."""
    from hooks._report import paused_collector
    from hooks._sql import TOO_DEEP

    try:
        with paused_collector():  # (as under every entry point: also when called directly)
            return _lint_sources(new_files, old_files, blame, hazard_settings)
    except RecursionError:  # PostgreSQL read it, but its tree is deeper than we walk
        raise ToolError(f"{blame}: {TOO_DEEP}") from None


def _lint_sources(
    new_files: Sequence[tuple[str, str]],
    old_files: Sequence[tuple[str, str]] | None,
    blame: str,
    hazard_settings: HazardSettings | None = None,
) -> list[Violation]:
    new = _DesiredState(new_files)
    violations: list[Violation] = []
    for path, text, positions in new.files:
        violations += _unapplicable(path, text, positions)
    where = {path: positions for path, _, positions in new.files}
    for path, exc in new.errors:
        at_line, at_col = where[path].at(exc.offset)
        violations.append(
            Violation(
                path,
                SYNTAX,
                f"does not parse: {exc.message}",
                "fix the SQL: Atlas, and every database it applies to, would reject this file",
                line=at_line,
                col=at_col,
            ),
        )
    if new.errors or old_files is None:
        return violations
    # An old version that never parsed never applied: nothing of it can be lost.
    old_model = _DesiredState(old_files).model()
    allowed: dict[tuple[str, str], tuple[str, int]] = {}
    for path, text, _ in new.files:
        for m in _ALLOW.finditer(text):
            allowed.setdefault((m.group(1), m.group(2)), (path, m.start()))
    used: set[tuple[str, str]] = set()
    new_model = new.model()
    violations += _hazards(old_model, new_model, new, allowed, used, hazard_settings)
    for finding in compare(old_model, new_model):
        keys = {
            (finding.code, finding.object),
            (finding.code, finding.object.removeprefix("public.")),
        }
        match = keys & set(allowed)
        if match:
            used |= match
            continue
        severity, effect, fix = RULES[finding.code]
        path = blame  # gone: the file no longer has a line for it
        line: int | None = None
        col: int | None = None
        if finding.offset is not None:
            path, line, col = new.locate(finding.offset)
        violations.append(
            Violation(
                path,
                finding.code,
                f"{finding.message}: {effect}",
                f"{fix}; to accept it deliberately: -- atlas-first:allow {finding.code} {finding.object}",
                line=line,
                col=col,
                severity=severity,
            ),
        )
    for (code, obj), (path, offset) in sorted(allowed.items()):
        if (code, obj) not in used:
            line, col = where[path].at(offset)
            violations.append(
                Violation(
                    path,
                    STALE_DIRECTIVE,
                    f"directive allows {code} {obj}, which nothing in this change does",
                    "remove the directive (it was for an earlier change), or fix the object name",
                    line=line,
                    col=col,
                    severity=WARNING,
                ),
            )
    return violations


def check(ctx: Context, filenames: list[str]) -> Findings:
    """The change to the desired state: every source file before it against every source file
    it commits, read together (also when one is deleted, renamed or added); and the syntax of
    every other source file it is given (`--all-files`, or `pre-commit run --all-files`,
    which passes the whole tree with nothing staged)."""
    findings = Findings()
    sources = ctx.config.sources
    if not sources:
        return findings
    touched: list[str] = []
    in_change: set[str] = set()
    involved: set[str] = set()  # both sides of a rename: a file can leave one database
    if not ctx.all_files:
        for change in ctx.change_set.changes:
            if sources.match(change.old_path) or sources.match(change.new_path):
                in_change.add(change.new_path)
                touched.append(change.new_path)
                involved.update((change.old_path, change.new_path))
    alone = sorted(p for p in set(filenames) - in_change if sources.match(p))
    if not alone and not (touched and ctx.reports_change):
        return findings  # the common case: nothing imported, nothing parsed
    from hooks._sources import decode

    try:
        ctx.prefetch(alone)
        for path in alone:
            data = ctx.read_source(path) or b""
            findings.violations += _encoding(path, data) + lint(path, None, decode(data, path))
        if touched and ctx.reports_change:
            old_files, new_files = _desired_state(ctx)
            for path, data in new_files:
                findings.violations += _encoding(path, data)
            old_text = [(path, decode(data, path)) for path, data in old_files]
            new_text = [(path, decode(data, path)) for path, data in new_files]
            # Each database is its own desired state: a table that leaves billing's schema.sql
            # for auth's is dropped from billing (one database: every source together).
            databases = ctx.config.databases
            for db in databases:
                if len(databases) > 1 and not any(db.sources.match(p) for p in involved):
                    continue
                mine = db.sources if len(databases) > 1 else sources
                paths = [p for p, _ in new_text if mine.match(p)]
                findings.violations += lint_sources(
                    [(p, t) for p, t in new_text if mine.match(p)],
                    [(p, t) for p, t in old_text if mine.match(p)],
                    blame=next(
                        (p for p in [*touched, *sorted(involved)] if mine.match(p)), touched[0]
                    ),
                    hazard_settings=_hazard_settings(ctx, db, paths or sorted(involved)),
                )
    except ToolError as exc:
        findings.errors.append(str(exc))
    if findings.violations:
        _set_aside_other_databases(ctx, findings)
    return findings


def _hazard_settings(ctx: Context, db: Database, paths: list[str]) -> HazardSettings:
    """The team's settings for this database's hazards, and the Atlas policies that apply
    its sources (read only when a hazard is found)."""
    from hooks._hazards import HazardSettings

    config = ctx.config
    return HazardSettings(
        lambda: _policies(ctx, paths),
        large=config.large_tables(db),
        errors=config.hazards_are_errors,
    )


def _policies(ctx: Context, paths: list[str]) -> list[Policy]:
    """The `diff` policies of the Atlas envs that apply these source files: the protected
    envs among them (production by default) where any applies them, else every one."""
    from hooks._atlas import ANY_ENV
    from hooks._atlas import EnvPolicy
    from hooks._atlas import applied_policies
    from hooks._hazards import Policy
    from hooks._sources import decode

    configs, _ = _atlas_files(ctx)
    envs: list[EnvPolicy] = []
    for config in configs:
        try:
            data = ctx.read_source(config)
            if data is None:
                continue
            for target, policies in applied_policies(config, decode(data, config)).items():
                if any(_applies(target, path) for path in paths):
                    envs += [p for p in policies if p not in envs]
        except ToolError:
            continue  # the Atlas config guard reports the file itself
    protected = ctx.config.names("protected-envs")
    chosen = [e for e in envs if e.name in protected or e.name == ANY_ENV] or envs
    return [
        Policy(
            env=e.env,
            concurrent_create=e.concurrent_create,
            concurrent_drop=e.concurrent_drop,
            skip=e.skip,
            version=e.version,
        )
        for e in chosen
    ]


def _applies(target: str, path: str) -> bool:
    """Whether an env's `src` (a file, or a folder ending in "/") takes in this path."""
    return path == target or (target[-1:] in ("", "/") and path.startswith(target))


_LISTED: dict[tuple[int, str | None], tuple[list[str], list[str]]] = per_run({})


def _atlas_files(ctx: Context) -> tuple[list[str], list[str]]:
    """The Atlas project files and the drizzle configs of the tree under check (one
    listing per run: the policies and the dialects both ask)."""
    import os

    from hooks._atlas import is_atlas_config
    from hooks._layout import DRIZZLE_CONFIG

    key = (id(ctx), ctx.to_ref)
    if key in _LISTED:
        return _LISTED[key]
    if ctx.to_ref is None:  # (one listing: the Atlas files, and the drizzle configs)
        specs = [":(top,icase)*atlas.hcl", ":(top)*drizzle*.config*"]
        listed = ctx.repo.git(["ls-files", "-z", "--full-name", "--", *specs])
    else:
        listed = ctx.repo.git(["ls-tree", "-r", "-z", "--full-tree", "--name-only", ctx.to_ref])
    names = [os.fsdecode(p) for p in listed.split(b"\0") if p]
    configs = sorted(p for p in names if is_atlas_config(p))
    drizzle_configs = [
        p for p in names if DRIZZLE_CONFIG.search(p.rpartition("/")[2]) and "node_modules/" not in p
    ]
    ctx.prefetch(configs)
    _LISTED[key] = (configs, drizzle_configs)
    return configs, drizzle_configs


def _set_aside_other_databases(ctx: Context, findings: Findings) -> None:
    """A source that Atlas applies only to another database (SQLite, MySQL...: its `dev` and
    `url`) is not PostgreSQL's SQL: its findings are set aside, and a note says so. Asked only
    once something was found (one listing of the Atlas files, each parsed once)."""
    others = _applied_elsewhere(ctx, {v.path for v in findings.violations})
    if not others:
        return
    for path, why in sorted(others.items()):
        count = sum(1 for v in findings.violations if v.path == path)
        findings.notes.append(
            f"{path}: not linted: {why}, and the schema lint reads"
            f" PostgreSQL's SQL ({count} finding{'s' if count != 1 else ''} set aside)"
        )
    findings.violations = [v for v in findings.violations if v.path not in others]


def _applied_elsewhere(ctx: Context, paths: set[str]) -> dict[str, str]:
    """Of these source files, those that every Atlas environment applying them (by `src`)
    applies to another database than PostgreSQL: path -> the database and what says so."""
    from hooks._atlas import POSTGRESQL
    from hooks._atlas import applied_dialects
    from hooks._sources import decode

    configs, drizzle_configs = _atlas_files(ctx)
    said: dict[str, list[tuple[str, str]]] = {}
    for config in configs:
        try:
            data = ctx.read_source(config)
            if data is not None:
                for target, found in applied_dialects(config, decode(data, config)).items():
                    said.setdefault(target, []).extend(found)
        except ToolError:
            continue  # no evidence: the Atlas config guard reports the file itself
    elsewhere: dict[str, str] = {}
    unsaid: list[str] = []
    for path in paths:
        found = [one for target, ones in said.items() if _applies(target, path) for one in ones]
        if found and all(database != POSTGRESQL for database, _ in found):
            elsewhere[path] = f"Atlas applies it to {found[0][0]} ({found[0][1]})"
        elif not found:
            unsaid.append(path)
    if unsaid:  # no Atlas env names them: the drizzle config beside them may say
        elsewhere.update(_drizzle_dialects(ctx, unsaid, drizzle_configs))
    return elsewhere


def _drizzle_dialects(ctx: Context, paths: list[str], configs: list[str]) -> dict[str, str]:
    """Of these sources, those whose package's drizzle configs (in the source's folder or one
    above it, the nearest that has any) all set a `dialect` whose SQL is not PostgreSQL's
    (`turso`, `sqlite`, `mysql`...): path -> the database and the config that says so."""
    import posixpath

    from hooks._drizzle.versions import OTHER_DIALECTS
    from hooks._layout import UnreadableConfig
    from hooks._layout import read_drizzle_config
    from hooks._sources import decode

    by_folder: dict[str, list[str]] = {}
    for name in configs:
        by_folder.setdefault(posixpath.dirname(name), []).append(name)
    found: dict[str, str] = {}
    for path in paths:
        folder = posixpath.dirname(path)
        while folder not in by_folder and folder:
            folder = posixpath.dirname(folder)
        dialects = []
        for config in by_folder.get(folder, []):
            try:
                text = decode(ctx.read_source(config) or b"", config)
                read = read_drizzle_config(config, text)
                dialect = read.dialect or read.driver
            except (UnreadableConfig, ToolError):
                dialect = None
            dialects.append((OTHER_DIALECTS.get((dialect or "").lower()), config, dialect))
        if dialects and all(database for database, _, _ in dialects):
            database, config, dialect = dialects[0]
            found[path] = f"its drizzle config is for {database} ({config}: dialect {dialect!r})"
    return found


def _desired_state(ctx: Context) -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """(path, content) of every source file before the change and of every one it commits."""
    from hooks._git import GitFailed
    from hooks._patterns import literal_prefix

    patterns = ctx.config.patterns("sources")
    prefixes = [None if p.startswith("!") else literal_prefix(p) for p in patterns]
    narrow = None if None in prefixes else [p[0] for p in prefixes if p is not None]
    sources = ctx.config.sources
    assert sources is not None

    def files(entries: dict[str, tuple[str, str]]) -> dict[str, str]:
        return {
            p: oid for p, (mode, oid) in entries.items() if mode != "120000" and sources.match(p)
        }

    icase = sources.ignorecase
    known = None if narrow is None else ctx.head_entries_under(narrow, icase=icase)
    if known is not None:  # the index listing of this run, with the staged change undone
        before = files(known)
    else:
        try:
            before = files(ctx.repo.tree_entries(ctx.from_ref or "HEAD", narrow, icase=icase))
        except GitFailed:
            if ctx.from_ref is not None:
                raise
            before = {}  # the first commit: no HEAD, nothing before
    if ctx.to_ref is None:
        # The index is HEAD plus the staged change: derived from both, one git call fewer on
        # the commit that edits schema.sql.
        from hooks._git import DELETED
        from hooks._git import RENAMED

        changes = ctx.change_set.changes
        gone = {c.old_path for c in changes if c.status in (DELETED, RENAMED)}
        written = {c.writes for c in changes if c.writes is not None and sources.match(c.writes)}
        after = sorted((set(before) - gone) | written)
    else:
        after = sorted(files(ctx.repo.tree_entries(ctx.to_ref, narrow, icase=icase)))
    ctx.prefetch(after)
    old = ctx.repo.read_blobs(before, remember=True)
    new = [(p, ctx.read_source(p) or b"") for p in after]
    if ctx.to_ref is None:  # the next commit's old side: read from the memo folder, not git
        from hooks._git import remember_blobs

        staged = {c.new_path: c.new_oid for c in ctx.change_set.changes if c.new_oid}
        remember_blobs({staged[p]: data for p, data in new if p in staged})
    return [(p, old[p]) for p in sorted(before) if p in old], new


def _encoding(path: str, data: bytes) -> list[Violation]:
    """A byte-order mark: Atlas reads the file as UTF-8 and sends the mark to the database
    as part of the first statement, which the database rejects."""
    if data.startswith(b"\xef\xbb\xbf"):
        what = "a UTF-8 byte-order mark"
        fix = (
            "save it as UTF-8 without BOM (Windows PowerShell 5's Set-Content -Encoding UTF8"
            " writes one: use PowerShell 7's -Encoding utf8NoBOM, or [IO.File]::WriteAllText)"
        )
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        what = "UTF-16 (a byte-order mark and two bytes a character)"
        fix = "save it as UTF-8 without BOM (Windows PowerShell 5's Out-File and > write UTF-16)"
    else:
        return []
    return [
        Violation(
            path,
            SYNTAX,
            f"starts with {what}: Atlas reads UTF-8 and the database rejects the first statement",
            fix,
            line=1,
            col=1,
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "lint-schema-source",
        "Check the schema source (schema.sql): it must parse, and data loss must be deliberate.",
        check,
        argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
