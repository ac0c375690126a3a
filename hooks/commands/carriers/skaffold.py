"""Skaffold (`skaffold.yaml`): lifecycle hooks (`build`, `sync`, `deploy` and `render`
`before`/`after`: a `command` of their own, or a `host`'s or a `container`'s), a custom
builder's `buildCommand`, and the containers of `verify` and `customActions` (command +
args): in Skaffold every `command` runs."""

from __future__ import annotations

from hooks.commands.carriers import _yaml
from hooks.commands.carriers import containers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for _, _, keys in _yaml.every_mapping(text, path):
        yield from _yaml.shell_text(keys.get("buildCommand"), lines)
        if "command" in keys or "args" in keys:
            yield from containers.command_of(keys, lines)
