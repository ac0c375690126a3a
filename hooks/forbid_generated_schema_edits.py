"""forbid-generated-schema-edits: the generated Drizzle schema changes only with its source.

`drizzle-kit pull` rewrites the generated folder from the database, so a hand edit there is
silently lost at the next pull. A sanctioned regeneration changes the source (`schema.sql`)
in the same change; anything else touching the generated folder is a hand edit.
"""

from __future__ import annotations

from hooks._config import NO_SOURCE
from hooks._config import default_hint
from hooks._hook import Findings
from hooks._hook import hook_main
from hooks._report import ToolError
from hooks._report import Violation
from hooks._report import quote_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Sequence

    from hooks._config import Config
    from hooks._config import Database
    from hooks._git import ChangeSet
    from hooks._hook import Context

CODE = "AF101"
DRIFT = "AF102"


def find_generated_edits(change_set: ChangeSet, config: Config) -> list[Violation]:
    """Changes that touch a database's `generated` files when none of that database's own
    `sources` files is added or modified (several databases: billing's source sanctions
    billing's pull, never auth's)."""
    if not config.generated:
        return []
    touched = [
        (change, path)
        for change in change_set.changes
        for path in change.paths
        if config.generated.match(path)
    ]
    if not touched:
        return []
    written = [change.writes for change in change_set.changes if change.writes is not None]
    databases = config.databases
    several = len(databases) > 1
    violations = []
    for change, path in touched:
        owners = [db for db in databases if db.generated.match(path)] or databases
        if any(db.sources and any(db.sources.match(w) for w in written) for db in owners):
            continue
        names = [p for db in owners for p in db.patterns("sources")]
        source_names = ", ".join(dict.fromkeys(names)) or "the schema source"
        if config.provenance.get("sources") == NO_SOURCE:  # judged by the seed default only
            source_names = "the schema source (none is set or found)"
        whose = f" (database {owners[0].name})" if several and len(owners) == 1 else ""
        own_hint = several and not isinstance(config.values["hint"], str)
        hint = default_hint(tuple(names)) if own_hint else config.hint
        if change_set.staged:
            hint += f"; to unstage it: git restore --staged -- {quote_path(path)}"
        violations.append(
            Violation(
                path,
                CODE,
                f"generated file {change.describe()} without a change to {source_names}{whose}:"
                " drizzle-kit pull overwrites hand edits",
                hint,
            ),
        )
    return violations


def find_drift(ctx: Context) -> list[Violation]:
    """AF102: a database's pulled schema.ts that does not describe its schema.sql (what is
    committed), for each database whose generated files or sources are in the change (every
    database under --all-files)."""
    databases = ctx.config.databases
    if not ctx.all_files and ctx.change_set.changes:
        # (No change at all: `pre-commit run --all-files`, which stages nothing and passes
        # no file names to this hook: every database, as `check --all-files` does.)
        paths = [p for change in ctx.change_set.changes for p in change.paths]
        databases = [
            db
            for db in databases
            if any(db.generated.match(p) or db.sources.match(p) for p in paths)
        ]
    if not databases:
        return []
    files = _candidates(ctx, databases)
    violations: list[Violation] = []
    for db in databases:
        pulls = [p for p in files if db.generated.match(p) and p.rsplit("/", 1)[-1] == "schema.ts"]
        sources = [p for p in files if db.sources.match(p)]
        if pulls and sources:
            filters = _pull_filters(ctx, files, pulls)
            violations += _drift(ctx, db.name, pulls, sources, filters)
    return violations


def _candidates(ctx: Context, databases: list[Database]) -> list[str]:
    """The committed files AF102 may read (links aside): under the generated and source
    patterns, and every drizzle config. Where each pattern is a plain path, git lists only
    those (on a 20,000-file index, 4 ms where the whole listing took 55); a wildcard or a
    range: the whole tree."""
    from hooks._layout import EVIDENCE_PATHSPECS
    from hooks._patterns import literal_prefix

    specs: list[str] | None = [] if ctx.to_ref is None else None
    for db in databases:
        for key in ("generated", "sources"):
            for pattern in db.patterns(key):
                if specs is None or pattern.startswith("!"):
                    continue  # (an exclusion only narrows what the listing holds)
                literal = literal_prefix(pattern)
                if literal is None:
                    specs = None
                else:
                    specs.append(literal[0])
    if specs is not None:
        drizzle_configs = [p for p in EVIDENCE_PATHSPECS if "drizzle" in p]
        # (remembered: the source's old side and the pull's unstaged-edit check read it too)
        entries = ctx.repo.index_entries_under(specs, also=drizzle_configs)
    elif ctx.to_ref:
        entries = ctx.repo.tree_entries(ctx.to_ref)
    else:
        entries = ctx.repo.index_entries()
    return sorted(p for p, (mode, _) in entries.items() if mode != "120000")


Filters = tuple["set[str] | None", "Callable[[str], bool] | None"]


def _pull_filters(ctx: Context, files: list[str], pulls: list[str]) -> Filters:
    """What the drizzle config whose `out` holds the pull lets pull write: its
    `schemaFilter`'s schemas and a `tablesFilter` test (None, None: no such config, so the
    schemas the pull itself declares something in). A filter the config computes, or a
    pattern this reads differently from drizzle-kit, only ever narrows what is expected."""
    import fnmatch
    import posixpath

    from hooks._layout import DRIZZLE_CONFIG
    from hooks._layout import UnreadableConfig
    from hooks._layout import _join
    from hooks._layout import read_drizzle_config
    from hooks._sources import decode

    for path in files:
        if not DRIZZLE_CONFIG.search(posixpath.basename(path)) or "node_modules/" in path:
            continue
        try:
            config = read_drizzle_config(path, decode(ctx.read_source(path) or b"", path))
        except (UnreadableConfig, ToolError):
            continue
        base = posixpath.dirname(path)
        outs = [_join(base, out.rstrip("/") or ".") for out in config.outs]
        if not any(o is not None and p.startswith(o + "/") for o in outs for p in pulls):
            continue
        if not config.filters_known:
            return None, lambda _name: False
        wanted = tuple(f for f in config.tables_filter if not f.startswith("!"))
        unwanted = tuple(f[1:] for f in config.tables_filter if f.startswith("!"))

        def expected(
            name: str, wanted: tuple[str, ...] = wanted, unwanted: tuple[str, ...] = unwanted
        ) -> bool:
            if any(fnmatch.fnmatchcase(name, f) for f in unwanted):
                return False
            return not wanted or any(fnmatch.fnmatchcase(name, f) for f in wanted)

        globbed = any(set(s) & set("*?[") for s in config.schema_filter)
        return (None if globbed else set(config.schema_filter)), expected
    return None, None


def _drift(
    ctx: Context, name: str, pulls: list[str], sources: list[str], filters: Filters
) -> list[Violation]:
    from hooks import _pulled
    from hooks._schema import build
    from hooks._sources import Positions
    from hooks._sources import decode
    from hooks._sql import SqlSyntaxError
    from hooks._sql import parse

    ctx.prefetch([*pulls, *sources])
    texts = [(p, decode(ctx.read_source(p) or b"", p)) for p in sources]
    joined = "\n".join(t for _, t in texts)
    try:
        model = build(joined, parse(joined))
    except SqlSyntaxError:
        return []  # the schema lint reports it (AF601): nothing to compare with
    pulled = _pulled.Pulled()
    at: dict[tuple[str, str], str] = {}
    for path in pulls:
        found = _pulled.read(decode(ctx.read_source(path) or b"", path))
        # A schema.ts in which no table is read is not pull output (a barrel, a file of
        # one's own under the drizzle config's `schema`): nothing to compare.
        for key in [*found.tables, *found.enum_values, *found.views]:
            at.setdefault(key, path)
        pulled.merge(found)
    if not pulled.tables:
        return []
    bases, base = [], 0
    for _, text in texts:
        bases.append(base)
        base += len(text) + 1
    violations = []
    schemas, tables = filters
    for difference in _pulled.compare(pulled, model, schemas=schemas, tables=tables):
        if difference.in_generated:
            path = at.get(difference.key, pulls[0])
            line, col = difference.line, 1
            hint = (
                "run the sync script to regenerate it (Atlas apply + drizzle-kit pull); if the"
                " generated schema is what you meant, change the schema source first"
            )
        else:
            offset = difference.offset or 0
            index = max(i for i, b in enumerate(bases) if b <= offset)
            path, text = texts[index]
            line, col = Positions(text).at(offset - bases[index])
            hint = "run the sync script: the generated schema does not describe this yet"
        whose = f" (database {name})" if name else ""
        violations.append(
            Violation(path, DRIFT, difference.message + whose, hint, line=line, col=col)
        )
    return violations


def check(ctx: Context, filenames: list[str]) -> Findings:
    # File names are ignored on purpose: pre-commit never passes deleted files or rename
    # sources, and those are edits to the generated folder too.
    if not ctx.reports_change:
        return Findings()
    found = Findings(find_generated_edits(ctx.change_set, ctx.config))
    try:
        found.violations += find_drift(ctx)
    except ToolError as exc:
        found.errors.append(str(exc))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "forbid-generated-schema-edits",
        "Block hand edits to files generated by drizzle-kit pull, unless the schema source"
        " changes in the same change.",
        check,
        argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
