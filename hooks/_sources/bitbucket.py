"""Bitbucket Pipelines (`bitbucket-pipelines.yml`): `script` and `after-script` of every step
wherever it stands (default, branches, tags, pull requests, custom, parallel groups, stages,
`definitions` shared through anchors), each item a command; a `pipe:` item runs none, but
the ssh-run pipe's `COMMAND` variable runs on the remote host (with `MODE: script` it names a
local script file instead)."""

from __future__ import annotations

from hooks._sources import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks._sources import Snippet

KEYS = ("script", "after-script")
# Pipes that run one of their variables as a command: pipe (without its version) -> variable.
PIPE_COMMANDS = {"atlassian/ssh-run": "COMMAND"}


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    walked: set[int] = set()
    read: set[int] = set()
    for doc in _yaml.documents(text, path):
        for _, _, keys in _yaml.mappings(doc, walked):
            for key in KEYS:
                yield from _yaml.commands(keys.get(key), lines, walked=read)
            pipe = (_yaml.scalar(keys.get("pipe")) or "").split(":", 1)[0].strip()
            variable = PIPE_COMMANDS.get(pipe.lower())
            if variable is not None:
                variables = keys.get("variables")
                mode = (_yaml.scalar(_yaml.get(variables, "MODE")) or "command").lower()
                if mode == "command":
                    yield from _yaml.shell_text(_yaml.get(variables, variable), lines)
