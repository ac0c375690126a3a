"""Serverless Framework (`serverless.yml`): the shell commands plugins run on lifecycle
events and as custom commands (`custom.scripts.hooks`, `custom.scripts.commands` of
serverless-plugin-scripts, `custom.commands` and `custom.hooks` of its forks), each a string
or a list of commands."""

from __future__ import annotations

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    read: set[int] = set()
    for doc in _yaml.documents(text, path):
        custom = _yaml.get(doc, "custom")
        for table in (_yaml.get(custom, "scripts"), custom):
            for key in ("hooks", "commands"):
                for _, value in _yaml.items(_yaml.get(table, key)):
                    yield from _yaml.commands(value, lines, walked=read)
