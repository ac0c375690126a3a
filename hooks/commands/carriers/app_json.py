"""Heroku app manifests (`app.json`): `scripts` (`postdeploy`, `pr-predestroy`, …) and each
`environments.*.scripts`. (An Expo `app.json` has no scripts: nothing to read.)"""

from __future__ import annotations

from hooks.commands.carriers._json import Located

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet


def snippets(text: str, path: str) -> Iterator[Snippet]:
    doc = Located(text, path)
    tables: list[tuple[str, ...]] = [("scripts",), ("scripts", "dokku")]  # dokku's deploy tasks
    environments = doc.get("environments")
    if isinstance(environments, dict):
        tables += [("environments", name, "scripts") for name in environments]
    for keys in tables:
        scripts = doc.get(*keys)
        if isinstance(scripts, dict):
            for name in scripts:
                if isinstance(scripts[name], str):
                    yield from doc.snippets((*keys, name))
