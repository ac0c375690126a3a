"""The catalogue of lint-schema-source's codes: what each finding means (AF601 and AF609, the
data-loss rules AF611-AF646 with what Atlas does to the data and how to proceed, the hazards
AF651-AF653), when it does not fire, the README's "fires when" text and a before/after
example that fires and one that does not. Built only when the catalogue is asked for.
"""

from __future__ import annotations

from hooks.report.catalogue import Code
from hooks.report.catalogue import Example
from hooks.report.violation import WARNING

SYNTAX = "AF601"
STALE_DIRECTIVE = "AF609"

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


def catalogue() -> list[Code]:
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
HAZARD_TEXT: dict[str, tuple[str, str, str, str, str]] = {
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


def hazard_catalogue() -> list[Code]:
    sources = _hazard_examples()
    entries = []
    for code, (title, why, when_not, fix, fires_when) in HAZARD_TEXT.items():
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
