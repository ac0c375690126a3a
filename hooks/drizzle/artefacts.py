"""Drizzle's artefacts known by what they are, wherever they stand: the migrations `generate`
writes in every line's layout (hooks/drizzle/versions.py), and the files `pull` writes.

A migration is one by its shape and content, in any folder:
- 1.0: `<YYYYMMDDHHMMSS>_<name>/migration.sql` beside a `snapshot.json` whose keys are
  Drizzle's (`dialect`, `prevIds`). Prisma writes the same folder shape with no snapshot:
  that is Prisma's, not ours.
- 0.31: `meta/_journal.json`, `meta/<NNNN>_snapshot.json`, and each `.sql` beside a
  `meta/_journal.json` named as `generate` names it by default (`0001_name.sql`) or listed by
  the journal (a timestamp prefix is every tool's: Supabase's `db diff` writes one there).
- Either: a `.sql` with `--> statement-breakpoint` or `generate --custom`'s first line.
And, in a folder the configuration names for migrations, a numbered `.sql`, a snapshot or a
journal. Never a README, a `.gitkeep`, another tool's migration (`.up.sql`/`.down.sql`,
dbmate, goose, sql-migrate, Flyway) or a `drizzle-kit export` dump.

Paths decide first (no I/O); content is read only for a `.sql` or `.json` the path cannot
decide, and only its first 64 KiB.
"""

from __future__ import annotations

import posixpath
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Mapping
    from collections.abc import Sequence

# Patterns, compiled on first use by `re`'s own cache (importing this costs no compile).
# 1.0's migration folder: a 14-digit timestamp, an underscore, a name.
_FOLDER_1_0 = r"(?:\A|/)\d{14}_[^/]+/(migration\.sql|snapshot\.json)\Z"
_JOURNAL = r"(?:\A|/)meta/_journal\.json\Z"
_SNAPSHOT_0_31 = r"(?:\A|/)meta/\d+_snapshot\.json\Z"
# The names 0.31's `generate --prefix` gives: index (0000_), timestamp/supabase (14 digits),
# unix (10 digits); `none` leaves only the name, which the journal's tags hold.
_NUMBERED = r"\A\d+(?:_[^/]*)?\.sql\Z"
_INDEXED = r"\A\d{4}_[^/]*\.sql\Z"  # generate's default `--prefix index`
_GENERATE_MARKS = b"--> statement-breakpoint", b"-- Custom SQL migration file, put your code"
_DRIZZLE_SNAPSHOT = rb'"(?:prevIds?|dialect)"\s*:'
# Other tools' migrations: never Drizzle's, wherever they stand.
_OTHER_TOOLS_NAME = r"(?i)\.(?:up|down)\.sql\Z|\A[VUR]\d*__[^/]*\.sql\Z"
_OTHER_TOOLS_TEXT = (
    rb"(?m)^\s*--\s*(?:migrate:(?:up|down)|\+goose\s+(?:Up|Down)|\+migrate\s+(?:Up|Down))\b"
)
HEAD_BYTES = 65_536

JOURNAL = "journal"  # a 0.31 journal
SNAPSHOT = "snapshot"  # a snapshot (either line)
MIGRATION = "migration"  # a migration's SQL (either line)


def migration_by_path(path: str) -> str | None:
    """What a path alone says: a 1.0 migration folder's file, a 0.31 journal or snapshot
    (None: the path cannot tell)."""
    if re.search(_JOURNAL, path):
        return JOURNAL
    if re.search(_SNAPSHOT_0_31, path):
        return SNAPSHOT
    match = re.search(_FOLDER_1_0, path)
    if match:
        return MIGRATION if match.group(1) == "migration.sql" else SNAPSHOT
    return None


def could_be_migration(path: str) -> bool:
    """Whether a file could be a Drizzle migration artefact at all (its name: `.sql` or
    `.json`, and not another tool's): what is worth a closer look."""
    # (asked of every file under `--all-files`: the suffix first, no path function)
    if path.endswith(".json"):
        name = path[path.rfind("/") + 1 :]
        return name in ("snapshot.json", "_journal.json") or name.endswith("_snapshot.json")
    if path[-4:].lower() != ".sql":
        return False
    return not re.search(_OTHER_TOOLS_NAME, path[path.rfind("/") + 1 :])


def is_migration(
    path: str,
    *,
    exists: Callable[[str], bool],
    head: Callable[[str], bytes | None],
    journal_tags: Callable[[str], frozenset[str] | None],
    configured: bool = False,
) -> bool:
    """Whether `path` is a Drizzle migration artefact. `exists(p)`: whether a file is in what
    is being committed; `head(p)`: the first bytes of a file being committed (None:
    unreadable); `journal_tags(folder)`: the tags of `folder/meta/_journal.json` (None:
    unreadable). `configured`: the path is in a folder the configuration names for
    migrations, where a numbered `.sql` counts without a journal beside it."""
    if not could_be_migration(path):
        return False
    kind = migration_by_path(path)
    folder, name = posixpath.split(path)
    if kind == MIGRATION:  # <timestamp>_<name>/migration.sql: Drizzle's if its snapshot is
        snapshot = posixpath.join(folder, "snapshot.json")
        if exists(snapshot) and _is_drizzle_snapshot(head(snapshot)):
            return True
        return _generated_sql(head(path)) or configured
    if kind == SNAPSHOT and path.endswith("/snapshot.json"):
        return _is_drizzle_snapshot(head(path)) or configured
    if kind is not None:
        return True
    if not path.lower().endswith(".sql"):
        return False  # a snapshot named like 0.31's, outside a meta/ folder
    data = head(path)
    if data is not None and re.search(_OTHER_TOOLS_TEXT, data):
        return False
    if _generated_sql(data):
        return True
    if exists(posixpath.join(folder, "meta/_journal.json")):
        # What drizzle-kit migrate runs: the journal's tags (generate adds the new one in the
        # same change). Another tool's file beside them (a Supabase `db diff`) is not listed.
        # 0.31's default names (`0001_name.sql`) are Drizzle's own; a timestamp is every
        # tool's (Supabase, sqlx, dbmate): the journal decides those.
        if re.match(_INDEXED, name):
            return True
        tags = journal_tags(folder)
        if tags is None:  # unreadable: judged by generate's names
            return re.match(_NUMBERED, name) is not None
        return name[: -len(".sql")] in tags
    return configured and re.match(_NUMBERED, name) is not None


def migrations_among(
    paths: Sequence[str],
    *,
    configured: Callable[[str], bool],
    read: Callable[[str], bytes | None],
    committed: Callable[[list[str]], Mapping[str, str]],
    skip: str = "",
) -> list[str]:
    """The Drizzle migration artefacts among `paths`. `configured(p)`: p is in a folder the
    configuration names for migrations; `read(p)`: what is committed for p (None: not
    there or unreadable); `committed(ps)`: which of ps are committed (asked only for a
    sibling the paths do not hold: a snapshot.json, a meta/_journal.json)."""
    worth = [p for p in paths if p != skip and could_be_migration(p)]
    if not worth:
        return []
    given = set(paths)
    known: set[str] | None = None  # the siblings that are committed, asked once for all

    def exists(path: str) -> bool:
        nonlocal known
        if path in given:
            return True
        if known is None:
            siblings: set[str] = set()
            for worthy in worth:
                folder = worthy.rpartition("/")[0]
                prefix = folder + "/" if folder else ""
                siblings.update((prefix + "snapshot.json", prefix + "meta/_journal.json"))
            known = set(committed(sorted(siblings - given)))
        return path in known

    def head(path: str) -> bytes | None:
        data = read(path)
        return None if data is None else data[:HEAD_BYTES]

    def tags(folder: str) -> frozenset[str] | None:
        data = read(f"{folder}/meta/_journal.json" if folder else "meta/_journal.json")
        return None if data is None else journal_tags(data.decode("utf-8", "replace"))

    return sorted(
        p
        for p in worth
        if is_migration(p, exists=exists, head=head, journal_tags=tags, configured=configured(p))
    )


def _generated_sql(data: bytes | None) -> bool:
    return data is not None and any(mark in data for mark in _GENERATE_MARKS)


def _is_drizzle_snapshot(data: bytes | None) -> bool:
    return data is not None and re.search(_DRIZZLE_SNAPSHOT, data[:HEAD_BYTES]) is not None


def journal_tags(text: str) -> frozenset[str] | None:
    """The `tag`s of a 0.31 journal's entries (None: not a journal this can read)."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return None
    return frozenset(
        e["tag"] for e in entries if isinstance(e, dict) and isinstance(e.get("tag"), str)
    )


def migration_folder(path: str) -> str:
    """The folder a migration artefact belongs to, as a location ending in "/": 0.31's
    `meta/` and 1.0's `<timestamp>_<name>/` are parts of their parent."""
    folder = posixpath.dirname(path)
    if posixpath.basename(folder) == "meta" or re.search(_FOLDER_1_0, path):
        folder = posixpath.dirname(folder)
    return folder + "/" if folder else "./"


def pull_writes(generated: Sequence[str], *, ignorecase: bool = False) -> Callable[[str], bool]:
    """Which paths under the `generated` patterns `drizzle-kit pull` writes: the files every
    line's pull writes (schema.ts, relations.ts), and the files a pattern names itself
    (`db/types/**/*.ts`, `src/db/schema.gen.ts`: the team's word for them). A folder holds
    pull's files and nothing else: a module of one's own beside the pull (an index.ts,
    queries) and a migration are never generated. `ignorecase`: the patterns name files in
    any case (core.ignorecase)."""
    from hooks.drizzle.versions import pull_files
    from hooks.repo.patterns import PathMatcher

    names = pull_files()
    files = [
        p
        for p in generated
        if not p.endswith("/") and not p.startswith("!") and "." in posixpath.basename(p)
    ]
    named = PathMatcher(files, ignorecase=ignorecase) if files else None
    return lambda path: pulled_file(path, names) or (named is not None and named.match(path))


def pulled_file(path: str, pull_files: tuple[str, ...]) -> bool:
    """Whether `pull` writes a file of this name (schema.ts, relations.ts: every line)."""
    return posixpath.basename(path) in pull_files
