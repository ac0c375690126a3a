"""Woodpecker CI (`.woodpecker.yml`, `.woodpecker/*.yml`) and Drone (`.drone.yml`, every
document): each step's `commands` (a string or a list), whether `steps` is a list or a map,
and Woodpecker's `entrypoint` (exec form); Drone's `exec` and `ssh` pipelines too."""

from __future__ import annotations

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    yield from _yaml.commands_at_keys(text, path, ("commands",))
    lines = text.split("\n")
    for _, _, keys in _yaml.every_mapping(text, path):
        if "commands" not in keys and "entrypoint" in keys:
            yield from _yaml.command(keys["entrypoint"], lines)
