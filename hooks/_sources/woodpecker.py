"""Woodpecker CI (`.woodpecker.yml`, `.woodpecker/*.yml`) and Drone (`.drone.yml`, every
document): each step's `commands` (a string or a list), whether `steps` is a list or a map,
and Woodpecker's `entrypoint` (exec form); Drone's `exec` and `ssh` pipelines too."""

from __future__ import annotations

from hooks._sources import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks._sources import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    walked: set[int] = set()
    read: set[int] = set()
    for doc in _yaml.documents(text, path):
        for _, _, keys in _yaml.mappings(doc, walked):
            commands = keys.get("commands")
            yield from _yaml.commands(commands, lines, walked=read)
            entrypoint = keys.get("entrypoint")
            if commands is None and entrypoint is not None and id(entrypoint) not in read:
                read.add(id(entrypoint))
                yield from _yaml.command(entrypoint, lines)
