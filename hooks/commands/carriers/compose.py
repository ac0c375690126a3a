"""Compose files (`compose.yaml`, `docker-compose*.yml`, …): `command` and `entrypoint` of
every service, as a string or a list (exec form), anchors, aliases and merge keys resolved, so
an `x-` extension field counts where a service uses it (and is reported where it is written);
an extension field no service uses runs nothing."""

from __future__ import annotations

from hooks.commands.carriers import _yaml
from hooks.commands.carriers import command_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    seen: set[int] = set()
    for doc in _yaml.documents(text, path):
        for _, service in _yaml.items(_yaml.get(doc, "services")):
            entry, given = _yaml.get(service, "entrypoint"), _yaml.get(service, "command")
            if _yaml.is_sequence(entry) and _yaml.is_sequence(given):
                # entrypoint: [npx, drizzle-kit] + command: [migrate]: one command
                words = [_yaml.scalar(n) for n in (*entry.value, *given.value)]  # type: ignore[union-attr]
                if all(w is not None for w in words) and entry is not None:
                    mark = entry.start_mark
                    yield from command_value(
                        [w for w in words if w is not None], mark.line + 1, mark.column + 1
                    )
            for key in ("entrypoint", "command"):
                node = _yaml.get(service, key)
                if node is None or id(node) in seen:
                    continue  # one alias used by ten services is one finding
                seen.add(id(node))
                yield from _yaml.command(node, lines)
            for hook in ("post_start", "pre_stop"):  # lifecycle hooks: `- command: …`
                for entry in _yaml.sequence(_yaml.get(service, hook)):
                    yield from _yaml.command(_yaml.get(entry, "command"), lines)
            develop = _yaml.get(_yaml.get(service, "develop"), "watch")
            for rule in _yaml.sequence(develop):
                exec_node = _yaml.get(_yaml.get(rule, "exec"), "command")
                yield from _yaml.command(exec_node, lines)
