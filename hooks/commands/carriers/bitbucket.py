"""Bitbucket Pipelines (`bitbucket-pipelines.yml`): `script` and `after-script` of every step
wherever it stands (default, branches, tags, pull requests, custom, parallel groups, stages,
`definitions` shared through anchors), each item a command; a `pipe:` item runs none, but
the ssh-run pipe's `COMMAND` variable runs on the remote host (with `MODE: script` it names a
local script file instead)."""

from __future__ import annotations

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet

KEYS = ("script", "after-script")
# Pipes that run one of their variables as a command: pipe (without its version) -> variable.
PIPE_COMMANDS = {"atlassian/ssh-run": "COMMAND"}


def snippets(text: str, path: str) -> Iterator[Snippet]:
    yield from _yaml.commands_at_keys(text, path, KEYS)
    lines = text.split("\n")
    for _, _, keys in _yaml.every_mapping(text, path):
        pipe = (_yaml.scalar(keys.get("pipe")) or "").split(":", 1)[0].strip()
        variable = PIPE_COMMANDS.get(pipe.lower())
        variables = keys.get("variables")
        mode = (_yaml.scalar(_yaml.get(variables, "MODE")) or "command").lower()
        if variable is not None and mode == "command":
            yield from _yaml.shell_text(_yaml.get(variables, variable), lines)
