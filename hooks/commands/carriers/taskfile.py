"""go-task (`Taskfile.yml`): every task's `cmds` (strings, or `{cmd: …}`; a `{task: …}` item
calls another task) and `cmd`; a task given as a bare string or list is its commands."""

from __future__ import annotations

import re

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from hooks.commands.carriers import Snippet


_VAR = re.compile(r"\{\{\s*\.(\w+)\s*\}\}")


def _cmds(node: yaml.Node | None, lines: list[str]) -> Iterator[Snippet]:
    if _yaml.is_scalar(node):
        yield from _yaml.shell_text(node, lines)
    for item in _yaml.sequence(node):
        if _yaml.is_mapping(item):
            yield from _yaml.shell_text(_yaml.get(item, "cmd"), lines)
        else:
            yield from _yaml.shell_text(item, lines)


def _vars(node: yaml.Node | None, known: dict[str, str]) -> dict[str, str]:
    """A `vars:` block's plain values (`KIT: npx drizzle-kit`), over what is known."""
    found = dict(known)
    for name, value in _yaml.items(node):
        text = _yaml.scalar(value)
        if text is not None and "{{" not in text:
            found[name] = text
    return found


def _filled(snippet: Snippet, known: dict[str, str]) -> Snippet:
    """`{{.KIT}} migrate` with the task's or the file's `vars` filled in, as go-task does."""
    if "{{" not in snippet.text or not known:
        return snippet
    from hooks.commands.carriers import Snippet as Piece

    text = _VAR.sub(lambda m: known.get(m.group(1), m.group(0)), snippet.text)
    return Piece(text, snippet.lines[:1], snippet.dialect, fixed=True)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for doc in _yaml.documents(text, path):
        known = _vars(_yaml.get(doc, "vars"), {})
        for _, task in _yaml.items(_yaml.get(doc, "tasks")):
            if _yaml.is_mapping(task):
                own = _vars(_yaml.get(task, "vars"), known)
                for snippet in _cmds(_yaml.get(task, "cmds"), lines):
                    yield _filled(snippet, own)
                for snippet in _yaml.shell_text(_yaml.get(task, "cmd"), lines):
                    yield _filled(snippet, own)
            else:
                for snippet in _cmds(task, lines):
                    yield _filled(snippet, known)
