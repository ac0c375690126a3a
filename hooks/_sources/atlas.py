"""Atlas configuration (`atlas.hcl`, `*.atlas.hcl`): a `data "external_schema"` block's
`program = [...]` runs a command (exec form) to produce the schema. `drizzle-kit export`
there is allowed; a banned subcommand is a run.

Only literal lists of strings are read (a scan of the HCL text: the list, its strings, its
comments); a program built from expressions is not guessed at.
"""

from __future__ import annotations

import re

from hooks._sources import Positions
from hooks._sources import command_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks._sources import Snippet

_PROGRAM = re.compile(r"(?m)^[ \t]*program[ \t]*=[ \t]*\[")
_ITEM = re.compile(r'\s+|,|#[^\n]*|//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|\]', re.S)


def _strings(text: str, start: int) -> list[str] | None:
    import json

    items: list[str] = []
    at = start
    while at < len(text):
        match = _ITEM.match(text, at)
        if match is None:
            return None  # an expression: not a literal list
        token = match.group()
        at = match.end()
        if token == "]":
            return items
        if token.startswith('"'):
            try:
                items.append(json.loads(token))
            except ValueError:
                return None
    return None


def snippets(text: str, path: str) -> Iterator[Snippet]:
    positions: Positions | None = None
    for match in _PROGRAM.finditer(text):
        program = _strings(text, match.end())
        if not program:
            continue
        positions = positions or Positions(text)
        line, col = positions.at(match.end() - 1)
        yield from command_value(program, line, col)
