"""Fly.io (`fly.toml`): `[deploy] release_command`, every `[processes]` entry, and
`[experimental] cmd` / `entrypoint` (a string, or a list in exec form)."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import _toml
from hooks.commands.carriers import command_value
from hooks.repo.files import load_toml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def _at(where: _toml.Locator, key: str, value: object) -> list[Snippet]:
    first = (
        value
        if isinstance(value, str)
        else (value[0] if isinstance(value, list) and value and isinstance(value[0], str) else "")
    )
    line, col = where.at(key, first)
    return command_value(value, line, col)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    data = load_toml(text, path)
    where = _toml.Locator(text)
    deploy = _toml.table(data, "deploy")
    if "release_command" in deploy:
        yield from _at(where, "release_command", deploy["release_command"])
    for name, command in _toml.table(data, "processes").items():
        yield from _at(where, name, command)
    experimental = _toml.table(data, "experimental")
    for key in ("entrypoint", "cmd", "exec"):
        if key in experimental:
            yield from _at(where, key, experimental[key])
