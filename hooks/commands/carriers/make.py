"""Makefile recipes (`Makefile`, `GNUmakefile`, `*.mk`): tab-indented lines, `@ - +`
prefixes dropped, backslash continuations joined as make joins them; the file's variables
(`KIT = npx drizzle-kit`, `:=`, `?=`, `+=`) expanded where a recipe names them (`$(KIT)`,
`${KIT}`), as justfile's (`kit := "npx drizzle-kit"`, `{{kit}}`)."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


_MAKE_VARIABLE = re.compile(
    r"(?m)^(?:(?:export|override)[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*(::?=|\?=|\+=|=)"
    r"[ \t]*(.*?)[ \t]*\r?$"
)
_JUST_VARIABLE = re.compile(
    r"(?m)^(?:export[ \t]+)?([A-Za-z_][\w-]*)[ \t]*:=[ \t]*"
    r"""(?:"([^"\n]*)"|'([^'\n]*)'|(\S.*?))[ \t]*\r?$"""
)
_MAKE_USE = re.compile(r"\$[({]([A-Za-z_][\w.-]*)[)}]")
_JUST_USE = re.compile(r"\{\{\s*([A-Za-z_][\w-]*)\s*\}\}")


def variables(text: str, *, makefile: bool) -> dict[str, str]:
    """The file's own variables, each as its value reads once the ones it names are known."""
    found: dict[str, str] = {}
    if makefile:
        for match in _MAKE_VARIABLE.finditer(text):
            name, how, value = match.groups()
            value = _MAKE_USE.sub(lambda m: found.get(m.group(1), m.group(0)), value)
            found[name] = f"{found.get(name, '')} {value}".strip() if how == "+=" else value
    else:
        for match in _JUST_VARIABLE.finditer(text):
            name = match.group(1)
            value = next(g for g in match.groups()[1:] if g is not None)
            found[name] = _JUST_USE.sub(lambda m: found.get(m.group(1), m.group(0)), value)
    return found


def _expanded(body: str, known: dict[str, str], *, makefile: bool) -> str:
    use = _MAKE_USE if makefile else _JUST_USE
    return use.sub(lambda m: known.get(m.group(1), m.group(0)), body)


def recipe_lines(text: str, *, makefile: bool) -> Iterator[Snippet]:
    """Makefile (tab-indented) or justfile (indented) recipe lines, prefixes `@ - +` dropped.

    A line ending in a backslash continues the recipe line, as make and just read it.
    """
    lines = text.split("\n")
    use = "$" if makefile else "{{"
    known = variables(text, makefile=makefile) if use in text else {}
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
        joined = "\n".join(parts)
        expanded = _expanded(joined, known, makefile=makefile) if known else joined
        if expanded != joined:  # (a variable's value moves what follows: one place for all)
            yield Snippet(expanded, mapping[:1], fixed=True)
        else:
            yield Snippet(joined, mapping)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    return recipe_lines(text, makefile=True)
