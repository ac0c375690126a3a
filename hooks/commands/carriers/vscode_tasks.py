"""VS Code tasks (`.vscode/tasks.json`, JSON with comments): each task's `command` with its
`args` (a shell task's words, a process task's exec form) and its `windows`/`linux`/`osx`
overrides; an `npm` task runs a package script by name (`"script": "db:push"`)."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import command_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers._json import Located

_PLATFORMS = ("windows", "linux", "osx")


def _task(doc: Located, keys: tuple[object, ...]) -> list[Snippet]:
    task = doc.get(*keys)
    if not isinstance(task, dict):
        return []
    found: list[Snippet] = []
    command, args = task.get("command"), task.get("args")
    at = doc.at((*keys, "command")) or doc.at(keys) or (1, 1)
    if isinstance(command, str):
        words = [a for a in args if isinstance(a, str)] if isinstance(args, list) else []
        if task.get("type") == "process":
            found += command_value([command, *words], *at)
        else:
            found.append(Snippet(" ".join([command, *words]), [at], fixed=True))
    script = task.get("script")
    if task.get("type") == "npm" and isinstance(script, str):
        where = doc.at((*keys, "script")) or at
        found.append(Snippet(f"npm run {script}", [where], fixed=True))
    for platform in _PLATFORMS:
        found += _task(doc, (*keys, platform))
    return found


def snippets(text: str, path: str) -> Iterator[Snippet]:
    from hooks.commands.carriers._json import Located

    doc = Located(text, path, jsonc=True)
    tasks = doc.get("tasks")
    for index in range(len(tasks) if isinstance(tasks, list) else 0):
        yield from _task(doc, ("tasks", index))
