"""Netlify (`netlify.toml`): `[build] command`, `[dev] command`, and `[context.*] command`
(production, deploy-preview, branch-deploy, any branch name)."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import _toml
from hooks.repo.files import load_toml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def snippets(text: str, path: str) -> Iterator[Snippet]:
    data = load_toml(text, path)
    where = _toml.Locator(text)
    tables = [_toml.table(data, "build"), _toml.table(data, "dev")]
    tables += [t for t in _toml.table(data, "context").values() if isinstance(t, dict)]
    for table in tables:
        command = table.get("command")
        if isinstance(command, str):
            yield Snippet(command, [where.at("command", command)], fixed=True)
