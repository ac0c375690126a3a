"""TypeScript/JavaScript that shells out: `exec`/`execSync`/`spawn`/`spawnSync`/`execFile`
(`child_process`), `execa`/`execaSync`/`execaCommand` and execa's or zx's or Bun's
`` $`…` ``, and `Bun.spawn([...])`, when the command is a string literal, a template whose
static text names the run (each `${…}` hole stays a `${…}` word), an array of literals,
or a name the file assigns such a literal (`const command = `…`; execSync(command)`, every
literal it is ever given). execa's template takes options first too: `` execa({…})`…` ``.
A computed command is never guessed at.

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


# Tags whose template literal is a command: zx's and Bun's `$`, execa's `$` and `execa`.
_TEMPLATE_TAGS = frozenset({"$", "execa", "execaSync"})
_DECLARATIONS = frozenset({"const", "let", "var"})


def _bindings(toks: list[Token]) -> dict[str, list[tuple[str, int]]]:
    """Every name assigned a string or template literal in the file (`const cmd = "…"`,
    `let cmd: string = "…"`, `cmd = "…"`): each literal it is ever given, with its offset.
    A command held in a variable and handed to exec is a command all the same."""
    from hooks._js import IDENT
    from hooks._js import PUNCT
    from hooks._js import string_at

    found: dict[str, list[tuple[str, int]]] = {}
    for i, tok in enumerate(toks):
        if tok.kind != PUNCT or tok.value != "=" or i == 0:
            continue
        name = toks[i - 1]
        if i >= 3 and toks[i - 2].is_(PUNCT, ":") and toks[i - 3].kind == IDENT:
            name = toks[i - 3]  # `let cmd: string = …`
        if name.kind != IDENT or name.value in _DECLARATIONS:
            continue
        previous = toks[i - 2] if i >= 2 and name is toks[i - 1] else None
        if previous is not None and previous.kind == PUNCT and previous.value in ".=!<>+-*/%&|^":
            continue  # a member (`a.b = …`) or a compound operator
        literal = string_at(toks, i + 1)
        if literal is not None:
            found.setdefault(name.value, []).append((literal[0], literal[1]))
    return found


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
    bound = _bindings(toks)
    shelled: set[str] = set()  # names already handed to a shell
    seen: set[tuple[int, str]] = set()  # one literal run the same way by two calls: one finding

    closing: dict[int, int] | None = None

    def at(offset: int, command: str) -> Iterator[Snippet]:
        if (offset, command) not in seen:
            seen.add((offset, command))
            yield Snippet(command, [positions.at(offset)], fixed=True)

    def after_call(j: int) -> int:
        nonlocal closing
        if closing is None:
            closing = _closing_parens(toks)
        return closing.get(j, len(toks)) + 1

    def arguments(j: int) -> list[tuple[str, int, int]]:
        """The command a call's first argument holds: a literal, or a name bound to one (each
        literal it is ever given)."""
        literal = string_at(toks, j)
        if literal is not None:
            return [literal]
        if j < len(toks) and toks[j].kind == IDENT and toks[j].value in bound:
            end = j + 1
            if end < len(toks) and toks[end].kind == PUNCT and toks[end].value in ",)":
                return [(value, offset, end) for value, offset in bound[toks[j].value]]
        return []

    for i, tok in enumerate(toks):
        if tok.kind != IDENT:
            continue
        nxt = i + 1
        if tok.value in _TEMPLATE_TAGS:
            # $`…`, $({options})`…`, execa`…`, execa({options})`…`
            if nxt < len(toks) and toks[nxt].is_(PUNCT, "("):
                literal = string_at(toks, after_call(nxt))
                if literal is not None:
                    yield from at(literal[1], literal[0])
                    continue
                if tok.value == "$":
                    continue
            else:
                literal = string_at(toks, nxt)
                if literal is not None:
                    yield from at(literal[1], literal[0])
                continue
        if nxt >= len(toks) or not toks[nxt].is_(PUNCT, "("):
            continue
        member_of = toks[i - 2].value if i >= 2 and toks[i - 1].is_(PUNCT, ".") else None
        if tok.value in SHELL_TEXT:
            first = toks[nxt + 1] if nxt + 1 < len(toks) else None
            if first is not None and first.kind == IDENT:
                if first.value in shelled:
                    continue  # its literals are reported once, however often it is run
                shelled.add(first.value)
            for command, offset, _ in arguments(nxt + 1):
                yield from at(offset, command)
        elif tok.value in PROGRAM_ARGS or (member_of == "Bun" and tok.value == "spawnSync"):
            if member_of == "Bun":
                listed = string_list(toks, nxt + 1)
                if listed is not None and listed[0]:
                    yield from at(toks[nxt + 1].offset, exec_form(listed[0]))
                continue
            for command, offset, after in arguments(nxt + 1):
                args = None
                if after < len(toks) and toks[after].is_(PUNCT, ","):
                    args = string_list(toks, after + 1)
                if args is not None:
                    yield from at(offset, exec_form([command, *args[0]]))
                else:
                    yield from at(offset, command)  # a program, or a command with shell: true
    if _INFRA.search(text) or path.rsplit("/", 1)[-1].startswith("sst.config."):
        yield from infra_commands(toks, positions, "@pulumi/command" in text)
