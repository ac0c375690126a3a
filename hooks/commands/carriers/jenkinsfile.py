"""Jenkinsfiles (`Jenkinsfile`, `Jenkinsfile.*`, `*.jenkinsfile`) and the Groovy of a Jenkins
shared library (`vars/*.groovy`), declarative and scripted: the script of every `sh` step
(and `bat`, `powershell`, `pwsh`), written as `sh 'cmd'`, `sh "cmd"`, triple-quoted (either
quote), `sh('cmd')` or with named arguments (`sh script: '…', label: '…'`,
`sh(returnStdout: true, script: "…")`), literals joined by `+` read as one.

Read by a careful lexer of Groovy's comments and string literals, not a Groovy grammar: the
one published for tree-sitter (0.1.2) calls itself unpolished work in progress. A GString's
`${…}` stays in the text, as the shell would see an expansion; a script built at run time (a
variable, a method call) is never guessed at."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet
from hooks.commands.shell import POWERSHELL
from hooks.commands.shell import SH
from hooks.report.positions import Positions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

STEPS = {"sh": SH, "bat": SH, "powershell": POWERSHELL, "pwsh": POWERSHELL}
_TOKEN = re.compile(
    r"""//[^\n]*
    | /\*.*?(?:\*/|\Z)
    | (?P<str>'''(?:[^\\]|\\.)*?(?:'''|\Z)
      | \"\"\"(?:[^\\]|\\.)*?(?:\"\"\"|\Z)
      | '(?:[^'\\\n]|\\.)*'?
      | "(?:[^"\\\n]|\\.)*"?)
    | (?P<id>[A-Za-z_$][\w$]*)
    | (?P<punct>[^\s\w])
    """,
    re.S | re.X,
)
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\n": ""}
_LOOKAHEAD = 64  # tokens of one step's arguments searched for its script


def _tokens(text: str) -> list[tuple[str, str, int]]:
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is not None:
            found.append((kind, match.group(), match.start()))
    return found


def _literal(raw: str, offset: int) -> tuple[str, int, bool]:
    """(a string literal's value, the offset of its first character, exact: no escapes)."""
    quote = 3 if raw[:3] in ("'''", '"""') else 1
    body = raw[quote:]
    if body.endswith(raw[:quote]) and len(raw) >= 2 * quote:
        body = body[:-quote]

    def unescape(match: re.Match[str]) -> str:
        char = match.group(1)
        if char.startswith("u") and len(char) == 5:
            return chr(int(char[1:], 16))
        return _ESCAPES.get(char, char)

    value = _ESCAPE.sub(unescape, body)
    return value, offset + quote, value == body


def _script_at(toks: list[tuple[str, str, int]], i: int) -> tuple[str, int, bool] | None:
    """Literals joined by `+` from token i: (text, offset of the first, exact)."""
    if i >= len(toks) or toks[i][0] != "str":
        return None
    value, offset, exact = _literal(toks[i][1], toks[i][2])
    j = i + 1
    while j + 1 < len(toks) and toks[j][1] == "+" and toks[j + 1][0] == "str":
        more, _, _ = _literal(toks[j + 1][1], toks[j + 1][2])
        value, exact, j = value + more, False, j + 2
    return value, offset, exact


def _step_script(toks: list[tuple[str, str, int]], i: int) -> tuple[str, int, bool] | None:
    """The script of the step whose name is token i."""
    j = i + 1
    if j < len(toks) and toks[j][1] == "(":
        j += 1
    first = _script_at(toks, j)
    if first is not None:
        return first
    depth = 0
    for k in range(j, min(len(toks) - 2, j + _LOOKAHEAD)):
        value = toks[k][1]
        if value in "([{":
            depth += 1
        elif value in ")]}":
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0 and value == "script" and toks[k + 1][1] == ":":
            return _script_at(toks, k + 2)
    return None


# `environment { KIT = 'npx drizzle-kit' }`, `def KIT = "…"`: what `${KIT}` / `$KIT` is.
_ASSIGNED = re.compile(
    r"""(?m)(?:^|[{;])\s*(?:def\s+|env\.)?(\w+)\s*=\s*(['"])([^'"\n$]*)\2\s*(?=$|[};])"""
)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    known: dict[str, tuple[str, ...]] = {
        f"${m.group(1)}": (str(m.group(3)),) for m in _ASSIGNED.finditer(text)
    }
    for snippet in _steps(text):
        snippet.choices = known or None
        yield snippet


def _steps(text: str) -> Iterator[Snippet]:
    toks = _tokens(text)
    positions = Positions(text)
    for i, (kind, value, _) in enumerate(toks):
        dialect = STEPS.get(value) if kind == "id" else None
        if dialect is None or (i and toks[i - 1][1] in ("def", "=")):
            continue
        if i + 1 < len(toks) and toks[i + 1][1] in ("=", "."):
            continue  # a variable named sh, not the step
        found = _step_script(toks, i)
        if found is None:
            continue
        script, offset, exact = found
        line, col = positions.at(offset)
        if not exact:
            yield Snippet(script, [(line, col)], dialect, fixed=True)
            continue
        count = script.count("\n")
        yield Snippet(script, [(line, col)] + [(line + k, 1) for k in range(1, count + 1)], dialect)
