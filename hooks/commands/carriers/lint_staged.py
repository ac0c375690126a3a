"""Git-hook tools' own files, each an object of a name (a glob, a hook) to a command or a
list of commands: lint-staged (`.lintstagedrc`, `.lintstagedrc.json`, `.lintstagedrc.yaml`)
and simple-git-hooks (`.simple-git-hooks.json`). Their JavaScript forms are code."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if path.lower().endswith((".yaml", ".yml")) or not text.lstrip().startswith("{"):
        from hooks.commands.carriers import _yaml

        lines = text.split("\n")
        for root in _yaml.documents(text, path):
            for _name, node in _yaml.items(root):
                yield from _yaml.commands(node, lines)
        return
    from hooks.commands.carriers._json import Located

    doc = Located(text, path, jsonc=True)
    if isinstance(doc.doc, dict):
        for name in doc.doc:
            yield from doc.each_command((name,))
