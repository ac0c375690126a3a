"""justfile recipes (`justfile`, `.justfile`, `*.just`): indented lines; a recipe with its
own shebang runs another interpreter and is skipped."""

from __future__ import annotations

from hooks.commands.carriers.make import recipe_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    return recipe_lines(text, makefile=False)
