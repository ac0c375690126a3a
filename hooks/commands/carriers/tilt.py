"""Tiltfiles (Starlark, a Python subset, read with Python's own `ast`): `local_resource(…)`'s
`cmd` / `serve_cmd` (and their `_bat` forms; the second positional argument is `cmd`) and
`local(…)`'s command, each a string (shell) or a list of strings (exec form)."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import command_value
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ast
    from collections.abc import Iterator

CALLS = {
    "local_resource": (1, ("cmd", "serve_cmd", "cmd_bat", "serve_cmd_bat")),
    "local": (0, ("command", "command_bat")),
}


def _literal(node: ast.expr) -> object:
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_literal(item) for item in node.elts]
        return items if all(isinstance(i, str) for i in items) else None
    return None


def snippets(text: str, path: str) -> Iterator[Snippet]:
    import ast

    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", None)
        where = f"{path}:{line}" if line else path
        raise ToolError(f"{where}: cannot read this Tiltfile as Starlark: {exc}") from None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        spec = CALLS.get(node.func.id)
        if spec is None:
            continue
        position, keywords = spec
        values = [kw.value for kw in node.keywords if kw.arg in keywords]
        if len(node.args) > position:
            values.append(node.args[position])
        for value in values:
            literal = _literal(value)
            yield from command_value(literal, value.lineno, value.col_offset + 1)
