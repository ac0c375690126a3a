"""Windows batch files (`*.cmd`, `*.bat`): each line a command (a `^` at its end joins the
next), read as the shell reader reads commands once cmd.exe's own spelling is undone:
`@` echo-off prefixes, `call` and `start`, `rem`/`::` comments and labels, `%%` in `for`,
blocks in parentheses, backslashed paths, `^` escapes and apostrophes (literal to cmd.exe)."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

_COMMENT = re.compile(r"(?i)^\s*@?\s*(?:rem(?:\s|$)|::|:[A-Za-z_])")
# What cmd.exe runs the rest of the line through: the rest is the command.
_PREFIX = re.compile(r'(?i)^\s*@?\s*(?:call\s+|start(?:\s+"[^"]*")?(?:\s+/\w+)*\s+)*')


def _words_form(line: str) -> str:
    """cmd.exe's line in the shell reader's spelling: outside double quotes, a backslash is a
    path separator, `^` escapes the next character, an apostrophe is a letter, parentheses
    delimit blocks (`if exist x (npx drizzle-kit push)`), `&` separates commands."""
    out: list[str] = []
    quoted = False
    at = 0
    while at < len(line):
        char = line[at]
        if char == '"':
            quoted = not quoted
            out.append(char)
        elif quoted:
            out.append("/" if char == "\\" else char)
        elif char == "^" and at + 1 < len(line):
            at += 1
            out.append("\\" + line[at] if line[at] in "&|<>()'\"" else line[at])
        elif char == "\\":
            out.append("/")
        elif char == "'":
            out.append("\\'")
        elif char in "()" or (
            char == "&" and not line.startswith("&", at + 1) and not (at and line[at - 1] in "&>")
        ):
            out.append(" ; ")
        else:
            out.append(char)
        at += 1
    return "".join(out).replace("%%", "%")


_SET = re.compile(r"""(?i)set\s+"?(\w+)=([^"]*)"?\Z""")


def snippets(text: str, path: str) -> Iterator[Snippet]:
    known: dict[str, tuple[str, ...]] = {}  # what `set` gave each name so far
    lines = text.split("\n")
    number = 0
    while number < len(lines):
        first = number
        line = lines[number].rstrip("\r")
        while line.endswith("^") and number + 1 < len(lines):  # a continued line
            number += 1
            line = line[:-1] + lines[number].rstrip("\r")
        number += 1
        if not line.strip() or _COMMENT.match(line):
            continue
        prefix = _PREFIX.match(line)
        start = prefix.end() if prefix else 0
        body = _words_form(line[start:])
        if body.strip():
            snippet = Snippet(body, [(first + 1, start + 1)], fixed=True)
            snippet.choices = dict(known) if known else None
            yield snippet
            assigned = _SET.match(body.strip())
            if assigned is not None:  # `set KIT=npx drizzle-kit`, then `%KIT% migrate`
                known[f"${assigned.group(1)}"] = (assigned.group(2).strip(),)
