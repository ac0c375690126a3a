"""Nixpacks (`nixpacks.toml`): `[phases.*] cmds` (each a command) and `cmd`, `[start] cmd`."""

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
    tables = [t for t in _toml.table(data, "phases").values() if isinstance(t, dict)]
    tables.append(_toml.table(data, "start"))
    for table in tables:
        for key in ("cmds", "cmd"):
            value = table.get(key)
            for command in value if isinstance(value, list) else [value]:
                if isinstance(command, str) and not command.startswith("..."):
                    yield Snippet(command, [where.at(key, command)], fixed=True)
