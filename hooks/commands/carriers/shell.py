"""Shell scripts (`*.sh`, `*.bash`, `*.zsh`, `*.ksh`, and files whose shebang names a POSIX
shell): the whole file is shell text."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.shell import SH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def whole_file(text: str, dialect: str = SH) -> Iterator[Snippet]:
    yield Snippet(text, [(n, 1) for n in range(1, text.count("\n") + 2)], dialect)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    return whole_file(text)
