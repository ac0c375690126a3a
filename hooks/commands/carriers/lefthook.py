"""lefthook (`lefthook.yml`, `.lefthook.yml`, `lefthook-local.yml`): every `run:` of every
hook's `commands`, `scripts` and `jobs` (jobs nest in groups), however deep."""

from __future__ import annotations

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from hooks.commands.carriers import Snippet


def _runs(root: yaml.Node | None, lines: list[str]) -> Iterator[Snippet]:
    """Every `run:` under `root`, in file order, each node once (no depth limit: groups of
    jobs nest as deep as a person writes them)."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        below: list[yaml.Node] = []
        for key, value in _yaml.items(node):
            if key == "run":
                yield from _yaml.shell_text(value, lines)
            else:
                below.append(value)
        below.extend(_yaml.sequence(node))
        stack.extend(reversed(below))


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    for doc in _yaml.documents(text, path):
        yield from _runs(doc, lines)
