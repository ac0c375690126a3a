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


# A package runner calling a name with a banned word after it (`pnpm kit migrate`, `npm run
# db -- push`): another package's script may be a prefix that makes it a run (issue 37).
_BANNED_WORD = re.compile(rb"(?i)\s(?:push|generate|migrate|up|drop|mcp|--init)\b")
_RUNNER_CALL = re.compile(rb"(?i)\b(?:npm|pnpm|yarn|bun|npx|turbo)\b|\.(?:sh|bash)\b|\./[\w./-]+")


# A script that sources another (`source ./env.sh`, `. "$DIR/env.sh"`): its variables may
# hold drizzle-kit although the script never names it.
SOURCES = re.compile(rb"(?m)^[ \t]*(?:source|\.)[ \t]+[\w\"'$./]")


def calls_with_banned(data: bytes) -> bool:
    """Whether a runner calls a name with a banned word after it on one command of the text
    (`pnpm kit migrate`, `npm run db -- push`, `./scripts/drizzle.sh push`). Each banned word
    looks back a bounded window of its own command: linear on a minified one-line file
    (a pattern that scanned forward from every `./` took 424 s on a 490 KB tsbuildinfo)."""
    for found in _BANNED_WORD.finditer(data):
        start = max(0, found.start() - 300)
        window = data[start : found.start()]
        cut = max(window.rfind(b"\n"), window.rfind(b";"), window.rfind(b"&"), window.rfind(b"|"))
        if _RUNNER_CALL.search(window, cut + 1):
            return True
    return False
