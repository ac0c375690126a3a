"""Compose files (`compose.yaml`, `docker-compose*.yml`, …): `command` and `entrypoint` of
every service, as a string or a list (exec form), anchors, aliases and merge keys resolved, so
an `x-` extension field counts where a service uses it (and is reported where it is written);
an extension field no service uses runs nothing."""

from __future__ import annotations

from hooks._sources import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks._sources import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    seen: set[int] = set()
    for doc in _yaml.documents(text, path):
        for _, service in _yaml.items(_yaml.get(doc, "services")):
            for key in ("entrypoint", "command"):
                node = _yaml.get(service, key)
                if node is None or id(node) in seen:
                    continue  # one alias used by ten services is one finding
                seen.add(id(node))
                yield from _yaml.command(node, lines)
            develop = _yaml.get(_yaml.get(service, "develop"), "watch")
            for rule in _yaml.sequence(develop):
                exec_node = _yaml.get(_yaml.get(rule, "exec"), "command")
                yield from _yaml.command(exec_node, lines)
