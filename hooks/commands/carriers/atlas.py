"""Atlas configuration (`atlas.hcl`, `*.atlas.hcl`): a `data "external_schema"` block's
`program = [...]` runs a command (exec form) to produce the schema. `drizzle-kit export`
there is allowed; a banned subcommand is a run.

The file is read with the HCL parser (`hooks.atlas.hcl`): every `program` attribute, in any block
at any depth, whose value is a literal list of strings (or one string). A program built from
expressions is not guessed at; invalid HCL is a ToolError, as the atlas.hcl guard reports it.
"""

from __future__ import annotations

from hooks.atlas.hcl import parse
from hooks.commands.carriers import command_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.atlas.hcl import Body
    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    pending: list[Body] = [parse(text, path)]
    while pending:  # a stack, not recursion: blocks may nest as deep as the text allows
        body = pending.pop()
        if "program" in body.attributes:
            line, col = body.position("program")
            yield from command_value(body.value("program"), line, col)
        pending.extend(block.body for block in reversed(body.blocks))
