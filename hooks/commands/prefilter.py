"""Cheap tests before the full reading of a command: on a file's bytes (could any command in
it name drizzle-kit, shell out, call a runner with a banned word, source another script?) and
on a command's text (does it mention drizzle?). Most files of a repository stop here."""

from __future__ import annotations

from hooks.report.run import pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
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
SHELLS_OUT_ERES = ("drizzle-kit", _RUNS_SOMETHING)  # both, for `git grep --all-match`

# The patterns below are compiled on first use (`pattern`): a commit whose files need none
# of them pays nothing for them.

# `_RUNS_SOMETHING`'s alternatives spelled out: byte searches, 2-3x faster than the pattern
# in Python (its first bytes are common letters: it is tried at most offsets).
_RUNS_SOMETHING_LITERALS = (
    b"exec", b"Exec", b"spawn", b"$`", b"$(", b"command", b"Command", b"entryPoint",
    b"entrypoint", b"create", b"from '.", b'from ".', b"require('.", b'require(".',
)  # fmt: skip


def runs_something(data: bytes) -> bool:
    """Whether code could hand something to a process API (what `_RUNS_SOMETHING` finds).
    (A loop, not `any()` over a generator: 4 against 6.5 us on a small file, and a hook
    manager's batch holds thousands.)"""
    for literal in _RUNS_SOMETHING_LITERALS:  # noqa: SIM110 (measured: the loop is faster)
        if literal in data:
            return True
    return False


def worth_reading(data: bytes) -> bool:
    """Cheap test on a file's bytes: could any command in it name drizzle? (UTF-16 NULs
    dropped; an escape sequence of JSON, YAML or TOML could spell the name.)"""
    plain = data.replace(b"\x00", b"").lower()
    if b"\\u" in plain or b"\\x" in plain:
        return True
    return b"drizzle" in plain.replace(b"\\", b"").replace(b"'", b"").replace(b'"', b"")


# A JSON, YAML or TOML escape of an ASCII character (`\\u0064`, `\\x64`, `\\U00000064`).
_ESCAPED = rb"\\(?:u00|x|U000000)([0-7][0-9a-fA-F])"
_ASCII_ESCAPE = rb"\\(?:u00|x|U000000)[2-7]"  # (a letter or `-`: worth decoding)
_JOINED_LINES = rb"\\\r?\n[ \t]*"
# Either of the two above: one search (from the backslashes alone) says whether to look again.
_BACKSLASHED = rb"\\(?:\r?\n|(?:u00|x|U000000)[2-7])"


def _unescaped(match: re.Match[bytes]) -> bytes:
    return bytes([int(match.group(1), 16)])


# `drizzle` as part of a script's or a file's name (`pnpm drizzle:push`, `db:drizzle`,
# `./drizzle.sh`, `drizzle-push`): a command may run it; prose (`light drizzle`, a
# translation's `"freezingDrizzle": "Freezing drizzle"`) does not write it so.
_NAME_JOINS = frozenset(b"@/.:_-")
_NAME_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


def names_kit(data: bytes, lowered: bytes | None = None) -> bool:
    """Whether the bytes spell drizzle-kit as a command could: any letter case, a letter
    escaped (`\\u0064rizzle-kit`), quotes or backslashes between the letters (`dr\\izzle-kit`,
    `"drizzle"-kit`: the shell joins them), UTF-16's NULs dropped. Linear: byte searches, one
    deletion pass, and a substitution only where an ASCII character is escaped. `lowered`:
    `data.lower()`, where the caller has it."""
    changed = False
    if b"\\" in data and pattern(_BACKSLASHED).search(data):
        if b"\\\n" in data or b"\\\r\n" in data:  # YAML's escaped line break joins its lines
            data, changed = pattern(_JOINED_LINES).sub(b"", data), True
        if pattern(_ASCII_ESCAPE).search(data):
            data, changed = pattern(_ESCAPED).sub(_unescaped, data), True
    if b"\xe2" in data and b"\xe2\x84\xaa" in data:  # the Kelvin sign: lower() makes it `k`
        data, changed = data.replace(b"\xe2\x84\xaa", b"k"), True
    if lowered is None or changed:
        lowered = data.lower()
    return b"drizzle-kit" in lowered.translate(None, b"\x00'\"\\")


def command_shaped(data: bytes) -> bool:
    """The gate for a file read only for what it may hold (a YAML or JSON file no carrier
    claims, an INI file): drizzle-kit spelled as a command could spell it, `drizzle` in a
    script's or file's name, a runner calling a name with a banned word, or a script sourced.
    The word alone (`drizzle` the weather, Drizzle the ORM in a docs page) is not: such files
    are never parsed (issue 42: 40 translation files cost homarr's whole-tree check 4 s).
    Each test is a byte search over the file lowered once (a few passes in all: issue 42's
    real-shapes benchmark)."""
    plain = data.replace(b"\x00", b"") if b"\x00" in data else data
    lowered = plain.lower()
    if names_kit(plain, lowered):
        return True
    mentions = _mentions(lowered)
    if mentions and (_named_drizzle(lowered, mentions) or _run_before_drizzle(lowered, mentions)):
        return True  # `drizzle` joined to a name, or a word a runner is handed
    return calls_with_banned(plain, across_lines=True, lowered=lowered) or _sourcing(lowered)


def _mentions(lowered: bytes) -> list[int]:
    """Where `drizzle` stands (found once: both tests below look at each)."""
    found = []
    at = lowered.find(b"drizzle")
    while at >= 0:
        found.append(at)
        at = lowered.find(b"drizzle", at + 7)
    return found


def _named_drizzle(lowered: bytes, mentions: list[int]) -> bool:
    """Whether some `drizzle` is joined to a name: a join just before it (`db:drizzle`,
    `./drizzle`), or a join and a name's character just after it (`drizzle:push`)."""
    for at in mentions:
        if at and lowered[at - 1] in _NAME_JOINS:
            return True
        after = lowered[at + 7 : at + 9]
        if len(after) == 2 and after[0] in _NAME_JOINS and after[1] in _NAME_CHARS:
            return True
    return False


# A program that runs the word after it: a package runner or a shell handed a script's name
# (`["pnpm", "drizzle", "push"]` with a script named `drizzle`; `sh drizzle push`).
_RUNS_A_NAME = frozenset(
    b"sh bash zsh dash ksh pwsh npm pnpm yarn bun bunx npx pnpx node tsx deno turbo exec".split()
)
_SEPARATORS = b"\"',[]():=`{}\n\r\t/"  # (`/usr/bin/sh`: its last word)
_NOT_A_WORD = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))
_REACH = 120  # how far before a bare `drizzle` its runner may stand (options, a filter)
_A_RUNNER = rb"\b(?:" + b"|".join(sorted(_RUNS_A_NAME)) + rb")\b"


def _run_before_drizzle(lowered: bytes, mentions: list[int]) -> bool:
    """Whether a runner or shell stands within a command's reach before a bare `drizzle` (a
    script or file of that name): the words just before each mention, looked up in a set
    (prose mentions the weather thousands of times in a translation file: each costs a
    slice and a split, no pattern)."""
    if len(mentions) > 50 and not pattern(_A_RUNNER).search(lowered):
        return False  # many mentions, no runner at all: one search instead of a look at each
    for at in mentions:
        words = lowered[max(0, at - _REACH) : at].translate(_NOT_A_WORD).split()
        if not _RUNS_A_NAME.isdisjoint(words):
            return True
    return False


# A package runner calling a name with a banned word after it (`pnpm kit migrate`, `npm run
# db -- push`): another package's script may be a prefix that makes it a run (issue 37).
_BANNED_WORD = rb"(?i)\s(?:push|generate|migrate|up|drop|mcp|--init)\b"
_RUNNER_CALL = rb"(?i)\b(?:npm|pnpm|yarn|bun|npx|turbo)\b|\.(?:sh|bash)\b|\./[\w./-]+"
_COMMAND_END = rb"[\n;&|]"
_LIST_END = rb"[;&|]"
_LISTED_BANNED = rb"(?i)[\s\"',\[](?:push|generate|migrate|up|drop|mcp|--init)\b"


# A script that sources another (`source ./env.sh`, `. "$DIR/env.sh"`): its variables may
# hold drizzle-kit although the script never names it.
_SOURCES = rb"(?m)^[ \t]*(?:source|\.)[ \t]+[\w\"'$./]"


def sources_another(data: bytes) -> bool:
    """Whether a line of the text sources another script (see `_SOURCES`)."""
    return pattern(_SOURCES).search(data) is not None


# The literals `_RUNNER_CALL` starts with (`np`: npm, npx and pnpm's tail; `pnpm` itself is
# tried one byte before each `npm`; `.sh`, `.bash` and `./`: its dotted alternatives).
_RUNNER_LITERALS = (b"np", b"yarn", b"bun", b"turbo", b".sh", b".bash", b"./")


def _runners(lowered: bytes) -> list[re.Match[bytes]]:
    """`_RUNNER_CALL`'s matches, in order, found from byte searches for its literals (a
    pattern of alternatives is tried at every offset: 8 ms on a 200 KB translation file;
    these searches, 0.3 ms; no pattern is compiled for a text without a runner)."""
    hits = set()
    for literal in _RUNNER_LITERALS:
        at = lowered.find(literal)
        while at >= 0:
            hits.add(at)
            if literal == b"np" and at:
                hits.add(at - 1)  # (`pnpm`)
            at = lowered.find(literal, at + 1)
    if not hits:
        return []
    runner_call = pattern(_RUNNER_CALL)
    matches = (runner_call.match(lowered, at) for at in sorted(hits))
    return [m for m in matches if m is not None]


def _sourcing(lowered: bytes) -> bool:
    """`sources_another`, from byte searches: `source` or `.` then a blank, first on its
    line."""
    sources = pattern(_SOURCES)
    for word in _SOURCE_WORDS:
        for found in pattern(word).finditer(lowered):
            at = found.start()
            line = lowered.rfind(b"\n", 0, at) + 1
            if (line == at or not lowered[line:at].strip(b" \t")) and sources.match(lowered, line):
                return True
    return False


# (Two patterns, each starting with a literal: searched at the speed of a byte search.)
_SOURCE_WORDS = (rb"\.[ \t]", rb"source[ \t]")


def calls_with_banned(
    data: bytes, *, across_lines: bool = False, lowered: bytes | None = None
) -> bool:
    """Whether a runner calls a name with a banned word after it on one command of the text
    (`pnpm kit migrate`, `npm run db -- push`, `./scripts/drizzle.sh push`). Runners are rare
    in text that runs nothing; each is followed to its command's end (a newline, `;`, `&`,
    `|`) or a bounded window, and no byte is searched twice: linear on a minified one-line
    file (a pattern that scanned on from every `./` took 424 s on a 490 KB tsbuildinfo).
    `across_lines`: a file read by content, whose command may be a list over several lines
    (`command: [pnpm, --filter, db, dk]` then `args: [push]`), each word quoted."""
    if lowered is None:
        lowered = data.lower()
    runners = _runners(lowered)
    if not runners:
        return False
    ends, banned = (
        (pattern(_LIST_END), pattern(_LISTED_BANNED))
        if across_lines
        else (pattern(_COMMAND_END), pattern(_BANNED_WORD))
    )
    scanned = 0  # the text already searched for a banned word
    for runner in runners:
        start = max(runner.end(), scanned)
        end = min(len(data), runner.end() + 300)
        stop = ends.search(data, runner.end(), end)
        if stop is not None:
            end = stop.start()
        if start < end and banned.search(data, start - 1, end):
            return True  # (from one byte back: the banned word's own space)
        scanned = max(scanned, end)
    return False
