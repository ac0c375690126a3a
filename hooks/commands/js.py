"""Module specifiers in TypeScript/JavaScript: static and dynamic imports, re-exports, require.

A small lexer, not a parser: it skips comments, strings, template literals and regular
expression literals so that a specifier is only ever a string in an import position. Type-only
imports and exports (`import type`, `export type`) are reported as such: they load nothing.
"""

from __future__ import annotations

from hooks.report.run import per_run

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

IDENT = "id"
STRING = "str"
PUNCT = "punct"
# The static parts of a template literal with `${…}` holes: `…${, }…${, }…`.
TEMPLATE_HEAD = "tpl-head"
TEMPLATE_MIDDLE = "tpl-mid"
TEMPLATE_TAIL = "tpl-tail"
HOLE = "${…}"  # how a hole is shown in a specifier built from a template

# After these, a `/` starts a regular expression rather than a division.
_REGEX_AFTER_WORDS = frozenset(
    {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
     "instanceof", "yield", "await"},
)  # fmt: skip


class Token:
    __slots__ = ("kind", "offset", "value")

    def __init__(self, kind: str, value: str, offset: int) -> None:
        self.kind = kind
        self.value = value
        self.offset = offset

    def is_(self, kind: str, value: str) -> bool:
        return self.kind == kind and self.value == value


def _is_ident_char(c: str) -> bool:
    return c.isalnum() or c in "_$" or ord(c) > 127


def tokens(text: str) -> Iterator[Token]:
    i, n = 0, len(text)
    prev: Token | None = None
    braces: list[int] = []  # per open `${`: the brace depth it started at
    depth = 0
    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v\ufeff\u00a0\u2028\u2029":
            i += 1
            continue
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c in "'\"":
            j = i + 1
            chars: list[str] = []
            while j < n and text[j] != c and text[j] != "\n":
                if text[j] == "\\" and j + 1 < n:
                    chars.append(text[j + 1])
                    j += 2
                    continue
                chars.append(text[j])
                j += 1
            prev = Token(STRING, "".join(chars), i)
            yield prev
            i = j + 1
            continue
        if c == "`" or (c == "}" and braces and braces[-1] == depth):
            if c == "}":
                braces.pop()
            start = i
            j = i + 1
            chars = []
            opens = c == "`"
            kind = TEMPLATE_TAIL
            while j < n and text[j] != "`":
                if text[j] == "\\" and j + 1 < n:
                    chars.append(text[j + 1])
                    j += 2
                    continue
                if text.startswith("${", j):
                    braces.append(depth)
                    kind = TEMPLATE_HEAD if opens else TEMPLATE_MIDDLE
                    j += 2
                    break
                chars.append(text[j])
                j += 1
            else:
                j += 1  # past the closing backtick
                if opens:
                    kind = STRING  # no hole: a plain string
            prev = Token(kind, "".join(chars), start)
            yield prev
            i = j
            continue
        if _is_ident_char(c) and not c.isdigit():
            j = i + 1
            while j < n and _is_ident_char(text[j]):
                j += 1
            prev = Token(IDENT, text[i:j], i)
            yield prev
            i = j
            continue
        if c.isdigit():
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "._"):
                j += 1
            prev = Token(IDENT, text[i:j], i)  # a number: only its position matters
            i = j
            continue
        if c == "/":
            regex_ok = (
                prev is None
                or (prev.kind == PUNCT and prev.value not in (")", "]", "}"))
                or (prev.kind == IDENT and prev.value in _REGEX_AFTER_WORDS)
                or prev.kind in (TEMPLATE_HEAD, TEMPLATE_MIDDLE)
            )
            if regex_ok:
                j = i + 1
                in_class = False
                while j < n and text[j] != "\n":
                    ch = text[j]
                    if ch == "\\":
                        j += 2
                        continue
                    if ch == "[":
                        in_class = True
                    elif ch == "]":
                        in_class = False
                    elif ch == "/" and not in_class:
                        break
                    j += 1
                j += 1
                while j < n and _is_ident_char(text[j]):
                    j += 1
                prev = Token(STRING, "", i)  # a regex literal: never a specifier
                i = j
                continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        prev = Token(PUNCT, c, i)
        yield prev
        i += 1


_CLAUSE_PUNCT = frozenset("{},*")


class Specifier:
    __slots__ = ("kind", "names", "offset", "type_only", "value")

    def __init__(
        self,
        value: str,
        offset: int,
        kind: str,
        *,
        type_only: bool = False,
        names: tuple[str, ...] = (),
    ) -> None:
        self.value = value  # a template's holes show as HOLE
        self.offset = offset
        self.kind = kind
        self.type_only = type_only
        self.names = names  # what the load binds, where it can be seen: ("pushSchema", ...)

    def __repr__(self) -> str:
        return f"Specifier({self.value!r}, {self.kind!r}, type_only={self.type_only})"


def _from_clause(toks: list[Token], i: int) -> int | None:
    """From just after `import`/`export`: the index of the string after `from`, if this is
    a clause."""
    j = i
    while j < len(toks) and j - i < 4096:
        tok = toks[j]
        if tok.is_(IDENT, "from") and j + 1 < len(toks) and toks[j + 1].kind == STRING:
            return j + 1
        if tok.kind == IDENT or (tok.kind == PUNCT and tok.value in _CLAUSE_PUNCT):
            j += 1
            continue
        return None
    return None


def string_at(toks: list[Token], i: int) -> tuple[str, int, int] | None:
    """A string literal, or a template literal whose holes show as HOLE, at token i:
    (its text, its offset, the index after it)."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok.kind == STRING:
        return tok.value, tok.offset, i + 1
    if tok.kind != TEMPLATE_HEAD:
        return None
    parts, level, j = [tok.value], 1, i + 1
    while j < len(toks) and level:
        kind = toks[j].kind
        if kind == TEMPLATE_HEAD:
            level += 1
        elif kind in (TEMPLATE_MIDDLE, TEMPLATE_TAIL):
            if level == 1:
                parts.append(toks[j].value)
            if kind == TEMPLATE_TAIL:
                level -= 1
        j += 1
    return (HOLE.join(parts), tok.offset, j) if not level else None


def _literal(toks: list[Token], i: int) -> tuple[str, int] | None:
    """string_at, when it is a whole call argument (`)` or `,` follows): (text, offset). A
    concatenation that starts with a literal (`"drizzle-orm/" + driver + "/migrator"`) is one
    too, each operand that is not a literal shown as HOLE."""
    found = string_at(toks, i)
    if found is None:
        return None
    value, offset, end = found
    n = len(toks)
    while end < n and toks[end].is_(PUNCT, "+"):
        operand = string_at(toks, end + 1)
        if operand is not None:
            value, end = value + operand[0], operand[2]
            continue
        end += 1
        level = 0
        while end < n:  # an operand that is computed: to the next `+`, `,` or `)` outside it
            tok = toks[end]
            if tok.kind == PUNCT and tok.value in "([{":
                level += 1
            elif tok.kind == PUNCT and tok.value in ")]}":
                if level == 0:
                    break
                level -= 1
            elif level == 0 and tok.kind == PUNCT and tok.value in "+,;":
                break
            end += 1
        value += HOLE
    closes = end < len(toks) and toks[end].kind == PUNCT and toks[end].value in "),"
    return (value, offset) if closes else None


def _skip_call(toks: list[Token], i: int) -> int:
    """From the `(` at i: the index just past its matching `)`."""
    level = 0
    for j in range(i, len(toks)):
        if toks[j].kind == PUNCT and toks[j].value in "()":
            level += 1 if toks[j].value == "(" else -1
            if level == 0:
                return j + 1
    return len(toks)


def _braced_names(toks: list[Token], open_at: int, close_at: int) -> tuple[tuple[str, ...], bool]:
    """The imported names in `{ a as b, type c }` between two token indexes, and whether
    every one of them is an inline `type` (then TypeScript loads nothing)."""
    names: list[str] = []
    all_types = True
    j = open_at + 1
    while j < close_at:
        if (
            toks[j].kind in (IDENT, STRING)
            and toks[j - 1].kind == PUNCT
            and toks[j - 1].value in "{,"
        ):
            if (
                toks[j].is_(IDENT, "type")
                and j + 1 < close_at
                and toks[j + 1].kind in (IDENT, STRING)
            ):
                names.append(toks[j + 1].value)
            else:
                names.append(toks[j].value)
                all_types = False
        j += 1
    return tuple(names), all_types and bool(names)


def _clause_names(toks: list[Token], start: int, end: int) -> tuple[tuple[str, ...], bool]:
    """Names an import/export clause (tokens start..end, before `from`) binds, and whether
    it is all inline types."""
    names: list[str] = []
    j = start
    while j < end:
        tok = toks[j]
        if tok.is_(PUNCT, "{"):
            close = next((k for k in range(j, end) if toks[k].is_(PUNCT, "}")), end)
            inner, all_types = _braced_names(toks, j, close)
            if all_types and not names and close + 1 >= end:
                return inner, True
            names += inner
            j = close + 1
            continue
        if tok.is_(PUNCT, "*"):
            names.append("*")
        elif (
            tok.kind == IDENT
            and tok.value not in ("type", "as")
            and not (j > start and toks[j - 1].is_(IDENT, "as"))
        ):
            names.append("default")
        j += 1
    return tuple(names), False


def _destructured_before(toks: list[Token], i: int) -> tuple[str, ...]:
    """`const { a, b: c } = [await] <call at i>`: the names (a, b)."""
    j = i - 1
    if j >= 0 and toks[j].is_(IDENT, "await"):
        j -= 1
    if j < 1 or not toks[j].is_(PUNCT, "=") or not toks[j - 1].is_(PUNCT, "}"):
        return ()
    close = j - 1
    level, k = 0, close
    while k >= 0:
        if toks[k].kind == PUNCT and toks[k].value in "{}":
            level += 1 if toks[k].value == "}" else -1
            if level == 0:
                return _braced_names(toks, k, close)[0]
        k -= 1
    return ()


def _loader_name(toks: list[Token], i: int) -> str | None:
    """For `createRequire` at i: the name its result is bound to (`const load = [module.]
    createRequire(…)`, also with a type annotation), else None."""
    j = i - 1
    if j >= 1 and toks[j].is_(PUNCT, ".") and toks[j - 1].kind == IDENT:
        j -= 2
    if j < 1 or not toks[j].is_(PUNCT, "=") or toks[j - 1].is_(PUNCT, "="):
        return None
    j -= 1
    if toks[j].kind == IDENT and (j < 1 or not toks[j - 1].is_(PUNCT, ":")):
        return toks[j].value
    # `const load: NodeRequire = …`
    if toks[j].kind == IDENT and j >= 2 and toks[j - 2].kind == IDENT:
        return toks[j - 2].value
    return None


# A file's tokens, once per run: the migrator guard, the run-site search and the reader of
# code that shells out all read the same files (issue 42: each file parsed at most once).
_TOKENS: dict[str, list[Token]] = per_run({})
_SPECIFIERS: dict[str, list[Specifier]] = per_run({})


def token_list(text: str) -> list[Token]:
    """`tokens(text)` as a list, lexed at most once per run (callers read it, never change it)."""
    found = _TOKENS.get(text)
    if found is None:
        found = _TOKENS[text] = list(tokens(text))
    return found


def module_specifiers(text: str) -> list[Specifier]:
    """The modules a JS/TS text loads (once per run for a text)."""
    found = _SPECIFIERS.get(text)
    if found is None:
        found = _SPECIFIERS[text] = _specifiers(token_list(text))
    return found


def _specifiers(toks: list[Token]) -> list[Specifier]:
    found: list[Specifier] = []
    loaders = {"require"}  # names that load a module when called: require, and what
    # createRequire(...) returned in this file
    for i, tok in enumerate(toks):
        if tok.is_(IDENT, "createRequire") and i + 1 < len(toks) and toks[i + 1].is_(PUNCT, "("):
            name = _loader_name(toks, i)
            if name is not None:
                loaders.add(name)
    for i, tok in enumerate(toks):
        if tok.kind != IDENT:
            continue
        if i > 0 and toks[i - 1].is_(PUNCT, "."):
            continue  # obj.import / obj.require / vi.mock(...)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None:
            continue
        if tok.value == "createRequire" and nxt.is_(PUNCT, "("):
            end = _skip_call(toks, i + 1)
            if end < len(toks) and toks[end].is_(PUNCT, "("):  # createRequire(url)("x")
                literal = _literal(toks, end + 1)
                if literal is not None:
                    found.append(Specifier(literal[0], literal[1], "require"))
            continue
        if tok.value in loaders and tok.value != "import" and nxt.is_(PUNCT, "("):
            literal = _literal(toks, i + 2)
            if literal is not None:
                names = _destructured_before(toks, i)
                found.append(Specifier(literal[0], literal[1], "require", names=names))
            continue
        if tok.value not in ("import", "export"):
            continue
        if tok.value == "import":
            if nxt.is_(PUNCT, "("):
                if i > 0 and toks[i - 1].is_(IDENT, "typeof"):
                    continue  # a type query: loads nothing
                literal = _literal(toks, i + 2)
                if literal is not None:
                    names = _destructured_before(toks, i)
                    found.append(Specifier(literal[0], literal[1], "import()", names=names))
                continue
            if nxt.kind == STRING:
                found.append(Specifier(nxt.value, nxt.offset, "import"))
                continue
        after = toks[i + 2] if i + 2 < len(toks) else None
        type_only = nxt.is_(IDENT, "type") and not (
            after is not None and (after.is_(IDENT, "from") or after.is_(PUNCT, ","))
        )
        at = _from_clause(toks, i + 1)
        if at is not None:
            spec = toks[at]
            names, inline_types = _clause_names(toks, i + 1, at - 1)
            found.append(
                Specifier(
                    spec.value,
                    spec.offset,
                    tok.value,
                    type_only=type_only or inline_types,
                    names=names,
                ),
            )
    return found


# A literal property's value: a string, or a list of strings; with its offset.
Property = tuple["str | list[str]", int]


def object_literals(toks: list[Token]) -> Iterator[dict[str, Property]]:
    """Each object literal's properties whose value is a string literal or an array of string
    literals (`{ script: "npx", args: ["drizzle-kit", "migrate"] }`), by key, in one pass: an
    object is yielded when it closes; a computed value is left out, never guessed at."""
    stack: list[dict[str, Property]] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        if tok.kind == PUNCT and tok.value in "{}":
            if tok.value == "{":
                stack.append({})
            elif stack:
                yield stack.pop()
            i += 1
            continue
        if (
            stack
            and tok.kind in (IDENT, STRING)
            and i + 1 < n
            and toks[i + 1].is_(PUNCT, ":")
            and (i == 0 or (toks[i - 1].kind == PUNCT and toks[i - 1].value in "{,"))
        ):
            value = string_at(toks, i + 2)
            if value is not None:
                stack[-1].setdefault(tok.value, (value[0], value[1]))
                i = value[2]
                continue
            listed = string_list(toks, i + 2)
            if listed is not None:
                stack[-1].setdefault(tok.value, (listed[0], toks[i + 2].offset))
                i = listed[1]
                continue
        i += 1


def string_list(toks: list[Token], i: int) -> tuple[list[str], int] | None:
    """`[ "a", "b" ]` at token i: (the strings, index after `]`); None if not all literal."""
    if i >= len(toks) or not toks[i].is_(PUNCT, "["):
        return None
    items: list[str] = []
    j = i + 1
    while j < len(toks):
        if toks[j].is_(PUNCT, "]"):
            return items, j + 1
        literal = string_at(toks, j)
        if literal is None:
            return None
        items.append(literal[0])
        j = literal[2]
        if j < len(toks) and toks[j].is_(PUNCT, ","):
            j += 1
    return None
