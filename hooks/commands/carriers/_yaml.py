"""YAML carriers' common reading: PyYAML's node graph (it keeps every scalar's position),
merge keys (`<<: *base`) resolved, and scalars turned into command snippets."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import command_value
from hooks.commands.shell import SH
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

MERGE = "tag:yaml.org,2002:merge"


def documents(text: str, path: str) -> list[yaml.Node]:
    """Every document's root node; invalid YAML is a ToolError with its line and column."""
    import yaml

    loader = yaml.SafeLoader
    if _shallow(text):
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return [node for node in yaml.compose_all(text, Loader=loader) if node is not None]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        from hooks.repo.files import unreadable

        raise unreadable(where, path, f"invalid YAML: {exc.problem or exc.context}", text) from None
    except RecursionError:
        raise ToolError(f"{path}: YAML nested too deeply to read") from None
    except yaml.YAMLError as exc:
        raise ToolError(f"{path}: invalid YAML: {exc}") from None


_JSON_TAGS = {"true": "bool", "false": "bool", "null": "null"}


def json_documents(text: str, path: str) -> list[yaml.Node] | None:
    """A JSON text as the node graph `documents` gives (JSON is YAML's flow style), read by
    the JSON reader first: the standard library's `json` decides whether it is JSON, and so
    bounds its nesting, so libyaml's C composer builds the graph whatever its count of
    brackets (`documents` sends a text of more than 2,000 to the pure-Python composer,
    which took 750 ms on a 200 KB translation file; this, 30 ms). Without libyaml, the graph
    is built here in one pass (190 ms). None: not JSON (a comment, a trailing comma, a
    template): read as YAML, as before."""
    import json

    import yaml

    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return None
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:  # (a tab is JSON's whitespace, not YAML's everywhere: the same offsets)
            nodes = yaml.compose_all(text.replace("\t", " "), Loader=loader)
            return [node for node in nodes if node is not None]
        except yaml.YAMLError:
            pass  # JSON that YAML reads otherwise: built here
    return built_from_json(text, path)


def built_from_json(text: str, path: str) -> list[yaml.Node]:
    """The node graph of a text `json` has read, built in one pass (positions as YAML's)."""
    from json.decoder import scanstring  # type: ignore[attr-defined]

    import yaml

    line, line_start, last = 0, 0, 0
    root: yaml.Node | None = None
    stack: list[yaml.Node] = []  # open mappings and sequences
    key: yaml.Node | None = None  # a mapping's key waiting for its value
    for token in re.finditer(r'[{}\[\]:,"]|[^\s{}\[\]:,"]+', text):
        at = token.start()
        if at < last:
            continue  # inside a string already read
        newlines = text.count("\n", last, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", last, at) + 1
        last = token.end()
        mark = yaml.Mark(path, at, line, at - line_start, None, 0)
        char = token.group()
        node: yaml.Node | None = None
        if char in "{[":
            if char == "{":
                node = yaml.MappingNode("tag:yaml.org,2002:map", [], mark, mark, flow_style=True)
            else:
                node = yaml.SequenceNode("tag:yaml.org,2002:seq", [], mark, mark, flow_style=True)
        elif char in "}]":
            done = stack.pop()
            done.end_mark = yaml.Mark(path, last, line, last - line_start, None, 0)
            continue
        elif char in ":,":
            continue
        elif char == '"':
            value, last = scanstring(text, at + 1)
            if "\n" in text[at:last]:  # (no JSON, but counted for the marks all the same)
                line += text.count("\n", at, last)
                line_start = text.rfind("\n", at, last) + 1
            end = yaml.Mark(path, last, line, last - line_start, None, 0)
            node = yaml.ScalarNode("tag:yaml.org,2002:str", value, mark, end, style='"')
        else:
            tag = _JSON_TAGS.get(char) or ("int" if char.lstrip("-").isdigit() else "float")
            end = yaml.Mark(path, last, line, last - line_start, None, 0)
            node = yaml.ScalarNode(f"tag:yaml.org,2002:{tag}", char, mark, end)
        if not stack:
            root = node
        elif isinstance(stack[-1], yaml.MappingNode):
            if key is None:
                key = node
                continue
            stack[-1].value.append((key, node))
            key = None
        else:
            stack[-1].value.append(node)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            stack.append(node)
    return [root] if root is not None else []


def _shallow(text: str) -> bool:
    """Can this text not nest deeper than libyaml's C stack allows? Nesting comes from flow
    brackets (at most their count) and block structure (at most a line's length). Deeper
    input goes to the pure-Python reader, whose recursion ends in a clean RecursionError;
    libyaml's would crash the interpreter (measured: Python 3.9, 100,000 `[`)."""
    if text.count("[") + text.count("{") > _MAX_FLOW:
        return False
    return all(m.end() - m.start() <= _MAX_LINE for m in _BLOCK_PREFIX.finditer(text))


_MAX_FLOW = 2000
_MAX_LINE = 4000
# What can open block levels on one line: its indentation and compact indicators (`- - x`,
# `? - x`, with anchors and tags between them), all before the line's first other character.
_BLOCK_PREFIX = re.compile(r"^(?:[ \t?:-]|[&!][^ \t\n]*)+", re.M)


def is_mapping(node: object) -> bool:
    import yaml

    return isinstance(node, yaml.MappingNode)


def is_sequence(node: object) -> bool:
    import yaml

    return isinstance(node, yaml.SequenceNode)


def is_scalar(node: object) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode)


def items(node: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
    """(key, value) of a mapping as PyYAML builds it, and so every tool built on it (compose,
    pre-commit, ...): of a key written twice the last wins; merge keys (`<<: *base`) resolved,
    own keys winning over merged ones, a later `<<` over an earlier one, and in `<<: [*a, *b]`
    the first listed. Read without recursion, each merged mapping once, so neither nesting
    depth nor aliases of aliases can stop it or multiply the work."""
    if not is_mapping(node):
        return []
    assert node is not None
    if all(key.tag != MERGE for key, _ in node.value):  # the common case: no merge key
        plain: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if is_scalar(key):
                plain.pop(str(key.value), None)
                plain[str(key.value)] = value
        return list(plain.items())
    found: dict[str, yaml.Node] = {}
    visited: set[int] = set()
    stack: list[yaml.Node] = [node]
    while stack:  # each mapping before everything it merges: an earlier one wins
        mapping = stack.pop()
        if id(mapping) in visited or not is_mapping(mapping):
            continue
        visited.add(id(mapping))
        own: dict[str, yaml.Node] = {}
        merges: list[yaml.Node] = []
        for key, value in mapping.value:
            if key.tag == MERGE:
                sources = value.value if is_sequence(value) else [value]
                merges = list(sources) + merges  # a later `<<` takes precedence
            elif is_scalar(key):
                own.pop(str(key.value), None)
                own[str(key.value)] = value
        for key, value in own.items():
            found.setdefault(key, value)
        stack.extend(reversed(merges))
    return list(found.items())


def get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    for k, value in items(node):
        if k == key:
            return value
    return None


def sequence(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if is_sequence(node) else []  # type: ignore[union-attr]


def scalar(node: yaml.Node | None) -> str | None:
    """A scalar's text (None for a missing value or a null: `key:`, `key: ~`)."""
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == "tag:yaml.org,2002:null" and node.style is None:
        return None
    return str(node.value)


def shell_text(node: yaml.Node | None, lines: list[str], dialect: str = SH) -> list[Snippet]:
    """A scalar that is shell text, at its exact position where the source allows it."""
    import yaml

    value = scalar(node)
    if value is None or not isinstance(node, yaml.ScalarNode):
        return []
    start, end = node.start_mark, node.end_mark
    style = node.style
    if style in ("|", ">"):
        first = start.line + 1
        indent, skipped = 0, 0
        for raw in lines[first:]:
            if raw.strip():
                indent = len(raw) - len(raw.lstrip(" "))
                break
            skipped += 1
        col = indent + 1
        if style == ">":
            return [Snippet(value, [(first + 1 + skipped, col)], dialect, fixed=True)]
        count = value.count("\n") + 1
        return [Snippet(value, [(first + 1 + i, col) for i in range(count)], dialect)]
    quote = 1 if style in ("'", '"') else 0
    line = lines[start.line] if start.line < len(lines) else ""
    exact = start.line == end.line and line[start.column + quote : end.column - quote] == value
    return [Snippet(value, [(start.line + 1, start.column + 1 + quote)], dialect, fixed=not exact)]


def command(node: yaml.Node | None, lines: list[str], dialect: str = SH) -> list[Snippet]:
    """A command written as a string (shell text) or a list of strings (exec form)."""
    if is_scalar(node):
        return shell_text(node, lines, dialect)
    if is_sequence(node) and node is not None:
        words = [scalar(item) for item in node.value]
        if words and all(w is not None for w in words):
            return command_value(
                [w for w in words if w is not None], node.start_mark.line + 1,
                node.start_mark.column + 1,
            )  # fmt: skip
    return []


def commands(
    node: yaml.Node | None,
    lines: list[str],
    dialect: str = SH,
    walked: set[int] | None = None,
) -> Iterator[Snippet]:
    """A string, or a list whose items are each a command string (nested lists too, as
    GitLab allows). `walked`: the nodes already read in this file (each is read once, however
    many aliases name it)."""
    stack, walked = [node], set() if walked is None else walked
    while stack:  # without recursion, each list once: nesting or aliases cannot multiply it
        item = stack.pop()
        if item is None or id(item) in walked:
            continue
        walked.add(id(item))
        if is_sequence(item):
            stack.extend(reversed(item.value))
        else:
            yield from shell_text(item, lines, dialect)


def mappings(
    root: yaml.Node | None,
    walked: set[int] | None = None,
) -> Iterator[tuple[str | None, yaml.Node, dict[str, yaml.Node]]]:
    """Every mapping under `root` (itself included), each once, with its `items` by key and
    the key it stands under (for a list's item: the list's key). Without recursion, so
    neither depth nor aliases can stop it or multiply the work."""
    walked = set() if walked is None else walked
    stack: list[tuple[str | None, yaml.Node | None]] = [(None, root)]
    while stack:
        under, node = stack.pop()
        if node is None or id(node) in walked:
            continue
        walked.add(id(node))
        if is_mapping(node):
            pairs = items(node)
            yield under, node, dict(pairs)
            stack.extend((key, value) for key, value in reversed(pairs))
        elif is_sequence(node):
            stack.extend((under, item) for item in reversed(node.value))


def every_mapping(
    text: str, path: str
) -> Iterator[tuple[str | None, yaml.Node, dict[str, yaml.Node]]]:
    """`mappings` over every document of a YAML file, each node once across the file."""
    walked: set[int] = set()
    for doc in documents(text, path):
        yield from mappings(doc, walked)


def commands_at_keys(text: str, path: str, keys: tuple[str, ...]) -> Iterator[Snippet]:
    """The CI systems whose steps can stand anywhere: the value at any of `keys` in any
    mapping of the file, as a command string or a list of them, each node read once."""
    lines = text.split("\n")
    read: set[int] = set()
    for _, _, found in every_mapping(text, path):
        for key in keys:
            yield from commands(found.get(key), lines, walked=read)
