"""Deno (`deno.json`, `deno.jsonc`): every task of `tasks`, a string or `{"command": …}`."""

from __future__ import annotations

from hooks.commands.carriers._json import Located

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    doc = Located(text, path, jsonc=True)
    tasks = doc.get("tasks")
    if not isinstance(tasks, dict):
        return
    for name, task in tasks.items():
        keys: tuple[object, ...] = (
            ("tasks", name, "command") if isinstance(task, dict) else ("tasks", name)
        )
        yield from doc.snippets(keys)
