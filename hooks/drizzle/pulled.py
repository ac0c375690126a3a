"""What a `drizzle-kit pull` schema.ts declares (issue 22, AF102): its tables with their
columns, keys and indexes, its enums, views and schemas, as both readers (`pull_reader`) write
it and the comparison with the source (`pull_compare`) reads it."""

from __future__ import annotations

Key = tuple[str, str]

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
    __slots__ = (
        "builder", "default", "generated", "identity", "line", "name", "not_null", "options",
        "primary", "serial",
    )  # fmt: skip

    def __init__(self, name: str, builder: str, options: dict[str, str], line: int) -> None:
        self.name = name
        self.builder = builder
        self.options = options
        self.line = line
        self.not_null = False
        self.primary = False
        self.serial = builder in _SERIALS
        self.default: Literal | None = None  # None: no default written
        self.identity: str | None = None  # "always" / "by default"
        self.generated = False


class PulledIndex:
    __slots__ = ("columns", "line", "method", "name", "unique", "where")

    def __init__(self, name: str, unique: bool, line: int) -> None:
        self.name = name
        self.unique = unique
        self.line = line
        self.columns: tuple[str, ...] | None = None  # TypeScript keys; None: an expression
        self.method = "btree"
        self.where = False


class PulledForeignKey:
    __slots__ = ("actions", "columns", "line", "target", "target_columns")

    def __init__(self, line: int) -> None:
        self.line = line
        self.columns: list[str] = []  # TypeScript keys of this table
        self.target = ""  # the variable of the table it refers to ("table": itself)
        self.target_columns: list[str] = []
        self.actions = ("", "")  # ON DELETE, ON UPDATE


class PulledTable:
    def __init__(self, key: Key, line: int) -> None:
        self.key = key
        self.line = line
        self.columns: dict[str, PulledColumn] = {}
        self.by_property: dict[str, str] = {}  # the TypeScript key -> the database name
        self.primary_line: int | None = None  # a primaryKey({ columns }) in the extras
        self.uniques: list[tuple[tuple[str, ...], int]] = []  # unique(...).on(keys), its line
        self.indexes: list[PulledIndex] = []
        self.foreign: list[PulledForeignKey] = []


class Pulled:
    def __init__(self) -> None:
        self.tables: dict[Key, PulledTable] = {}
        self.variables: dict[str, Key] = {}  # table variable -> its key
        self.enums: dict[str, Key] = {}  # variable -> (schema, enum name)
        self.enum_values: dict[Key, tuple[list[str], int]] = {}  # -> (values, line)
        self.views: dict[Key, int] = {}  # -> line
        self.schemas: set[str] = set()

    def merge(self, other: Pulled) -> None:
        """Another schema.ts of the same database (the first declaration of a name wins)."""
        self.tables = {**other.tables, **self.tables}
        self.variables = {**other.variables, **self.variables}
        self.enums = {**other.enums, **self.enums}
        self.enum_values = {**other.enum_values, **self.enum_values}
        self.views = {**other.views, **self.views}
        self.schemas |= other.schemas


# A column's default as pull writes it: a string, a number, a boolean, or something else.
Literal = tuple[str, str]  # (kind, text): ("str"|"num"|"bool"|"sql"|"other", value)
