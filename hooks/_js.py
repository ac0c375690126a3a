"""Module specifiers in TypeScript/JavaScript: static and dynamic imports, re-exports, require.

A small lexer, not a parser: it skips comments, strings, template literals and regular
expression literals so that a specifier is only ever a string in an import position. Type-only
imports and exports (`import type`, `export type`) are reported as such: they load nothing.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

IDENT = "id"
STRING = "str"
PUNCT = "punct"

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
            plain = c == "`"
            while j < n and text[j] != "`":
                if text[j] == "\\" and j + 1 < n:
                    chars.append(text[j + 1])
                    j += 2
                    continue
                if text.startswith("${", j):
                    braces.append(depth)
                    plain = False
                    j += 2
                    break
                chars.append(text[j])
                j += 1
            else:
                j += 1  # past the closing backtick
                if plain:
                    prev = Token(STRING, "".join(chars), start)
                    yield prev
                    i = j
                    continue
            prev = Token(PUNCT, "`", start)
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
    __slots__ = ("kind", "offset", "type_only", "value")

    def __init__(self, value: str, offset: int, kind: str, *, type_only: bool = False) -> None:
        self.value = value
        self.offset = offset
        self.kind = kind
        self.type_only = type_only

    def __repr__(self) -> str:
        return f"Specifier({self.value!r}, {self.kind!r}, type_only={self.type_only})"


def _from_clause(toks: list[Token], i: int) -> Token | None:
    """From just after `import`/`export`: the string after `from`, if this is a clause."""
    j = i
    while j < len(toks) and j - i < 4096:
        tok = toks[j]
        if tok.is_(IDENT, "from") and j + 1 < len(toks) and toks[j + 1].kind == STRING:
            return toks[j + 1]
        if tok.kind == IDENT or (tok.kind == PUNCT and tok.value in _CLAUSE_PUNCT):
            j += 1
            continue
        return None
    return None


def module_specifiers(text: str) -> list[Specifier]:
    toks = list(tokens(text))
    found: list[Specifier] = []
    for i, tok in enumerate(toks):
        if tok.kind != IDENT or tok.value not in ("import", "export", "require"):
            continue
        if i > 0 and toks[i - 1].is_(PUNCT, "."):
            continue  # obj.import / obj.require
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None:
            continue
        if tok.value == "require":
            if nxt.is_(PUNCT, "(") and i + 2 < len(toks) and toks[i + 2].kind == STRING:
                found.append(Specifier(toks[i + 2].value, toks[i + 2].offset, "require"))
            continue
        if tok.value == "import":
            if nxt.is_(PUNCT, "("):
                if i + 2 < len(toks) and toks[i + 2].kind == STRING:
                    found.append(Specifier(toks[i + 2].value, toks[i + 2].offset, "import()"))
                continue
            if nxt.kind == STRING:
                found.append(Specifier(nxt.value, nxt.offset, "import"))
                continue
        after = toks[i + 2] if i + 2 < len(toks) else None
        type_only = nxt.is_(IDENT, "type") and not (
            after is not None and (after.is_(IDENT, "from") or after.is_(PUNCT, ","))
        )
        spec = _from_clause(toks, i + 1)
        if spec is not None:
            found.append(Specifier(spec.value, spec.offset, tok.value, type_only=type_only))
    return found
