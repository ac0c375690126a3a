"""Railway (`railway.json`, `railway.toml`): `build.buildCommand`, `deploy.startCommand` and
`deploy.preDeployCommand` (a string, or a list of commands run in turn)."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import _toml
from hooks.commands.carriers._json import Located
from hooks.repo.files import load_toml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

KEYS = (("build", "buildCommand"), ("deploy", "startCommand"), ("deploy", "preDeployCommand"))


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if path.lower().endswith(".json"):
        doc = Located(text, path)
        for keys in KEYS:
            yield from doc.each_command(keys)
        return
    data = load_toml(text, path)
    where = _toml.Locator(text)
    for section, key in KEYS:
        value = _toml.table(data, section).get(key)
        for command in value if isinstance(value, list) else [value]:
            if isinstance(command, str):
                yield Snippet(command, [where.at(key, command)], fixed=True)
