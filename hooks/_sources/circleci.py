"""CircleCI (`.circleci/config.yml` and the files beside it): every `run` step wherever it
stands (a job's `steps`, a reusable `commands:` entry, an orb's), as a string or as
`{command: …}`; a step's `shell:` naming PowerShell makes it PowerShell."""

from __future__ import annotations

from hooks._shell import POWERSHELL
from hooks._shell import SH
from hooks._sources import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks._sources import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for _, _, keys in _yaml.every_mapping(text, path):
        run = keys.get("run")
        if _yaml.is_scalar(run):
            yield from _yaml.shell_text(run, lines)
        elif _yaml.is_mapping(run):
            shell = (_yaml.scalar(_yaml.get(run, "shell")) or "").lower()
            dialect = POWERSHELL if "powershell" in shell or "pwsh" in shell else SH
            yield from _yaml.shell_text(_yaml.get(run, "command"), lines, dialect)
