"""Words of a command handed on: joined back into command text for another reading, and
past the options a program takes before the words it runs."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection

    from hooks.commands.shell import Word


def skip_options(args: list[Word], with_values: Collection[str]) -> int:
    """Index of the first argument that is not an option (or of what follows `--`)."""
    i = 0
    while i < len(args):
        value = args[i].value
        if value == "--":
            return i + 1
        if not value.startswith("-") or value == "-":
            return i
        i += 2 if value in with_values else 1
    return i


def no_dashes(words: list[Word]) -> list[Word]:
    return [w for w in words if w.value != "--"]


def joined(words: list[Word]) -> str:
    return " ".join(requote(w.value) for w in words)


def requote(value: str) -> str:
    if value and all(c.isalnum() or c in "-_./:=@%+,\\" for c in value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"


def joined_raw(words: list[Word]) -> str:
    """Words handed on to another shell: a lone argument is the command string itself."""
    if len(words) == 1:
        return words[0].value
    return " ".join(w.value if w.quoted else w.raw for w in words)
