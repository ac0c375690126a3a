"""What a schema change does to a busy table: the lock, rewrite and scan hazards of applying
one desired state over another, as Atlas's PostgreSQL planner applies it (one transaction,
one `ALTER TABLE` per table, `CREATE INDEX` / `DROP INDEX` beside it), under the `diff`
policy of the env that applies it (`policy`).

- AF651: the table is rewritten (a new file, ACCESS EXCLUSIVE for the whole copy).
- AF652: every row is read while writers (or everyone) wait: a scan to validate, or an index
  built inside ALTER TABLE.
- AF653: CREATE INDEX / DROP INDEX without CONCURRENTLY on a table that has rows.

A table created in the same change has no rows: it is never a hazard. What each existing
table's part of the plan does is gathered in `plan`; this module makes the hazards of it.
The facts come from a PostgreSQL server (tests/hazards_server_test.py measures each case on
two major versions); those that differ by major version are in `policy.SINCE`.
"""

from __future__ import annotations

from hooks.schema.model import qualified
from hooks.schema.plan import ACCESS_EXCLUSIVE
from hooks.schema.plan import SHARE
from hooks.schema.plan import SHARE_ROW_EXCLUSIVE
from hooks.schema.plan import Change
from hooks.schema.plan import columns
from hooks.schema.plan import constraints
from hooks.schema.plan import foreign_keys
from hooks.schema.plan import quoted
from hooks.schema.policy import DEFAULT
from hooks.schema.renames import table_pairs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.schema.model import Index
    from hooks.schema.model import Key
    from hooks.schema.model import Schema
    from hooks.schema.policy import Policy

REWRITE = "AF651"
SCAN = "AF652"
INDEX = "AF653"
CODES = (REWRITE, SCAN, INDEX)

_WAITS = {
    ACCESS_EXCLUSIVE: "reads and writes wait",
    SHARE_ROW_EXCLUSIVE: "writes wait",
    SHARE: "writes wait",
}


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


def hazards(old: Schema, new: Schema, policy: Policy = DEFAULT) -> list[Hazard]:
    """The hazards of applying `new` over `old` under `policy`, ordered by table."""
    changes: dict[Key, Change] = {}
    for before, after in table_pairs(old, new):  # (a table two old ones go on in: the first)
        changes.setdefault(after.key, Change(after.key, before, after, policy))
    for change in changes.values():
        columns(change, old, new)
        constraints(change)
        foreign_keys(change, old)
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
            found.append(Hazard(REWRITE, qualified(key), causes, statement, lock, fix, offset))
            continue  # its indexes are built again with the copy: the rewrite is the outage
        if change.scan:
            strongest = max((s[4] for s in change.scan), key=_strength)
            if change.altered:
                strongest = ACCESS_EXCLUSIVE
            causes = "; ".join(s[0] for s in change.scan)
            _, statement, fix, offset, _ = change.scan[0]
            found.append(Hazard(SCAN, qualified(key), causes, statement, strongest, fix, offset))
        found += _indexes(change)
    return found


def _strength(lock: str) -> int:
    return (SHARE, SHARE_ROW_EXCLUSIVE, ACCESS_EXCLUSIVE).index(lock)


def _indexes(change: Change) -> list[Hazard]:
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
    name = qualified(change.key)
    table = quoted(change.key)
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
