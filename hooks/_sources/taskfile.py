"""go-task (`Taskfile.yml`): every task's `cmds` (strings, or `{cmd: …}`; a `{task: …}` item
calls another task) and `cmd`; a task given as a bare string or list is its commands."""

from __future__ import annotations

from hooks._sources import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from hooks._sources import Snippet


def _cmds(node: yaml.Node | None, lines: list[str]) -> Iterator[Snippet]:
    if _yaml.is_scalar(node):
        yield from _yaml.shell_text(node, lines)
    for item in _yaml.sequence(node):
        if _yaml.is_mapping(item):
            yield from _yaml.shell_text(_yaml.get(item, "cmd"), lines)
        else:
            yield from _yaml.shell_text(item, lines)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for doc in _yaml.documents(text, path):
        for _, task in _yaml.items(_yaml.get(doc, "tasks")):
            if _yaml.is_mapping(task):
                yield from _cmds(_yaml.get(task, "cmds"), lines)
                yield from _yaml.shell_text(_yaml.get(task, "cmd"), lines)
            else:
                yield from _cmds(task, lines)
