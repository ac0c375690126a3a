"""Makefile recipes (`Makefile`, `GNUmakefile`, `*.mk`): tab-indented lines, `@ - +`
prefixes dropped, backslash continuations joined as make joins them."""

from __future__ import annotations

from hooks._sources import Snippet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def recipe_lines(text: str, *, makefile: bool) -> Iterator[Snippet]:
    """Makefile (tab-indented) or justfile (indented) recipe lines, prefixes `@ - +` dropped.

    A line ending in a backslash continues the recipe line, as make and just read it.
    """
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        indented = line.startswith("\t") if makefile else line[:1] in (" ", "\t")
        if not indented or not line.strip():
            i += 1
            continue
        parts: list[str] = []
        mapping: list[tuple[int, int]] = []
        first = True
        while True:
            body = line.lstrip(" \t")
            col = len(line) - len(body) + 1
            if first:
                stripped = body.lstrip("@-+")
                col += len(body) - len(stripped)
                body = stripped
                first = False
            parts.append(body)
            mapping.append((i + 1, col))
            if not body.endswith("\\") or i + 1 >= len(lines):
                break
            i += 1
            line = lines[i].rstrip("\r")
        i += 1
        if not makefile and parts[0].startswith("#!"):
            continue
        yield Snippet("\n".join(parts), mapping)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    return recipe_lines(text, makefile=True)
