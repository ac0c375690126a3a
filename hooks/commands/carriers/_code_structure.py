"""What a TypeScript/JavaScript file's tokens say around its process APIs, for the reader of
code that shells out (`_code_reader`): the API names, the names bound to literals, the other
names a process API goes by, the brackets, the file's named functions and their parameters,
and a call's arguments. Each is one linear pass over the tokens."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.commands.js import Token

# The process APIs: those handed shell text, and those handed a program and its arguments.
SHELL_TEXT = frozenset({"exec", "execSync", "execaCommand", "execaCommandSync"})
PROGRAM_ARGS = frozenset(
    {"spawn", "spawnSync", "execFile", "execFileSync", "execa", "execaSync", "execaNode"},
)
_DECLARATIONS = frozenset({"const", "let", "var"})


def bindings(toks: list[Token]) -> dict[str, list[tuple[str, int]]]:
    """Every name assigned a string or template literal in the file (`const cmd = "…"`,
    `let cmd: string = "…"`, `cmd = "…"`): each literal it is ever given, with its offset.
    A command held in a variable and handed to exec is a command all the same."""
    from hooks.commands.js import IDENT
    from hooks.commands.js import PUNCT
    from hooks.commands.js import string_at

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


# --- the other names a process API goes by, and the file's own helpers around one -------------
APIS = SHELL_TEXT | PROGRAM_ARGS
_KEYWORDS = frozenset(
    {"if", "for", "while", "switch", "catch", "function", "with", "return", "await", "new",
     "typeof", "void", "do", "else", "try", "yield", "super", "import", "export"}
)  # fmt: skip
_METHOD_BEFORE = frozenset({"{", "}", ";", "async", "static", "public", "private", "protected"})


def templates(toks: list[Token]) -> dict[int, tuple[str, int]]:
    """Each template literal's text (holes shown as HOLE) and the index after it, by the
    index of its first token, in one pass however deep templates nest."""
    from hooks.commands.js import HOLE
    from hooks.commands.js import TEMPLATE_HEAD
    from hooks.commands.js import TEMPLATE_MIDDLE
    from hooks.commands.js import TEMPLATE_TAIL

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


def brackets(toks: list[Token]) -> dict[int, int]:
    """Each `(`, `[` and `{` token's index to its closing token's index, in one pass."""
    from hooks.commands.js import PUNCT

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
    from hooks.commands.js import IDENT
    from hooks.commands.js import PUNCT

    while i >= 2 and toks[i - 1].is_(PUNCT, ".") and toks[i - 2].kind == IDENT:
        i -= 2
    return i


def _assigned_to(toks: list[Token], i: int) -> str | None:
    """The name a value starting at token i is assigned to (`const run = …`, `run = …`)."""
    from hooks.commands.js import IDENT
    from hooks.commands.js import PUNCT

    if i >= 2 and toks[i - 1].is_(PUNCT, "=") and toks[i - 2].kind == IDENT:
        before = toks[i - 3] if i >= 3 else None
        if before is None or not (before.kind == PUNCT and before.value in ".=!<>+-*/%&|^"):
            return toks[i - 2].value
    return None


def aliases(toks: list[Token]) -> tuple[dict[str, str], set[str]]:
    """Other names this file gives a process API: `import { execSync as sh }`, `const { exec:
    run } = require(…)`, `const run = promisify(exec)` (`util.promisify(cp.exec)`), `const run =
    execSync`; and execa's or zx's `$` bound to options (`const $$ = $({ stdio: "inherit" })`)."""
    from hooks.commands.js import IDENT
    from hooks.commands.js import PUNCT

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
        if tok.value not in APIS or nxt is None:
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
            if name is not None and name not in APIS:
                found[name] = tok.value  # const run = execSync;
    return found, tags


class Model:
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
    from hooks.commands.js import IDENT
    from hooks.commands.js import PUNCT

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


def functions(
    toks: list[Token], closing: dict[int, int]
) -> list[tuple[int, int, str, list[str], set[int]]]:
    """The file's named functions: (body start, body end, name, parameters, rest parameters):
    `function run(cmd) {…}`, `const run = async (cmd: string) => …`, a method `run(cmd) {…}`."""
    from hooks.commands.js import IDENT
    from hooks.commands.js import PUNCT

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
    from hooks.commands.js import IDENT
    from hooks.commands.js import PUNCT

    n = len(toks)
    while i < n and toks[i].kind == IDENT and toks[i].value in ("await", "void", "new", "return"):
        i += 1
    for j in range(i, min(i + 12, n)):
        if toks[j].is_(PUNCT, "("):
            return closing.get(j, n - 1)
        if toks[j].kind == PUNCT and toks[j].value not in ".":
            break
    return i


def call_args(toks: list[Token], open_at: int, closing: dict[int, int]) -> list[tuple[int, int]]:
    """A call's arguments as token ranges [start, end), stepping over nested brackets."""
    from hooks.commands.js import PUNCT

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
