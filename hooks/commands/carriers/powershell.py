"""PowerShell scripts (`*.ps1`, `*.psm1`, and files whose shebang names pwsh): the whole file
is PowerShell text."""

from __future__ import annotations

from hooks.commands.carriers.shell import whole_file
from hooks.commands.shell import POWERSHELL

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    return whole_file(text, POWERSHELL)
