"""JSON carriers' common reading: the standard library's `json` for the values (comments and
trailing commas blanked out first for JSONC files), and a token scan of the same text for the
position of every value."""

from __future__ import annotations

import re

from hooks.report.violation import ToolError

# (Patterns compiled on first use, by `re`'s cache: importing this compiles none.)
_TOKEN = r'(?s)"(?:[^"\\]|\\.)*"?|[{}\[\]:,]|[^\s{}\[\]:,"]+'
# Strings (kept), comments and trailing commas (blanked). An unclosed string ends at its line,
# an unclosed `/*` at the end of the text: each is read once (a lazy `/\*.*?\*/` rescanned the
# rest of the file from every unclosed one), and the JSON parser then says what is wrong.
_JSONC_NOISE = r'(?s)"(?:[^"\\\n]|\\.)*"?|//[^\n]*|/\*.*?(?:\*/|\Z)|,(?=\s*[}\]])'  # (re's cache)

Path = tuple[object, ...]


def strip_jsonc(text: str) -> str:
    """Comments and trailing commas as spaces: the same offsets, valid JSON."""

    def blank(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith('"'):
            return token
        return re.sub(r"[^\n]", " ", token)

    return re.compile(_JSONC_NOISE).sub(blank, text)


def load(text: str, path: str, *, jsonc: bool = False) -> tuple[object, dict[Path, int]]:
    """(the document, value offsets by path of keys and indexes); ToolError if invalid."""
    if jsonc:
        text = strip_jsonc(text)
    return parse(text, path), value_offsets(text)


def parse(text: str, path: str) -> object:
    """The standard library's reading of a JSON text; ToolError (with the parser's line and
    column) if it is not JSON."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        from hooks.repo.files import unreadable

        where = f"{path}:{exc.lineno}:{exc.colno}"
        raise unreadable(where, path, f"invalid JSON: {exc.msg}", text) from None
    except RecursionError:
        raise ToolError(f"{path}: JSON nested too deeply to read") from None


def value_offsets(text: str) -> dict[Path, int]:
    """Where each value starts, by its path (`("deploy", "startCommand")`, `("cmds", 0)`)."""
    import json

    offsets: dict[Path, int] = {}
    # per open container: [path, is_object, expecting_key, current key or index]
    stack: list[list[object]] = []
    pending: Path | None = ()
    for match in re.compile(_TOKEN).finditer(text):
        token = match.group()
        first = token[0]
        if first in "{[":
            path = pending if pending is not None else ()
            offsets.setdefault(path, match.start())
            stack.append([path, first == "{", first == "{", -1 if first == "[" else None])
            pending = None
            if first == "[":
                pending = (*path, 0)
                stack[-1][3] = 0
            continue
        if first in "}]":
            if stack:
                stack.pop()
            pending = None
            continue
        if not stack:
            continue
        top = stack[-1]
        parent = top[0]
        assert isinstance(parent, tuple)
        if first == ":":
            top[2] = False
            pending = (*parent, top[3])
        elif first == ",":
            if top[1]:
                top[2] = True
                pending = None
            else:
                index = top[3]
                assert isinstance(index, int)
                top[3] = index + 1
                pending = (*parent, index + 1)
        elif top[1] and top[2] and first == '"':
            try:
                top[3] = json.loads(token)
            except ValueError:
                top[3] = None
        elif pending is not None:
            offsets.setdefault(pending, match.start())
            pending = None
    return offsets


class Located:
    """A loaded JSON document that can place its values in the file."""

    def __init__(self, text: str, path: str, *, jsonc: bool = False) -> None:
        from hooks.report.positions import Positions

        self.text = text
        self.doc, self._offsets = load(text, path, jsonc=jsonc)
        self._positions = Positions(text)

    def get(self, *keys: object) -> object:
        node = self.doc
        for key in keys:
            if isinstance(node, dict) and isinstance(key, str):
                node = node.get(key)
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                node = node[key]
            else:
                return None
        return node

    def at(self, keys: Path) -> tuple[int, int] | None:
        """The (line, column) where the value at `keys` is written (None: not written)."""
        offset = self._offsets.get(keys)
        return None if offset is None else self._positions.at(offset)

    def snippets(self, keys: Path, dialect: str = "sh") -> list[Snippet]:
        """The value at `keys` as a command: a string (shell text, at its exact position when
        it has no escapes) or a list of strings (exec form)."""
        from hooks.commands.carriers import Snippet
        from hooks.commands.carriers import command_value

        value = self.get(*keys)
        offset = self._offsets.get(keys)
        if offset is None:
            return []
        line, col = self._positions.at(offset)
        if isinstance(value, str):
            exact = self.text.startswith(f'"{value}"', offset) and "\n" not in value
            return [Snippet(value, [(line, col + 1)], dialect, fixed=not exact)]
        return command_value(value, line, col)

    def each_command(self, keys: Path) -> list[Snippet]:
        """A string, or a list whose items are each a command string."""
        value = self.get(*keys)
        if isinstance(value, list):
            return [s for i in range(len(value)) for s in self.snippets((*keys, i))]
        return self.snippets(keys)


TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.commands.carriers import Snippet
