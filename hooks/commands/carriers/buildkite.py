"""Buildkite (`.buildkite/*.yml`, `buildkite.yml`, `pipeline.yml` beside it): every command
step's `command` / `commands` (a string or a list of commands), in groups too, and the
`command` a plugin (docker, docker-compose) runs, as a string or exec form."""

from __future__ import annotations

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    read: set[int] = set()
    for under, _, keys in _yaml.every_mapping(text, path):
        if under == "plugins":
            for config in keys.values():  # `- docker#v5.9.0: {command: [...]}`
                command = _yaml.get(config, "command")
                if command is not None and id(command) not in read:
                    read.add(id(command))
                    yield from _yaml.command(command, lines)
            continue
        for key in ("command", "commands"):
            yield from _yaml.commands(keys.get(key), lines, walked=read)
