"""How a pulled schema.ts differs from the schema model of the database's `schema.sql`
(issue 22, AF102).

The comparison covers structure: tables, views and enums, columns by database name, types,
nullability, identity, generated columns, defaults where both sides are plain literals,
primary, unique and foreign keys (with their actions) and indexes. What pull renders loosely
(opclasses, a unique key's column order) and what is not structure (CHECK expressions, a
view's query) stay with `atlas-first verify` (regenerate with the real tools, byte diff).
"""

from __future__ import annotations

from hooks.drizzle._column_compare import default_difference
from hooks.drizzle._column_compare import pulled_type
from hooks.drizzle._column_compare import same_type

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable

    from hooks.drizzle.pulled import Key
    from hooks.drizzle.pulled import Pulled
    from hooks.drizzle.pulled import PulledIndex
    from hooks.drizzle.pulled import PulledTable
    from hooks.schema.model import Index
    from hooks.schema.model import Schema
    from hooks.schema.model import Table


class Difference:
    """One way the generated schema and its source disagree; `in_generated`: report it at
    `line` of the schema.ts (else at `offset` in schema.sql)."""

    __slots__ = ("in_generated", "key", "line", "message", "offset")

    def __init__(
        self, key: Key, message: str, *, line: int | None = None, offset: int | None = None
    ) -> None:
        self.key = key
        self.message = message
        self.line = line
        self.offset = offset
        self.in_generated = line is not None


# Column names no line's pull writes: 0.31 leaves `__proto__` out without a word, 1.0 fails
# on it (a plain object keyed by column name). Not expected in the pull.
_PULL_CANNOT_WRITE = frozenset({"__proto__"})


class _Table:
    """One table of both sides, compared: each difference goes to `found`."""

    def __init__(
        self, pulled: Pulled, table: PulledTable, model: Table, source: Schema,
        found: list[Difference],
    ) -> None:  # fmt: skip
        from hooks.schema.model import qualified

        self.pulled, self.table, self.model, self.source = pulled, table, model, source
        self.found = found
        self.name = qualified(table.key)

    def generated(self, message: str, line: int) -> None:
        self.found.append(Difference(self.table.key, message, line=line))

    def source_side(self, message: str, offset: int) -> None:
        self.found.append(Difference(self.table.key, message, offset=offset))

    def names(self, keys: Iterable[str]) -> tuple[str, ...] | None:
        """Database names of this table's TypeScript keys (None: one it does not declare)."""
        found = tuple(self.table.by_property.get(k, "") for k in keys)
        return None if "" in found else found

    def shape(self, index: PulledIndex) -> tuple[bool, str, bool, tuple[str, ...] | None]:
        columns = self.names(index.columns) if index.columns is not None else None
        return index.unique, index.method, index.where, columns

    def compare(self) -> None:
        self.columns()
        self.primary_key()
        self.unique_keys()
        self.foreign_keys()
        self.indexes()

    def columns(self) -> None:
        from hooks.schema.model import type_text

        table, model = self.table, self.model
        primary = set(model.primary or ())
        for name, column in table.columns.items():
            declared = model.columns.get(name)
            where = f"{self.name}.{name}"
            if declared is None:
                self.generated(
                    f"column {where} is in the generated schema but not in the source",
                    column.line,
                )
                continue
            source_not_null = (
                declared.not_null or name in primary or declared.identity or column.serial
            )
            pulled_not_null = column.not_null or column.primary or column.serial
            if source_not_null != pulled_not_null and not declared.identity:
                said = "NOT NULL" if source_not_null else "nullable"
                self.generated(
                    f"column {where} is {said} in the source but"
                    f" {'nullable' if source_not_null else 'NOT NULL'} in the generated schema",
                    column.line,
                )
            kind = pulled_type(column, self.pulled.enums)
            if kind is not None and not same_type(kind, declared.type):
                self.generated(
                    f"column {where} is {type_text(declared.type)} in the source but"
                    f" {type_text(kind)} in the generated schema",
                    column.line,
                )
            identity = (
                ("always" if declared.always else "by default") if declared.identity else None
            )
            if identity != column.identity:
                said = f"GENERATED {identity.upper()} AS IDENTITY" if identity else "no identity"
                theirs = f"{column.identity} as identity" if column.identity else "no identity"
                self.generated(
                    f"column {where} has {said} in the source but {theirs} in the generated schema",
                    column.line,
                )
            if declared.generated != column.generated:
                said = "is" if declared.generated else "is not"
                self.generated(
                    f"column {where} {said} a generated column in the source, unlike the"
                    " generated schema",
                    column.line,
                )
            # A type pull cannot name (0.31's `unknown(...)`, 1.0's `customType(...)`): 0.31
            # leaves its default out, 1.0 writes it raw; neither is compared.
            difference = "" if kind is None else default_difference(declared, column, self.source)
            if difference:
                self.generated(f"column {where} {difference}", column.line)
        for name, declared in model.columns.items():
            if name not in table.columns and name not in _PULL_CANNOT_WRITE:
                self.source_side(
                    f"column {self.name}.{name} is in the source but not in the generated schema",
                    declared.offset,
                )

    def primary_key(self) -> None:
        if self.model.primary is not None and not self.model.primary:
            return  # PRIMARY KEY USING INDEX: its columns are the index's
        source = frozenset(self.model.primary or ())
        pulled = frozenset(n for n, c in self.table.columns.items() if c.primary)
        if source == pulled or not source <= set(self.table.columns):
            return  # (a column only one side has is reported as such)
        line = self.table.primary_line or next(
            (c.line for c in self.table.columns.values() if c.primary), self.table.line
        )
        self.generated(
            f"the primary key of {self.name} is {_listed(sorted(source))} in the source but"
            f" {_listed(sorted(pulled))} in the generated schema",
            line,
        )

    def unique_keys(self) -> None:
        source = {u for u in self.model.unique_constraints if u}
        for keys, line in self.table.uniques:
            names = self.names(keys)
            if names is None:
                continue
            if frozenset(names) in source:
                source.discard(frozenset(names))
                continue
            self.generated(
                f"unique key {_listed(names)} of {self.name} is in the generated schema but"
                " not in the source",
                line,
            )
        for unique in sorted(source, key=sorted):
            if unique <= set(self.table.columns):
                self.source_side(
                    f"unique key {_listed(sorted(unique))} of {self.name} is in the source but"
                    " not in the generated schema",
                    self.model.offset,
                )

    def foreign_keys(self) -> None:
        from hooks.schema.model import qualified

        source: dict[
            tuple[frozenset[str], Key], tuple[frozenset[tuple[str, str]], tuple[str, str]]
        ] = {}
        for fk, actions in self.model.actions.items():
            columns, target, target_columns = fk
            if not target_columns:
                referenced = self.source.tables.get(target)
                primary = sorted(referenced.primary or ()) if referenced else []
                target_columns = tuple(primary) if len(primary) == len(columns) == 1 else ()
            pairs = frozenset(zip(columns, target_columns, strict=False))
            source[(frozenset(columns), target)] = (pairs, actions)
        for key in self.table.foreign:
            names = self.names(key.columns)
            points_to = (
                self.table.key if key.target == "table" else self.pulled.variables.get(key.target)
            )
            other = self.pulled.tables.get(points_to) if points_to else None
            if names is None or points_to is None or other is None:
                continue  # a table this reader did not read: nothing to say
            their_columns = tuple(other.by_property.get(k, k) for k in key.target_columns)
            found = source.pop((frozenset(names), points_to), None)
            where = f"foreign key {_listed(names)} of {self.name} -> {qualified(points_to)}"
            if found is None:
                self.generated(
                    f"{where} is in the generated schema but not in the source", key.line
                )
                continue
            pairs, actions = found
            if pairs and pairs != frozenset(zip(names, their_columns, strict=False)):
                self.generated(
                    f"{where} refers to other columns in the source than in the generated schema",
                    key.line,
                )
            elif actions != key.actions:
                self.generated(
                    f"{where} is {_actions(actions)} in the source but {_actions(key.actions)}"
                    " in the generated schema",
                    key.line,
                )
        for (missing, table), _ in sorted(source.items(), key=lambda i: (sorted(i[0][0]), i[0][1])):
            if missing <= set(self.table.columns) and table in self.pulled.tables:
                self.source_side(
                    f"foreign key {_listed(sorted(missing))} of {self.name} ->"
                    f" {qualified(table)} is in the source but not in the generated schema",
                    self.model.offset,
                )

    def indexes(self) -> None:
        named = {i.name: i for i in self.model.indexes if i.name}
        unnamed = [i for i in self.model.indexes if not i.name]
        unmatched: list[PulledIndex] = []
        for index in self.table.indexes:
            declared = named.pop(index.name, None)
            if declared is None:
                unmatched.append(index)
                continue
            where = f"index {index.name} of {self.name}"
            columns = self.names(index.columns) if index.columns is not None else None
            if declared.unique != index.unique:
                said = "unique" if declared.unique else "not unique"
                self.generated(
                    f"{where} is {said} in the source, unlike the generated schema", index.line
                )
            elif declared.method != index.method:
                self.generated(
                    f"{where} uses {declared.method} in the source but {index.method} in the"
                    " generated schema",
                    index.line,
                )
            elif declared.where != index.where:
                said = "partial" if declared.where else "not partial"
                self.generated(
                    f"{where} is {said} in the source, unlike the generated schema", index.line
                )
            elif (
                declared.columns is not None
                and columns is not None
                and not declared.include
                and declared.columns != columns
            ):
                self.generated(
                    f"{where} is on {_listed(declared.columns)} in the source but on"
                    f" {_listed(columns)} in the generated schema",
                    index.line,
                )
        # PostgreSQL names an index the source leaves unnamed (`t_a_b_idx`, then `t_a_b_idx1`
        # for a second one): pair by that name, and never call a pulled index foreign while
        # an unnamed one is unpaired.
        usual: dict[str, list[Index]] = {}
        for declared in reversed(unnamed):
            usual.setdefault(_usual_name(self.table.key[1], declared), []).append(declared)
        rest: list[PulledIndex] = []
        for index in unmatched:
            bucket = usual.get(index.name) or usual.get(index.name.rstrip("0123456789"))
            if bucket:
                bucket.pop()
            else:
                rest.append(index)
        unpaired = [declared for bucket in usual.values() for declared in bucket]
        # One index under another name: a rename, one difference.
        shapes: dict[tuple[bool, str, bool, tuple[str, ...] | None], list[str]] = {}
        for name in reversed(named):
            shapes.setdefault(_shape(named[name]), []).append(name)
        foreign: list[PulledIndex] = []
        for index in rest:
            renamed = shapes.get(self.shape(index))
            if not renamed:
                foreign.append(index)
                continue
            name = renamed.pop()
            del named[name]
            self.generated(
                f"index {name} of {self.name} is named {index.name} in the generated schema",
                index.line,
            )
        if not unpaired:
            for index in foreign:
                self.generated(
                    f"index {index.name} of {self.name} is in the generated schema but not in"
                    " the source",
                    index.line,
                )
        elif not foreign:
            for declared in unpaired:
                self.source_side(
                    f"an index of {self.name} is in the source but not in the generated schema",
                    declared.offset,
                )
        for name, declared in named.items():
            self.source_side(
                f"index {name} of {self.name} is in the source but not in the generated schema",
                declared.offset,
            )


def _shape(index: Index) -> tuple[bool, str, bool, tuple[str, ...] | None]:
    return index.unique, index.method, index.where, None if index.include else index.columns


def _listed(names: Iterable[str]) -> str:
    return "(" + ", ".join(names) + ")"


def _actions(actions: tuple[str, str]) -> str:
    on_delete, on_update = actions
    said = [f"ON DELETE {a.upper()}" for a in (on_delete,) if a]
    said += [f"ON UPDATE {a.upper()}" for a in (on_update,) if a]
    return " ".join(said) or "NO ACTION"


def _usual_name(table: str, index: Index) -> str:
    """The name PostgreSQL gives an unnamed index on plain columns (`t_a_b_idx`)."""
    return "_".join([table, *(index.columns or ("expr",)), "idx"])


def compare(
    pulled: Pulled,
    source: Schema,
    *,
    schemas: set[str] | None = None,
    tables: Callable[[str], bool] | None = None,
) -> list[Difference]:
    """Every difference in structure between a pulled schema.ts and the source's model.
    `schemas` and `tables`: what the drizzle config's `schemaFilter` and `tablesFilter` let
    pull write (unknown: the schemas the pull itself declares something in); the source's
    tables, enums and views outside them are not expected in the pull."""
    from hooks.schema.model import qualified

    covered = schemas if schemas is not None else (pulled.schemas or {"public"})
    every = "*" in covered  # (1.0's default schemaFilter: every schema)

    def expected(key: Key) -> bool:
        return (every or key[0] in covered) and (tables is None or tables(key[1]))

    found: list[Difference] = []
    for key, table in sorted(pulled.tables.items()):
        model = source.tables.get(key)
        if model is None:
            found.append(
                Difference(
                    key,
                    f"table {qualified(key)} is in the generated schema but not in the source",
                    line=table.line,
                )
            )
            continue
        _Table(pulled, table, model, source, found).compare()
    for key, (values, line) in sorted(pulled.enum_values.items()):
        labels = source.enums.get(key)
        if labels is None:
            message = f"enum {qualified(key)} is in the generated schema but not in the source"
        elif labels != values:
            message = (
                f"enum {qualified(key)} is ({', '.join(labels)}) in the source but"
                f" ({', '.join(values)}) in the generated schema"
            )
        else:
            continue
        found.append(Difference(key, message, line=line))
    for key, line in sorted(pulled.views.items()):
        if key not in source.views:
            found.append(
                Difference(
                    key,
                    f"view {qualified(key)} is in the generated schema but not in the source",
                    line=line,
                )
            )
    for key, model in sorted(source.tables.items()):
        if key not in pulled.tables and expected(key):
            found.append(
                Difference(
                    key,
                    f"table {qualified(key)} is in the source but not in the generated schema",
                    offset=model.offset,
                )
            )
    for kind, keys, offsets, have in (
        ("enum", source.enums, source.enum_offsets, pulled.enum_values),
        ("view", source.views, source.view_offsets, pulled.views),
    ):
        for key in sorted(keys):
            if key not in have and (every or key[0] in covered) and key in offsets:
                found.append(
                    Difference(
                        key,
                        f"{kind} {qualified(key)} is in the source but not in the generated schema",
                        offset=offsets[key],
                    )
                )
    return found
