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

from hooks.report.catalogue import register
from hooks.report.run import per_run
from hooks.report.violation import ToolError
from hooks.report.violation import Violation
from hooks.runner.hook import Findings
from hooks.runner.hook import hook_main

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from hooks.project.config import Database
    from hooks.report.catalogue import Code
    from hooks.runner.hook import Context
    from hooks.schema.policy import HazardSettings
    from hooks.schema.policy import Policy


def _codes() -> tuple[str, ...]:
    """This hook's codes, declared by hooks.schema.codes (loaded when a schema source is
    in the change, or a report or `explain` asks)."""
    from hooks.schema.codes import HAZARD_TEXT
    from hooks.schema.codes import RULES
    from hooks.schema.codes import STALE_DIRECTIVE
    from hooks.schema.codes import SYNTAX

    return (SYNTAX, STALE_DIRECTIVE, *RULES, *HAZARD_TEXT)


def _catalogue() -> list[Code]:
    from hooks.schema.codes import catalogue
    from hooks.schema.codes import hazard_catalogue

    return catalogue() + hazard_catalogue()


register("lint-schema-source", _codes, _catalogue)


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
    from hooks.repo.files import decode
    from hooks.schema.lint import lint
    from hooks.schema.lint import lint_sources

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
    from hooks.schema.policy import HazardSettings

    config = ctx.config
    return HazardSettings(
        lambda: _policies(ctx, paths),
        large=config.large_tables(db),
        errors=config.hazards_are_errors,
    )


def _policies(ctx: Context, paths: list[str]) -> list[Policy]:
    """The `diff` policies of the Atlas envs that apply these source files: the protected
    envs among them (production by default) where any applies them, else every one."""
    from hooks.atlas.envs import ANY_ENV
    from hooks.atlas.envs import EnvPolicy
    from hooks.atlas.envs import applied_policies
    from hooks.repo.files import decode
    from hooks.schema.policy import Policy

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

    from hooks.atlas.envs import is_atlas_config
    from hooks.project.drizzle_config import is_drizzle_config

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
        p for p in names if is_drizzle_config(p.rpartition("/")[2]) and "node_modules/" not in p
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
    from hooks.atlas.envs import POSTGRESQL
    from hooks.atlas.envs import applied_dialects
    from hooks.repo.files import decode

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

    from hooks.drizzle.versions import OTHER_DIALECTS
    from hooks.project.drizzle_config import UnreadableConfig
    from hooks.project.drizzle_config import read_drizzle_config
    from hooks.repo.files import decode

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
    from hooks.repo.git import GitFailed
    from hooks.repo.patterns import literal_prefix

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
        from hooks.repo.changes import DELETED
        from hooks.repo.changes import RENAMED

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
        from hooks.repo.blobs import remember_blobs

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
    from hooks.schema.codes import SYNTAX

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
