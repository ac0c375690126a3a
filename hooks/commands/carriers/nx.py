"""Nx projects (`project.json`): every target's `nx:run-commands` options — `command`, and
`commands` as strings or `{"command": …}` objects — in `options` and each `configurations`
entry, and the target-level `command` shorthand. (`nx:run-script` names a package.json
script: a caller, named in that script's own report.)"""

from __future__ import annotations

from hooks.commands.carriers._json import Located

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def _options(doc: Located, keys: tuple[object, ...]) -> Iterator[Snippet]:
    yield from doc.snippets((*keys, "command"))
    commands = doc.get(*keys, "commands")
    if isinstance(commands, list):
        for i, item in enumerate(commands):
            at = (*keys, "commands", i)
            yield from doc.snippets((*at, "command") if isinstance(item, dict) else at)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    doc = Located(text, path)
    targets = doc.get("targets")
    if not isinstance(targets, dict):
        return
    for name, target in targets.items():
        if not isinstance(target, dict):
            continue
        yield from doc.snippets(("targets", name, "command"))
        executor = target.get("executor", "nx:run-commands")
        if executor not in ("nx:run-commands", "@nrwl/workspace:run-commands"):
            continue
        yield from _options(doc, ("targets", name, "options"))
        configurations = target.get("configurations")
        if isinstance(configurations, dict):
            for config in configurations:
                yield from _options(doc, ("targets", name, "configurations", config))
