"""Which old table or column a new one continues: itself, or the one it declares it was
renamed from (`-- atlas:renamed_from <old>`, which Atlas applies as ALTER … RENAME). The
data-loss rules and the hazard analysis pair the two versions the same way: a table or column
Atlas renames keeps its rows.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.schema.model import Schema
    from hooks.schema.model import Table


def table_pairs(old: Schema, new: Schema) -> list[tuple[Table, Table]]:
    """Each old table that goes on, with what continues it, in the old tables' order: the
    table of the same key, else the first new table that declares it was renamed from the
    old table's name. The data-loss rules (AF645) and the hazard analysis read this one
    pairing, so a table the lint calls renamed is a table with rows to the hazards too."""
    added = [t for k, t in new.tables.items() if k not in old.tables and t.renamed_from]
    found: list[tuple[Table, Table]] = []
    for key, table in sorted(old.tables.items()):
        after = new.tables.get(key)
        if after is None:
            after = next((t for t in added if t.renamed_from == key[1]), None)
        if after is not None:
            found.append((table, after))
    return found


def existing(old: Table, new: Table, column: str) -> str | None:
    """The old name of a column of `new` that existed before (itself, or renamed), else None."""
    if column in old.columns:
        return column
    source = new.column_renames.get(column)
    return source if source in old.columns else None
