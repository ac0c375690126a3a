"""Azure Pipelines (`azure-pipelines*.yml`, templates under `.azure-pipelines/` and
`.azuredevops/`, and any other YAML file shaped like one: see `shaped`): every step wherever
it stands (a pipeline's, a stage's or a job's `steps`, a deployment job's strategy hooks, a
template's), as the step shortcuts `script:` and `bash:`
(shell text) and `pwsh:` / `powershell:` (PowerShell), and the script tasks' inline inputs:
`Bash@3` and `CmdLine@2` (`script`), `PowerShell@2` and `AzurePowerShell@5` (`script`,
`Inline`), `AzureCLI@2` (`inlineScript`, in its `scriptType`'s dialect). A task that runs a
script file (`filePath`, `scriptPath`) names a file the shell carrier reads itself."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import _yaml
from hooks.commands.shell import POWERSHELL
from hooks.commands.shell import SH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml


SHORTCUTS = {"script": SH, "bash": SH, "pwsh": POWERSHELL, "powershell": POWERSHELL}
# A task (its name before `@`, any case) -> (the inputs it runs inline, their dialect).
TASKS = {
    "bash": (("script",), SH),
    "cmdline": (("script",), SH),
    "powershell": (("script",), POWERSHELL),
    "azurepowershell": (("inline", "script"), POWERSHELL),
    "azurecli": (("inlinescript",), SH),  # scriptType ps / pscore: PowerShell
    "npm": ((), SH),  # Npm@1: its `customCommand` is npm's arguments
}


def _task(step: yaml.Node, lines: list[str]) -> Iterator[Snippet]:
    name = (_yaml.scalar(_yaml.get(step, "task")) or "").split("@", 1)[0].strip().lower()
    known = TASKS.get(name)
    if known is None:
        return
    inputs = {key.lower(): value for key, value in _yaml.items(_yaml.get(step, "inputs"))}
    names, dialect = known
    if name == "azurecli":
        kind = (_yaml.scalar(inputs.get("scripttype")) or "").strip().lower()
        dialect = POWERSHELL if kind in ("ps", "pscore") else SH
    for key in names:
        if key in inputs:
            yield from _yaml.shell_text(inputs[key], lines, dialect)
    if name == "npm" and "customcommand" in inputs:  # Npm@1 `command: custom`: npm's words
        for snippet in _yaml.shell_text(inputs["customcommand"], lines, SH):
            yield Snippet("npm " + snippet.text, snippet.lines[:1], fixed=True)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    return from_documents(_yaml.documents(text, path), text.split("\n"))


def shaped(doc: yaml.Node) -> bool:
    """Is this document an Azure Pipelines file (for a template found by its content)? Its
    top level lists stages (`- stage:`), jobs (`- job:`, `- deployment:`) or steps that are
    Azure's own (`- task:`, `- bash:`, `- pwsh:`, `- powershell:`, `- script:`)."""
    for key, marks in (("stages", STAGE), ("jobs", JOB), ("steps", STEP)):
        for item in _yaml.sequence(_yaml.get(doc, key)):
            if any(name in marks for name, _ in _yaml.items(item)):
                return True
    return False


STAGE = frozenset({"stage"})
JOB = frozenset({"job", "deployment"})
STEP = frozenset({"task", "bash", "pwsh", "powershell", "script"})


def from_documents(docs: list[yaml.Node], lines: list[str]) -> Iterator[Snippet]:
    walked: set[int] = set()  # each node once, however many aliases or templates name it
    for doc in docs:
        stack: list[yaml.Node] = [doc]
        while stack:  # every mapping of the file, without recursion
            node = stack.pop()
            if id(node) in walked:
                continue
            walked.add(id(node))
            if _yaml.is_mapping(node):
                pairs = _yaml.items(node)
                for key, value in pairs:
                    dialect = SHORTCUTS.get(key)
                    if dialect is not None and _yaml.is_scalar(value):
                        yield from _yaml.shell_text(value, lines, dialect)
                if _yaml.get(node, "task") is not None:
                    yield from _task(node, lines)
                    inputs = _yaml.get(node, "inputs")
                    if inputs is not None:
                        walked.add(id(inputs))  # a task's `script` input is not a step
                stack.extend(value for _, value in reversed(pairs))
            elif _yaml.is_sequence(node):
                stack.extend(reversed(node.value))
