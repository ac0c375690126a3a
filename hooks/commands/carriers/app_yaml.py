"""`app.yaml`: Google App Engine's `entrypoint` (shell text run to start the app), and
DigitalOcean App Platform's specs (`app.yaml`, `.do/app.yaml`, `.do/deploy.template.yaml`):
the `run_command` and `build_command` of every service, worker, job (a `PRE_DEPLOY` job runs
before each deploy) and static site."""

from __future__ import annotations

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for under, _, keys in _yaml.every_mapping(text, path):
        if under is None:  # a document's top level: App Engine's entrypoint
            yield from _yaml.shell_text(keys.get("entrypoint"), lines)
        for key in ("run_command", "build_command"):
            yield from _yaml.shell_text(keys.get(key), lines)
