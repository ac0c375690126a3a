"""PostgreSQL's own parser (libpg_query, through the BSD-licensed `postgast` binding) behind
one small interface: SQL text in; statements as plain data (dicts, lists, strings, numbers), or
a SqlSyntaxError with its character offset, out. Nothing else in the project names the binding,
so it can be swapped; it is imported only when a schema source is under check (~60 ms with
protobuf).
"""

from __future__ import annotations

import re

from hooks._report import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


class SqlSyntaxError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset  # 0-based character offset into the text


class Statement:
    __slots__ = ("kind", "node", "offset", "to_char")

    def __init__(
        self,
        kind: str,
        node: dict[str, Any],
        offset: int,
        to_char: Callable[[int], int],
    ) -> None:
        self.kind = kind  # the parse node's name: create_stmt, alter_table_stmt, index_stmt ...
        self.node = node
        self.offset = offset  # 0-based character offset of the statement
        self.to_char = to_char  # a node's `location` (a byte offset) as a character offset


def _char_offsets(text: str) -> list[int] | None:
    """Byte offset -> character offset, needed only when the text is not ASCII."""
    if text.isascii():
        return None
    table: list[int] = []
    for index, char in enumerate(text):
        table.extend([index] * len(char.encode("utf-8")))
    table.append(len(text))
    return table


_COPY_FROM_STDIN = re.compile(r"(?im)^[ \t]*COPY\b[^;]*\bFROM\s+stdin\b[^;]*;[ \t]*\r?\n")


def _copy_data(text: str) -> list[tuple[int, int]]:
    """(start, end) of every `COPY … FROM stdin` data block, up to its `\\.` line."""
    blocks: list[tuple[int, int]] = []
    position = 0
    for match in _COPY_FROM_STDIN.finditer(text):
        if match.start() < position:
            continue
        end = text.find("\n\\.", match.end() - 1)
        position = len(text) if end < 0 else end + 3
        blocks.append((match.end(), position))
    return blocks


_META_COMMAND = re.compile(r"(?m)^[ \t]*(\\[^\n]*)")


def meta_commands(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every psql meta-command (`\\restrict`, which pg_dump writes since
    17.6/16.10, `\\connect`, `\\set`…) outside COPY data: psql runs them itself; Atlas sends
    the file to a database, which rejects them."""
    if "\\" not in text:
        return []
    import bisect

    blocks = _copy_data(text)  # in order, never overlapping
    starts = [start for start, _ in blocks]
    found = []
    for match in _META_COMMAND.finditer(text):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at < 0 or match.start() >= blocks[at][1]:
            found.append((match.start(1), match.group(1).rstrip()))
    return found


def without_psql_input(text: str) -> str:
    """psql's own lines blanked out, offsets kept: meta-commands and the data rows of
    `COPY … FROM stdin` up to `\\.`. They are client input, not SQL the server parses."""
    if "\\" not in text:
        return text
    out: list[str] = []
    position = 0
    for start, stop in _copy_data(text):
        out.append(text[position:start])
        out.append(re.sub(r"[^\n]", " ", text[start:stop]))
        position = stop
    out.append(text[position:])
    blanked = "".join(out)
    return _META_COMMAND.sub(lambda m: " " * len(m.group()), blanked)


def parse(text: str) -> list[Statement]:
    """The statements of `text`; SqlSyntaxError where PostgreSQL would reject it."""
    text = without_psql_input(text)
    try:
        import postgast
        from google.protobuf import json_format
        from google.protobuf.message import DecodeError
    except ImportError as exc:  # pragma: no cover - the dependency is declared
        raise ToolError(
            f"the PostgreSQL parser is not installed ({exc}); reinstall atlas-first-hooks",
        ) from None
    table = _char_offsets(text)

    def char(byte: int) -> int:
        if table is None:
            return byte
        return table[min(max(byte, 0), len(table) - 1)]

    try:
        result = postgast.parse(text)
    except postgast.PgQueryError as exc:
        # The error's cursor counts characters, 1-based (node locations count bytes).
        position = getattr(exc, "cursorpos", 0) or 0
        raise SqlSyntaxError(str(getattr(exc, "message", exc)), max(position - 1, 0)) from None
    except RecursionError:
        raise SqlSyntaxError("statement nested too deeply to read", 0) from None
    except DecodeError:
        # PostgreSQL parsed it, but the tree is deeper than protobuf decodes (100 levels):
        # this is no syntax error, and it cannot be checked either (fail closed, exit 2).
        raise ToolError(
            "an expression is nested deeper than the SQL parser's binding can read (protobuf"
            " decodes 100 levels); it cannot be checked: flatten the expression",
        ) from None
    data = json_format.MessageToDict(result, preserving_proto_field_name=True)
    statements = []
    for raw in data.get("stmts", []):
        node = raw.get("stmt", {})
        if not node:
            continue
        kind, body = next(iter(node.items()))
        statements.append(Statement(kind, body, char(int(raw.get("stmt_location", 0))), char))
    return statements
