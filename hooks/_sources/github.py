"""GitHub Actions: `run:` of workflow steps (`.github/workflows/*.yml`) and of composite
actions (`action.yml`), and the `with:` inputs that well-known actions run as a script. The
step's shell decides the dialect: its own `shell:`, else the job's and then the workflow's
`defaults.run.shell`; `pwsh`/`powershell` read as PowerShell, `python` is no shell at all."""

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


# Actions that run one of their `with:` inputs as a script (read from each one's action.yml):
# action (owner/name, any case, any ref) -> (inputs, the input naming the shell, its default).
# Remote ones run on the host's shell; `retry` actions take a `shell` input of their own.
ACTION_SCRIPTS: dict[str, tuple[tuple[str, ...], str | None, str]] = {
    "appleboy/ssh-action": (("script",), None, "bash"),
    "garygrossgarten/github-action-ssh": (("command",), None, "bash"),
    "fifsky/ssh-action": (("command",), None, "bash"),
    "d3rhase/ssh-command-action": (("command",), None, "bash"),
    "jimcronqvist/action-ssh": (("command",), None, "bash"),
    "google-github-actions/ssh-compute": (("command",), None, "bash"),
    "nick-fields/retry": (("command", "on_retry_command", "new_command_on_retry"), "shell", "bash"),
    "nick-invision/retry": (
        ("command", "on_retry_command", "new_command_on_retry"),
        "shell",
        "bash",
    ),
    "wandalen/wretry.action": (("command",), None, "bash"),
    "azure/cli": (("inlinescript",), None, "bash"),
    "azure/powershell": (("inlinescript",), None, "pwsh"),
    "addnab/docker-run-action": (("run",), "shell", "sh"),
    "kohlerdominik/docker-run-action": (("run",), "shell", "sh"),
}


def _action_scripts(step: yaml.Node, lines: list[str]) -> Iterator[Snippet]:
    uses = (_yaml.scalar(_yaml.get(step, "uses")) or "").split("@", 1)[0].strip().lower()
    known = ACTION_SCRIPTS.get(uses)
    if known is None:
        return
    inputs, shell_input, default = known
    given = {key.lower(): value for key, value in _yaml.items(_yaml.get(step, "with"))}
    shell = _yaml.scalar(given.get(shell_input)) if shell_input else None
    dialect = _dialect(shell or default, None)
    if dialect is None:
        return
    for name in inputs:
        if name in given:
            yield from _yaml.shell_text(given[name], lines, dialect)


def _steps(steps: yaml.Node | None, lines: list[str], inherited: str | None) -> Iterator[Snippet]:
    for step in _yaml.sequence(steps):
        yield from _action_scripts(step, lines)
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
