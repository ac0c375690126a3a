"""PowerShell scripts (`*.ps1`, `*.psm1`, and files whose shebang names pwsh): the whole file
is PowerShell text."""

from __future__ import annotations

from hooks._shell import POWERSHELL
from hooks._sources.shell import whole_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks._sources import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    return whole_file(text, POWERSHELL)
