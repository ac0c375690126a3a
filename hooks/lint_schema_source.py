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

from hooks._hook import Findings
from hooks._hook import hook_main
from hooks._report import WARNING
from hooks._report import ToolError
from hooks._report import Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from hooks._hook import Context
    from hooks._schema import Column
    from hooks._schema import ForeignKey
    from hooks._schema import Schema
    from hooks._schema import Table

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

_INTS = {"int2": 1, "int4": 2, "int8": 3}
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


def compare(old: Schema, new: Schema) -> list[Finding]:
    """What applying `new` over `old` does to data, as findings."""
    from hooks._schema import qualified

    found: list[Finding] = []
    gone_schemas = old.schemas - new.schemas
    for schema in sorted(gone_schemas):
        found.append(Finding("AF611", schema, f"schema {schema} is gone", None))
    pairs: list[tuple[Table, Table]] = []
    added = {k: t for k, t in new.tables.items() if k not in old.tables}
    claimed: set[tuple[str, str]] = set()
    for key, table in sorted(old.tables.items()):
        if key in new.tables:
            pairs.append((table, new.tables[key]))
            continue
        declared = next(
            (t for k, t in added.items() if t.renamed_from == key[1] and k not in claimed), None
        )
        if declared is not None:
            claimed.add(declared.key)
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
        shape = {(c.name, c.type) for c in table.columns.values()}
        twin = next(
            (
                t for k, t in added.items()
                if k not in claimed and {(c.name, c.type) for c in t.columns.values()} == shape
            ),
            None,
        )  # fmt: skip
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
        if len(same_type) == 1:
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

    def as_old(cols: frozenset[str]) -> frozenset[str]:
        return frozenset(str(old_names.get(c) or c) for c in cols)

    for key in sorted(new.keys(), key=sorted):
        if not key & existing_cols:
            continue
        if any(k <= as_old(key) for k in old_keys):
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
    for expr, (refs, valid) in sorted(new.checks.items()):
        if expr in old.checks or not valid or not refs & existing_cols:
            continue
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
    for old_expr, (old_refs, _) in sorted(old.checks.items()):
        if old_expr in new.checks or not old_refs or not old_refs <= remaining:
            continue
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
    from hooks._schema import Schema
    from hooks._schema import build
    from hooks._sources import Positions
    from hooks._sql import SqlSyntaxError
    from hooks._sql import parse

    new_text = new_text or ""
    positions = Positions(new_text)
    try:
        new_model = build(new_text, parse(new_text))
    except SqlSyntaxError as exc:
        at_line, at_col = positions.at(exc.offset)
        return [
            Violation(
                path,
                SYNTAX,
                f"does not parse: {exc.message}",
                "fix the SQL: Atlas, and every database it applies to, would reject this file",
                line=at_line,
                col=at_col,
            ),
        ]
    if old_text is None:
        return []
    try:
        old_model = build(old_text, parse(old_text))
    except SqlSyntaxError:
        old_model = Schema()  # the old version never applied: nothing of it can be lost
    allowed = {(m.group(1), m.group(2)): m.start() for m in _ALLOW.finditer(new_text)}
    used: set[tuple[str, str]] = set()
    violations = []
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
        line: int | None = None
        col: int | None = None
        if finding.offset is not None:
            line, col = positions.at(finding.offset)
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
    for (code, obj), offset in sorted(allowed.items()):
        if (code, obj) not in used:
            line, col = positions.at(offset)
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
    """Every source file the change touches (also deleted or renamed ones), compared with its
    old version; and the syntax of every other source file it is given (`--all-files`, or
    `pre-commit run --all-files`, which passes the whole tree with nothing staged)."""
    findings = Findings()
    sources = ctx.config.sources
    if not sources:
        return findings
    pairs: list[tuple[str, str | None, str | None]] = []
    in_change: set[str] = set()
    if not ctx.all_files:
        for change in ctx.change_set.changes:
            if sources.match(change.old_path) or sources.match(change.new_path):
                in_change.add(change.new_path)
                if ctx.reports_change:
                    pairs.append((change.new_path, change.old_path, change.writes))
    pairs += [(p, None, p) for p in sorted(set(filenames) - in_change) if sources.match(p)]
    if not pairs:
        return findings  # the common case: nothing imported, nothing parsed
    from hooks._sources import decode

    old_ref = ctx.from_ref or "HEAD"
    for shown, old_path, new_path in pairs:
        try:
            new_data = ctx.read_source(new_path) if new_path else b""
            new_text = decode(new_data or b"", shown)
            old_text = None
            if old_path is not None:
                old_data = ctx.committed_at(old_ref, old_path)
                old_text = None if old_data is None else decode(old_data, shown)
        except ToolError as exc:
            findings.errors.append(str(exc))
            continue
        findings.violations.extend(lint(shown, old_text, new_text))
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "lint-schema-source",
        "Check the schema source (schema.sql): it must parse, and data loss must be deliberate.",
        check,
        argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
