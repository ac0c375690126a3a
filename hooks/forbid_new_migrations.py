"""forbid-new-migrations: no new Drizzle migration files; legacy ones stay frozen.

A Drizzle migration, known by its shape and content wherever it stands (0.31's and 1.0's
layouts, hooks/drizzle/artefacts.py), passes only if the baseline (`atlas-first baseline`)
lists it with the same content. Deleting a legacy file is allowed: it never reaches this hook.
"""

from __future__ import annotations

import os

from hooks.report.catalogue import Code
from hooks.report.catalogue import Example
from hooks.report.catalogue import register
from hooks.report.violation import Fold
from hooks.report.violation import ToolError
from hooks.report.violation import Violation
from hooks.report.violation import quote_path
from hooks.runner.hook import Findings
from hooks.runner.hook import hook_main

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from collections.abc import Mapping
    from collections.abc import Sequence

    from hooks.project.config import Config
    from hooks.runner.hook import Context

NEW = "AF201"
CHANGED = "AF202"
_LEGACY = "packages/database/migrations/0000_legacy_init.sql"


def _catalogue() -> list[Code]:
    """This hook's codes (built when a report or `explain` asks)."""
    return [
        Code(
            NEW,
            "New Drizzle migration file",
            why="Drizzle migrations are banned: Atlas applies schema.sql, and a second migration"
            " path (`drizzle-kit generate` output run by `drizzle-kit migrate` or the migrator)"
            " would change the database behind Atlas's back. A migration is known by its shape"
            " and content in any folder, in the layout of each drizzle-kit line: 0.31's numbered"
            " SQL beside meta/_journal.json and its snapshots, 1.0's <timestamp>_<name>/"
            "migration.sql beside its snapshot.json, SQL with generate's statement breakpoints;"
            " in a configured migrations folder, numbered SQL too. Any such file the baseline"
            " does not list is new.",
            when_not="the file is listed in the baseline (`atlas-first baseline`) with the same"
            " content, or it is being deleted (deleting a legacy migration is allowed); it is"
            " not a Drizzle migration (a README, a .gitkeep, a `drizzle-kit export` dump,"
            " another tool's migrations: Prisma, dbmate, goose, golang-migrate, Flyway).",
            fix="remove the file and make the change in schema.sql; legacy migrations from before"
            " the switch to Atlas are frozen once with `atlas-first baseline`",
            fires=Example({_LEGACY.replace("0000_legacy_init", "0001_add_email"): "SELECT 1;\n"}),
            passes=Example({_LEGACY: None}),  # deleting a legacy migration
        ),
        Code(
            CHANGED,
            "Change to a frozen legacy migration",
            why="The baseline freezes the legacy migrations by blob id: they record history and"
            " must not change, or the history no longer matches any database it ran on.",
            when_not="the file's content is what the baseline lists, or the file is deleted.",
            fix="restore the file (`git restore --staged` and `git checkout` it); make schema"
            " changes in schema.sql",
            fires=Example({_LEGACY: "-- tweaked\nCREATE TABLE users (id serial PRIMARY KEY);\n"}),
            passes=Example({"README.md": "# acme monorepo\n\nThe migrations folder is frozen.\n"}),
        ),
    ]


register(
    "forbid-new-migrations",
    (
        NEW,
        CHANGED,
    ),
    _catalogue,
)


def migration_candidates(paths: Iterable[str], config: Config) -> list[str]:
    """The given paths that a folder the configuration names for migrations holds and that
    could be a Drizzle artefact by name (the baseline file itself never is): see
    `migrations_among` for what they are."""
    from hooks.drizzle.artefacts import could_be_migration
    from hooks.repo.patterns import path_key

    matcher = config.migrations
    if not matcher or not configured_applies(config):
        return []
    key = path_key(config.ignorecase)
    baseline = key(config.baseline)
    return sorted(
        {p for p in paths if key(p) != baseline and could_be_migration(p) and matcher.match(p)}
    )


def configured_applies(config: Config) -> bool:
    """Whether the configured migrations folders hold Drizzle's migrations: not when they are
    only the seed's default, taken because the repository shows no Drizzle at all (no drizzle
    config, no journal): another tool's files there are not ours to stop."""
    return config.provenance.get("migrations") != "seed default"


def migrations_among(
    paths: Sequence[str],
    config: Config,
    read: Callable[[str], bytes | None],
    committed: Callable[[list[str]], Mapping[str, str]],
) -> list[str]:
    """The Drizzle migration artefacts among `paths` (hooks/drizzle/artefacts.py): by their
    shape and content wherever they stand, and in the configured migrations folders by name."""
    from hooks.drizzle.artefacts import could_be_migration
    from hooks.drizzle.artefacts import migrations_among as among

    worth = [p for p in paths if could_be_migration(p)]  # (the few that could be: once)
    configured = set(migration_candidates(worth, config))
    return among(
        worth, configured=configured.__contains__, read=read, committed=committed,
        skip=config.baseline,
    )  # fmt: skip


def find_new_migrations(
    candidates: Sequence[str],
    committed: Mapping[str, str | None],
    baseline: Mapping[str, str] | None,
    config: Config,
    *,
    staged: bool = True,
) -> Findings:
    """Migration files that are not in the baseline with the same content.

    `committed` maps each candidate to the blob id being committed (None: not committed,
    e.g. deleted in this change, which is allowed).
    """
    from hooks.project.baseline import frozen_by
    from hooks.repo.patterns import path_key

    findings = Findings()
    key = path_key(config.ignorecase)  # core.ignorecase: `Migrations/x.sql` is `migrations/x.sql`
    frozen = frozen_by(baseline or {}, key)
    folds: dict[str, Fold] = {}
    for path in candidates:
        blob = committed.get(path)
        if blob is None:
            continue
        if key(path) not in frozen:
            undo = f"; to unstage it: git rm --cached -- {quote_path(path)}" if staged else ""
            fold = None
            if baseline is None:  # perhaps a whole legacy folder: one line in the text format
                from hooks.drizzle.artefacts import migration_folder

                folder = migration_folder(path)
                if folder not in folds:
                    folds[folder] = Fold(
                        folder,
                        "Drizzle migration files and no baseline",
                        "if they predate the switch to Atlas, freeze them: run"
                        f" `atlas-first baseline` and commit {config.baseline}; if they are new,"
                        f" delete them: {config.hint}",
                    )
                fold = folds[folder]
            findings.violations.append(
                Violation(
                    path,
                    NEW,
                    "new Drizzle migration file: Drizzle migrations are banned"
                    " (Atlas applies schema.sql)",
                    config.hint + undo,
                    fold=fold,
                ),
            )
        elif frozen[key(path)] != blob:
            undo = (
                f"; to drop the edit: git restore --staged -- {quote_path(path)}" if staged else ""
            )
            findings.violations.append(
                Violation(
                    path,
                    CHANGED,
                    f"legacy migration changed: files frozen in {config.baseline} must not change",
                    config.hint + undo,
                ),
            )
    if baseline is None and findings.violations:
        findings.notes.append(
            f"note: there is no baseline file ({config.baseline}), so no migration is"
            " grandfathered. If these are legacy migrations from before the Atlas switch,"
            " run `atlas-first baseline` once and commit the file it writes.",
        )
    return findings


def work_tree_blob(path: str, algorithm_hint: str) -> str | None:
    """The blob id a file in the work tree would get (for a path git does not track)."""
    import hashlib

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ToolError(f"{path}: cannot read it ({exc.strerror})") from None
    algorithm = hashlib.sha256 if len(algorithm_hint) == 64 else hashlib.sha1
    return algorithm(b"blob %d\0" % len(data) + data).hexdigest()


def check(ctx: Context, filenames: list[str]) -> Findings:
    def read(path: str) -> bytes | None:
        try:
            return ctx.read_source(path)
        except ToolError:
            return None  # unreadable: judged by its name alone

    def committed_paths(paths: list[str]) -> Mapping[str, str]:
        if ctx.to_ref is None:
            # Asked of git only when the work tree holds it (no process for the common
            # case); a sparse checkout that leaves a journal out is judged by names alone.
            paths = [p for p in paths if os.path.lexists(ctx.repo.abspath(p))]
        return ctx.committed_blobs(paths)

    candidates = migrations_among(filenames, ctx.config, read, committed_paths)
    if not candidates:
        return Findings()
    from hooks.project.baseline import read_baseline

    baseline = read_baseline(ctx.repo.root, ctx.config.baseline)
    committed: dict[str, str | None] = dict(ctx.committed_blobs(candidates))
    sample = next(iter(baseline.values()), "") if baseline else ""
    for path in candidates:
        if path not in committed and ctx.staged:
            # Named explicitly but not in the index: judge the bytes in the work tree.
            committed[path] = work_tree_blob(ctx.repo.abspath(path), sample)
    return find_new_migrations(candidates, committed, baseline, ctx.config, staged=ctx.staged)


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "forbid-new-migrations",
        "Block new Drizzle migration files; legacy files listed in the baseline stay frozen.",
        check,
        argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
