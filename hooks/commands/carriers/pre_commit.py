"""pre-commit / prek configuration (`.pre-commit-config.yaml`): a hook of a `local` (or
`meta`) repository runs its `entry`, with its `args` appended, as pre-commit does; with
`language: system`, `script` or `unsupported` that is a command line."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import _yaml
from hooks.commands.carriers import exec_form
from hooks.commands.shell import SH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for doc in _yaml.documents(text, path):
        for repo in _yaml.sequence(_yaml.get(doc, "repos")):
            if _yaml.scalar(_yaml.get(repo, "repo")) not in ("local", "meta"):
                continue
            for hook in _yaml.sequence(_yaml.get(repo, "hooks")):
                entry = _yaml.get(hook, "entry")
                found = _yaml.shell_text(entry, lines)
                if not found or entry is None:
                    continue
                args = [_yaml.scalar(a) for a in _yaml.sequence(_yaml.get(hook, "args"))]
                if args and all(a is not None for a in args):
                    text_with_args = found[0].text + " " + exec_form([a for a in args if a])
                    yield Snippet(text_with_args, found[0].lines, SH, fixed=found[0].fixed)
                else:
                    yield found[0]
