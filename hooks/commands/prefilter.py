"""Cheap tests before the full reading of a command: on a file's bytes (could any command in
it name drizzle-kit, shell out, call a runner with a banned word, source another script?) and
on a command's text (does it mention drizzle?). Most files of a repository stop here."""

from __future__ import annotations

import re


def plain(text: str) -> str:
    # Quotes and backslashes can split a word in the shell (dr\izzle-kit, pu"sh"); not here.
    return text.replace("\\", "").replace("'", "").replace('"', "").lower()


def mentions_drizzle(text: str) -> bool:
    return "drizzle" in plain(text)


# Code runs a command only through a process API, or hands one to a container or a task
# (infrastructure code); most TS/JS files that say "drizzle" use drizzle-orm and do neither,
# and are not lexed.
# (or calls a helper of its own repository: a relative import)
_RUNS_SOMETHING = (
    r"exec|Exec|spawn|\$[`(]|[cC]ommand|entry[Pp]oint|create|from ['\"]\.|require\(['\"]\."
)
PROCESS_API = re.compile(_RUNS_SOMETHING.encode())
SHELLS_OUT_ERES = ("drizzle-kit", _RUNS_SOMETHING)  # both, for `git grep --all-match`


def worth_reading(data: bytes) -> bool:
    """Cheap test on a file's bytes: could any command in it name drizzle? (UTF-16 NULs
    dropped; an escape sequence of JSON, YAML or TOML could spell the name.)"""
    plain = data.replace(b"\x00", b"").lower()
    if b"\\u" in plain or b"\\x" in plain:
        return True
    return b"drizzle" in plain.replace(b"\\", b"").replace(b"'", b"").replace(b'"', b"")


# A JSON, YAML or TOML escape of an ASCII character (`\\u0064`, `\\x64`, `\\U00000064`).
_ESCAPED = re.compile(rb"\\(?:u00|x|U000000)([0-7][0-9a-fA-F])")
_ASCII_ESCAPE = re.compile(rb"\\(?:u00|x|U000000)[2-7]")  # (a letter or `-`: worth decoding)
_JOINED_LINES = re.compile(rb"\\\r?\n[ \t]*")


def _unescaped(match: re.Match[bytes]) -> bytes:
    return bytes([int(match.group(1), 16)])


# `drizzle` as part of a script's or a file's name (`pnpm drizzle:push`, `db:drizzle`,
# `./drizzle.sh`, `drizzle-push`): a command may run it; prose (`light drizzle`, a
# translation's `"freezingDrizzle": "Freezing drizzle"`) does not write it so.
_NAME_JOINS = tuple(bytes([c]) for c in b"@/.:_-")
_NAME_AFTER = re.compile(rb"drizzle[@/.:_-][\w$]")  # (starts with a literal: a fast search)


def names_kit(data: bytes) -> bool:
    """Whether the bytes spell drizzle-kit as a command could: any letter case, a letter
    escaped (`\\u0064rizzle-kit`), quotes or backslashes between the letters (`dr\\izzle-kit`,
    `"drizzle"-kit`: the shell joins them), UTF-16's NULs dropped. Linear: byte searches, one
    deletion pass, and a substitution only where an ASCII character is escaped."""
    if b"\\" in data:
        if b"\\\n" in data or b"\\\r\n" in data:  # YAML's escaped line break joins its lines
            data = _JOINED_LINES.sub(b"", data)
        if _ASCII_ESCAPE.search(data):
            data = _ESCAPED.sub(_unescaped, data)
    if b"\xe2\x84\xaa" in data:  # the Kelvin sign, which Python's lower() makes a `k`
        data = data.replace(b"\xe2\x84\xaa", b"k")
    plain = data.lower().translate(None, b"\x00'\"\\")
    return b"drizzle-kit" in plain


def command_shaped(data: bytes) -> bool:
    """The gate for a file read only for what it may hold (a YAML or JSON file no carrier
    claims, an INI file): drizzle-kit spelled as a command could spell it, `drizzle` in a
    script's or file's name, a runner calling a name with a banned word, or a script sourced.
    The word alone (`drizzle` the weather, Drizzle the ORM in a docs page) is not: such files
    are never parsed (issue 42: 40 translation files cost homarr's whole-tree check 4 s)."""
    if names_kit(data):
        return True
    plain = data.replace(b"\x00", b"") if b"\x00" in data else data
    lowered = plain.lower()
    if b"drizzle" in lowered and (
        any(join + b"drizzle" in lowered for join in _NAME_JOINS)
        or _NAME_AFTER.search(lowered) is not None
        or _run_before_drizzle(lowered)
    ):
        return True  # `drizzle` joined to a name, or a word a runner is handed
    return calls_with_banned(plain, across_lines=True) or _sourcing(lowered)


# A program that runs the word after it: a package runner or a shell handed a script's name
# (`["pnpm", "drizzle", "push"]` with a script named `drizzle`; `sh drizzle push`).
_RUNS_A_NAME = frozenset(
    b"sh bash zsh dash ksh pwsh npm pnpm yarn bun bunx npx pnpx node tsx deno turbo exec".split()
)
_SEPARATORS = b"\"',[]():=`{}\n\r\t/"  # (`/usr/bin/sh`: its last word)
_NOT_A_WORD = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))
_REACH = 120  # how far before a bare `drizzle` its runner may stand (options, a filter)
_A_RUNNER = re.compile(rb"\b(?:" + b"|".join(sorted(_RUNS_A_NAME)) + rb")\b")


def _run_before_drizzle(lowered: bytes) -> bool:
    """Whether a runner or shell stands within a command's reach before a bare `drizzle` (a
    script or file of that name): the words just before each mention, looked up in a set
    (prose mentions the weather thousands of times in a translation file: each costs a
    slice and a split, no pattern)."""
    if lowered.count(b"drizzle") > 50 and not _A_RUNNER.search(lowered):
        return False  # many mentions, no runner at all: one search instead of a look at each
    at = lowered.find(b"drizzle")
    while at >= 0:
        words = lowered[max(0, at - _REACH) : at].translate(_NOT_A_WORD).split()
        if not _RUNS_A_NAME.isdisjoint(words):
            return True
        at = lowered.find(b"drizzle", at + 7)
    return False


# A package runner calling a name with a banned word after it (`pnpm kit migrate`, `npm run
# db -- push`): another package's script may be a prefix that makes it a run (issue 37).
_BANNED_WORD = re.compile(rb"(?i)\s(?:push|generate|migrate|up|drop|mcp|--init)\b")
_RUNNER_CALL = re.compile(rb"(?i)\b(?:npm|pnpm|yarn|bun|npx|turbo)\b|\.(?:sh|bash)\b|\./[\w./-]+")
_COMMAND_END = re.compile(rb"[\n;&|]")
_LIST_END = re.compile(rb"[;&|]")
_LISTED_BANNED = re.compile(rb"(?i)[\s\"',\[](?:push|generate|migrate|up|drop|mcp|--init)\b")


# A script that sources another (`source ./env.sh`, `. "$DIR/env.sh"`): its variables may
# hold drizzle-kit although the script never names it.
SOURCES = re.compile(rb"(?m)^[ \t]*(?:source|\.)[ \t]+[\w\"'$./]")


_RUNNER_LITERALS = (b"npm", b"pnpm", b"yarn", b"bun", b"npx", b"turbo", b".sh", b".bash", b"./")


def _runners(lowered: bytes) -> list[re.Match[bytes]]:
    """`_RUNNER_CALL`'s matches, in order, found from byte searches for its literals (a
    pattern of alternatives is tried at every offset: 8 ms on a 200 KB translation file;
    these searches, 0.3 ms)."""
    hits = set()
    for literal in _RUNNER_LITERALS:
        at = lowered.find(literal)
        while at >= 0:
            hits.add(at)
            at = lowered.find(literal, at + 1)
    matches = (_RUNNER_CALL.match(lowered, at) for at in sorted(hits))
    return [m for m in matches if m is not None]


def _sourcing(lowered: bytes) -> bool:
    """`SOURCES.search`, from byte searches: `source` or `.` then a blank, first on its line."""
    for word in _SOURCE_WORDS:
        for found in word.finditer(lowered):
            at = found.start()
            line = lowered.rfind(b"\n", 0, at) + 1
            if not lowered[line:at].strip(b" \t") and SOURCES.match(lowered, line):
                return True
    return False


# (Two patterns, each starting with a literal: searched at the speed of a byte search.)
_SOURCE_WORDS = (re.compile(rb"\.[ \t]"), re.compile(rb"source[ \t]"))


def calls_with_banned(data: bytes, *, across_lines: bool = False) -> bool:
    """Whether a runner calls a name with a banned word after it on one command of the text
    (`pnpm kit migrate`, `npm run db -- push`, `./scripts/drizzle.sh push`). Runners are rare
    in text that runs nothing; each is followed to its command's end (a newline, `;`, `&`,
    `|`) or a bounded window, and no byte is searched twice: linear on a minified one-line
    file (a pattern that scanned on from every `./` took 424 s on a 490 KB tsbuildinfo).
    `across_lines`: a file read by content, whose command may be a list over several lines
    (`command: [pnpm, --filter, db, dk]` then `args: [push]`), each word quoted."""
    ends, banned = (_LIST_END, _LISTED_BANNED) if across_lines else (_COMMAND_END, _BANNED_WORD)
    scanned = 0  # the text already searched for a banned word
    for runner in _runners(data.lower()):
        start = max(runner.end(), scanned)
        end = min(len(data), runner.end() + 300)
        stop = ends.search(data, runner.end(), end)
        if stop is not None:
            end = stop.start()
        if start < end and banned.search(data, start - 1, end):
            return True  # (from one byte back: the banned word's own space)
        scanned = max(scanned, end)
    return False
