"""execline scripts (s6 and s6-overlay services: a `#!/command/execlineb` or
`#!/bin/execlineb` shebang, and the `up` file of an s6-rc oneshot, which has none): execline
reads the whole script as one command line, newlines being spaces, and a `{ … }` block is a
command of its own (`foreground { npx drizzle-kit migrate } node server.js`). Each block and
the chain left when they are taken out are read as commands (exec form: no shell runs them);
the chain loaders in front (`with-contenv`, `s6-setuidgid user`, `cd dir`…) are the wrapper
table's."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import exec_form
from hooks.report.positions import Positions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

_WORD = re.compile(r'#[^\n]*|"(?:[^"\\]|\\.)*"?|[^\s"]+')


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if text.startswith("#!"):
        text = "\n" + text.split("\n", 1)[1] if "\n" in text else ""
    positions = Positions(text)
    stack: list[tuple[list[str], int]] = [([], -1)]
    for match in _WORD.finditer(text):
        word = match.group()
        if word.startswith("#") and (match.start() == 0 or text[match.start() - 1] in " \t\n"):
            continue
        if word == "{":
            stack.append(([], -1))
        elif word == "}" and len(stack) > 1:
            words, start = stack.pop()
            yield from _command(words, start, positions)
        else:
            if word.startswith('"'):
                word = word[1:-1] if len(word) > 1 and word.endswith('"') else word[1:]
            if stack[-1][1] < 0:  # a command is placed at its first word
                stack[-1] = (stack[-1][0], match.start())
            stack[-1][0].append(word)
    while stack:
        words, start = stack.pop()
        yield from _command(words, start, positions)


def _command(words: list[str], start: int, positions: Positions) -> list[Snippet]:
    if not words:
        return []
    return [Snippet(exec_form(words), [positions.at(max(start, 0))], fixed=True)]
