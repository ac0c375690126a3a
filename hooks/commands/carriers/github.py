"""GitHub Actions: `run:` of workflow steps (`.github/workflows/*.yml`) and of composite
actions (`action.yml`), and the `with:` inputs that well-known actions run as a script. The
step's shell decides the dialect: its own `shell:`, else the job's and then the workflow's
`defaults.run.shell`; `pwsh`/`powershell` read as PowerShell, `python` is no shell at all."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import _yaml
from hooks.commands.shell import POWERSHELL
from hooks.commands.shell import SH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml


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
    "easingthemes/ssh-deploy": (("script_before", "script_after"), None, "bash"),
    "azure/cli": (("inlinescript",), None, "bash"),
    "azure/powershell": (("inlinescript",), None, "pwsh"),
    "addnab/docker-run-action": (("run",), "shell", "sh"),
    "kohlerdominik/docker-run-action": (("run",), "shell", "sh"),
}


def _action_scripts(step: yaml.Node, lines: list[str]) -> Iterator[Snippet]:
    uses = (_yaml.scalar(_yaml.get(step, "uses")) or "").split("@", 1)[0].strip().lower()
    if uses.startswith("docker://"):  # a container step: `with: entrypoint` + `args` run in it
        with_ = _yaml.get(step, "with")
        entry, args = _yaml.get(with_, "entrypoint"), _yaml.get(with_, "args")
        found = _yaml.shell_text(args if args is not None else entry, lines)
        text = " ".join(v for v in (_yaml.scalar(entry), _yaml.scalar(args)) if v)
        if found and text:
            yield Snippet(text, found[0].lines[:1], fixed=True)
        return
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


def _github_script(step: yaml.Node, lines: list[str], path: str) -> Iterator[Snippet]:
    """actions/github-script's `script:` is JavaScript: the commands it shells out to, at their
    places in the workflow."""
    from hooks.commands.carriers import code

    uses = (_yaml.scalar(_yaml.get(step, "uses")) or "").split("@", 1)[0].strip().lower()
    if uses != "actions/github-script":
        return
    for block in _yaml.shell_text(_yaml.get(_yaml.get(step, "with"), "script"), lines):
        for found in code.snippets(block.text, path):
            line, col = found.lines[0]
            at, start = block.lines[min(line, len(block.lines)) - 1]
            where = block.lines[0] if block.fixed else (at, start + col - 1)
            yield Snippet(found.text, [where], found.dialect, fixed=True)


def _steps(
    steps: yaml.Node | None,
    lines: list[str],
    inherited: str | None,
    choices: dict[str, tuple[str, ...]],
    path: str,
) -> Iterator[Snippet]:
    for step in _yaml.sequence(steps):
        known = _with_env(choices, _yaml.get(step, "env"))
        for snippet in _action_scripts(step, lines):
            snippet.choices = known
            yield snippet
        if "drizzle-kit" in (_yaml.scalar(_yaml.get(_yaml.get(step, "with"), "script")) or ""):
            yield from _github_script(step, lines, path)
        run = _yaml.get(step, "run")
        if run is None:
            continue
        dialect = _dialect(_yaml.scalar(_yaml.get(step, "shell")), inherited)
        if dialect is not None:
            for snippet in _yaml.shell_text(run, lines, dialect):
                snippet.choices = known
                yield snippet


# --- what a value filled in where a step runs can be (issue 37) -----------------------------
# `drizzle-kit ${{ inputs.command }}` runs whatever the input is given: an input with options
# (`type: choice`) or a boolean can be only those, a matrix axis only its values, an env
# variable only what it is set to; a free input is anything (see hooks/commands/variables.py).


def _inputs(doc: yaml.Node) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    triggers = _yaml.get(doc, "on")
    for trigger in ("workflow_dispatch", "workflow_call"):
        for name, spec in _yaml.items(_yaml.get(_yaml.get(triggers, trigger), "inputs")):
            options = [_yaml.scalar(o) for o in _yaml.sequence(_yaml.get(spec, "options"))]
            kind = (_yaml.scalar(_yaml.get(spec, "type")) or "").lower()
            if options and all(o is not None for o in options):
                found[f"inputs.{name}"] = tuple(o for o in options if o is not None)
            elif kind == "boolean":
                found[f"inputs.{name}"] = ("true", "false")
    return found


def _matrix(job: yaml.Node, choices: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    matrix = _yaml.get(_yaml.get(job, "strategy"), "matrix")
    if not _yaml.is_mapping(matrix):
        return choices
    found = dict(choices)
    axes: dict[str, list[str]] = {}
    for name, values in _yaml.items(matrix):
        if name in ("include", "exclude"):
            continue
        listed = [_yaml.scalar(v) for v in _yaml.sequence(values)]
        if listed and all(v is not None for v in listed):
            axes[name] = [v for v in listed if v is not None]
    for entry in _yaml.sequence(_yaml.get(matrix, "include")):
        for name, value in _yaml.items(entry):
            text = _yaml.scalar(value)
            if text is not None and (name in axes or not _yaml.get(matrix, name)):
                axes.setdefault(name, []).append(text)
    for name, seen in axes.items():
        found[f"matrix.{name}"] = tuple(dict.fromkeys(seen))
    return found


def _with_env(
    choices: dict[str, tuple[str, ...]], env: yaml.Node | None
) -> dict[str, tuple[str, ...]]:
    """The choices with an `env:` block's variables added: `$CMD` is what CMD is set to (the
    choices of the expression it is set from, when that is one alone)."""
    if env is None:
        return choices
    from hooks.commands.variables import ci_expression_key

    found = dict(choices)
    for name, node in _yaml.items(env):
        value = _yaml.scalar(node)
        if value is None:
            continue
        expression = re.fullmatch(r"\$\{\{\s*(.*?)\s*\}\}", value.strip(), re.S)
        if expression is None:
            if "${{" not in value:
                found[f"${name}"] = (value,)
            continue
        known = choices.get(ci_expression_key(expression.group(1)))
        if known is not None:
            found[f"${name}"] = known
    return found


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for doc in _yaml.documents(text, path):
        workflow_shell = _default_shell(doc)
        choices = _with_env(_inputs(doc), _yaml.get(doc, "env"))
        for _, job in _yaml.items(_yaml.get(doc, "jobs")):
            shell = _default_shell(job) or workflow_shell
            known = _with_env(_matrix(job, choices), _yaml.get(job, "env"))
            yield from _steps(_yaml.get(job, "steps"), lines, shell, known, path)
        runs = _yaml.get(_yaml.get(doc, "runs"), "steps")
        yield from _steps(runs, lines, None, choices, path)
