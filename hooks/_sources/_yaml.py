"""YAML carriers' common reading: PyYAML's node graph (it keeps every scalar's position),
merge keys (`<<: *base`) resolved, and scalars turned into command snippets."""

from __future__ import annotations

from hooks._report import ToolError
from hooks._shell import SH
from hooks._sources import Snippet
from hooks._sources import command_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

MERGE = "tag:yaml.org,2002:merge"
_MAX_DEPTH = 64


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
        raise ToolError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except RecursionError:
        raise ToolError(f"{path}: YAML nested too deeply to read") from None
    except yaml.YAMLError as exc:
        raise ToolError(f"{path}: invalid YAML: {exc}") from None


def _shallow(text: str) -> bool:
    """Can this text not nest deeper than libyaml's C stack allows? Nesting comes from flow
    brackets (at most their count) and block structure (at most a line's length). Deeper
    input goes to the pure-Python reader, whose recursion ends in a clean RecursionError;
    libyaml's would crash the interpreter (measured: Python 3.9, 100,000 `[`)."""
    if text.count("[") + text.count("{") > _MAX_FLOW:
        return False
    return max(map(len, text.split("\n")), default=0) <= _MAX_LINE


_MAX_FLOW = 2000
_MAX_LINE = 4000


def is_mapping(node: object) -> bool:
    import yaml

    return isinstance(node, yaml.MappingNode)


def is_sequence(node: object) -> bool:
    import yaml

    return isinstance(node, yaml.SequenceNode)


def is_scalar(node: object) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode)


def items(
    node: yaml.Node | None,
    _depth: int = 0,
    _merged: set[int] | None = None,
) -> list[tuple[str, yaml.Node]]:
    """(key, value) of a mapping, merge keys resolved (own keys win), as YAML 1.1 does. Each
    merged mapping is read once, so aliases of aliases cannot multiply the work."""
    if not is_mapping(node) or _depth > _MAX_DEPTH:
        return []
    assert node is not None
    merged_once = set() if _merged is None else _merged
    own: list[tuple[str, yaml.Node]] = []
    merged: list[tuple[str, yaml.Node]] = []
    for key, value in node.value:
        if key.tag == MERGE:
            sources = value.value if is_sequence(value) else [value]
            for source in sources:
                if id(source) not in merged_once:
                    merged_once.add(id(source))
                    merged += items(source, _depth + 1, merged_once)
        elif is_scalar(key):
            own.append((str(key.value), value))
    seen = {k for k, _ in own}
    for key, value in merged:
        if key not in seen:
            seen.add(key)
            own.append((key, value))
    return own


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


def commands(node: yaml.Node | None, lines: list[str], dialect: str = SH) -> Iterator[Snippet]:
    """A string, or a list whose items are each a command string (nested lists too, as
    GitLab allows)."""
    if is_sequence(node) and node is not None:
        for item in node.value:
            yield from commands(item, lines, dialect)
    else:
        yield from shell_text(node, lines, dialect)
