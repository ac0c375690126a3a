"""What a schema change does to a busy table: the lock, rewrite and scan hazards of applying
one desired state over another, as Atlas's PostgreSQL planner applies it (one transaction,
one `ALTER TABLE` per table, `CREATE INDEX` / `DROP INDEX` beside it), under the `diff`
policy of the env that applies it.

- AF651: the table is rewritten (a new file, ACCESS EXCLUSIVE for the whole copy).
- AF652: every row is read while writers (or everyone) wait: a scan to validate, or an index
  built inside ALTER TABLE.
- AF653: CREATE INDEX / DROP INDEX without CONCURRENTLY on a table that has rows.

A table created in the same change has no rows: it is never a hazard. The facts come from a
PostgreSQL server (tests/hazards_server_test.py measures each case on two major versions);
those that differ by major version are in SINCE.
"""

from __future__ import annotations

from hooks._report import per_run

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from hooks._schema import Column
    from hooks._schema import ForeignKey
    from hooks._schema import Index
    from hooks._schema import Key
    from hooks._schema import Schema
    from hooks._schema import Table

    Type = tuple[str, tuple[int, ...], int]

REWRITE = "AF651"
SCAN = "AF652"
INDEX = "AF653"
CODES = (REWRITE, SCAN, INDEX)

# PostgreSQL facts that differ between major versions: the first major version each holds in.
SINCE: dict[str, int] = {
    # ADD COLUMN with a non-volatile DEFAULT keeps the value in the catalog: no rewrite.
    "fast_default": 11,
    # SET NOT NULL skips its scan when a validated CHECK (col IS NOT NULL) proves it.
    "not_null_by_check": 12,
    # timestamp <-> timestamptz is no rewrite when the session's TimeZone is UTC.
    "timestamptz_in_utc": 12,
    # GENERATED ALWAYS AS (...) without STORED is virtual: computed when read, never written.
    "virtual_generated": 18,
    # NOT NULL … NOT VALID, then VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE: writes go on).
    "not_null_not_valid": 18,
}
OLDEST = min(SINCE.values()) - 1  # judged as this, a change holds every hazard it can have
# The major version judged when the env does not say (its `dev` URL names none): the oldest
# one the PostgreSQL project still supports.
ASSUMED_VERSION = 15

ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"
SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"
SHARE = "SHARE"
_WAITS = {
    ACCESS_EXCLUSIVE: "reads and writes wait",
    SHARE_ROW_EXCLUSIVE: "writes wait",
    SHARE: "writes wait",
}

# Casts PostgreSQL applies without touching the stored value (pg_cast castmethod 'b'), beyond
# a type's own length modifiers: ALTER COLUMN TYPE between them keeps the file. The flag
# says whether indexes on the column are built again (another operator class).
_BINARY: dict[tuple[str, str], bool] = {
    ("varchar", "text"): False, ("text", "varchar"): False,
    ("cidr", "inet"): True,
    ("text", "citext"): True, ("varchar", "citext"): True,
    ("citext", "text"): True, ("citext", "varchar"): True,
    ("bit", "varbit"): False,
}  # fmt: skip
_PRECISION = frozenset({"timestamp", "timestamptz", "time", "timetz", "interval"})


class Policy:
    """What the env that applies the source will run: its `diff { concurrent_index { … }
    skip { … } }`, the PostgreSQL major version of its dev database, and the session's
    TimeZone where known. `env` names it in messages (None: Atlas's defaults)."""

    __slots__ = ("concurrent_create", "concurrent_drop", "env", "skip", "timezone", "version")

    def __init__(
        self,
        *,
        env: str | None = None,
        concurrent_create: bool = False,
        concurrent_drop: bool = False,
        skip: frozenset[str] = frozenset(),
        version: int | None = None,
        timezone: str | None = None,
    ) -> None:
        self.env = env
        self.concurrent_create = concurrent_create
        self.concurrent_drop = concurrent_drop
        self.skip = skip
        self.version = version
        self.timezone = timezone

    @property
    def major(self) -> int:
        return self.version or ASSUMED_VERSION

    def holds(self, fact: str) -> bool:
        return self.major >= SINCE[fact]

    def runs(self, change: str) -> bool:
        """Whether Atlas plans this kind of change (`skip { drop_index = true }` leaves it
        out; `modify_table` leaves out every change to an existing table)."""
        return change not in self.skip and "modify_table" not in self.skip

    @property
    def judged_by(self) -> str:
        if self.env is None:
            return "judged by Atlas's defaults: no env in an atlas.hcl applies this source"
        return f"judged by {self.env}"


DEFAULT = Policy()


class HazardSettings:
    """What the team decided: which tables are large (their hazards are errors), whether
    every hazard is an error, and where the Atlas policies come from (read once, when a
    hazard is found under Atlas's defaults)."""

    __slots__ = ("_policies", "_read", "errors", "large")

    def __init__(
        self,
        policies: Callable[[], list[Policy]],
        *,
        large: tuple[str, ...] = (),
        errors: bool = False,
    ) -> None:
        self._policies = policies
        self._read: list[Policy] | None = None
        self.large = large
        self.errors = errors

    def policies(self) -> list[Policy]:
        if self._read is None:
            self._read = self._policies()
        return self._read

    def severity(self, table: str) -> str:
        """ "error" for a table named large (`orders`: in any schema; `billing.*`: a glob),
        or when every hazard is an error; else "warning"."""
        if self.errors:
            return "error"
        if self.large:
            from fnmatch import fnmatchcase

            schema, _, name = table.lower().partition(".")
            for pattern in self.large:
                pattern = pattern.lower()
                subject = table.lower() if "." in pattern else name
                if fnmatchcase(subject, pattern) or (not schema and fnmatchcase(table, pattern)):
                    return "error"
        return "warning"


class Hazard:
    """One hazard: what Atlas runs on which table, the lock it holds, how to avoid it."""

    __slots__ = ("cause", "code", "fix", "lock", "offset", "statement", "table")

    def __init__(
        self,
        code: str,
        table: str,
        cause: str,
        statement: str,
        lock: str,
        fix: str,
        offset: int,
    ) -> None:
        self.code = code
        self.table = table  # qualified: the object a directive names
        self.cause = cause
        self.statement = statement
        self.lock = lock
        self.fix = fix
        self.offset = offset  # in the new version

    def message(self, policy: Policy) -> str:
        what = {
            REWRITE: f"table {self.table} is rewritten",
            SCAN: f"every row of {self.table} is read",
            INDEX: f"an index of {self.table} is built or dropped",
        }[self.code]
        return (
            f"{what} under {self.lock} ({_WAITS[self.lock]} until it is done): {self.cause};"
            f" Atlas runs {self.statement} ({policy.judged_by})"
        )


def _q(key: Key) -> str:
    return f'"{key[0]}"."{key[1]}"'


def _name(key: Key) -> str:
    return f"{key[0]}.{key[1]}"


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


def rewrites(old: Type, new: Type, *, policy: Policy = DEFAULT) -> tuple[bool, bool]:
    """(ALTER COLUMN TYPE old -> new rewrites the table, it builds the column's indexes
    again) for plain types (domains resolved by the caller)."""
    if old == new:
        return False, False
    (a, am, ad), (b, bm, bd) = old, new
    if ad or bd:
        return True, True  # arrays: each element is converted
    if a == b:
        if a == "varchar" or a == "varbit":  # a longer limit, or none, keeps every value
            return not (not bm or (am and bm[0] >= am[0])), False
        if a == "numeric":
            if not bm:
                return False, False
            if not am:
                return True, True
            same_scale = (am[1:] or (0,))[0] == (bm[1:] or (0,))[0]
            return not (same_scale and bm[0] >= am[0]), False
        if a in _PRECISION:
            if a == "interval" and (am[:1] or (32767,)) != (bm[:1] or (32767,)):
                return True, True
            digits_a = (am[1:] if a == "interval" else am) or (6,)
            digits_b = (bm[1:] if a == "interval" else bm) or (6,)
            return digits_b[0] < digits_a[0], False
        return True, True  # another length or modifier: char(n), bit(n), a PostGIS SRID
    if {a, b} == {"timestamp", "timestamptz"}:
        utc = (policy.timezone or "").upper() in ("UTC", "ETC/UTC", "Z", "GMT")
        if utc and policy.holds("timestamptz_in_utc"):
            return False, True
        return True, True
    binary = _BINARY.get((a, b))
    if binary is not None and not (b == "varchar" and bm):
        return False, binary
    return True, True


class _Change:
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


def hazards(old: Schema, new: Schema, policy: Policy = DEFAULT) -> list[Hazard]:
    """The hazards of applying `new` over `old` under `policy`, ordered by table."""
    pairs = _pairs(old, new)
    changes = {key: _Change(key, before, after, policy) for key, (before, after) in pairs.items()}
    for change in changes.values():
        _columns(change, old, new)
        _constraints(change)
        _foreign_keys(change, old)
    for change in changes.values():
        for key, scan in change.partners:
            partner = changes.get(key)
            if partner is not None and key != change.key:
                partner.scan.append(scan)
    found: list[Hazard] = []
    for key, change in sorted(changes.items()):
        lock = ACCESS_EXCLUSIVE
        if change.rewrite:
            causes = "; ".join(c for c, _, _, _ in change.rewrite)
            _, statement, fix, offset = change.rewrite[0]
            found.append(Hazard(REWRITE, _name(key), causes, statement, lock, fix, offset))
            continue  # its indexes are built again with the copy: the rewrite is the outage
        if change.scan:
            strongest = max((s[4] for s in change.scan), key=_strength)
            if change.altered:
                strongest = ACCESS_EXCLUSIVE
            causes = "; ".join(s[0] for s in change.scan)
            _, statement, fix, offset, _ = change.scan[0]
            found.append(Hazard(SCAN, _name(key), causes, statement, strongest, fix, offset))
        found += _indexes(change)
    return found


def _strength(lock: str) -> int:
    return (SHARE, SHARE_ROW_EXCLUSIVE, ACCESS_EXCLUSIVE).index(lock)


def _pairs(old: Schema, new: Schema) -> dict[Key, tuple[Table, Table]]:
    """Each table that exists before and after (also renamed, when declared), by new key."""
    found: dict[Key, tuple[Table, Table]] = {}
    for key, table in new.tables.items():
        before = old.tables.get(key)
        if before is None and table.renamed_from:
            before = old.tables.get((key[0], table.renamed_from))
            if before is not None and (key[0], table.renamed_from) in new.tables:
                before = None  # the old table is still there: this one is new
        if before is not None:
            found[key] = (before, table)
    return found


def _source(change: _Change, column: str) -> Column | None:
    """The old column a new column continues (itself, or declared renamed), else None."""
    old = change.old.columns
    if column in old:
        return old[column]
    source = change.new.column_renames.get(column)
    return old.get(source) if source else None


def _columns(change: _Change, old_schema: Schema, new_schema: Schema) -> None:
    policy = change.policy
    table = _q(change.key)
    name = _name(change.key)
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
    kept = {source.name for c in new.columns if (source := _source(change, c)) is not None}
    if set(old.columns) - kept or new.column_renames:
        change.altered = True
    for column in new.columns.values():
        before = _source(change, column.name)
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


_TIGHTENED: dict[int, tuple[Schema, Schema, set[str]]] = per_run({})


def _tightened(old: Schema, new: Schema) -> set[str]:
    """The domains (as a column's type names them) that gain a CHECK or NOT NULL: ALTER
    DOMAIN … ADD CONSTRAINT checks every column of the domain (once per pair of models)."""
    known = _TIGHTENED.get(id(new))
    if known is not None and known[0] is old and known[1] is new:
        return known[2]
    found = set()
    for key, rules in new.domain_rules.items():
        if key in old.domain_rules and rules - old.domain_rules[key]:
            found |= {key[1] if key[0] == "public" else f"{key[0]}.{key[1]}", f"{key[0]}.{key[1]}"}
    _TIGHTENED.clear()
    _TIGHTENED[id(new)] = (old, new, found)
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


def _added(change: _Change, column: Column, schema: Schema) -> None:
    """A column added to a table that has rows."""
    policy = change.policy
    name = f"{_name(change.key)}.{column.name}"
    statement = f'ALTER TABLE {_q(change.key)} ADD COLUMN "{column.name}" {_type_text(column.type)}'
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


def _revalidated(change: _Change, column: str, old: Schema, new: Schema) -> None:
    """A rewritten column that a FOREIGN KEY uses: PostgreSQL validates the key again, which
    reads the table on its other side (under a lock that stops writes)."""
    keys: list[tuple[Key, str]] = [
        (target, f"{_name(change.key)}({column})")
        for (cols, target, _), valid in change.new.foreign.items()
        if valid and column in cols and target in old.tables
    ]
    keys += [
        (key, f"{_name(key)} -> {_name(change.key)}({column})")
        for key in _referencing(new).get((change.key, column), ())
        if key in old.tables
    ]
    for other, fk in keys:
        change.partners.append(
            (
                other,
                (
                    f"the FOREIGN KEY {fk} is validated again after {_name(change.key)}'s rewrite",
                    f'ALTER TABLE {_q(change.key)} ALTER COLUMN "{column}" TYPE …',
                    "expand/contract: change the type on both sides of the key in a new"
                    " column pair, backfill, switch, drop the old ones later",
                    change.new.offset,
                    SHARE_ROW_EXCLUSIVE,
                ),
            )
        )


_REFERENCING: dict[int, tuple[Schema, dict[tuple[Key, str], list[Key]]]] = per_run({})


def _referencing(schema: Schema) -> dict[tuple[Key, str], list[Key]]:
    """(table, column) -> the tables whose validated FOREIGN KEYs reference it (built once
    per schema: a change that rewrites many columns stays linear)."""
    known = _REFERENCING.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    found: dict[tuple[Key, str], list[Key]] = {}
    for key, table in schema.tables.items():
        for (_, target, refcols), valid in table.foreign.items():
            if valid and target != key:
                for refcol in refcols:
                    found.setdefault((target, refcol), []).append(key)
    _REFERENCING.clear()
    _REFERENCING[id(schema)] = (schema, found)
    return found


def _constraints(change: _Change) -> None:
    """CHECK, PRIMARY KEY and UNIQUE added to a table that has rows."""
    policy = change.policy
    old, new = change.old, change.new
    table = _q(change.key)
    name = _name(change.key)
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


def _foreign_keys(change: _Change, old_schema: Schema) -> None:
    """FOREIGN KEYs added (or whose actions change) on a table that has rows: validated
    by reading this table and the one it references, while writes to both wait."""
    policy = change.policy
    old, new = change.old, change.new
    table = _q(change.key)
    name = _name(change.key)
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
        ref = f"{_name(target)}({', '.join(refs)})"
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
            f"ALTER TABLE {table} ADD CONSTRAINT … FOREIGN KEY ({listed}) REFERENCES {_q(target)}"
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


def _indexes(change: _Change) -> list[Hazard]:
    """CREATE INDEX and DROP INDEX on a table that has rows, without CONCURRENTLY."""
    policy = change.policy
    old, new = change.old.indexes, change.new.indexes
    matched_old: set[int] = set()
    created: list[Index] = []
    by_definition: dict[str, list[int]] = {}
    for i, o in enumerate(old):
        by_definition.setdefault(o.definition, []).append(i)
    for index in new:
        same = by_definition.get(index.definition, [])
        # the same index: by name, else under another name (ALTER INDEX … RENAME) or with
        # the name PostgreSQL chose for an unnamed one
        twin = next((i for i in same if old[i].name == index.name), same[0] if same else None)
        if twin is None or twin in matched_old:
            created.append(index)
        else:
            matched_old.add(twin)
            same.remove(twin)
    dropped = [o for i, o in enumerate(old) if i not in matched_old]
    name = _name(change.key)
    table = _q(change.key)
    found: list[Hazard] = []
    under = SHARE
    note = ""
    if change.altered:
        under = ACCESS_EXCLUSIVE
        note = ", in the same transaction as the ALTER TABLE that locks it"
    for index in dropped:
        if policy.concurrent_drop or not policy.runs("drop_index") or change.altered:
            continue  # (under the ALTER TABLE's own ACCESS EXCLUSIVE, a drop is an instant)
        shown = _index_name(change.key, index)
        found.append(
            Hazard(
                INDEX,
                name,
                f"index {shown} is dropped{note}",
                f'DROP INDEX "{change.key[0]}"."{shown}"',
                ACCESS_EXCLUSIVE,
                "set diff { concurrent_index { drop = true } } in the env that applies"
                " production (and apply with --tx-mode none: CONCURRENTLY cannot run in a"
                " transaction)",
                change.new.offset,
            )
        )
    for index in created:
        if policy.concurrent_create or not policy.runs("add_index"):
            continue
        shown = _index_name(change.key, index)
        unique = "UNIQUE " if index.unique else ""
        columns = ", ".join(index.columns) if index.columns else "…"
        found.append(
            Hazard(
                INDEX,
                name,
                f"index {shown} is built over every row{note}",
                f'CREATE {unique}INDEX "{shown}" ON {table} ({columns})',
                under,
                "set diff { concurrent_index { create = true } } in the env that applies"
                " production (and apply with --tx-mode none: CONCURRENTLY cannot run in a"
                " transaction)",
                index.offset,
            )
        )
    return found


def _index_name(table: Key, index: Index) -> str:
    """Its name; for one the source leaves unnamed, the one PostgreSQL chooses."""
    if index.name:
        return index.name
    return f"{table[1]}_{'_'.join(index.columns or ('expr',))}_idx"
