"""Google Cloud Build (`cloudbuild*.yaml`, `cloudbuild*.json`): each step's `script` (shell
text) and its `entrypoint` + `args`. With no entrypoint a step runs its image's: a
`cloud-builders` image named after a program (npm, yarn, npx, pnpm, docker, gcloud…) runs
that program with the args; another image (node, bash) runs the args as a command."""

from __future__ import annotations

from hooks.commands.carriers import _yaml
from hooks.commands.carriers import command_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    if path.lower().endswith(".json"):
        text = text.replace("\t", " ")
    for doc in _yaml.documents(text, path):
        for step in _yaml.sequence(_yaml.get(doc, "steps")):
            yield from _yaml.shell_text(_yaml.get(step, "script"), lines)
            args = _yaml.get(step, "args")
            words = [_yaml.scalar(item) for item in _yaml.sequence(args)]
            if args is None or any(w is None for w in words):
                continue
            program = _yaml.scalar(_yaml.get(step, "entrypoint"))
            if program is None:
                image = (_yaml.scalar(_yaml.get(step, "name")) or "").split(":", 1)[0]
                if "/cloud-builders/" in image or "/cloud-sdk" in image:
                    program = image.rsplit("/", 1)[-1]
            listed = [w for w in words if w is not None]
            argv = [program, *listed] if program else listed
            mark = args.start_mark if args is not None else step.start_mark
            yield from command_value(argv, mark.line + 1, mark.column + 1)
