"""What Atlas's plan does to each table that exists before and after a change, gathered per
table before any hazard is made of it: the causes that rewrite it (a type change that copies
the file, a new column every row must get its own value of), those that read every row under
a lock (SET NOT NULL, a new CHECK, key or FOREIGN KEY, an index built again), the scans its
change causes on other tables (a foreign key validated again), and whether its ALTER TABLE
takes ACCESS EXCLUSIVE.
"""

from __future__ import annotations

from hooks.report.run import per_run
from hooks.schema.model import qualified
from hooks.schema.renames import existing
from hooks.schema.rewrites import rewrites

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.schema.model import Column
    from hooks.schema.model import ForeignKey
    from hooks.schema.model import Key
    from hooks.schema.model import Schema
    from hooks.schema.model import Table
    from hooks.schema.model import Type
    from hooks.schema.policy import Policy

ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"
SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"
SHARE = "SHARE"


def quoted(key: Key) -> str:
    return f'"{key[0]}"."{key[1]}"'


# The names Atlas's planner writes for PostgreSQL's internal ones.
_SQL_NAMES = {
    "int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real",
    "float8": "double precision", "bool": "boolean", "varchar": "character varying",
    "bpchar": "character", "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp without time zone", "timetz": "time with time zone",
}  # fmt: skip


def _type_text(kind: Type) -> str:
    """A type as the statement Atlas runs spells it (`bigint`, `character varying(50)`)."""
    name, mods, dims = kind
    text = _SQL_NAMES.get(name, name)
    if mods and name in ("timestamp", "timestamptz", "timetz"):
        head, _, zone = text.partition(" ")
        text = f"{head}({mods[0]}) {zone}"
    elif mods:
        text += f"({','.join(str(m) for m in mods)})"
    return text + "[]" * dims


def _base(kind: Type, schema: Schema) -> tuple[Type, bool]:
    """A domain's base type and whether the domain constrains values; a type: itself."""
    name = kind[0]
    key = tuple(name.split(".", 1)) if "." in name else ("public", name)
    found = schema.domains.get(key)  # type: ignore[arg-type]
    if found is None:
        return kind, False
    base, constrained = found
    return (base[0], base[1], base[2] + kind[2]), constrained


class Change:
    """What one existing table's part of the plan does, gathered before findings are made."""

    def __init__(self, key: Key, old: Table, new: Table, policy: Policy) -> None:
        self.key = key
        self.old = old
        self.new = new
        self.policy = policy
        self.rewrite: list[tuple[str, str, str, int]] = []  # (cause, statement, fix, offset)
        self.scan: list[tuple[str, str, str, int, str]] = []  # ... and its lock
        self.partners: list[tuple[Key, tuple[str, str, str, int, str]]] = []  # others' scans
        self.altered = False  # its ALTER TABLE takes ACCESS EXCLUSIVE


def columns(change: Change, old_schema: Schema, new_schema: Schema) -> None:
    policy = change.policy
    table = quoted(change.key)
    name = qualified(change.key)
    old, new = change.old, change.new
    kept_checks = {
        expr
        for expr, (_, valid) in new.checks.items()
        if valid and old.checks.get(expr, ("", False))[1]
    }
    by_check = {
        next(iter(cols))
        for expr, (cols, _) in old.checks.items()
        if expr in kept_checks and len(cols) == 1 and '"nulltesttype": "IS_NOT_NULL"' in expr
    }
    kept = {source for c in new.columns if (source := existing(old, new, c)) is not None}
    if set(old.columns) - kept or new.column_renames:
        change.altered = True
    for column in new.columns.values():
        source = existing(old, new, column.name)
        before = None if source is None else old.columns[source]
        col = f'"{column.name}"'
        if before is None:
            change.altered = True
            if policy.runs("add_column"):
                _added(change, column, new_schema)
            continue
        if before.default != column.default or before.not_null != column.not_null:
            change.altered = True
        old_type, _ = _base(before.type, old_schema)
        new_type, constrained = _base(column.type, new_schema)
        changed_type = before.type != column.type
        if changed_type or before.collation != column.collation:
            change.altered = True
        if not policy.runs("modify_column"):
            continue
        regenerated = column.generated and (
            not before.generated or before.generation != column.generation
        )
        if regenerated and (column.stored or not policy.holds("virtual_generated")):
            change.altered = True
            change.rewrite.append(
                (
                    f"column {name}.{column.name} gets a new generation expression: every row"
                    " is computed and written again",
                    f"ALTER TABLE {table} ALTER COLUMN {col} SET EXPRESSION AS (…)"
                    if before.generated
                    else f"ALTER TABLE {table} DROP COLUMN {col}, ADD COLUMN {col} … STORED",
                    "add a new plain column, fill it in batches (or from the application), switch"
                    " reads to it, drop the old one in a later change",
                    column.offset,
                )
            )
        elif not changed_type and column.type[0] in _tightened(old_schema, new_schema):
            change.scan.append(
                (
                    f"domain {column.type[0]} gains a constraint: every row of {name} is checked"
                    f" ({column.name})",
                    f"ALTER DOMAIN {column.type[0]} ADD CONSTRAINT …",
                    "add the domain's constraint NOT VALID and VALIDATE it in a later change",
                    column.offset,
                    SHARE,
                )
            )
        if changed_type:
            rewrite, rebuild = rewrites(old_type, new_type, policy=policy)
            if constrained and before.type != column.type:
                rewrite = True  # every value is checked against the domain, row by row
            shown = f"{_type_text(before.type)} -> {_type_text(column.type)}"
            statement = f"ALTER TABLE {table} ALTER COLUMN {col} TYPE {_type_text(column.type)}"
            if rewrite:
                utc = ""
                if {old_type[0], new_type[0]} == {"timestamp", "timestamptz"}:
                    utc = " (no rewrite only when the applying session's TimeZone is UTC)"
                change.rewrite.append(
                    (
                        f"column {name}.{column.name} changes type {shown}{utc}",
                        statement,
                        "expand/contract: add a column of the new type, backfill it in"
                        " batches, switch reads and writes to it, drop the old one in a later"
                        " change",
                        column.offset,
                    )
                )
                _revalidated(change, column.name, old_schema, new_schema)
            elif before.name in (_indexed(old) if rebuild else _by_expression(old)):
                change.scan.append(
                    (
                        f"column {name}.{column.name} changes type {shown}: its indexes are"
                        " built again",
                        statement,
                        "expand/contract: add a column of the new type with its index built"
                        " CONCURRENTLY, backfill, switch, drop the old one later",
                        column.offset,
                        ACCESS_EXCLUSIVE,
                    )
                )
        elif before.collation != column.collation and before.name in _indexed(old):
            change.scan.append(
                (
                    f"column {name}.{column.name} changes collation: its indexes are built again",
                    f"ALTER TABLE {table} ALTER COLUMN {col} TYPE {_type_text(column.type)}"
                    f' COLLATE "{column.collation or "default"}"',
                    "expand/contract: add a column with the new collation and its index built"
                    " CONCURRENTLY, backfill, switch, drop the old one later",
                    column.offset,
                    ACCESS_EXCLUSIVE,
                )
            )
        in_primary = bool(new.primary and column.name in new.primary)
        was_null = not before.not_null and not (old.primary and before.name in old.primary)
        if column.not_null and not in_primary and was_null:
            if before.name in by_check and policy.holds("not_null_by_check"):
                continue  # a validated CHECK (col IS NOT NULL) proves it: no scan
            if before.name in old.not_null_not_valid and policy.holds("not_null_not_valid"):
                continue  # VALIDATE CONSTRAINT: writes go on
            change.scan.append(
                (
                    f"column {name}.{column.name} becomes NOT NULL: every row is checked",
                    f"ALTER TABLE {table} ALTER COLUMN {col} SET NOT NULL",
                    f"add CHECK ({column.name} IS NOT NULL) NOT VALID, VALIDATE it in a later"
                    " change (writes go on meanwhile), then set NOT NULL: PostgreSQL uses the"
                    " CHECK and skips the scan",
                    column.offset,
                    ACCESS_EXCLUSIVE,
                )
            )


def _by_expression(table: Table) -> set[str]:
    """Columns an index reads through an expression or its WHERE clause: PostgreSQL builds
    such an index again after any type change of the column, even one that keeps the file."""
    found: set[str] = set()
    for index in table.indexes:
        if index.columns is None or index.where:
            found |= index.refs
    return found


class _Derived:
    """What the analysis asks of one pair of models again and again, built once per pair (a
    change that rewrites many columns stays linear)."""

    __slots__ = ("new", "old", "referencing", "tightened")

    def __init__(self, old: Schema, new: Schema) -> None:
        self.old = old
        self.new = new
        self.tightened: set[str] | None = None
        self.referencing: dict[tuple[Key, str], list[Key]] | None = None


_DERIVED: dict[int, _Derived] = per_run({})


def _derived(old: Schema, new: Schema) -> _Derived:
    known = _DERIVED.get(id(new))
    if known is not None and known.old is old and known.new is new:
        return known
    _DERIVED.clear()
    _DERIVED[id(new)] = known = _Derived(old, new)
    return known


def _tightened(old: Schema, new: Schema) -> set[str]:
    """The domains (as a column's type names them) that gain a CHECK or NOT NULL: ALTER
    DOMAIN … ADD CONSTRAINT checks every column of the domain (once per pair of models)."""
    derived = _derived(old, new)
    if derived.tightened is not None:
        return derived.tightened
    found = set()
    for key, rules in new.domain_rules.items():
        if key in old.domain_rules and rules - old.domain_rules[key]:
            found |= {key[1] if key[0] == "public" else f"{key[0]}.{key[1]}", f"{key[0]}.{key[1]}"}
    derived.tightened = found
    return found


def _indexed(table: Table) -> set[str]:
    """Columns some index of the table reads (its own, or a key's)."""
    found: set[str] = set(table.primary or ())
    for key in table.uniques:
        found |= key
    for index in table.indexes:
        found |= index.refs
    for unique in table.unique_indexes:
        found |= unique.refs
    return found


def _added(change: Change, column: Column, schema: Schema) -> None:
    """A column added to a table that has rows."""
    policy = change.policy
    name = f"{qualified(change.key)}.{column.name}"
    statement = (
        f'ALTER TABLE {quoted(change.key)} ADD COLUMN "{column.name}" {_type_text(column.type)}'
    )
    _, constrained = _base(column.type, schema)
    cause = fix = ""
    if column.identity:
        cause = f"new identity column {name}: every row gets its number"
        fix = (
            "add it as a plain nullable column, backfill it in batches, then add the identity"
            " (ALTER … ADD GENERATED … AS IDENTITY) in a later change"
        )
    elif column.generated and (column.stored or not policy.holds("virtual_generated")):
        cause = f"new stored generated column {name}: every row gets its value written"
        fix = "add a plain nullable column, backfill it in batches, fill it from the application"
        if policy.holds("virtual_generated"):
            fix = "make it VIRTUAL (PostgreSQL 18: computed when read), or " + fix
    elif column.volatile:
        what = "a serial (nextval())" if column.default == "nextval" else "a volatile"
        cause = f"new column {name} has {what} DEFAULT: every row gets its own value"
        fix = (
            "add it without the DEFAULT (or with a constant one), backfill it in batches, then"
            " set the DEFAULT in a later change"
        )
    elif constrained:
        cause = f"new column {name} is of a domain with a constraint: every row is checked"
        fix = (
            "add it as the domain's base type, backfill, and change its type in a later change"
            " once the rows pass"
        )
    elif column.default is not None and not policy.holds("fast_default"):
        cause = (
            f"new column {name} has a DEFAULT (PostgreSQL {policy.major} writes it to every row)"
        )
        fix = "add it without the DEFAULT, backfill it in batches, then set the DEFAULT"
    if cause:
        change.rewrite.append((cause, statement, fix, column.offset))


def _revalidated(change: Change, column: str, old: Schema, new: Schema) -> None:
    """A rewritten column that a FOREIGN KEY uses: PostgreSQL validates the key again, which
    reads the table on its other side (under a lock that stops writes)."""
    keys: list[tuple[Key, str]] = [
        (target, f"{qualified(change.key)}({column})")
        for (cols, target, _), valid in change.new.foreign.items()
        if valid and column in cols and target in old.tables
    ]
    keys += [
        (key, f"{qualified(key)} -> {qualified(change.key)}({column})")
        for key in _referencing(old, new).get((change.key, column), ())
        if key in old.tables
    ]
    for other, fk in keys:
        change.partners.append(
            (
                other,
                (
                    f"the FOREIGN KEY {fk} is validated again after {qualified(change.key)}'s"
                    " rewrite",
                    f'ALTER TABLE {quoted(change.key)} ALTER COLUMN "{column}" TYPE …',
                    "expand/contract: change the type on both sides of the key in a new"
                    " column pair, backfill, switch, drop the old ones later",
                    change.new.offset,
                    SHARE_ROW_EXCLUSIVE,
                ),
            )
        )


def _referencing(old: Schema, new: Schema) -> dict[tuple[Key, str], list[Key]]:
    """(table, column) -> the tables whose validated FOREIGN KEYs reference it in `new`
    (once per pair of models)."""
    derived = _derived(old, new)
    if derived.referencing is not None:
        return derived.referencing
    found: dict[tuple[Key, str], list[Key]] = {}
    for key, table in new.tables.items():
        for (_, target, refcols), valid in table.foreign.items():
            if valid and target != key:
                for refcol in refcols:
                    found.setdefault((target, refcol), []).append(key)
    derived.referencing = found
    return found


def constraints(change: Change) -> None:
    """CHECK, PRIMARY KEY and UNIQUE added to a table that has rows."""
    policy = change.policy
    old, new = change.old, change.new
    table = quoted(change.key)
    name = qualified(change.key)
    renames = new.column_renames  # new name -> old name

    def as_old(cols: frozenset[str]) -> frozenset[str]:
        return frozenset(renames.get(c, c) for c in cols)

    for expr, (refs, valid) in sorted(new.checks.items()):
        if expr in old.checks:
            continue  # the same CHECK (VALIDATE CONSTRAINT lets writes go on)
        change.altered = True
        if not valid or not policy.runs("add_check"):
            continue
        listed = ", ".join(sorted(refs))
        change.scan.append(
            (
                f"a new CHECK on {name}({listed}) is validated against every row",
                f"ALTER TABLE {table} ADD CONSTRAINT … CHECK (…)",
                "add it NOT VALID here and VALIDATE CONSTRAINT in a later change (writes go on"
                " while it validates)",
                new.offset,
                ACCESS_EXCLUSIVE,
            )
        )
    if set(old.checks) - set(new.checks):
        change.altered = True
    if new.primary and as_old(new.primary) != old.primary:
        change.altered = True
        if policy.runs("modify_table"):
            listed = ", ".join(sorted(new.primary))
            change.scan.append(
                (
                    f"a new PRIMARY KEY on {name}({listed}) builds its index",
                    f"ALTER TABLE {table} ADD PRIMARY KEY ({listed})",
                    "build a unique index CONCURRENTLY first (concurrent_index in the env),"
                    " then add the key USING INDEX in a later change",
                    new.offset,
                    ACCESS_EXCLUSIVE,
                )
            )
    for _ in sorted(new.exclusions - old.exclusions):
        change.altered = True
        if policy.runs("add_index"):
            change.scan.append(
                (
                    f"a new EXCLUDE constraint on {name} builds its index",
                    f"ALTER TABLE {table} ADD CONSTRAINT … EXCLUDE …",
                    "there is no NOT VALID for EXCLUDE: add it while the table is small, or in a"
                    " maintenance window",
                    new.offset,
                    ACCESS_EXCLUSIVE,
                )
            )
    if old.exclusions - new.exclusions:
        change.altered = True
    old_uniques = old.unique_constraints
    for key in sorted(new.unique_constraints, key=sorted):
        if as_old(key) in old_uniques:
            continue
        if as_old(key) in old.uniques:  # an existing unique index, attached: USING INDEX
            change.altered = True
            continue
        change.altered = True
        if not policy.runs("add_index"):
            continue
        listed = ", ".join(sorted(key))
        change.scan.append(
            (
                f"a new UNIQUE constraint on {name}({listed}) builds its index",
                f"ALTER TABLE {table} ADD CONSTRAINT … UNIQUE ({listed})",
                "build the unique index CONCURRENTLY first (concurrent_index in the env), then"
                " add the constraint USING INDEX in a later change",
                new.offset,
                ACCESS_EXCLUSIVE,
            )
        )
    if old_uniques - {as_old(k) for k in new.unique_constraints}:
        change.altered = True


def foreign_keys(change: Change, old_schema: Schema) -> None:
    """FOREIGN KEYs added (or whose actions change) on a table that has rows: validated
    by reading this table and the one it references, while writes to both wait."""
    policy = change.policy
    old, new = change.old, change.new
    table = quoted(change.key)
    name = qualified(change.key)
    renames = new.column_renames  # new name -> old name
    old_keys = {(cols, target, refs) for (cols, target, refs) in old.foreign}
    for fk, valid in sorted(new.foreign.items()):
        cols, target, refs = fk
        as_old: ForeignKey = (tuple(renames.get(c, c) for c in cols), target, refs)
        known = as_old in old_keys
        actions_changed = known and old.actions.get(as_old) != new.actions.get(fk)
        if known and not actions_changed:
            continue  # the same key (NOT VALID -> valid is VALIDATE: writes go on)
        if known and not old.foreign[as_old] and not valid:
            continue
        change.altered = change.altered or actions_changed  # (adding one takes a weaker lock)
        kind = "modify_foreign_key" if actions_changed else "add_foreign_key"
        if not valid or not policy.runs(kind):
            continue
        listed = ", ".join(cols)
        ref = f"{qualified(target)}({', '.join(refs)})"
        if actions_changed:
            cause = (
                f"the FOREIGN KEY {name}({listed}) -> {ref} changes its actions: it is dropped,"
                " added and validated again"
            )
            lock = ACCESS_EXCLUSIVE
            fix = (
                "add the new key NOT VALID under another name, VALIDATE it in a later change,"
                " then drop the old one"
            )
        else:
            cause = f"a new FOREIGN KEY {name}({listed}) -> {ref} is validated against every row"
            lock = SHARE_ROW_EXCLUSIVE
            fix = (
                "add it NOT VALID here and VALIDATE CONSTRAINT in a later change (writes go on"
                " while it validates)"
            )
        statement = (
            f"ALTER TABLE {table} ADD CONSTRAINT … FOREIGN KEY ({listed})"
            f" REFERENCES {quoted(target)}"
        )
        change.scan.append((cause, statement, fix, new.offset, lock))
        all_null = all(
            c not in old.columns and c not in renames and new.columns[c].default is None
            for c in cols
            if c in new.columns
        )
        if target in old_schema.tables and not all_null:  # (NULL everywhere: nothing to look up)
            read = f"it is read to validate the FOREIGN KEY {name}({listed}) -> {ref}"
            change.partners.append((target, (read, statement, fix, new.offset, lock)))
    if set(old.foreign) - {
        (tuple(renames.get(c, c) for c in cols), t, r) for cols, t, r in new.foreign
    }:
        change.altered = True
