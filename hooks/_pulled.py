"""What a `drizzle-kit pull` schema.ts declares, read the way pull writes it, and compared with
the schema model of the database's `schema.sql` (issue 22, AF102).

Pull writes a fixed layout: `export const x = pgTable("name", {` (or `<schema>.table(`), then
one column a line (`key: builder("db_name", { options }).chain()...,`), then a line starting
with `}`. The reader goes by that layout, line by line, so what pull gets wrong (a
`.default(')` for `DEFAULT ''`, `unknown(...)` types, bare function defaults: files that do not
compile) cannot derail it: a line it does not recognise is skipped, never guessed at. It
compares structure only: tables, columns by database name, nullability and, for the builders
it knows, types with length, precision and array dimensions. Defaults, keys, indexes and
views stay with `atlas-first verify` (regenerate with the real tools, byte diff).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks._schema import Schema

Key = tuple[str, str]

_SCHEMA = re.compile(r'^export const (\w+) = pgSchema\("((?:[^"\\]|\\.)*)"\)')
_ENUM = re.compile(
    r'^export const (\w+) = (?:pgEnum|(\w+)\.enum)\("((?:[^"\\]|\\.)*)", \[(.*)\]\)\s*;?\s*$'
)
# An enum value as pull writes it: single-quoted, a quote escaped, a backslash left as it is.
_VALUE = re.compile(r"'((?:[^'\\]|\\.)*)'")
_TABLE = re.compile(
    r'^export const \w+ = (?:pgTable|(\w+)\.table)\("((?:[^"\\]|\\.)*)", \{[ \t]*(?://.*)?$'
)
_COLUMN = re.compile(
    r'^[ \t]+(?:(\w+)|"((?:[^"\\]|\\.)*)"): (\w+)\((?:"((?:[^"\\]|\\.)*)"(?:, )?)?(\{[^{}]*\})?\)'
)
_OPTION = re.compile(r"(\w+):\s*([^,}]+)")
_PRIMARY = re.compile(r"^\s*primaryKey\(\{ columns: \[([^\]]*)\]")

# Builders and the PostgreSQL type each writes (as the schema model names types).
BUILDERS = {
    "bigint": "int8", "integer": "int4", "smallint": "int2",
    "serial": "int4", "bigserial": "int8", "smallserial": "int2",
    "varchar": "varchar", "char": "bpchar", "text": "text", "numeric": "numeric",
    "real": "float4", "doublePrecision": "float8", "boolean": "bool",
    "date": "date", "time": "time", "timestamp": "timestamp", "interval": "interval",
    "json": "json", "jsonb": "jsonb", "uuid": "uuid", "inet": "inet", "cidr": "cidr",
    "macaddr": "macaddr", "macaddr8": "macaddr8",
}  # fmt: skip
_SERIALS = frozenset({"serial", "bigserial", "smallserial"})


class PulledColumn:
    __slots__ = ("builder", "line", "name", "not_null", "options", "primary", "serial")

    def __init__(self, name: str, builder: str, options: dict[str, str], line: int) -> None:
        self.name = name
        self.builder = builder
        self.options = options
        self.line = line
        self.not_null = False
        self.primary = False
        self.serial = builder in _SERIALS


class PulledTable:
    def __init__(self, key: Key, line: int) -> None:
        self.key = key
        self.line = line
        self.columns: dict[str, PulledColumn] = {}
        self.by_property: dict[str, str] = {}  # the TypeScript key -> the database name


class Pulled:
    def __init__(self) -> None:
        self.tables: dict[Key, PulledTable] = {}
        self.enums: dict[str, Key] = {}  # variable -> (schema, enum name)
        self.enum_values: dict[Key, tuple[list[str], int]] = {}  # -> (values, line)
        self.schemas: set[str] = set()


def read(text: str) -> Pulled:
    """The tables a pulled schema.ts declares (linear: one pass over its lines)."""
    pulled = Pulled()
    schemas: dict[str, str] = {}
    table: PulledTable | None = None
    in_extras = False
    for number, line in enumerate(text.split("\n"), 1):
        if table is not None and not in_extras:
            if line.startswith("}"):
                in_extras = line.rstrip().endswith("[")
                if not in_extras:
                    table = None
                continue
            column = _COLUMN.match(line)
            if column is not None:
                prop = column.group(1) or column.group(2) or ""
                name = column.group(4) if column.group(4) is not None else prop
                options = dict(_OPTION.findall(column.group(5) or ""))
                found = PulledColumn(name, column.group(3), options, number)
                rest = line[column.end() :]
                found.not_null = ".notNull()" in rest
                found.primary = ".primaryKey()" in rest
                found.options["dims"] = str(rest.count(".array()"))
                table.columns[name] = found
                table.by_property[prop] = name
            continue
        if in_extras and table is not None:
            if line.startswith("]"):
                table, in_extras = None, False
                continue
            primary = _PRIMARY.match(line)
            if primary is not None:
                for ref in re.findall(r"table\.(\w+)", primary.group(1)):
                    column_name = table.by_property.get(ref)
                    if column_name in table.columns:
                        table.columns[column_name].primary = True
            continue
        match = _TABLE.match(line)
        if match is not None:
            schema = schemas.get(match.group(1) or "", "public") if match.group(1) else "public"
            key = (schema, match.group(2))
            table = pulled.tables[key] = PulledTable(key, number)
            pulled.schemas.add(schema)
            continue
        match = _SCHEMA.match(line)
        if match is not None:
            schemas[match.group(1)] = match.group(2)
            continue
        match = _ENUM.match(line)
        if match is not None:
            schema = schemas.get(match.group(2), "public") if match.group(2) else "public"
            key = (schema, match.group(3))
            pulled.enums[match.group(1)] = key
            values = [v.replace("\\'", "'") for v in _VALUE.findall(match.group(4))]
            pulled.enum_values[key] = (values, number)
    return pulled


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


def _pulled_type(
    column: PulledColumn, enums: dict[str, Key]
) -> tuple[str, tuple[int, ...], int] | None:
    """The type a column builder writes, as the schema model spells types; None: a builder
    this reader does not know (a custom type, pull's `unknown(...)`): not compared."""
    dims = int(column.options.get("dims", "0"))
    if column.builder in enums:
        schema, name = enums[column.builder]
        return f"{schema}.{name}", (), dims
    known = BUILDERS.get(column.builder)
    if known is None:
        return None
    name = known
    options = column.options
    if name in ("time", "timestamp") and options.get("withTimezone", "").strip() == "true":
        name += "tz"
    mods: list[int] = []
    for option in ("length", "precision", "scale"):
        value = options.get(option, "").strip()
        if value.isdigit():
            mods.append(int(value))
    if name == "interval":
        mods = []
    return name, tuple(mods), dims


def _same_type(
    pulled: tuple[str, tuple[int, ...], int], source: tuple[str, tuple[int, ...], int]
) -> bool:
    name, mods, dims = pulled
    source_name, source_mods, source_dims = source
    if source_name == "interval":
        source_mods = ()
    if "." not in source_name and "." in name:  # an enum in public, named without its schema
        name = name.split(".", 1)[1]
    # Pull leaves out a precision or scale of 0 (`timestamp(0)`, `numeric(10,0)`).
    while source_mods and source_mods[-1] == 0 and len(source_mods) > len(mods):
        source_mods = source_mods[:-1]
    return (name, mods, dims) == (source_name, source_mods, source_dims)


def compare(pulled: Pulled, source: Schema) -> list[Difference]:
    """Every difference in structure between a pulled schema.ts and the source's model."""
    from hooks._schema import qualified
    from hooks._schema import type_text

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
        primary = set(model.primary or ())
        for name, column in table.columns.items():
            declared = model.columns.get(name)
            where = f"{qualified(key)}.{name}"
            if declared is None:
                found.append(
                    Difference(
                        key,
                        f"column {where} is in the generated schema but not in the source",
                        line=column.line,
                    )
                )
                continue
            source_not_null = (
                declared.not_null or name in primary or declared.identity or column.serial
            )
            pulled_not_null = column.not_null or column.primary or column.serial
            if source_not_null != pulled_not_null and not declared.identity:
                said = "NOT NULL" if source_not_null else "nullable"
                found.append(
                    Difference(
                        key,
                        f"column {where} is {said} in the source but"
                        f" {'nullable' if source_not_null else 'NOT NULL'} in the generated schema",
                        line=column.line,
                    )
                )
            kind = _pulled_type(column, pulled.enums)
            if kind is not None and not _same_type(kind, declared.type):
                found.append(
                    Difference(
                        key,
                        f"column {where} is {type_text(declared.type)} in the source but"
                        f" {type_text(kind)} in the generated schema",
                        line=column.line,
                    )
                )
        for name, declared in model.columns.items():
            if name not in table.columns:
                found.append(
                    Difference(
                        key,
                        f"column {qualified(key)}.{name} is in the source but not in the"
                        " generated schema",
                        offset=declared.offset,
                    )
                )
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
    for key, model in sorted(source.tables.items()):
        if key not in pulled.tables and key[0] in (pulled.schemas or {"public"}):
            found.append(
                Difference(
                    key,
                    f"table {qualified(key)} is in the source but not in the generated schema",
                    offset=model.offset,
                )
            )
    return found
