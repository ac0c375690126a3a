"""lefthook (`lefthook.yml`, `.lefthook.yml`, `lefthook-local.yml`): every `run:` of every
hook's `commands`, `scripts` and `jobs` (jobs nest in groups), however deep."""

from __future__ import annotations

from hooks._sources import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from hooks._sources import Snippet


def _runs(
    node: yaml.Node | None,
    lines: list[str],
    seen: set[int],
    depth: int = 0,
) -> Iterator[Snippet]:
    if node is None or id(node) in seen or depth > 32:
        return
    seen.add(id(node))
    for key, value in _yaml.items(node):
        if key == "run":
            yield from _yaml.shell_text(value, lines)
        else:
            yield from _runs(value, lines, seen, depth + 1)
    for item in _yaml.sequence(node):
        yield from _runs(item, lines, seen, depth + 1)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for doc in _yaml.documents(text, path):
        yield from _runs(doc, lines, set())
