"""mise (`mise.toml`, `.mise.toml`): every task of `[tasks]` — a string, or a table whose
`run` (and `run_windows`) is a string or a list of commands. (File tasks under
`.mise/tasks/` are read as scripts.)"""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import _toml
from hooks.repo.files import load_toml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def snippets(text: str, path: str) -> Iterator[Snippet]:
    data = load_toml(text, path)
    where = _toml.Locator(text)
    for name, task in _toml.table(data, "tasks").items():
        found: list[tuple[str, object]] = [(name, task)]
        if isinstance(task, dict):
            found = [(key, task.get(key)) for key in ("run", "run_windows")]
        for key, value in found:
            for command in value if isinstance(value, list) else [value]:
                if isinstance(command, str):
                    yield Snippet(command, [where.at(key, command)], fixed=True)
