"""What a `drizzle-kit pull` schema.ts declares, and how it differs from the schema model of
the database's `schema.sql` (issue 22, AF102).

Two readers, one result. Pull writes a fixed layout: `export const x = pgTable("name", {`
(or `<schema>.table(`), one column a line (`key: builder("db_name", { options }).chain(),`),
then `}, (table) => [` and one extra a line. That layout is read line by line (the fast path,
which also tolerates what pull gets wrong: a `.default(')` for `DEFAULT ''`, `unknown(...)`
types, bare function defaults: files that do not compile). At the first line outside it (a
formatter's line breaks, a chain over several lines, the older `(table) => ({ … })` extras, a
column's `.unique()` or `.references()`) the file is read again by its tokens, which know no
layout at all; a test holds the two to the same result on every pull fixture.

The comparison covers structure: tables, views and enums, columns by database name, types,
nullability, identity, generated columns, defaults where both sides are plain literals,
primary, unique and foreign keys (with their actions) and indexes. What pull renders loosely
(opclasses, a unique key's column order) and what is not structure (CHECK expressions, a
view's query) stay with `atlas-first verify` (regenerate with the real tools, byte diff).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from collections.abc import Iterator

    from hooks._schema import Column
    from hooks._schema import Index
    from hooks._schema import Schema
    from hooks._schema import Table

Key = tuple[str, str]

_SCHEMA = re.compile(r'^export const (\w+) = pgSchema\("((?:[^"\\]|\\.)*)"\)')
_ENUM = re.compile(
    r'^export const (\w+) = (?:pgEnum|(\w+)\.enum)\("((?:[^"\\]|\\.)*)", \[(.*)\]\)\s*;?\s*$'
)
# An enum value as pull writes it: 0.31 single-quoted, a quote escaped, a backslash left as it
# is; 1.0 double-quoted, escaped as JSON is (`"back\\slash"`, `"it's"`).
_VALUE = re.compile(r"'(?:[^'\\]|\\.)*'" r'|"(?:[^"\\]|\\.)*"')
_TABLE = re.compile(
    r'^export const \w+ = (?:pgTable|(\w+)\.table)\("((?:[^"\\]|\\.)*)", \{[ \t]*(?://.*)?$'
)
_COLUMN = re.compile(
    r'^[ \t]+(?:(\w+)|"((?:[^"\\]|\\.)*)"): (\w+)\((?:"((?:[^"\\]|\\.)*)"(?:, )?)?(\{[^{}]*\})?\)'
)
_OPTION = re.compile(r"(\w+):\s*([^,}]+)")
_VIEW = re.compile(
    r"^export const \w+ = (?:pgView|pgMaterializedView|(\w+)\.(?:view|materializedView))"
    r'\("((?:[^"\\]|\\.)*)"'
)
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
_DEFAULT = re.compile(
    r"\.default\((?:'((?:[^'\\]|\\.)*)'\)|(-?\d+(?:\.\d+)?)\)|(true|false)\)|sql`([^`]*)`\))?"
)
_REF = re.compile(r"\b(\w+)\.(\w+)\b")
_EXTRA = re.compile(r'^\s*(unique|uniqueIndex|index)\("((?:[^"\\]|\\.)*)"\)')
_USING = re.compile(r'\.using\("(\w+)"')


def _default(rest: str) -> Literal | None:
    if ".defaultNow()" in rest:
        return ("sql", "now()")
    if ".defaultRandom()" in rest:
        return ("sql", "gen_random_uuid()")
    match = _DEFAULT.search(rest)
    if match is None:
        return None
    text, number, boolean, sql = match.groups()
    if text is not None:
        return (
            ("str", text.replace("\\'", "'"))
            if "\\" not in text.replace("\\'", "")
            else ("other", text)
        )
    if number is not None:
        return ("num", number)
    if boolean is not None:
        return ("bool", boolean)
    if sql is not None:
        return ("sql", sql)
    return ("other", "")  # `.default({})`, `.default([""])`, pull's own `.default(')`


def _keys(text: str) -> list[str]:
    """The TypeScript keys a list of `table.key` / `other.key` references names."""
    return [m.group(2) for m in _REF.finditer(text)]


def _extra(table: PulledTable, line: str, number: int) -> bool:
    """One line of a table's extras: `unique(...)`, `index(...)`, `uniqueIndex(...)`."""
    match = _EXTRA.match(line)
    if match is None:
        return False
    kind, name = match.group(1), match.group(2)
    rest = line[match.end() :]
    if kind == "unique":
        on = rest.split(".on(", 1)[-1].split(")", 1)[0]
        table.uniques.append((tuple(_keys(on)), number))
        return True
    index = PulledIndex(name, kind == "uniqueIndex", number)
    using = _USING.search(rest)
    if using is not None:
        index.method = using.group(1).lower()
    head, _, where = rest.partition(".where(")
    index.where = bool(where)
    if "sql`" not in head and "table[" not in head:
        index.columns = tuple(m.group(2) for m in _REF.finditer(head) if m.group(1) == "table")
    table.indexes.append(index)
    return True


def _foreign_key(table: PulledTable, text: str, line: int) -> None:
    key = PulledForeignKey(line)
    columns = re.search(r"\bcolumns: \[([^\]]*)\]", text)
    targets = re.search(r"\bforeignColumns: \[([^\]]*)\]", text)
    if columns is None or targets is None:
        return
    key.columns = _keys(columns.group(1))
    refs = list(_REF.finditer(targets.group(1)))
    if not refs:
        return
    key.target = refs[0].group(1)
    key.target_columns = [m.group(2) for m in refs]
    on_delete = re.search(r'\.onDelete\("([^"]*)"\)', text)
    on_update = re.search(r'\.onUpdate\("([^"]*)"\)', text)
    key.actions = (
        on_delete.group(1) if on_delete and on_delete.group(1) != "no action" else "",
        on_update.group(1) if on_update and on_update.group(1) != "no action" else "",
    )
    table.foreign.append(key)


def read(text: str) -> Pulled:
    """What a pulled schema.ts declares. Pull's own layout is read line by line (the fast
    path); a file in any other layout (a formatter's line breaks, a chain over several
    lines, hand edits) by its tokens. Both read pull's layout alike (a test holds them to
    it), and both are linear."""
    return _read_lines(text) or _Reader(text).read()


_BODY_END = re.compile(r"^\}(?:, \(table\) => \[|\);?)\s*$")
_ELSEWHERE = re.compile(r"\b(?:pgTable|pgEnum|pgView|pgMaterializedView)\(|\.(?:table|enum|view)\(")


# A schema's variable, wherever it is declared: a file whose declarations were reordered uses
# `billing.table(...)` above `export const billing = pgSchema("billing")`.
_SCHEMA_ANYWHERE = re.compile(
    r"""\b(\w+)\s*=\s*pgSchema\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)"""
)


def _schema_variables(text: str) -> dict[str, str]:
    if "pgSchema" not in text:
        return {}
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _SCHEMA_ANYWHERE.finditer(text)
    }


def _read_lines(text: str) -> Pulled | None:
    """Pull's layout, line by line; None at the first line that is not in it."""
    pulled = Pulled()
    schemas: dict[str, str] = _schema_variables(text)
    table: PulledTable | None = None
    in_extras = False
    foreign: list[str] | None = None  # the lines of a foreignKey({ ... }) being read
    foreign_line = 0
    for number, line in enumerate(text.split("\n"), 1):
        if table is not None and not in_extras:
            if line.startswith("}"):
                if _BODY_END.match(line) is None:
                    return None
                in_extras = line.rstrip().endswith("[")
                if not in_extras:
                    table = None
                continue
            column = _COLUMN.match(line)
            if column is None:
                if line.strip() and not line.lstrip().startswith("//"):
                    return None
                continue
            rest = line[column.end() :]
            if not rest.rstrip().endswith(",") or ".unique(" in rest or ".references(" in rest:
                return None  # a chain that goes on, or what pull writes in the extras
            if column is not None:
                prop = column.group(1) or column.group(2) or ""
                name = column.group(4) if column.group(4) is not None else prop
                options = {
                    k: v.strip().strip("\"'") for k, v in _OPTION.findall(column.group(5) or "")
                }
                found = PulledColumn(name, column.group(3), options, number)
                found.not_null = ".notNull()" in rest
                found.primary = ".primaryKey()" in rest
                found.options["dims"] = str(_dimensions(rest))
                found.default = _default(rest)
                if ".generatedAlwaysAsIdentity(" in rest:
                    found.identity = "always"
                elif ".generatedByDefaultAsIdentity(" in rest:
                    found.identity = "by default"
                found.generated = ".generatedAlwaysAs(" in rest
                table.columns[name] = found
                table.by_property[prop] = name
            continue
        if in_extras and table is not None:
            if foreign is not None and not line.startswith("]"):
                foreign.append(line)
                if line.lstrip().startswith("})"):
                    _foreign_key(table, "\n".join(foreign), foreign_line)
                    foreign = None
                continue
            foreign = None  # (a block left open is not pull's: not read)
            if line.startswith("]"):
                table, in_extras = None, False
                continue
            if line.lstrip().startswith("foreignKey({"):
                foreign, foreign_line = [line], number
                continue
            primary = _PRIMARY.match(line)
            if primary is not None:
                table.primary_line = number
                for ref in re.findall(r"table\.(\w+)", primary.group(1)):
                    column_name = table.by_property.get(ref)
                    if column_name in table.columns:
                        table.columns[column_name].primary = True
                continue
            stripped = line.strip()
            if _extra(table, line, number) or not stripped or stripped.startswith(("//", "check(")):
                continue
            return None
        match = _TABLE.match(line)
        if match is not None:
            schema = schemas.get(match.group(1) or "", "public") if match.group(1) else "public"
            key = (schema, match.group(2))
            table = pulled.tables[key] = PulledTable(key, number)
            pulled.variables[line.split()[2]] = key
            pulled.schemas.add(schema)
            continue
        match = _VIEW.match(line)
        if match is not None:
            schema = schemas.get(match.group(1), "public") if match.group(1) else "public"
            pulled.views[(schema, match.group(2))] = number
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
            values = [_enum_value(v) for v in _VALUE.findall(match.group(4))]
            pulled.enum_values[key] = (values, number)
            pulled.schemas.add(schema)
            continue
        if _ELSEWHERE.search(line):
            return None  # a declaration over several lines
    return pulled


# ---- the general reader: tokens, for a pull a formatter has rewritten (or hand edits) ----

_TOKEN = re.compile(
    r"""('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""  # 1 a string
    r"|(`(?:[^`\\]|\\.)*`)"  # 2 a template (sql`…`)
    r"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"  # 3 a number
    r"|([A-Za-z_$][\w$]*)"  # 4 a name
    r"|//[^\n]*|/\*.*?(?:\*/|\Z)"  # a comment
    r"|(\S)",  # 5 punctuation, or a quote left open (pull's `.default(')`)
    re.S,
)
_STR, _TPL, _NUM, _ID, _P = 1, 2, 3, 4, 5
_EXTRAS = frozenset({"unique", "uniqueIndex", "index", "foreignKey", "primaryKey"})
_CLOSE = {"(": ")", "[": "]", "{": "}"}

Tok = tuple[int, str, int]  # (kind, text, offset)


def _enum_value(text: str) -> str:
    """An enum value's string token as pull means it: 1.0's double quotes escape as JSON does,
    0.31's single quotes escape only the quote."""
    if text[:1] == '"':
        import json

        try:
            value = json.loads(text)
        except ValueError:
            return _unquote(text)
        return value if isinstance(value, str) else _unquote(text)
    return _unquote(text)


def _unquote(text: str) -> str:
    """A string token's value as pull means it: `\\'` is a quote, any other backslash stays."""
    quote = text[0]
    return text[1:-1].replace("\\" + quote, quote)


class _Reader:
    def __init__(self, text: str) -> None:
        self.toks: list[Tok] = [
            (m.lastindex, m.group(m.lastindex), m.start())
            for m in _TOKEN.finditer(text)
            if m.lastindex
        ]
        self.text = text
        self.starts: list[int] | None = None
        self.pulled = Pulled()
        self.schemas: dict[str, str] = _schema_variables(text)

    def line(self, at: int) -> int:
        import bisect

        if self.starts is None:
            self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        offset = self.toks[at][2] if at < len(self.toks) else len(self.text)
        return bisect.bisect_right(self.starts, offset)

    def is_(self, at: int, kind: int, value: str | None = None) -> bool:
        if at >= len(self.toks):
            return False
        tok = self.toks[at]
        return tok[0] == kind and (value is None or tok[1] == value)

    def close(self, at: int, limit: int | None = None) -> int:
        """The index just past the bracket that closes the one at `at`, looking no further
        than `limit` (the end of the tokens): a bracket never closed ends there."""
        stack: list[str] = []
        toks = self.toks
        n = len(toks) if limit is None else min(limit, len(toks))
        i = at
        while i < n:
            kind, value, _ = toks[i]
            if kind == _ID and value == "export" and i > at:
                return i  # the next declaration: this one was left open
            if kind == _P:
                if value in _CLOSE:
                    stack.append(_CLOSE[value])
                elif value in ")]}":
                    while stack and stack[-1] != value:
                        stack.pop()  # a bracket left open inside: tolerated
                    if stack:
                        stack.pop()
                    if not stack:
                        return i + 1
            i += 1
        return n

    def read(self) -> Pulled:
        toks, n, i = self.toks, len(self.toks), 0
        while i < n:
            if (
                toks[i][0] == _ID
                and toks[i][1] == "const"
                and self.is_(i + 1, _ID)
                and self.is_(i + 2, _P, "=")
            ):
                i = self.declaration(i + 1)
            else:
                i += 1
        return self.pulled

    def callee(self, at: int) -> tuple[str | None, str, int] | None:
        """`pgTable(` or `billing.table(`: (schema variable, function, index of `(`)."""
        if self.is_(at, _ID) and self.is_(at + 1, _P, "("):
            return None, self.toks[at][1], at + 1
        if (
            self.is_(at, _ID)
            and self.is_(at + 1, _P, ".")
            and self.is_(at + 2, _ID)
            and self.is_(at + 3, _P, "(")
        ):
            return self.toks[at][1], self.toks[at + 2][1], at + 3
        return None

    def declaration(self, at: int) -> int:
        variable = self.toks[at][1]
        found = self.callee(at + 2)
        if found is None or not self.is_(found[2] + 1, _STR):
            return at + 1
        owner, function, paren = found
        name = _unquote(self.toks[paren + 1][1])
        schema = self.schemas.get(owner or "", "public") if owner else "public"
        line = self.line(at - 1)
        if owner is None and function == "pgSchema":
            self.schemas[variable] = name
            return paren + 2
        if (owner is None and function == "pgEnum") or (owner and function == "enum"):
            end = self.close(paren)
            key = (schema, name)
            values = [_enum_value(t[1]) for t in self.toks[paren + 2 : end] if t[0] == _STR]
            self.pulled.enums[variable] = key
            self.pulled.enum_values[key] = (values, line)
            self.pulled.schemas.add(schema)
            return end
        if (function in ("pgView", "pgMaterializedView") and owner is None) or (
            owner and function in ("view", "materializedView")
        ):
            self.pulled.views[(schema, name)] = line
            self.pulled.schemas.add(schema)
            return paren + 2
        if not ((owner is None and function == "pgTable") or (owner and function == "table")):
            return at + 1
        end = self.close(paren)
        key = (schema, name)
        table = self.pulled.tables[key] = PulledTable(key, line)
        self.pulled.variables[variable] = key
        self.pulled.schemas.add(schema)
        body = paren + 2
        if self.is_(body, _P, ","):
            body += 1
        if self.is_(body, _P, "{"):
            body_end = self.close(body, end)
            self.columns(table, body + 1, body_end - 1)
            self.extras(table, body_end, end)
        return end

    def entries(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The top-level entries of an object or list between `start` and `end` (exclusive):
        (first index, end index) of each, split at its commas."""
        i = first = start
        while i < end:
            kind, value, _ = self.toks[i]
            if kind == _P and value in _CLOSE:
                i = self.close(i, end)
                continue
            if kind == _P and value == ",":
                if i > first:
                    yield first, i
                first = i + 1
            i += 1
        if end > first:
            yield first, end

    def chain(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """`builder(args).call(args)...`: (name, first arg index, end of args) of each call."""
        calls = []
        i = start
        while i < end and self.is_(i, _ID):
            name = self.toks[i][1]
            if not self.is_(i + 1, _P, "("):
                break
            close = self.close(i + 1, end)
            calls.append((name, i + 2, close - 1))
            i = close
            if not self.is_(i, _P, "."):
                break
            i += 1
        return calls

    def refs(self, start: int, end: int) -> list[tuple[str, str]]:
        """`table.key`, `users.id`, `table["a key"]` between start and end."""
        found = []
        toks = self.toks
        for i in range(start, end):
            if toks[i][0] != _ID or (i and toks[i - 1][1] == "."):
                continue
            if self.is_(i + 1, _P, ".") and self.is_(i + 2, _ID) and i + 2 < end:
                found.append((toks[i][1], toks[i + 2][1]))
            elif self.is_(i + 1, _P, "[") and self.is_(i + 2, _STR) and i + 2 < end:
                found.append((toks[i][1], _unquote(toks[i + 2][1])))
        return found

    def columns(self, table: PulledTable, start: int, end: int) -> None:
        toks = self.toks
        for first, last in self.entries(start, end):
            if last - first < 4 or not self.is_(first + 1, _P, ":"):
                continue
            kind, value, _ = toks[first]
            if kind not in (_ID, _STR):
                continue
            prop = value if kind == _ID else _unquote(value)
            calls = self.chain(first + 2, last)
            if not calls:
                continue
            builder, a, b = calls[0]
            name = prop
            options: dict[str, str] = {}
            if a < b and toks[a][0] == _STR:
                name = _unquote(toks[a][1])
            for i in range(a, b):
                if toks[i][1] == "{":
                    for o_first, o_last in self.entries(i + 1, self.close(i, b) - 1):
                        if o_last - o_first >= 3 and toks[o_first + 1][1] == ":":
                            said = toks[o_first + 2 : o_last]
                            options[toks[o_first][1]] = (
                                _unquote(said[0][1])
                                if len(said) == 1 and said[0][0] == _STR
                                else "".join(t[1] for t in said)
                            )
                    break
            column = PulledColumn(name, builder, options, self.line(first))
            dims = 0
            for call, c_first, c_last in calls[1:]:
                if call == "notNull":
                    column.not_null = True
                elif call == "primaryKey":
                    column.primary = True
                elif call == "array":
                    # 1.0 writes `.array("[][]")` where 0.31 wrote `.array().array()`
                    said = [t for t in self.toks[c_first : c_last + 1] if t[0] == _STR]
                    dims += max(1, _unquote(said[0][1]).count("[]")) if said else 1
                elif call == "default":
                    column.default = self.literal(c_first, c_last)
                elif call == "defaultNow":
                    column.default = ("sql", "now()")
                elif call == "defaultRandom":
                    column.default = ("sql", "gen_random_uuid()")
                elif call == "generatedAlwaysAsIdentity":
                    column.identity = "always"
                elif call == "generatedByDefaultAsIdentity":
                    column.identity = "by default"
                elif call == "generatedAlwaysAs":
                    column.generated = True
                elif call == "unique":
                    table.uniques.append(((prop,), column.line))
                elif call == "references":
                    self.reference(table, prop, c_first, c_last, column.line)
            column.options["dims"] = str(dims)
            table.columns[name] = column
            table.by_property[prop] = name

    def literal(self, start: int, end: int) -> Literal:
        toks = self.toks[start:end]
        if len(toks) == 1:
            kind, value, _ = toks[0]
            if kind == _STR:
                text = _unquote(value)
                return ("str", text) if "\\" not in text else ("other", text)
            if kind == _NUM:
                return ("num", value)
            if kind == _ID and value in ("true", "false"):
                return ("bool", value)
        if len(toks) == 2 and toks[0][1] == "sql" and toks[1][0] == _TPL:
            return ("sql", toks[1][1][1:-1])
        return ("other", "")

    def reference(self, table: PulledTable, prop: str, start: int, end: int, line: int) -> None:
        """`.references(() => users.id, { onDelete: "cascade" })`."""
        refs = self.refs(start, end)
        if not refs:
            return
        key = PulledForeignKey(line)
        key.columns = [prop]
        key.target, key.target_columns = refs[0][0], [refs[0][1]]
        key.actions = self.actions(start, end)
        table.foreign.append(key)

    def actions(self, start: int, end: int) -> tuple[str, str]:
        """onDelete / onUpdate: as calls (`.onDelete("cascade")`) or options."""
        found = {"onDelete": "", "onUpdate": ""}
        toks = self.toks
        for i in range(start, end):
            if toks[i][1] in found and i + 2 < len(toks) and toks[i + 2][0] == _STR:
                value = _unquote(toks[i + 2][1])
                found[toks[i][1]] = "" if value == "no action" else value
        return found["onDelete"], found["onUpdate"]

    def extras(self, table: PulledTable, start: int, end: int) -> None:
        toks = self.toks
        i = start
        while i < end:
            kind, value, _ = toks[i]
            if (
                kind == _ID
                and value in _EXTRAS
                and self.is_(i + 1, _P, "(")
                and toks[i - 1][1] != "."
            ):
                calls = self.chain(i, end)
                self.extra(table, calls, self.line(i))
                i = calls[-1][2] + 1 if calls else i + 1
                continue
            i += 1

    def extra(self, table: PulledTable, calls: list[tuple[str, int, int]], line: int) -> None:
        toks = self.toks
        kind, a, b = calls[0]
        named = toks[a][1] if a < b and toks[a][0] == _STR else None
        if kind == "primaryKey":
            table.primary_line = line
            for _, prop in self.refs(a, b):
                column = table.by_property.get(prop)
                if column in table.columns:
                    table.columns[column].primary = True
            return
        if kind == "foreignKey":
            key = PulledForeignKey(line)
            for first, last in self.entries(a + 1, b - 1) if a < b and toks[a][1] == "{" else ():
                if toks[first][1] == "columns":
                    key.columns = [p for _, p in self.refs(first, last)]
                elif toks[first][1] == "foreignColumns":
                    refs = self.refs(first, last)
                    if refs:
                        key.target = refs[0][0]
                        key.target_columns = [p for _, p in refs]
            if key.columns and key.target:
                key.actions = self.actions(calls[0][2], calls[-1][2] + 1)
                table.foreign.append(key)
            return
        if kind == "unique":
            on = [c for c in calls[1:] if c[0] == "on"]
            if on:
                table.uniques.append((tuple(p for _, p in self.refs(on[0][1], on[0][2])), line))
            return
        if named is None:
            return
        index = PulledIndex(_unquote(named), kind == "uniqueIndex", line)
        columns: list[str] | None = []
        for call, c_first, c_last in calls[1:]:
            if call == "using" and c_first < c_last and toks[c_first][0] == _STR:
                index.method = _unquote(toks[c_first][1]).lower()
            if call in ("using", "on"):
                if any(t[0] == _TPL for t in toks[c_first:c_last]):
                    columns = None
                elif columns is not None:
                    columns += [p for _, p in self.refs(c_first, c_last)]
            elif call == "where":
                index.where = True
        index.columns = tuple(columns) if columns is not None else None
        table.indexes.append(index)


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
_ARRAY = re.compile(r'\.array\((?:"((?:\[\d*\])*)")?\)')


def _dimensions(chain: str) -> int:
    """The dimensions a column's chain declares: `.array()` each (0.31), `.array("[][]")`
    (1.0: one call, the dimensions in its argument)."""
    return sum(max(1, (m.group(1) or "").count("[")) for m in _ARRAY.finditer(chain))


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
    if name == "numeric" and len(mods) == 2 and mods[1] == 0 and len(source_mods) == 1:
        mods = mods[:1]  # numeric(5) is numeric(5,0): PostgreSQL's scale defaults to 0
    return (name, mods, dims) == (source_name, source_mods, source_dims)


class _Table:
    """One table of both sides, compared: each difference goes to `found`."""

    def __init__(
        self, pulled: Pulled, table: PulledTable, model: Table, source: Schema,
        found: list[Difference],
    ) -> None:  # fmt: skip
        from hooks._schema import qualified

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
        from hooks._schema import type_text

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
            kind = _pulled_type(column, self.pulled.enums)
            if kind is not None and not _same_type(kind, declared.type):
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
            difference = "" if kind is None else _default_difference(declared, column, self.source)
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
        from hooks._schema import qualified

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


_TEXT_TYPES = frozenset({"text", "varchar", "bpchar"})


def _source_literal(default: str | None) -> Literal | None:
    """A default of the source as a literal (None: no default; "sql": an expression)."""
    import json

    if default is None:
        return None
    if default == "nextval":
        return ("sql", "nextval")
    tree = json.loads(default)
    if isinstance(tree, dict) and "type_cast" in tree:
        tree = tree["type_cast"].get("arg")
    const = tree.get("a_const") if isinstance(tree, dict) else None
    if not isinstance(const, dict):
        return ("sql", "")
    if const.get("isnull"):
        return None  # DEFAULT NULL: PostgreSQL stores no default at all
    for kind, field in (("num", "ival"), ("num", "fval"), ("bool", "boolval"), ("str", "sval")):
        if field in const:
            value = const[field].get(field, "") if isinstance(const[field], dict) else ""
            if kind == "bool":
                value = "true" if value else "false"
            elif field == "ival":
                value = str(value or 0)
            return (kind, str(value))
    return ("sql", "")


def _number(text: str) -> object:
    from decimal import Decimal
    from decimal import InvalidOperation

    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _default_difference(declared: Column, column: PulledColumn, source: Schema) -> str:
    """How the two defaults of one column differ ("" when they agree or cannot be known)."""
    if declared.identity or declared.generated:
        return ""
    mine = _source_literal(declared.default)
    theirs = column.default or (("sql", "nextval") if column.serial else None)
    if (mine is None) != (theirs is None):
        if mine is None:
            return "has no default in the source but one in the generated schema"
        return "has a default in the source but none in the generated schema"
    if mine is None or theirs is None:
        return ""
    kind, value = mine
    other_kind, other = theirs
    if other_kind == "sql" and other.startswith("'") and other.endswith("'"):
        other_kind, other = "str", other[1:-1]  # pull's sql`'-1'` for an integer's -1
    same: bool | None = None
    if kind == "num" and other_kind in ("num", "str"):
        number = _number(value)
        same = None if number is None else number == _number(other)
    elif kind == "bool" and other_kind == "bool":
        same = value == other
    elif kind == "str" and other_kind == "str":
        type_name = declared.type[0]
        text_like = type_name in _TEXT_TYPES or _enum_key(type_name) in source.enums
        same = (value == other) if text_like and declared.type[2] == 0 else None
    if same is False:
        return (
            f"defaults to {_shown(kind, value)} in the source but to"
            f" {_shown(other_kind, other)} in the generated schema"
        )
    return ""


def _enum_key(type_name: str) -> Key:
    schema, _, name = type_name.rpartition(".")
    return (schema or "public", name)


def _shown(kind: str, value: str) -> str:
    return f"'{value}'" if kind == "str" else value


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
    from hooks._schema import qualified

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
