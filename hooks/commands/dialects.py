"""The shell dialects a command is written in, by name (what the shell reader splits and what
a carrier says its commands are), and a word quoted back into sh text. The carriers' table is
loaded on every commit, the shell reader only for a command worth reading."""

from __future__ import annotations

SH = "sh"
POWERSHELL = "powershell"


def quote(word: str) -> str:
    """A word as shell text that reads back as that one word: as it is when plain, else in
    single quotes (exec-form lists and JSON argument lists handed on as command text)."""
    if word and all(c.isalnum() or c in "@%+=:,./-_" for c in word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"
