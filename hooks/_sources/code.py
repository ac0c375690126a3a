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
    from collections.abc import Callable
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
            continue
        # `const npx = isWin ? "npx.cmd" : "npx"`: each branch's literal
        for j in range(i + 1, min(i + 16, len(toks))):
            if toks[j].kind == PUNCT and toks[j].value in ";{}":
                break
            if toks[j].is_(PUNCT, "?"):
                yes = string_at(toks, j + 1)
                if yes is not None and yes[2] < len(toks) and toks[yes[2]].is_(PUNCT, ":"):
                    no = string_at(toks, yes[2] + 1)
                    if no is not None:
                        found.setdefault(name.value, []).extend([(yes[0], yes[1]), (no[0], no[1])])
                break
    return found


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


# --- the other names a process API goes by, and the file's own helpers around one -------------
_APIS = SHELL_TEXT | PROGRAM_ARGS
_KEYWORDS = frozenset(
    {"if", "for", "while", "switch", "catch", "function", "with", "return", "await", "new",
     "typeof", "void", "do", "else", "try", "yield", "super", "import", "export"}
)  # fmt: skip
_METHOD_BEFORE = frozenset({"{", "}", ";", "async", "static", "public", "private", "protected"})


def _templates(toks: list[Token]) -> dict[int, tuple[str, int]]:
    """Each template literal's text (holes shown as HOLE) and the index after it, by the
    index of its first token, in one pass however deep templates nest."""
    from hooks._js import HOLE
    from hooks._js import TEMPLATE_HEAD
    from hooks._js import TEMPLATE_MIDDLE
    from hooks._js import TEMPLATE_TAIL

    found: dict[int, tuple[str, int]] = {}
    open_: list[tuple[int, list[str]]] = []
    for j, tok in enumerate(toks):
        if tok.kind == TEMPLATE_HEAD:
            open_.append((j, [tok.value]))
        elif tok.kind in (TEMPLATE_MIDDLE, TEMPLATE_TAIL) and open_:
            open_[-1][1].append(tok.value)
            if tok.kind == TEMPLATE_TAIL:
                start, parts = open_.pop()
                found[start] = (HOLE.join(parts), j + 1)
    return found


def _brackets(toks: list[Token]) -> dict[int, int]:
    """Each `(`, `[` and `{` token's index to its closing token's index, in one pass."""
    from hooks._js import PUNCT

    closing: dict[int, int] = {}
    opened: list[int] = []
    for j, tok in enumerate(toks):
        if tok.kind != PUNCT:
            continue
        if tok.value in "([{":
            opened.append(j)
        elif tok.value in ")]}" and opened:
            closing[opened.pop()] = j
    return closing


def _chain_start(toks: list[Token], i: int) -> int:
    """The first token of the member chain that ends at token i (`util.promisify` -> `util`)."""
    from hooks._js import IDENT
    from hooks._js import PUNCT

    while i >= 2 and toks[i - 1].is_(PUNCT, ".") and toks[i - 2].kind == IDENT:
        i -= 2
    return i


def _assigned_to(toks: list[Token], i: int) -> str | None:
    """The name a value starting at token i is assigned to (`const run = …`, `run = …`)."""
    from hooks._js import IDENT
    from hooks._js import PUNCT

    if i >= 2 and toks[i - 1].is_(PUNCT, "=") and toks[i - 2].kind == IDENT:
        before = toks[i - 3] if i >= 3 else None
        if before is None or not (before.kind == PUNCT and before.value in ".=!<>+-*/%&|^"):
            return toks[i - 2].value
    return None


def _aliases(toks: list[Token]) -> tuple[dict[str, str], set[str]]:
    """Other names this file gives a process API: `import { execSync as sh }`, `const { exec:
    run } = require(…)`, `const run = promisify(exec)` (`util.promisify(cp.exec)`), `const run =
    execSync`; and execa's or zx's `$` bound to options (`const $$ = $({ stdio: "inherit" })`)."""
    from hooks._js import IDENT
    from hooks._js import PUNCT

    found: dict[str, str] = {}
    tags: set[str] = set()
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.kind != IDENT:
            continue
        nxt = toks[i + 1] if i + 1 < n else None
        if tok.value == "$" and nxt is not None and nxt.is_(PUNCT, "("):
            name = _assigned_to(toks, i)
            if name is not None:
                tags.add(name)
            continue
        if tok.value not in _APIS or nxt is None:
            continue
        if nxt.is_(IDENT, "as") and i + 2 < n and toks[i + 2].kind == IDENT:
            found[toks[i + 2].value] = tok.value
            continue
        if (
            nxt.is_(PUNCT, ":")
            and i + 3 < n
            and toks[i + 2].kind == IDENT
            and toks[i + 3].kind == PUNCT
            and toks[i + 3].value in ",}"
            and i > 0
            and toks[i - 1].kind == PUNCT
            and toks[i - 1].value in "{,"
        ):
            found[toks[i + 2].value] = tok.value  # const { exec: run } = require(...)
            continue
        first = _chain_start(toks, i)
        before = toks[first - 1] if first > 0 else None
        if before is not None and before.is_(PUNCT, "(") and nxt.is_(PUNCT, ")") and first >= 2:
            wrapper = toks[first - 2]
            if wrapper.is_(IDENT, "promisify"):
                name = _assigned_to(toks, _chain_start(toks, first - 2))
                if name is not None:
                    found[name] = tok.value
            continue
        if nxt.kind == PUNCT and nxt.value in ";,)":
            name = _assigned_to(toks, first)
            if name is not None and name not in _APIS:
                found[name] = tok.value  # const run = execSync;
    return found, tags


class _Model:
    """What a helper function of the file runs, by its parameters: the process API it calls,
    the command (a parameter's index, a literal, or a template whose holes may be parameters)
    and the arguments (a parameter's index, or a list whose items may spread a parameter)."""

    __slots__ = ("api", "args", "command", "rest")

    def __init__(
        self,
        api: str,
        command: int | str | list[str | int | None],
        args: int | list[str | int | None] | None,
        rest: set[int],
    ) -> None:
        self.api = api
        self.command = command
        self.args = args
        self.rest = rest


def _params(toks: list[Token], open_at: int, close_at: int) -> tuple[list[str], set[int]]:
    """A parameter list's names by position (a destructured one is ""), and which are rest."""
    from hooks._js import IDENT
    from hooks._js import PUNCT

    names: list[str] = []
    rest: set[int] = set()
    expecting, depth = True, 0
    for j in range(open_at + 1, close_at):
        tok = toks[j]
        if tok.kind == PUNCT and tok.value in "([{<":
            depth += 1
        elif tok.kind == PUNCT and tok.value in ")]}>":
            depth -= 1
        if depth == 0 and tok.is_(PUNCT, ","):
            if expecting:
                names.append("")
            expecting = True
            continue
        if expecting and depth == 0 and tok.kind == IDENT:
            if toks[j - 1].is_(PUNCT, "."):
                rest.add(len(names))
            names.append(tok.value)
            expecting = False
        elif expecting and depth and tok.kind == PUNCT and tok.value in "[{":
            names.append("")
            expecting = False
    return names, rest


def _functions(
    toks: list[Token], closing: dict[int, int]
) -> list[tuple[int, int, str, list[str], set[int]]]:
    """The file's named functions: (body start, body end, name, parameters, rest parameters):
    `function run(cmd) {…}`, `const run = async (cmd: string) => …`, a method `run(cmd) {…}`."""
    from hooks._js import IDENT
    from hooks._js import PUNCT

    found = []
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.kind != PUNCT or tok.value != "(" or i == 0 or i not in closing:
            continue
        close = closing[i]
        name_at = i - 1
        if toks[name_at].is_(IDENT, "async"):
            name_at -= 1
        name_tok = toks[name_at] if name_at >= 0 else None
        name: str | None = None
        arrow = False
        if name_tok is not None and name_tok.is_(IDENT, "function"):
            name = _assigned_to(toks, name_at)  # `const run = function (c) {…}`
            if name is None:
                continue  # an anonymous function expression, assigned to nothing
        if (
            name_tok is not None
            and name_tok.kind == IDENT
            and name_tok.value not in _KEYWORDS
            and name_at >= 1
            and toks[name_at - 1].is_(IDENT, "function")
        ):
            name = name_tok.value  # function run(…) {…}
        elif name_tok is not None and name_tok.is_(PUNCT, "="):
            name = _assigned_to(toks, name_at + 1)  # run = (…) => …
            arrow = True
        elif name_tok is not None and name_tok.is_(PUNCT, ":") and name_at >= 1:
            if toks[name_at - 1].kind == IDENT:
                name, arrow = toks[name_at - 1].value, True  # { run: (…) => … }
        elif (
            name_tok is not None
            and name_tok.kind == IDENT
            and name_tok.value not in _KEYWORDS
            and name_at >= 1
            and (toks[name_at - 1].kind == PUNCT or toks[name_at - 1].kind == IDENT)
            and toks[name_at - 1].value in _METHOD_BEFORE
        ):
            name = name_tok.value  # a method: run(…) {…}
        if name is None:
            continue
        # what follows the parameters: `{` (after a return type), or `=>` for an arrow
        j, limit = close + 1, min(close + 40, n)
        while j < limit and not toks[j].is_(PUNCT, "{"):
            if toks[j].is_(PUNCT, "=") and j + 1 < n and toks[j + 1].is_(PUNCT, ">"):
                break
            if toks[j].kind == PUNCT and toks[j].value in ";)":
                j = limit
                break
            j += 1
        if j >= limit:
            continue
        if toks[j].is_(PUNCT, "="):
            body = j + 2
            if body < n and toks[body].is_(PUNCT, "{"):
                end = closing.get(body, n - 1)
            else:
                end = _expression_end(toks, body, closing)
        elif arrow:
            continue  # `x = (…) {` is no function
        else:
            end = closing.get(j, n - 1)
            body = j
        params, rest = _params(toks, i, close)
        found.append((body, end, name, params, rest))
    return found


def _expression_end(toks: list[Token], i: int, closing: dict[int, int]) -> int:
    """The last token of an arrow function's expression body that is a call
    (`=> execSync(cmd)`, `=> await run(cmd, args)`), in constant time."""
    from hooks._js import IDENT
    from hooks._js import PUNCT

    n = len(toks)
    while i < n and toks[i].kind == IDENT and toks[i].value in ("await", "void", "new", "return"):
        i += 1
    for j in range(i, min(i + 12, n)):
        if toks[j].is_(PUNCT, "("):
            return closing.get(j, n - 1)
        if toks[j].kind == PUNCT and toks[j].value not in ".":
            break
    return i


def _call_args(toks: list[Token], open_at: int, closing: dict[int, int]) -> list[tuple[int, int]]:
    """A call's arguments as token ranges [start, end), stepping over nested brackets."""
    from hooks._js import PUNCT

    if open_at not in closing:
        return []  # an unclosed call is no code that runs (and is not scanned to the end)
    close = closing[open_at]
    args: list[tuple[int, int]] = []
    start = j = open_at + 1
    while j < close:
        tok = toks[j]
        if tok.kind == PUNCT and tok.value in "([{" and j in closing:
            j = closing[j] + 1
            continue
        if tok.is_(PUNCT, ","):
            args.append((start, j))
            start = j + 1
        j += 1
    if start < close:
        args.append((start, close))
    return args


# What a shelled-out word shows when the code computes it: a name the analysis cannot know.
_PROGRAM_PATHS = {"process.execPath": "node", "process.argv0": "node"}
_RESOLVERS = frozenset({"resolve", "join", "fileURLToPath"})  # require.resolve("drizzle-kit/…")


class _Reader:
    """One TypeScript/JavaScript file's commands, in a few linear passes over its tokens."""

    def __init__(self, toks: list[Token], text: str) -> None:
        self.toks = toks
        self.bound = _bindings(toks)
        self.aliases, self.tags = _aliases(toks)
        self.closing = _brackets(toks)
        self.helpers: dict[str, _Model] = {}
        self.cross_spawn = "cross-spawn" in text
        self.at_calls: set[int] = set()
        # template literals by the offset of their first token (a name bound to one is filled)
        self.heads = {t.offset: i for i, t in enumerate(toks) if t.kind == "tpl-head"}
        self.templates = _templates(toks) if self.heads else {}
        self.seen: set[tuple[int, str]] = set()
        if "=>" in text or "function" in text or ") {" in text or "){" in text:
            self._find_helpers()

    def literal(self, i: int) -> tuple[str, int, int] | None:
        """string_at, with each template's text read once for the file (nested templates:
        linear, where a scan per template was quadratic)."""
        from hooks._js import STRING

        if i >= len(self.toks):
            return None
        tok = self.toks[i]
        if tok.kind == STRING:
            return tok.value, tok.offset, i + 1
        found = self.templates.get(i)
        return None if found is None else (found[0], tok.offset, found[1])

    # -- words --------------------------------------------------------------------------------
    def values(self, start: int, end: int) -> list[tuple[str, int]]:
        """A command argument's possible texts with their offsets: a literal, a template (holes
        shown as `${…}`), a concatenation, or a name bound to literals (each one it is given)."""
        from hooks._js import IDENT

        toks = self.toks
        literal = self.literal(start)
        if literal is not None and literal[2] == end:
            return [(text, literal[1]) for text in self.filled(start, literal[0])]
        if end == start + 1 and toks[start].kind == IDENT and toks[start].value in self.bound:
            found = []
            for text, offset in self.bound[toks[start].value]:
                at = self.heads.get(offset)
                found += [
                    (t, offset) for t in (self.filled(at, text) if at is not None else [text])
                ]
            return found
        close = self.closing.get(start, -1)
        if (
            close + 6 == end  # ["npx", "drizzle-kit", "migrate"].join(" ")
            and toks[close + 1].value == "."
            and toks[close + 2].value == "join"
            and toks[close + 4].kind == "str"
        ):
            listed = self.words(start, close + 1)
            if listed:
                return [(toks[close + 4].value.join(listed), toks[start].offset)]
        joined = self.concatenation(start, end)
        return [] if joined is None else joined

    def filled(self, head: int, text: str) -> list[str]:
        """A template's texts with each hole that is a name the file gives literals filled
        with them (`${sub}` where `sub` is "check" or "pull"): a subcommand that can only be
        what writes nothing is no run. Other holes stay HOLE; at most 8 texts."""
        from hooks._js import HOLE
        from hooks._js import IDENT
        from hooks._js import TEMPLATE_HEAD
        from hooks._js import TEMPLATE_MIDDLE
        from hooks._js import TEMPLATE_TAIL

        toks = self.toks
        if HOLE not in text or toks[head].kind != TEMPLATE_HEAD:
            return [text]
        texts = [toks[head].value]
        j, hole = head + 1, head + 1
        while j < len(toks) and j - head < 400:
            kind = toks[j].kind
            if kind == TEMPLATE_HEAD:
                return [text]  # a template in a hole: shown as written
            if kind in (TEMPLATE_MIDDLE, TEMPLATE_TAIL):
                inner = toks[hole:j]
                options = [HOLE]
                if len(inner) == 1 and inner[0].kind == IDENT:
                    given = {v for v, _ in self.bound.get(inner[0].value, ()) if HOLE not in v}
                    if given and len(given) <= 4:
                        options = sorted(given)
                texts = [t + o + toks[j].value for t in texts for o in options][:8]
                hole = j + 1
                if kind == TEMPLATE_TAIL:
                    return texts
            j += 1
        return [text]

    def concatenation(self, start: int, end: int) -> list[tuple[str, int]] | None:
        """`"npx drizzle-kit " + cmd`: the literals joined, a name the file gives literals
        each of them (at most 8 texts), every other operand a hole."""
        from hooks._js import HOLE
        from hooks._js import PUNCT

        toks = self.toks
        texts = [""]
        count = 0
        offset = -1
        j = start
        while j < end:
            literal = self.literal(j)
            given = (
                {v for v, _ in self.bound.get(toks[j].value, ()) if HOLE not in v}
                if toks[j].kind == "id" and (j + 1 == end or toks[j + 1].is_(PUNCT, "+"))
                else set()
            )
            if literal is not None:
                texts = [t + literal[0] for t in texts]
                offset = literal[1] if offset < 0 else offset
                j = literal[2]
            elif given and len(given) <= 4:
                texts = [t + v for t in texts for v in sorted(given)][:8]  # a name's literals
                j += 1
            else:
                k = j
                while k < end and not toks[k].is_(PUNCT, "+"):
                    if toks[k].kind == PUNCT and toks[k].value in "([{":
                        if k not in self.closing:
                            return None  # unclosed: no operand we can read
                        k = self.closing[k]
                    k += 1
                texts = [t + HOLE for t in texts]
                j = k
            count += 1
            if j < end and not toks[j].is_(PUNCT, "+"):
                return None
            j += 1
        if offset < 0 or count < 2:
            return None
        return [(t, offset) for t in texts]

    def word(self, start: int, end: int, program: bool = False) -> str:
        """One word of an exec-form command as the analysis should see it: a literal's text;
        `process.execPath` is node; `require.resolve("drizzle-kit/bin.cjs")` is the path it
        names; a program the code computes is `$name` (it could be anything: judged as
        such), any other computed word a hole."""
        from hooks._js import HOLE
        from hooks._js import IDENT
        from hooks._js import PUNCT

        toks = self.toks
        literal = self.literal(start)
        if literal is not None and literal[2] == end:
            return literal[0]
        if end - start <= 5:
            chain = "".join(t.value for t in toks[start:end])
            if chain in _PROGRAM_PATHS:
                return _PROGRAM_PATHS[chain]
        if end - start == 1 and toks[start].kind == IDENT:
            bound = self.bound.get(toks[start].value)
            if bound is not None and len({v for v, _ in bound}) == 1:
                return bound[0][0]
            if bound is not None and not program:
                # one of several literals (`cond ? "check" : "pull"`): the one that writes, if any
                from hooks._drizzle.versions import WRITES

                writes = [v for v, _ in bound if v.lower() in WRITES]
                return writes[0] if writes else bound[0][0]
            return f"${toks[start].value}" if program else HOLE
        if toks[end - 1].is_(PUNCT, ")") and end - start >= 4:
            callee = toks[end - 1]
            for j in range(start, min(end, start + 12)):
                if toks[j].is_(PUNCT, "("):
                    callee = toks[j - 1]
                    break
            if callee.kind == IDENT and callee.value in _RESOLVERS and end - start <= 40:
                named = [
                    t.value for t in toks[start:end] if t.kind == "str" and "drizzle" in t.value
                ]
                if named:
                    return named[-1]
        if program and all(t.kind == IDENT or t.is_(PUNCT, ".") for t in toks[start:end]):
            return f"${toks[end - 1].value}"
        return HOLE

    def words(self, start: int, end: int) -> list[str] | None:
        """An array argument's words (`["drizzle-kit", cmd]`), computed items as holes; None
        when the argument is not an array literal."""
        from hooks._js import HOLE
        from hooks._js import PUNCT

        toks = self.toks
        if not toks[start].is_(PUNCT, "[") or self.closing.get(start) != end - 1:
            return None
        found: list[str] = []
        for a, b in _call_args(toks, start, self.closing):
            if toks[a].is_(PUNCT, "."):  # a spread: words we cannot know
                found.append(HOLE)
            elif a < b:
                found.append(self.word(a, b))
        return found

    def key(self, open_at: int, name: str) -> tuple[int, int] | None:
        """An object literal's property value as a token range (`{ cmd: [...] }`)."""
        from hooks._js import PUNCT

        toks = self.toks
        if not toks[open_at].is_(PUNCT, "{"):
            return None
        for a, b in _call_args(toks, open_at, self.closing):
            if b - a >= 3 and toks[a].value == name and toks[a + 1].is_(PUNCT, ":"):
                return a + 2, b
        return None

    # -- helpers: the file's own functions around a process API --------------------------------
    def _shape(
        self, start: int, end: int, params: list[str]
    ) -> int | str | list[str | int | None] | None:
        """A command argument inside a helper: a parameter's index, a literal, or a template
        (static parts, and for each hole the parameter it is, or None)."""
        from hooks._js import IDENT
        from hooks._js import STRING
        from hooks._js import TEMPLATE_HEAD
        from hooks._js import TEMPLATE_MIDDLE
        from hooks._js import TEMPLATE_TAIL

        toks = self.toks
        if end - start == 1 and toks[start].kind == IDENT and toks[start].value in params:
            return params.index(toks[start].value)
        if end - start == 1 and toks[start].kind == STRING:
            return toks[start].value
        if toks[start].kind != TEMPLATE_HEAD:
            return None
        parts: list[str | int | None] = [toks[start].value]
        j, hole = start + 1, start + 1
        while j < end:
            kind = toks[j].kind
            if kind == TEMPLATE_HEAD:
                return None  # a template in a template: not a helper we model
            if kind in (TEMPLATE_MIDDLE, TEMPLATE_TAIL):
                inner = toks[hole:j]
                named = len(inner) == 1 and inner[0].kind == IDENT and inner[0].value in params
                parts.append(params.index(inner[0].value) if named else None)
                parts.append(toks[j].value)
                hole = j + 1
                if kind == TEMPLATE_TAIL:
                    break
            j += 1
        return parts

    def _list_shape(
        self, start: int, end: int, params: list[str]
    ) -> int | list[str | int | None] | None:
        from hooks._js import IDENT
        from hooks._js import PUNCT
        from hooks._js import STRING

        toks = self.toks
        if end - start == 1 and toks[start].kind == IDENT and toks[start].value in params:
            return params.index(toks[start].value)
        if not toks[start].is_(PUNCT, "["):
            return None
        items: list[str | int | None] = []
        for a, b in _call_args(toks, start, self.closing):
            if b - a == 1 and toks[a].kind == STRING:
                items.append(toks[a].value)
            elif b - a == 1 and toks[a].kind == IDENT and toks[a].value in params:
                items.append(params.index(toks[a].value))  # `[…, sub]`: the call's word
            elif b - a == 4 and toks[a].is_(PUNCT, ".") and toks[a + 3].value in params:
                items.append(params.index(toks[a + 3].value))
            else:
                items.append(None)
        return items

    def _find_helpers(self) -> None:
        """Functions whose body hands a parameter to a process API: a call of one with
        literals runs what they make (`run("npx", ["drizzle-kit", "push"])`). Each API call is
        credited to its innermost function only: one pass, however deep they nest."""
        from hooks._js import IDENT
        from hooks._js import PUNCT

        toks = self.toks
        functions = sorted(_functions(toks, self.closing))
        if not functions:
            return
        stack: list[tuple[int, int, str, list[str], set[int]]] = []
        k = 0
        for i, tok in enumerate(toks):
            while k < len(functions) and functions[k][0] <= i:
                stack.append(functions[k])
                k += 1
            while stack and stack[-1][1] < i:
                stack.pop()
            if not stack or tok.kind != IDENT or i + 1 >= len(toks):
                continue
            if not toks[i + 1].is_(PUNCT, "("):
                continue
            member = i >= 1 and toks[i - 1].is_(PUNCT, ".")
            api = tok.value if tok.value in _APIS else None
            if api is None and not member:
                api = self.aliases.get(tok.value)
            if api is None:
                continue
            _, _, name, params, rest = stack[-1]
            if name in self.helpers or not any(params):
                continue
            args = _call_args(toks, i + 1, self.closing)
            if not args:
                continue
            command = self._shape(*args[0], params)
            second = self._list_shape(*args[1], params) if len(args) > 1 else None
            uses = (
                isinstance(command, int)
                or (isinstance(command, list) and any(isinstance(p, int) for p in command))
                or isinstance(second, int)
                or (isinstance(second, list) and any(isinstance(p, int) for p in second))
            )
            if command is not None and uses:
                self.helpers[name] = _Model(api, command, second, rest)
                self.at_calls.add(toks[args[0][0]].offset)

    def _filled(self, model: _Model, args: list[tuple[int, int]]) -> list[tuple[str, int]]:
        """What a helper runs for one call's arguments (nothing when the command is unknown)."""
        from hooks._js import HOLE

        def arg_words(index: int) -> list[str]:
            if index in model.rest:
                return [self.word(a, b) for a, b in args[index:]]
            if index >= len(args):
                return []
            listed = self.words(*args[index])  # a list handed as the arguments, or one word
            return listed if listed is not None else [self.word(*args[index])]

        command = model.command
        offset = self.toks[args[0][0]].offset if args else -1
        texts: list[tuple[str, int]]
        if isinstance(command, int):
            if command in model.rest:
                texts = [(exec_form(arg_words(command)), offset)]
            elif command < len(args):
                texts = self.values(*args[command])
                if not texts and model.api in PROGRAM_ARGS:
                    texts = [(self.word(*args[command], program=True), offset)]
            else:
                texts = []
        elif isinstance(command, str):
            texts = [(command, offset)]
        else:
            filled = []
            for part in command:
                if isinstance(part, str):
                    filled.append(part)
                elif part is not None and part < len(args):
                    known = self.values(*args[part])
                    filled.append(known[0][0] if len(known) == 1 else HOLE)
                else:
                    filled.append(HOLE)
            texts = [("".join(filled), offset)]
        if model.args is None:
            return texts
        if isinstance(model.args, int):
            extra = arg_words(model.args)
        else:
            extra = []
            for item in model.args:
                if isinstance(item, str):
                    extra.append(item)
                elif item is None:
                    extra.append(HOLE)
                else:
                    extra += arg_words(item)
        if model.api in PROGRAM_ARGS:
            return [(exec_form([t, *extra]), o) for t, o in texts]
        return [(f"{t} {exec_form(extra)}" if extra else t, o) for t, o in texts]

    # -- the file's commands ---------------------------------------------------------------------
    def commands(self) -> Iterator[tuple[int, str]]:
        from hooks._js import IDENT
        from hooks._js import PUNCT

        toks = self.toks
        closing = self.closing
        shelled: set[str] = set()  # names already handed to a shell
        for i, tok in enumerate(toks):
            if tok.kind != IDENT:
                continue
            nxt = i + 1
            member_of = toks[i - 2].value if i >= 2 and toks[i - 1].is_(PUNCT, ".") else None
            if (tok.value in _TEMPLATE_TAGS or tok.value in self.tags) and member_of is None:
                # $`…`, $({options})`…`, execa`…`, execa({options})`…`
                if nxt < len(toks) and toks[nxt].is_(PUNCT, "("):
                    literal = self.literal(closing.get(nxt, len(toks)) + 1)
                    if literal is not None:
                        yield from self._once(literal[1], literal[0])
                        continue
                    if tok.value != "execa" and tok.value != "execaSync":
                        continue
                else:
                    literal = self.literal(nxt)
                    if literal is not None:
                        yield from self._once(literal[1], literal[0])
                    continue
            if nxt >= len(toks) or not toks[nxt].is_(PUNCT, "("):
                continue
            if tok.value in self.helpers and i > 0 and toks[i - 1].is_(IDENT, "function"):
                continue  # `function kit(sub, flag) {`: the helper's definition, no call
            after = closing.get(nxt, -1) + 1
            if tok.value in self.helpers and 0 < after < len(toks) and toks[after].is_(PUNCT, "{"):
                continue  # a method's definition: `run(cmd) {`
            args = _call_args(toks, nxt, closing)
            if not args:
                continue
            yield from self._call(i, tok.value, member_of, args, shelled)

    def _once(self, offset: int, command: str) -> Iterator[tuple[int, str]]:
        if (offset, command) not in self.seen and offset not in self.at_calls:
            self.seen.add((offset, command))
            yield offset, command

    def _call(
        self,
        i: int,
        name: str,
        member_of: str | None,
        args: list[tuple[int, int]],
        shelled: set[str],
    ) -> Iterator[tuple[int, str]]:
        from hooks._js import IDENT

        toks = self.toks
        first = args[0]
        at = toks[first[0]].offset
        if member_of in ("Bun", "Deno") and name in ("spawn", "spawnSync", "run"):
            listed = self.words(*first)  # Bun.spawn([...]), or Bun.spawn({ cmd: [...] })
            if listed is None:
                cmd = self.key(first[0], "cmd")
                listed = self.words(*cmd) if cmd is not None else None
            if listed:
                yield from self._once(at, exec_form(listed))
            return
        if member_of == "Deno" and name == "Command":  # new Deno.Command("npx", { args })
            program = self.word(*first, program=True)
            options = self.key(args[1][0], "args") if len(args) > 1 else None
            rest = self.words(*options) if options is not None else None
            yield from self._once(at, exec_form([program, *(rest or [])]))
            return
        if name == "withExec" and member_of is not None:  # Dagger: .withExec(["npx", ...])
            listed = self.words(*first)
            if listed:
                yield from self._once(at, exec_form(listed))
            return
        api = name if name in _APIS else (self.aliases.get(name) if member_of is None else None)
        if name == "sync" and member_of is not None and self.cross_spawn:
            api = "spawnSync"  # cross-spawn's `spawn.sync(cmd, args)`
        if api is None:
            model = self.helpers.get(name) if member_of in (None, "this") else None
            if model is not None:
                for command, offset in self._filled(model, args):
                    yield from self._once(offset, command)
            return
        extra = self.words(*args[1]) if len(args) > 1 else None
        if api in SHELL_TEXT:
            if first[1] - first[0] == 1 and toks[first[0]].kind == IDENT:
                if toks[first[0]].value in shelled:
                    return  # its literals are reported once, however often it is run
                shelled.add(toks[first[0]].value)
            for command, offset in self.values(*first):
                tail = f" {exec_form(extra)}" if extra else ""  # @actions/exec's exec(cmd, args)
                yield from self._once(offset, command + tail)
            return
        values = self.values(*first)
        if not values and extra is not None:
            values = [(self.word(*first, program=True), at)]
        for command, offset in values:
            if extra is not None:
                yield from self._once(offset, exec_form([command, *extra]))
            else:
                yield from self._once(offset, command)  # a program, or a command with shell: true


# Imports of the repository's own modules: `import { run } from "./lib/run"`, `import sh
# from "../utils/sh.mjs"`, `const { run: exec } = require("./run")`. Each relative specifier
# looks back a bounded window for its clause: linear, however the file is written.
_RELATIVE_FROM = re.compile(r"""\bfrom\s*["'](\.{1,2}/[^"'\n]+)["']""")
_RELATIVE_REQUIRE = re.compile(r"""\brequire\(\s*["'](\.{1,2}/[^"'\n]+)["']\s*\)""")
_IMPORT_CLAUSE = re.compile(
    r"""\bimport\s+(?:(?P<default>[\w$]+)\s*,?\s*)?(?:\{(?P<names>[^{}]*)\})?\s*\Z"""
)
_REQUIRE_CLAUSE = re.compile(
    r"""\b(?:const|let|var)\s+(?:(?P<default>[\w$]+)|\{(?P<names>[^{}]*)\})\s*=\s*\Z"""
)
_DEFAULT_EXPORT = re.compile(
    r"\bexport\s+default\s+(?:async\s+)?(?:function\s*\*?\s*)?([\w$]+)|\bmodule\.exports\s*=\s*([\w$]+)"
)
_CODE_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx")


def imported_helpers(
    text: str, path: str, read: Callable[[str], str | None]
) -> tuple[dict[str, _Model], set[str]]:
    """The helpers this file imports from modules of the repository (issue 37: code that
    shells out through a helper of another file): local name -> what it runs, read from the
    module (each module once; only relative imports, the module's own functions). Also the
    tags: execa's or zx's `$` bound in a module (`export const exec = $({ verbose: "short" })`)
    and imported, then used as `` exec`drizzle-kit migrate` ``."""
    import posixpath

    from hooks._js import tokens

    wanted: dict[str, list[tuple[str, str]]] = {}  # module spec -> [(local, imported)]
    for pattern, clause in ((_RELATIVE_FROM, _IMPORT_CLAUSE), (_RELATIVE_REQUIRE, _REQUIRE_CLAUSE)):
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 600) : m.start()]
            last = max(before.rfind("import"), before.rfind("const"), before.rfind("let"))
            found_clause = clause.search(before, max(last, 0))
            if found_clause is None:
                continue
            pairs = wanted.setdefault(m.group(1), [])
            if found_clause.group("default"):
                pairs.append((found_clause.group("default"), "default"))
            for entry in (found_clause.group("names") or "").split(","):
                parts = re.split(r"\s+as\s+|\s*:\s*", entry.strip())
                if parts and parts[0] and parts[0] != "type":
                    pairs.append((parts[-1], parts[0]))
    found: dict[str, _Model] = {}
    tags: set[str] = set()
    folder = posixpath.dirname(path)
    for spec, pairs in list(wanted.items())[:20]:
        base = posixpath.normpath(posixpath.join(folder, spec))
        stem = base[: -len(posixpath.splitext(base)[1])] if base.endswith(_CODE_SUFFIXES) else base
        module = None
        for candidate in (
            base,
            *(stem + s for s in _CODE_SUFFIXES),
            *(f"{base}/index{s}" for s in _CODE_SUFFIXES),
        ):
            if not candidate.startswith("../"):
                module = read(candidate)
                if module is not None:
                    break
        if module is None or len(module) > 1_000_000:
            continue
        reader = _Reader(list(tokens(module)), module)
        default = _DEFAULT_EXPORT.search(module)
        for local, imported in pairs:
            name = imported
            if imported == "default" and default is not None:
                name = default.group(1) or default.group(2)
            if name in reader.helpers:
                found[local] = reader.helpers[name]
            if name in reader.tags:
                tags.add(local)
    return found, tags


def snippets(
    text: str, path: str, read: Callable[[str], str | None] | None = None
) -> Iterator[Snippet]:
    """`read`: the repository's files by path, to follow a helper imported from one."""
    from hooks._js import tokens

    toks = list(tokens(text))
    positions = Positions(text)
    reader = _Reader(toks, text)
    if read is not None and "./" in text:
        helpers, tags = imported_helpers(text, path, read)
        for name, model in helpers.items():
            reader.helpers.setdefault(name, model)
        reader.tags |= tags
    yield from (Snippet(c, [positions.at(o)], fixed=True) for o, c in reader.commands())
    if _INFRA.search(text) or path.rsplit("/", 1)[-1].startswith("sst.config."):
        yield from infra_commands(toks, positions, "@pulumi/command" in text)
