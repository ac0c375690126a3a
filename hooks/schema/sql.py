"""PostgreSQL's own parser (libpg_query, through the BSD-licensed `postgast` binding) behind
one small interface: SQL text in; statements as plain data (dicts, lists, strings, numbers), or
a SqlSyntaxError with its character offset, out. Nothing else in the project names the binding,
so it can be swapped. libpg_query is loaded straight from the binding's wheel (the binding's
package imports protobuf: ~45 ms that the JSON parse never needs), and the JSON-name table,
built once from the binding's descriptor, is remembered in the private memo folder.
"""

from __future__ import annotations

import re

from hooks.report.run import per_run
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


TOO_DEEP = (
    "an expression is nested deeper than atlas-first reads (a few hundred levels); it cannot"
    " be checked: flatten the expression"
)


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


_PARSED: dict[str, list[Statement] | SqlSyntaxError] = per_run({})


def parse(text: str) -> list[Statement]:
    """The statements of `text` (a new list of the same, read-only statements when the same
    text was parsed before in this process: the schema lint and the generated-schema check
    read the same schema.sql in one run); SqlSyntaxError where PostgreSQL would reject it."""
    known = _PARSED.get(text)
    if known is None:
        known = _remembered(text)
        if known is None:
            try:
                known = _parse(text)
            except SqlSyntaxError as exc:
                known = exc
            else:
                _remember(text, known)
        if len(_PARSED) >= 4:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[text] = known
    if isinstance(known, SqlSyntaxError):
        raise SqlSyntaxError(known.message, known.offset)
    return list(known)


_MEMO_FROM = 4096  # characters: a smaller source parses faster than its memo is read


def _memo_kind() -> bytes:
    """Another parser version, or another version of this reader: another memo."""
    import os

    from hooks.repo.memo import source_stamp

    return b"sql\0" + source_stamp(os.path.abspath(__file__)) + _descriptor_identity()


def _remembered(text: str) -> list[Statement] | None:
    """The statements of a source parsed in an earlier run (the commit before this one wrote
    HEAD's schema.sql as its new side), from the private memo folder; None if not there."""
    if len(text) < _MEMO_FROM:
        return None
    from hooks.repo.memo import memo_load

    stored = memo_load(_memo_kind(), text.encode("utf-8", "surrogatepass"))
    if not isinstance(stored, list):
        return None
    char = _to_char(without_psql_input(text))
    try:
        return [Statement(kind, node, offset, char) for kind, node, offset in stored]
    except (TypeError, ValueError):
        return None  # not what we store: parse it


def _remember(text: str, statements: list[Statement]) -> None:
    if len(text) < _MEMO_FROM:
        return
    from hooks.repo.memo import memo_store

    rows = [[s.kind, s.node, s.offset] for s in statements]
    memo_store(_memo_kind(), text.encode("utf-8", "surrogatepass"), rows)


def _to_char(text: str) -> Callable[[int], int]:
    """A node's byte offset in `text` as a character offset."""
    table = _char_offsets(text)

    def char(byte: int) -> int:
        if table is None:
            return byte
        return table[min(max(byte, 0), len(table) - 1)]

    return char


def _parse(text: str) -> list[Statement]:
    """The statements of `text`; SqlSyntaxError where PostgreSQL would reject it.

    libpg_query writes the tree as JSON in C, and the standard library's C decoder reads it:
    no per-node Python conversion (protobuf's `MessageToDict` cost about 5 s per MB of
    pg_dump). The JSON's names are turned into the protobuf field names the rest of the
    project reads, and its empty strings dropped as protobuf drops them, by a few byte
    replacements: the same dicts as `MessageToDict(..., preserving_proto_field_name=True)`
    (tests/schema_source_parser_test.py proves it over a corpus)."""
    import json

    text = without_psql_input(text)
    char = _to_char(text)

    try:
        raw = _parse_json(text)
    except _Rejected as exc:
        # The error's cursor counts characters, 1-based (node locations count bytes).
        raise SqlSyntaxError(exc.message, max(exc.cursorpos - 1, 0)) from None
    try:
        data = json.loads(_protobuf_names(raw))
    except RecursionError:
        # PostgreSQL parsed it, but the tree is deeper than Python's decoder reads: no syntax
        # error, and it cannot be checked either (fail closed, exit 2).
        raise ToolError(TOO_DEEP) from None
    statements = []
    for raw_statement in data.get("stmts", []):
        node = raw_statement.get("stmt", {})
        if not node:
            continue
        kind, body = next(iter(node.items()))
        offset = char(int(raw_statement.get("stmt_location", 0)))
        statements.append(Statement(kind, body, offset, char))
    return statements


class _Rejected(Exception):
    def __init__(self, message: str, cursorpos: int) -> None:
        super().__init__(message)
        self.message = message
        self.cursorpos = cursorpos


def _parse_json(text: str) -> bytes:
    """libpg_query's parse tree of `text` as JSON (_Rejected where PostgreSQL rejects it)."""
    import ctypes

    lib = _library()
    result = lib.pg_query_parse(text.encode("utf-8", "surrogatepass"))
    try:
        if result.error:
            error = result.error.contents
            message = error.message.decode("utf-8", "replace") if error.message else "error"
            raise _Rejected(message, error.cursorpos or 0)
        return ctypes.string_at(result.parse_tree)
    finally:
        lib.pg_query_free_parse_result(result)


_LIBRARY: list[Any] = []
_VENDORED = {"linux": "libpg_query.so", "darwin": "libpg_query.dylib", "win32": "pg_query.dll"}


def _library() -> Any:
    """libpg_query itself, loaded from the binding's wheel without importing the binding's
    Python package (whose import reads protobuf's descriptors: ~45 ms that `pg_query_parse`'s
    JSON never needs); the binding's own loader where the wheel has no library beside it."""
    if not _LIBRARY:
        import ctypes
        import os
        import sys

        class Error(ctypes.Structure):
            _fields_ = [
                ("message", ctypes.c_char_p),
                ("funcname", ctypes.c_char_p),
                ("filename", ctypes.c_char_p),
                ("lineno", ctypes.c_int),
                ("cursorpos", ctypes.c_int),
                ("context", ctypes.c_char_p),
            ]

        class ParseResult(ctypes.Structure):
            _fields_ = [
                ("parse_tree", ctypes.c_char_p),
                ("stderr_buffer", ctypes.c_char_p),
                ("error", ctypes.POINTER(Error)),
            ]

        spec = _spec_of("postgast")
        if spec is None:
            import platform

            raise ToolError(missing_parser_message(sys.platform, platform.machine()))
        folders = list(spec.submodule_search_locations or ())
        name = _VENDORED.get(sys.platform, "libpg_query.so")
        found = [os.path.join(f, name) for f in folders if os.path.isfile(os.path.join(f, name))]
        if found:
            lib: Any = ctypes.CDLL(found[0])
        else:  # pragma: no cover - every wheel we install vendors the library
            import importlib

            lib = importlib.import_module("postgast.native").lib
        lib.pg_query_parse.argtypes = [ctypes.c_char_p]
        lib.pg_query_parse.restype = ParseResult
        lib.pg_query_free_parse_result.argtypes = [ParseResult]
        lib.pg_query_free_parse_result.restype = None
        _LIBRARY.append(lib)
    return _LIBRARY[0]


def missing_parser_message(sys_platform: str, machine: str) -> str:
    """What to do without postgast, in one line. It has no wheel for Windows on ARM64, where
    the package leaves it out (an environment marker in pyproject.toml) so that the install
    succeeds; elsewhere it is missing only from a broken install."""
    if sys_platform == "win32" and machine.upper() == "ARM64":
        return (
            "the PostgreSQL parser (postgast) has no build for Windows on ARM64, so it is not"
            " installed: reinstall the hooks with an x64 Python (Windows runs it emulated),"
            " or leave the schema checks to CI (pre-commit's SKIP=<hook id> on this machine)"
        )
    return "the PostgreSQL parser is not installed (postgast); reinstall atlas-first-hooks"


_EMPTY_VALUE = re.compile(rb'":""(?=[,}])')


def _without_empty_strings(raw: bytes) -> bytes:
    """Every `"key":""` entry left out (with its comma), as protobuf leaves out a field that
    holds its default. Found by the literal `":""`; a quote inside a string value is
    escaped, so this is always a key's entry."""
    pieces: list[bytes] = []
    position = 0
    for match in _EMPTY_VALUE.finditer(raw):
        start = raw.rfind(b'"', 0, match.start())  # the key's opening quote
        end = match.end()
        if raw[start - 1 : start] == b",":
            start -= 1  # `,"key":""` at the end or in the middle
        elif raw[end : end + 1] == b",":
            end += 1  # `{"key":"",` at the start
        pieces.append(raw[position:start])
        position = end
    if not pieces:
        return raw
    pieces.append(raw[position:])
    return b"".join(pieces)


def _protobuf_names(raw: bytes) -> bytes:
    """The JSON with protobuf's names: node types (`"CreateStmt":` -> `"create_stmt":`) and
    fields (`"tableElts":` -> `"table_elts":`). A `"name":` in this JSON is always a key:
    quotes inside string values are escaped."""
    names, keys = _json_to_protobuf()
    raw = _without_empty_strings(raw)
    for key in set(keys.findall(raw)):
        wanted = names.get(key)
        if wanted is not None:
            raw = raw.replace(b'"' + key + b'":', b'"' + wanted + b'":')
    return raw


_NAMES: dict[bytes, bytes] = {}
_KEYS: list[re.Pattern[bytes]] = []


def _names_from_descriptor() -> dict[bytes, bytes]:
    import importlib

    # (imported by name: mypy cannot parse the module's generated stub)
    pg_query_pb2 = importlib.import_module("postgast.pg_query_pb2")
    names: dict[bytes, bytes] = {}
    for field in pg_query_pb2.Node.DESCRIPTOR.fields:
        if field.message_type is not None:
            names[field.message_type.name.encode()] = field.name.encode()
    for message in pg_query_pb2.DESCRIPTOR.message_types_by_name.values():
        for field in message.fields:
            if field.json_name != field.name:
                names[field.json_name.encode()] = field.name.encode()
    return names


def _spec_of(name: str) -> Any:
    """A top-level module's spec, as `importlib.util.find_spec` finds it (the module's own
    if it is imported, else the first meta path finder's), without importing importlib.util
    (2.5 ms of a schema commit: contextlib, warnings, importlib's abstract classes)."""
    import sys

    module = sys.modules.get(name)
    if module is not None:
        return module.__spec__
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find(name, None) if find is not None else None
        if spec is not None:
            return spec
    return None


def parser_identity() -> bytes:
    """Which parser reads the sources (its descriptor's path, size and time): a memo of what
    it read holds for this parser only."""
    return _descriptor_identity()


def _descriptor_identity() -> bytes:
    """The installed descriptor module's path, size and modification time ("" if unknown)."""
    import os

    spec = _spec_of("postgast")
    for folder in spec.submodule_search_locations or () if spec else ():
        path = os.path.join(folder, "pg_query_pb2.py")
        try:
            info = os.stat(path)
        except OSError:
            continue
        return f"{path}\0{info.st_size}\0{info.st_mtime_ns}".encode("utf-8", "surrogateescape")
    return b""


def _json_to_protobuf() -> tuple[dict[bytes, bytes], re.Pattern[bytes]]:
    """libpg_query's JSON names -> the protobuf field names, from the binding's descriptor:
    a `Node`'s type (`CreateStmt`) to its oneof field (`create_stmt`), a field's `json_name`
    (`tableElts`) to its name (`table_elts`); and a pattern for the keys worth looking up
    (those with a capital letter, and the few without one: `base`)."""
    if not _NAMES:
        from hooks.repo.memo import memo_load
        from hooks.repo.memo import memo_store

        # The table depends only on the installed descriptor: remembered by that file's
        # identity in the private memo folder, so a commit need not import protobuf for it.
        identity = _descriptor_identity()
        known = memo_load(b"pgnames", identity) if identity else None
        if isinstance(known, dict) and known:
            _NAMES.update(known)
        else:
            _NAMES.update(_names_from_descriptor())
            if identity:
                memo_store(b"pgnames", identity, dict(_NAMES))
        lower = sorted(re.escape(k) for k in _NAMES if k.lower() == k)
        _KEYS.append(
            re.compile(rb'"([a-z_]*[A-Z]\w*' + b"".join(b"|" + k for k in lower) + rb')":')
        )
    return _NAMES, _KEYS[0]
