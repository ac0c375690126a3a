"""JavaScript/TypeScript configuration files whose values are commands: lint-staged's
(`lint-staged.config.js`, `.lintstagedrc.mjs`: `"*.sql": "drizzle-kit push"`, or a function
returning commands), simple-git-hooks' (`simple-git-hooks.cjs`), Vercel's `vercel.ts`
(`buildCommand`). Every string or template literal that names drizzle-kit is a command:
in these files, that is what their strings are (read by the code lexer: no evaluation)."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.report.positions import Positions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def snippets(text: str, path: str) -> Iterator[Snippet]:
    from hooks.commands.js import STRING
    from hooks.commands.js import TEMPLATE_HEAD
    from hooks.commands.js import string_at
    from hooks.commands.js import tokens

    toks = list(tokens(text))
    positions = Positions(text)
    i = 0
    while i < len(toks):
        if toks[i].kind not in (STRING, TEMPLATE_HEAD):
            i += 1
            continue
        literal = string_at(toks, i)
        if literal is None:
            i += 1
            continue
        value, offset, i = literal
        if "drizzle-kit" in value.lower():
            yield Snippet(value, [positions.at(offset)], fixed=True)
