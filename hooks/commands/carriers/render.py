"""Render blueprints (`render.yaml`): `buildCommand`, `startCommand` and `preDeployCommand`
of every service (and of the preview and job shapes that carry the same keys)."""

from __future__ import annotations

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet

KEYS = ("buildCommand", "startCommand", "preDeployCommand", "dockerCommand")


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for doc in _yaml.documents(text, path):
        for group in ("services", "jobs", "cronJobs"):
            for service in _yaml.sequence(_yaml.get(doc, group)):
                for key in KEYS:
                    yield from _yaml.shell_text(_yaml.get(service, key), lines)
