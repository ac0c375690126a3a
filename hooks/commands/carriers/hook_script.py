"""Git hooks and deploy hooks kept as files in known folders: `.husky/*` (husky 9 writes them
without a shebang: sh runs them), `.githooks/*`, `.kamal/hooks/*`, and mise's file tasks
(`.mise/tasks/*`, `mise-tasks/*`). A shebang naming PowerShell makes it PowerShell; one
naming another interpreter (node, python) makes it no shell script at all."""

from __future__ import annotations

from hooks.commands.carriers import EXECLINE
from hooks.commands.carriers import shebang_dialect
from hooks.commands.carriers.shell import whole_file
from hooks.commands.shell import SH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if text.startswith("#!"):
        dialect = shebang_dialect(text[:200].encode("utf-8", "replace"))
        if dialect is None:
            return iter(())
        if dialect == EXECLINE:
            from hooks.commands.carriers import execline

            return execline.snippets(text, path)
        return whole_file(text, dialect)
    return whole_file(text, SH)
