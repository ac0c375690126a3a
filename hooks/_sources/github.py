"""GitHub Actions: `run:` of workflow steps (`.github/workflows/*.yml`) and of composite
actions (`action.yml`). The step's shell decides the dialect: its own `shell:`, else the job's
and then the workflow's `defaults.run.shell`; `pwsh`/`powershell` read as PowerShell, `python`
is no shell at all."""

from __future__ import annotations

from hooks._shell import POWERSHELL
from hooks._shell import SH
from hooks._sources import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from hooks._sources import Snippet


def _dialect(shell: str | None, inherited: str | None) -> str | None:
    name = (shell or inherited or "bash").split()[0].lower()
    if name in ("pwsh", "powershell"):
        return POWERSHELL
    if name.startswith("python"):
        return None
    return SH


def _default_shell(node: yaml.Node | None) -> str | None:
    return _yaml.scalar(_yaml.get(_yaml.get(_yaml.get(node, "defaults"), "run"), "shell"))


def _steps(steps: yaml.Node | None, lines: list[str], inherited: str | None) -> Iterator[Snippet]:
    for step in _yaml.sequence(steps):
        run = _yaml.get(step, "run")
        if run is None:
            continue
        dialect = _dialect(_yaml.scalar(_yaml.get(step, "shell")), inherited)
        if dialect is not None:
            yield from _yaml.shell_text(run, lines, dialect)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for doc in _yaml.documents(text, path):
        workflow_shell = _default_shell(doc)
        for _, job in _yaml.items(_yaml.get(doc, "jobs")):
            shell = _default_shell(job) or workflow_shell
            yield from _steps(_yaml.get(job, "steps"), lines, shell)
        yield from _steps(_yaml.get(_yaml.get(doc, "runs"), "steps"), lines, None)
