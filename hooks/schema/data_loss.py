"""What applying one version of the desired state over another does to the data: the
data-loss rules of lint-schema-source (AF611-AF646) as findings. A schema, table or column
that is gone (and not renamed), an enum value removed or reordered, a type change that can
fail or truncate (`type_change`: PostgreSQL's casts), a new NOT NULL, unique key, CHECK or
FOREIGN KEY that existing rows can break, a constraint, view or function that is gone.
"""

from __future__ import annotations

from hooks.schema.renames import existing
from hooks.schema.renames import table_pairs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from hooks.schema.implication import Rows
    from hooks.schema.model import Column
    from hooks.schema.model import ForeignKey
    from hooks.schema.model import Schema
    from hooks.schema.model import Table

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


def _rows(table: Table, *, valid_only: bool = True, always_null: Iterable[str] = ()) -> Rows:
    """What every row of `table` satisfies: its CHECKs (only validated ones vouch for rows
    written before them) and its NOT NULL columns."""
    from hooks.schema.implication import Rows

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
    from hooks.schema.model import qualified

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
    renamed = {a.key: b for a, b in table_pairs(old, new) if a.key != b.key}
    for key, table in sorted(old.tables.items()):
        if key in new.tables:
            pairs.append((table, new.tables[key]))
            continue
        declared = renamed.get(key)
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
    from hooks.schema.model import qualified
    from hooks.schema.model import type_text

    found: list[Finding] = []
    name = qualified(new.key)
    renamed_targets = {src: dst for dst, src in new.column_renames.items() if src in old.columns}
    added = [c for c in new.columns.values() if existing(old, new, c.name) is None]
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
        source = existing(old, new, column.name)
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
    existing_cols = {c for c in new.columns if existing(old, new, c) is not None}
    old_names = {c: existing(old, new, c) for c in new.columns}

    kept_names = {c for c in new.columns if existing(old, new, c) in (c, None)}  # not renamed

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
    remaining = {existing(old, new, c) or c for c in new.columns}
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
