"""TypeScript/JavaScript that shells out: `exec`/`execSync`/`spawn`/`spawnSync`/`execFile`
(`child_process`), `execa`/`execaSync`/`execaCommand` and execa's or zx's or Bun's
`` $`…` ``, and `Bun.spawn([...])`, when the command is a string literal, a template whose
static text names the run (each `${…}` hole stays a `${…}` word), or an array of
literals. A computed command is never guessed at.

Infrastructure code (SST, AWS CDK, CDKTF, cdk8s, Pulumi) that hands a container or a task a
literal command counts too: in a file that imports one of those, an object literal's
`entryPoint`/`entrypoint` + `command` + `args` (lists of string literals make one exec-form
command; a string is shell text), and the `create`/`update`/`delete` of a Pulumi
`@pulumi/command` resource."""

from __future__ import annotations

import re

from hooks._sources import Positions
from hooks._sources import Snippet
from hooks._sources import exec_form

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks._js import Token

SHELL_TEXT = frozenset({"exec", "execSync", "execaCommand", "execaCommandSync"})
PROGRAM_ARGS = frozenset(
    {"spawn", "spawnSync", "execFile", "execFileSync", "execa", "execaSync", "execaNode"},
)


def _closing_parens(toks: list[Token]) -> dict[int, int]:
    """Each `(` token's index to its `)` token's index, in one pass (an unclosed one has none)."""
    from hooks._js import PUNCT

    closing: dict[int, int] = {}
    opened: list[int] = []
    for j, tok in enumerate(toks):
        if tok.kind == PUNCT and tok.value in "()":
            if tok.value == "(":
                opened.append(j)
            elif opened:
                closing[opened.pop()] = j
    return closing


# An import of an infrastructure-as-code library (or SST's own config file).
_INFRA = re.compile(
    r"""["'](?:sst(?:/[\w/.-]*)?|aws-cdk-lib(?:/[\w/.-]*)?|@aws-cdk/[\w/.-]+"""
    r"""|cdktf(?:/[\w/.-]*)?|@cdktf/[\w/.-]+|cdk8s(?:-plus-\d+)?|@pulumi/[\w/.-]+)["']"""
)
CONTAINER_KEYS = ("entryPoint", "entrypoint", "command", "args")
PULUMI_COMMAND_KEYS = ("create", "update", "delete")


def infra_commands(toks: list[Token], positions: Positions, pulumi: bool) -> Iterator[Snippet]:
    """The literal commands object literals hand to containers, tasks and Pulumi commands."""
    from hooks._js import object_literals

    for props in object_literals(toks):
        parts = [props[key] for key in CONTAINER_KEYS if key in props]
        if parts and all(isinstance(value, list) for value, _ in parts):
            words = [w for value, _ in parts if isinstance(value, list) for w in value]
            if words:
                yield Snippet(exec_form(words), [positions.at(parts[0][1])], fixed=True)
        else:
            for value, offset in parts:
                if isinstance(value, str):
                    yield Snippet(value, [positions.at(offset)], fixed=True)
        if pulumi:
            for key in PULUMI_COMMAND_KEYS:
                found = props.get(key)
                if found is not None and isinstance(found[0], str):
                    yield Snippet(found[0], [positions.at(found[1])], fixed=True)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    from hooks._js import IDENT
    from hooks._js import PUNCT
    from hooks._js import string_at
    from hooks._js import string_list
    from hooks._js import tokens

    toks = list(tokens(text))
    positions = Positions(text)

    closing: dict[int, int] | None = None

    def at(offset: int, command: str) -> Snippet:
        return Snippet(command, [positions.at(offset)], fixed=True)

    for i, tok in enumerate(toks):
        if tok.kind != IDENT:
            continue
        nxt = i + 1
        if tok.value == "$":
            # $`…`, or $({options})`…` (execa), or $.sync`…`
            if nxt < len(toks) and toks[nxt].is_(PUNCT, "("):
                if closing is None:
                    closing = _closing_parens(toks)
                nxt = closing.get(nxt, len(toks)) + 1
            literal = string_at(toks, nxt)
            if literal is not None:
                yield at(literal[1], literal[0])
            continue
        if nxt >= len(toks) or not toks[nxt].is_(PUNCT, "("):
            continue
        member_of = toks[i - 2].value if i >= 2 and toks[i - 1].is_(PUNCT, ".") else None
        if tok.value in SHELL_TEXT:
            literal = string_at(toks, nxt + 1)
            if literal is not None:
                yield at(literal[1], literal[0])
        elif tok.value in PROGRAM_ARGS or (member_of == "Bun" and tok.value == "spawnSync"):
            if member_of == "Bun":
                listed = string_list(toks, nxt + 1)
                if listed is not None and listed[0]:
                    yield at(toks[nxt + 1].offset, exec_form(listed[0]))
                continue
            literal = string_at(toks, nxt + 1)
            if literal is None:
                continue
            command, offset, after = literal
            args = None
            if after < len(toks) and toks[after].is_(PUNCT, ","):
                args = string_list(toks, after + 1)
            if args is not None:
                yield at(offset, exec_form([command, *args[0]]))
            else:
                yield at(offset, command)  # one string: a program, or a command with shell: true
    if _INFRA.search(text) or path.rsplit("/", 1)[-1].startswith("sst.config."):
        yield from infra_commands(toks, positions, "@pulumi/command" in text)
