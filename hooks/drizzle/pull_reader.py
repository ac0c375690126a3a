"""Reading a `drizzle-kit pull` schema.ts into a `Pulled` (issue 22, AF102).

Two readers, one result. Pull writes a fixed layout: `export const x = pgTable("name", {`
(or `<schema>.table(`), one column a line (`key: builder("db_name", { options }).chain(),`),
then `}, (table) => [` and one extra a line. That layout is read line by line (the fast path,
which also tolerates what pull gets wrong: a `.default(')` for `DEFAULT ''`, `unknown(...)`
types, bare function defaults: files that do not compile). At the first line outside it (a
formatter's line breaks, a chain over several lines, the older `(table) => ({ … })` extras, a
column's `.unique()` or `.references()`) the file is read again by its tokens, which know no
layout at all (`_pull_tokens`); a test holds the two to the same result on every pull
fixture.
"""

from __future__ import annotations

import re

from hooks.drizzle._pull_tokens import Reader
from hooks.drizzle._pull_tokens import enum_value
from hooks.drizzle._pull_tokens import schema_variables
from hooks.drizzle.pulled import Pulled
from hooks.drizzle.pulled import PulledColumn
from hooks.drizzle.pulled import PulledForeignKey
from hooks.drizzle.pulled import PulledIndex
from hooks.drizzle.pulled import PulledTable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.drizzle.pulled import Literal

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
    return _read_lines(text) or Reader(text).read()


_BODY_END = re.compile(r"^\}(?:, \(table\) => \[|\);?)\s*$")
_ELSEWHERE = re.compile(r"\b(?:pgTable|pgEnum|pgView|pgMaterializedView)\(|\.(?:table|enum|view)\(")


def _read_lines(text: str) -> Pulled | None:
    """Pull's layout, line by line; None at the first line that is not in it."""
    pulled = Pulled()
    schemas: dict[str, str] = schema_variables(text)
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
            values = [enum_value(v) for v in _VALUE.findall(match.group(4))]
            pulled.enum_values[key] = (values, number)
            pulled.schemas.add(schema)
            continue
        if _ELSEWHERE.search(line):
            return None  # a declaration over several lines
    return pulled


_ARRAY = re.compile(r'\.array\((?:"((?:\[\d*\])*)")?\)')


def _dimensions(chain: str) -> int:
    """The dimensions a column's chain declares: `.array()` each (0.31), `.array("[][]")`
    (1.0: one call, the dimensions in its argument)."""
    return sum(max(1, (m.group(1) or "").count("[")) for m in _ARRAY.finditer(chain))
