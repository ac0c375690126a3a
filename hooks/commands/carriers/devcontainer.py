"""Dev containers (`.devcontainer/devcontainer.json`, `.devcontainer.json`): the lifecycle
commands. A string runs in a shell, an array is exec form, an object runs each of its values
(in parallel)."""

from __future__ import annotations

from hooks.commands.carriers._json import Located

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet

KEYS = (
    "initializeCommand",
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    doc = Located(text, path, jsonc=True)
    for key in KEYS:
        value = doc.get(key)
        if isinstance(value, dict):
            for name in value:
                yield from doc.snippets((key, name))
        else:
            yield from doc.snippets((key,))
