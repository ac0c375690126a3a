"""CircleCI (`.circleci/config.yml` and the files beside it): every `run` step wherever it
stands (a job's `steps`, a reusable `commands:` entry, an orb's), as a string or as
`{command: …}`; a step's `shell:` naming PowerShell makes it PowerShell."""

from __future__ import annotations

import re

from hooks.commands.carriers import _yaml
from hooks.commands.shell import POWERSHELL
from hooks.commands.shell import SH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


# `<< parameters.sub >>` / `<< pipeline.parameters.sub >>`: filled in before any shell reads
# the step; a parameter's value is what its caller passes, its `enum` or its `default`.
_PARAMETER = re.compile(r"<<\s*(?:pipeline\.)?parameters\.([\w-]+)\s*>>")


def _parameters(text: str, path: str) -> dict[str, tuple[str, ...]]:
    """Every parameter's possible values the file states (`enum`, else `default`)."""
    found: dict[str, tuple[str, ...]] = {}
    for under, _, keys in _yaml.every_mapping(text, path):
        if under != "parameters":
            continue
        for name, spec in keys.items():
            enum = [_yaml.scalar(v) for v in _yaml.sequence(_yaml.get(spec, "enum"))]
            default = _yaml.scalar(_yaml.get(spec, "default"))
            values = [v for v in enum if v is not None] or ([default] if default else [])
            if values:
                found[f"parameters.{name}"] = tuple(values)
    return found


def _filled(snippet: Snippet, known: dict[str, tuple[str, ...]]) -> Snippet:
    """A step whose `<< parameters.x >>` is written as a value filled in where it runs
    (`${{ parameters.x }}`), with what the file says it can be as its choices."""
    if "<<" not in snippet.text:
        return snippet
    from hooks.commands.carriers import Snippet as Piece

    text = _PARAMETER.sub(lambda m: "${{ parameters." + m.group(1) + " }}", snippet.text)
    filled = Piece(text, snippet.lines[:1], snippet.dialect, fixed=True)
    filled.choices = known or None
    return filled


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    known = _parameters(text, path) if "parameters." in text else {}
    for _, _, keys in _yaml.every_mapping(text, path):
        run = keys.get("run")
        if _yaml.is_scalar(run):
            for snippet in _yaml.shell_text(run, lines):
                yield _filled(snippet, known)
        elif _yaml.is_mapping(run):
            shell = (_yaml.scalar(_yaml.get(run, "shell")) or "").lower()
            dialect = POWERSHELL if "powershell" in shell or "pwsh" in shell else SH
            for snippet in _yaml.shell_text(_yaml.get(run, "command"), lines, dialect):
                yield _filled(snippet, known)
