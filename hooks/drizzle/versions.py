"""drizzle-kit's major lines, one row each: its commands and which of them write to a
database or write migrations (flags included), its programmatic entry points, drizzle-orm's
migrator modules, the migration layout `generate` writes and what `pull` writes.

Read off the installed packages (`drizzle-kit --help` of each command, the packages'
`exports`), not guessed: tests/real_tools_test.py checks these rows against the real
drizzle-kit 0.31 and 1.0 from npm. Which line a package uses comes from its `package.json`
(and the workspace root's): `lines_allowed` reads a dependency range; a range this table
cannot place is said in a note, and every line is then assumed.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping


class KitLine:
    """One major line of drizzle-kit (with the drizzle-orm line it ships beside)."""

    __slots__ = (
        "commands",
        "default_schema_filter",
        "dry_flags",
        "entry_points",
        "layout",
        "migrators",
        "name",
        "orm",
        "pull_files",
        "writes",
        "writing_flags",
    )

    def __init__(
        self,
        name: str,
        *,
        orm: str,
        commands: tuple[str, ...],
        writes: tuple[str, ...],
        writing_flags: Mapping[str, tuple[str, ...]],
        dry_flags: Mapping[str, tuple[str, ...]],
        entry_points: tuple[str, ...],
        migrators: str,
        layout: str,
        pull_files: tuple[str, ...],
        default_schema_filter: tuple[str, ...] | None,
    ) -> None:
        self.name = name
        self.orm = orm
        self.commands = frozenset(commands)
        # Commands that write to a database or write migrations, whatever their flags.
        self.writes = frozenset(writes)
        # A command that reads, made to write by a flag (1.0: `pull --init` records the
        # pulled state as applied in drizzle.__drizzle_migrations).
        self.writing_flags = dict(writing_flags)
        # A writing command made a dry run by a flag (1.0: `--explain` prints the plan).
        self.dry_flags = dict(dry_flags)
        # drizzle-kit's own subpaths that are drizzle-kit as a library (push as a call).
        self.entry_points = entry_points
        # drizzle-orm's migrator modules, as a pattern of the path after `drizzle-orm/`.
        self.migrators = migrators
        # "journal": NNNN_name.sql + meta/_journal.json + meta/NNNN_snapshot.json;
        # "folders": <YYYYMMDDHHMMSS>_<name>/migration.sql + snapshot.json.
        self.layout = layout
        self.pull_files = pull_files
        # The schemas `pull` reads when the config sets no schemaFilter (None: every one).
        self.default_schema_filter = default_schema_filter


LINES: tuple[KitLine, ...] = (
    KitLine(
        "0.31",
        orm="0.x",
        commands=(
            "generate",
            "migrate",
            "introspect",
            "pull",
            "push",
            "studio",
            "up",
            "check",
            "drop",
            "export",
        ),
        writes=("generate", "migrate", "push", "up", "drop"),
        writing_flags={},
        # (0.31 rejects an option it does not know, `--explain` and `--init` among them,
        # before it connects or writes: "Unrecognized options for command 'push'".)
        dry_flags={},
        entry_points=("api",),
        # migrator, <driver>/migrator, aws-data-api/pg/migrator
        migrators=r"(?:[A-Za-z0-9_.-]+/){0,2}migrator",
        layout="journal",
        pull_files=("schema.ts", "relations.ts"),
        default_schema_filter=("public",),
    ),
    KitLine(
        "1.0",
        orm="1.0",
        commands=(
            "generate",
            "migrate",
            "pull",
            "introspect",
            "push",
            "studio",
            "up",
            "check",
            "export",
            "skills",
            "mcp",
        ),
        # `mcp` serves push, generate and migrate as tools to an agent.
        writes=("generate", "migrate", "push", "up", "mcp"),
        writing_flags={"pull": ("--init",), "introspect": ("--init",)},
        dry_flags={"push": ("--explain",), "generate": ("--explain",)},
        entry_points=(
            "api-postgres",
            "api-mysql",
            "api-sqlite",
            "cli",
            "payload/postgres",
            "payload/mysql",
            "payload/sqlite",
            "payload/mssql",
        ),
        # deeper (pg-core/async/dsql/migrator), prefixed (tursodatabase/wasm-migrator) and
        # readMigrationFiles' home (migrator.utils); exports are one `./*` wildcard
        migrators=r"(?:[A-Za-z0-9_.-]+/){0,4}(?:[A-Za-z0-9_.]+-)*migrator(?:\.utils)?",
        layout="folders",
        pull_files=("schema.ts", "relations.ts"),
        default_schema_filter=None,
    ),
)
BY_NAME = {line.name: line for line in LINES}
# The schemas of a pull that reads every one (1.0's default): the sentinel in a schema set.
EVERY_SCHEMA = frozenset({"*"})

# Every line's writing commands: what a command is checked against when the line that runs
# it is not known (a CI file, a container): a command that writes under any line is banned.
WRITES = frozenset().union(*(line.writes for line in LINES))
# The flags that make a reading command write, under any line (what a prefilter looks for).
WRITING_FLAGS = frozenset(f for line in LINES for fs in line.writing_flags.values() for f in fs)


# A drizzle config's `dialect` (either line) that names a database whose SQL is not
# PostgreSQL's: a schema source beside it is not read as PostgreSQL. (`cockroach` speaks
# PostgreSQL's SQL; `postgresql` and 0.x's `pg` driver are PostgreSQL.)
OTHER_DIALECTS = {
    "sqlite": "SQLite", "turso": "SQLite (Turso)", "mysql": "MySQL",
    "singlestore": "SingleStore", "mssql": "SQL Server", "gel": "Gel", "duckdb": "DuckDB",
    # `driver` (0.20's name for the database, and 1.0's for a SQLite host)
    "mysql2": "MySQL", "better-sqlite": "SQLite", "libsql": "SQLite", "d1": "SQLite",
    "d1-http": "SQLite (D1)", "expo": "SQLite (Expo)", "durable-sqlite": "SQLite",
    "sqlite-cloud": "SQLite", "op-sqlite": "SQLite", "planetscale": "MySQL",
}  # fmt: skip


def writing_flag(command: str, flags: list[str]) -> str | None:
    """The flag that makes a reading `command` write under some line (`pull --init`)."""
    for line in LINES:
        for flag in line.writing_flags.get(command, ()):
            if _given(flag, flags):
                return flag
    return None


def is_dry_run(command: str, flags: list[str]) -> bool:
    """Whether `flags` make a writing `command` write nothing under every line: a dry run
    where the line knows the flag, a rejected option where it does not (0.31 refuses
    `push --explain` before it connects)."""
    for line in LINES:
        for flag in line.dry_flags.get(command, ()):
            if _given(flag, flags):
                return all(
                    flag in other.dry_flags.get(command, ())
                    or command not in other.commands
                    or not _knows(other, flag)
                    for other in LINES
                )
    return False


def _knows(line: KitLine, flag: str) -> bool:
    return any(flag in flags for flags in (*line.dry_flags.values(), *line.writing_flags.values()))


def _given(flag: str, flags: list[str]) -> bool:
    """`--explain`, `--explain=true` or `--explain true` (not `--explain=false`)."""
    for at, word in enumerate(flags):
        if word == flag:
            after = flags[at + 1].lower() if at + 1 < len(flags) else ""
            return after != "false"
        if word.startswith(flag + "="):
            return word[len(flag) + 1 :].lower() not in ("false", "0")
    return False


def pull_files() -> tuple[str, ...]:
    """The files `pull` writes beside its migration artefacts, across every line."""
    return tuple(dict.fromkeys(f for line in LINES for f in line.pull_files))


def migrator_pattern() -> str:
    """drizzle-orm's migrator modules of every line, as one pattern of a module specifier."""
    return r"drizzle-orm/(?:" + "|".join(line.migrators for line in LINES) + r")(?:\.[cm]?js)?\Z"


def kit_entry_points() -> tuple[str, ...]:
    """drizzle-kit's library subpaths across every line."""
    return tuple(dict.fromkeys(e for line in LINES for e in line.entry_points))


# One comparator of a range (compiled on first use: a typical commit never reads a range).
_COMPARATOR = r"(>=?|<=?|\^|~>?|=)?v?(\d+)(?:\.(\d+|[xX*]))?(?:\.[\w.+-]*)?(?:-[\w.+-]*)?"


def _every(spec: str, why: str) -> str:
    return f"drizzle-kit {spec!r} {why}: checked as every line"


def lines_allowed(spec: str) -> tuple[list[KitLine], str | None]:
    """The lines a `package.json` range for drizzle-kit allows, and a note where the table
    cannot place it (every line is then assumed). `^0.31.4` is 0.31; `1.0.0-rc.5` or
    `^1.0.0-rc.1` is 1.0; `^0.31 || ^1` and `>=0.31` both; `workspace:*`, `catalog:`, a tag
    or a URL: every line, with a note. Lines older than 0.31 write 0.31's layout and are read
    as 0.31, with a note."""
    spec = spec.strip()
    if spec.startswith("npm:"):  # an alias: "npm:drizzle-kit@^0.31"
        spec = spec.rpartition("@")[2]
    every = list(LINES)
    order = [line.name for line in LINES]
    found: set[str] = set()
    older: list[str] = []
    for part in spec.split("||"):
        tokens = re.sub(r"([<>=^~]+)\s+", r"\1", part.strip()).split()
        bounds: list[tuple[str, int]] = []  # (operator, index in `order`)
        for token in tokens:
            if token == "-":
                continue
            match = re.fullmatch(_COMPARATOR, token)
            if match is None:
                return every, _every(spec, "names no version this table can place")
            op, major = match.group(1) or "", int(match.group(2))
            minor_text = match.group(3) or "x"
            if major == 0 and not minor_text.isdigit():
                return every, f"drizzle-kit {spec!r} allows every 0.x line: checked as every line"
            minor = int(minor_text) if minor_text.isdigit() else 0
            if major == 0 and minor < 31:
                older.append(f"0.{minor}")
                minor = 31
            name = f"0.{minor}" if major == 0 else f"{major}.0"
            if name in order:
                at = order.index(name)
                if (
                    op == "<"
                    and major > 0
                    and minor == 0
                    and re.fullmatch(r"<\d+(?:\.0){0,2}", token)
                ):
                    at -= 1  # `<1`: below the line's first release (its rcs too, as npm reads it)
                bounds.append((op, at))
            elif op.startswith("<") and (major, minor) > (0, 31):
                bounds.append((op, len(order) - 1))  # `<2`: up to the newest line we know
            else:
                return every, _every(spec, "is a line this table does not know")
        if not bounds:
            return every, f"drizzle-kit {spec!r} names no version: checked as every line"
        low = min((i for op, i in bounds if not op.startswith("<")), default=0)
        high = max((i for op, i in bounds if not op.startswith(">")), default=len(order) - 1)
        if len(bounds) == 1 and not bounds[0][0].startswith((">", "<")):
            low = high = bounds[0][1]
        found.update(order[low : high + 1])
    note = None
    if older:
        note = (
            f"drizzle-kit {', '.join(dict.fromkeys(older))} is older than this table's lines:"
            " read as 0.31 (the same journal layout)"
        )
    return [line for line in LINES if line.name in found] or every, note


# What a lock file or a pnpm catalog says of drizzle-kit: where a package.json range cannot be
# placed (`workspace:*`, `catalog:`, `latest`), the version actually installed.
LOCK_FILES = ("pnpm-lock.yaml", "package-lock.json", "bun.lock", "yarn.lock")
CATALOG_FILE = "pnpm-workspace.yaml"
_LOCKED = (
    # pnpm's and bun's package keys, yarn berry's resolutions: drizzle-kit@0.31.4
    r"drizzle-kit@(?:npm:)?v?(\d+\.\d+\.\d+(?:-[\w.]+)?)(?![\w.-])",
    # package-lock.json: "node_modules/drizzle-kit": { "version": "0.31.4"
    r'"(?:[^"]*/)?node_modules/drizzle-kit"\s*:\s*\{\s*"version"\s*:\s*"([^"]+)"',
    # yarn classic: drizzle-kit@^0.31.4:\n  version "0.31.4"
    r'(?m)^"?drizzle-kit@[^\n]*:\n\s+version:?\s+"?([^"\s]+)',
    # pnpm's importers: drizzle-kit:\n  specifier: ^0.31.4\n  version: 0.31.4
    r"(?m)^\s+drizzle-kit:\n\s+specifier:[^\n]*\n\s+version:\s+'?(\d[^\s'(]*)",
)
_CATALOG = r"""(?m)^[ \t]+["']?drizzle-kit["']?[ \t]*:[ \t]*["']?([^"'\n#]+?)["']?[ \t]*(?:#.*)?$"""


def locked_lines(text: str) -> list[KitLine]:
    """The lines of the drizzle-kit versions a lock file installs (none: it names none)."""
    if "drizzle-kit" not in text:
        return []
    found: list[KitLine] = []
    for pattern in _LOCKED:
        for match in re.finditer(pattern, text):
            lines, note = lines_allowed(match.group(1))
            if note is None:
                found += [line for line in lines if line not in found]
    return [line for line in LINES if line in found]


def catalog_ranges(text: str) -> list[str]:
    """The ranges a pnpm workspace's catalogs give drizzle-kit."""
    if "drizzle-kit" not in text:
        return []
    return [m.group(1).strip() for m in re.finditer(_CATALOG, text)]
