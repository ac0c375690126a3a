"""Split command text into simple commands, the way a shell would read it.

Two dialects: POSIX `sh` (package.json scripts, *.sh, Makefile and justfile recipes, CI
`run:` steps) and PowerShell (*.ps1). Quotes, escapes, line continuations, comments,
operators (`&&`, `||`, `;`, `|`, `&`, newlines), subshells, redirections and here-documents
are understood; command substitutions (`$(...)`, backticks) yield commands of their own.

This is a reader, not an interpreter: nothing is expanded or run. Words keep their raw text
too, because a Windows path such as `node_modules\\.bin\\drizzle-kit` means one thing to cmd.exe
and another to sh, and a guard must recognise both.
"""

from __future__ import annotations

from hooks.commands.dialects import POWERSHELL as POWERSHELL
from hooks.commands.dialects import SH as SH
from hooks.commands.dialects import quote as quote

_MAX_DEPTH = 16


class Word:
    __slots__ = ("offset", "quoted", "raw", "value")

    def __init__(self, value: str, raw: str, offset: int, *, quoted: bool) -> None:
        self.value = value
        self.raw = raw
        self.offset = offset
        self.quoted = quoted

    def __repr__(self) -> str:
        return f"Word({self.value!r})"


class Command:
    """A simple command: its words, where it starts in the text, and the here-documents fed
    to it (`ssh host <<'EOF'`): each body with its offset in the text."""

    __slots__ = ("heredocs", "offset", "words")

    def __init__(self, words: list[Word], heredocs: list[tuple[str, int]] | None = None) -> None:
        self.words = words
        self.offset = words[0].offset
        self.heredocs = heredocs if heredocs is not None else []

    def __repr__(self) -> str:
        return f"Command({[w.value for w in self.words]!r})"


class Parsed:
    """The commands found, and whether the text was read to a clean end."""

    __slots__ = ("commands", "complete")

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.complete = True


def _matching_paren(text: str, start: int, dialect: str) -> int:
    """Index of the `)` closing the `(` just before `start`, or -1."""
    depth = 1
    i = start
    n = len(text)
    escape = "`" if dialect == POWERSHELL else "\\"
    while i < n:
        c = text[i]
        if c == escape:
            i += 2
            continue
        if c == "'":
            j = text.find("'", i + 1)
            if j < 0:
                return -1
            i = j + 1
            continue
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == escape else 1
            i += 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _closing_backtick(text: str, start: int) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "`":
            return i
        i += 1
    return -1


def _ansi_c(body: str) -> str:
    """The value of a bash `$'...'` string (the common escapes; others kept as written)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r", "'": "'", "\\": "\\"}.get(nxt, c + nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


class _Reader:
    def __init__(self, text: str, dialect: str, base: int, depth: int, out: Parsed) -> None:
        self.text = text
        self.dialect = dialect
        self.base = base
        self.depth = depth
        self.out = out
        self.words: list[Word] = []
        self.chars: list[str] | None = None
        self.start = 0
        self.quoted = False
        self.skip_word = False  # the next word is a redirection target
        # Announced here-documents awaiting their bodies: (delimiter, strip tabs, the list of
        # bodies of the command that announced it).
        self.heredocs: list[tuple[str, bool, list[tuple[str, int]]]] = []
        self.pending_heredoc: bool | None = None  # strip-tabs flag of a `<<` awaiting its word
        self.bodies: list[tuple[str, int]] | None = None  # the current command's here-documents

    # -- words and commands -------------------------------------------------------------

    def begin(self, i: int) -> None:
        if self.chars is None:
            self.chars = []
            self.start = i
            self.quoted = False

    def end_word(self, i: int) -> None:
        if self.chars is None:
            return
        value = "".join(self.chars)
        raw = self.text[self.start : i]
        self.chars = None
        if self.pending_heredoc is not None:
            if self.bodies is None:
                self.bodies = []
            self.heredocs.append((value, self.pending_heredoc, self.bodies))
            self.pending_heredoc = None
            self.skip_word = False
            return
        if self.skip_word:
            self.skip_word = False
            return
        self.words.append(Word(value, raw, self.base + self.start, quoted=self.quoted))

    def end_command(self, i: int) -> None:
        self.end_word(i)
        if self.words:
            self.out.commands.append(Command(self.words, self.bodies))
            self.words = []
        self.bodies = None
        self.skip_word = False

    def nested(self, inner: str, offset: int) -> None:
        if self.depth < _MAX_DEPTH:
            sub = _Reader(inner, self.dialect, self.base + offset, self.depth + 1, self.out)
            sub.run()

    # -- the scan -------------------------------------------------------------------------

    def run(self) -> None:
        text, n = self.text, len(self.text)
        ps = self.dialect == POWERSHELL
        escape = "`" if ps else "\\"
        i = 0
        while i < n:
            c = text[i]
            if c == escape:
                if text.startswith("\r\n", i + 1):
                    self.end_word(i)
                    i += 3
                    continue
                if i + 1 < n and text[i + 1] == "\n":
                    self.end_word(i)
                    i += 2
                    continue
                self.begin(i)
                assert self.chars is not None
                if i + 1 < n:
                    self.chars.append(text[i + 1])
                i += 2
                continue
            if c in " \t\r\f\v":
                self.end_word(i)
                i += 1
                continue
            if c == "\n":
                self.end_command(i)
                i = self.skip_heredocs(i + 1)
                continue
            if c == "#" and self.chars is None:
                j = text.find("\n", i)
                i = n if j < 0 else j
                continue
            if ps and c == "<" and text.startswith("<#", i):
                j = text.find("#>", i + 2)
                if j < 0:
                    self.out.complete = False
                    return
                i = j + 2
                continue
            if c == "'":
                self.begin(i)
                assert self.chars is not None
                self.quoted = True
                j = i + 1
                while True:
                    k = text.find("'", j)
                    if k < 0:
                        self.out.complete = False
                        self.chars.append(text[i + 1 :])
                        i = n
                        break
                    if ps and text.startswith("''", k):
                        self.chars.append(text[j:k] + "'")
                        j = k + 2
                        continue
                    self.chars.append(text[j:k])
                    i = k + 1
                    break
                continue
            if c == '"':
                self.begin(i)
                self.quoted = True
                i = self.double_quoted(i + 1)
                continue
            if c == "$" and text.startswith("${{", i):
                # A CI expression (`${{ inputs.command }}`: GitHub, Gitea, Azure, Woodpecker)
                # is one word, spaces and all: the CI fills it in before any shell reads it.
                close = text.find("}}", i + 3)
                end = n if close < 0 else close + 2
                self.begin(i)
                assert self.chars is not None
                self.chars.append(text[i:end])
                i = end
                continue
            if c == "$" and not ps and text.startswith("${", i):
                # `${NAME:-default words}` is one word, spaces and all (one line, no `$(`;
                # looked for within a bounded window: many unclosed `${` stay linear).
                close = text.find("}", i + 2, i + 400)
                inner = text[i + 2 : close] if close > 0 else ""
                if close > 0 and "\n" not in inner and "{" not in inner and "$(" not in inner:
                    self.begin(i)
                    assert self.chars is not None
                    self.chars.append(text[i : close + 1])
                    i = close + 1
                    continue
            if c == "$" and (text.startswith("$((", i) or (ps and text.startswith("${", i))):
                # Arithmetic `$((...))`, PowerShell's `${env:X}`: text of the word, no command.
                close = (
                    _matching_paren(text, i + 2, self.dialect)
                    if text[i + 1] == "("
                    else (text.find("}", i))
                )
                self.begin(i)
                assert self.chars is not None
                end = n if close < 0 else close + 1
                self.chars.append(text[i:end])
                i = end
                continue
            if (c == "$" and text.startswith("$(", i)) or (c == "`" and not ps):
                self.begin(i)
                i = self.substitution(i)
                continue
            if c == "$" and not ps and text.startswith("$'", i):
                self.begin(i)
                assert self.chars is not None
                self.quoted = True
                j = i + 2
                while j < n and text[j] != "'":
                    j += 2 if text[j] == "\\" else 1
                if j >= n:
                    self.out.complete = False
                self.chars.append(_ansi_c(text[i + 2 : j]))
                i = j + 1
                continue
            if c in "<>" and not (ps and c == "<"):
                if self.chars is not None and not self.quoted and "".join(self.chars).isdigit():
                    self.chars = None  # `2>`: the digits name a file descriptor
                self.end_word(i)
                if text.startswith("<<", i) and not text.startswith("<<<", i):
                    strip_tabs = text.startswith("<<-", i)
                    i += 3 if strip_tabs else 2
                    self.pending_heredoc = strip_tabs
                    continue
                j = i + 1
                while j < n and text[j] in "<>&|":
                    j += 1
                if text[j - 1] == "&" and j < n and text[j] in "0123456789-":
                    while j < n and text[j] in "0123456789-":
                        j += 1
                    i = j
                    continue
                self.skip_word = True
                i = j
                continue
            if c == "&" and text.startswith("&>", i):
                self.end_word(i)
                i += 3 if text.startswith("&>>", i) else 2
                self.skip_word = True
                continue
            if c in ";&|()" or (ps and c in "{}" and not (self.chars and self.chars[-1] == "$")):
                self.end_command(i)
                i += 1
                continue
            self.begin(i)
            assert self.chars is not None
            self.chars.append(c)
            i += 1
        self.end_command(n)

    def substitution(self, i: int) -> int:
        """`$(...)` or a backtick command at `i`: its commands are read as commands of their
        own; the text stays part of the current word. Returns where reading goes on."""
        text = self.text
        backtick = text[i] == "`"
        inner = i + 1 if backtick else i + 2
        close = (
            _closing_backtick(text, inner)
            if backtick
            else _matching_paren(text, inner, self.dialect)
        )
        assert self.chars is not None
        if close < 0:
            self.out.complete = False
            self.nested(text[inner:], inner)
            self.chars.append(text[i:])
            return len(text)
        body = text[inner:close]
        self.nested(body.replace("\\`", "`") if backtick else body, inner)
        self.chars.append(text[i : close + 1])
        return close + 1

    def double_quoted(self, i: int) -> int:
        text, n = self.text, len(self.text)
        ps = self.dialect == POWERSHELL
        escape = "`" if ps else "\\"
        chars = self.chars
        assert chars is not None
        while i < n:
            c = text[i]
            if c == '"':
                if ps and text.startswith('""', i):
                    chars.append('"')
                    i += 2
                    continue
                return i + 1
            if c == escape and i + 1 < n:
                nxt = text[i + 1]
                if ps:
                    chars.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(nxt, nxt))
                elif nxt == "\n":
                    pass
                elif nxt in '$`"\\':
                    chars.append(nxt)
                else:
                    chars.append(c + nxt)
                i += 2
                continue
            if (c == "$" and text.startswith("$(", i) and not text.startswith("$((", i)) or (
                c == "`" and not ps
            ):
                i = self.substitution(i)
                if i >= n:
                    return n
                continue
            chars.append(c)
            i += 1
        self.out.complete = False
        chars.append(text[i:])
        return n

    def skip_heredocs(self, i: int) -> int:
        """Skip the bodies of here-documents announced on the line that just ended."""
        text = self.text
        while self.heredocs:
            delimiter, strip_tabs, bodies = self.heredocs.pop(0)
            start = end = i
            while i < len(text):
                j = text.find("\n", i)
                line = text[i:] if j < 0 else text[i:j]
                end = i
                i = len(text) if j < 0 else j + 1
                line = line.rstrip("\r")
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    break
            else:
                end = len(text)
            bodies.append((text[start:end], self.base + start))
        return i


def split_commands(text: str, dialect: str = SH) -> Parsed:
    """Every simple command in `text`, with offsets into `text`."""
    out = Parsed()
    _Reader(text, dialect, 0, 0, out).run()
    return out
