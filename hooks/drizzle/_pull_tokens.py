"""The general reader of a pulled schema.ts: by its tokens, for a pull a formatter has
rewritten (or hand edits), in no layout at all; `pull_reader` falls back to it at the first
line outside pull's own layout. Also what both readers share: a schema's variables and a
string token's value as pull means it."""

from __future__ import annotations

import re

from hooks.drizzle.pulled import Pulled
from hooks.drizzle.pulled import PulledColumn
from hooks.drizzle.pulled import PulledForeignKey
from hooks.drizzle.pulled import PulledIndex
from hooks.drizzle.pulled import PulledTable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.drizzle.pulled import Literal

# A schema's variable, wherever it is declared: a file whose declarations were reordered uses
# `billing.table(...)` above `export const billing = pgSchema("billing")`.
_SCHEMA_ANYWHERE = re.compile(
    r"""\b(\w+)\s*=\s*pgSchema\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)"""
)


def schema_variables(text: str) -> dict[str, str]:
    if "pgSchema" not in text:
        return {}
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _SCHEMA_ANYWHERE.finditer(text)
    }


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


def enum_value(text: str) -> str:
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


class Reader:
    def __init__(self, text: str) -> None:
        self.toks: list[Tok] = [
            (m.lastindex, m.group(m.lastindex), m.start())
            for m in _TOKEN.finditer(text)
            if m.lastindex
        ]
        self.text = text
        self.starts: list[int] | None = None
        self.pulled = Pulled()
        self.schemas: dict[str, str] = schema_variables(text)

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
            values = [enum_value(t[1]) for t in self.toks[paren + 2 : end] if t[0] == _STR]
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
