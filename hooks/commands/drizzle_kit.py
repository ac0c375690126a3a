"""drizzle-kit's command grammar: the names its program goes by (`drizzle-kit@0.31`,
`npm:drizzle-kit`, `node_modules/drizzle-kit/bin.cjs`), the options written before its
subcommand, and the banned subcommand a command asks for (one that writes, not a dry run).
Whether a command line runs it, and through what, is hooks/commands/analyzer.py's question.
"""

from __future__ import annotations

from hooks.drizzle.versions import WRITES
from hooks.drizzle.versions import is_dry_run
from hooks.drizzle.versions import writing_flag

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection

    from hooks.commands.shell import Word


DEFAULT_BANNED = tuple(sorted(WRITES))  # every line's writing commands (hooks/drizzle/versions.py)
_EXTENSIONS = (".cmd", ".exe", ".ps1", ".bat", ".sh")


def program_name(word: Word) -> str:
    """The program a word names: lower-case base name, Windows extensions dropped."""
    candidates = {word.value, word.raw.strip("'\"")}
    names = []
    for text in candidates:
        base = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].lower()
        for ext in _EXTENSIONS:
            if base.endswith(ext):
                base = base[: -len(ext)]
                break
        names.append(base)
    for name in names:
        if is_drizzle_kit_name(name):
            return name
    return names[0] if word.value == word.raw else min(names, key=len)


def is_drizzle_kit_name(name: str) -> bool:
    name = name.removeprefix("npm:")  # deno run npm:drizzle-kit
    return name == "drizzle-kit" or name.startswith("drizzle-kit@")


def is_drizzle_kit_program(word: Word) -> bool:
    if is_drizzle_kit_name(program_name(word)):
        return True
    # node_modules/drizzle-kit/bin.cjs (run directly or through node)
    for text in (word.value, word.raw.strip("'\"")):
        path = text.replace("\\", "/").lower()
        if path.endswith(("drizzle-kit/bin.cjs", "drizzle-kit/bin.js", "drizzle-kit/bin.mjs")):
            return True
    return False


# drizzle-kit's options that take a value (either line's `--help`), as written before the
# subcommand: `drizzle-kit --config db.ts migrate` runs migrate.
_KIT_VALUE_OPTIONS = frozenset(
    f"--{name}"
    for name in (
        "config", "dialect", "driver", "schema", "out", "name", "prefix", "casing", "url",
        "host", "port", "user", "password", "database", "ssl", "auth-token", "tablesFilter",
        "schemaFilter", "schemaFilters", "extensionsFilters", "introspect-casing", "hints",
        "hints-file", "output", "tlsSecurity",
    )
)  # fmt: skip


def banned_subcommand(args: list[Word], banned: Collection[str]) -> str | None:
    """The banned subcommand drizzle-kit is asked to run, if any (`--help` runs nothing)."""
    values = [w.value for w in args]
    if any(v in ("--help", "-h", "--version") for v in values):
        return None
    skip = False
    for at, value in enumerate(values):
        if skip:  # the value of an option before the subcommand (`--config db.ts migrate`)
            skip = False
            continue
        if value.startswith("-"):
            skip = value in _KIT_VALUE_OPTIONS
            continue
        base = value.lower().split(":", 1)[0]
        flags = values[at + 1 :]
        if base in banned:
            return None if is_dry_run(base, flags) else value
        flag = writing_flag(base, flags)  # `pull --init` writes to the database (1.0)
        return f"{value} {flag}" if flag else None
    return None


def subcommand_word(args: list[Word]) -> Word | None:
    """The word in drizzle-kit's subcommand position (after its options), if any."""
    skip = False
    for word in args:
        if skip:
            skip = False
            continue
        if word.value.startswith("-"):
            if word.value in ("--help", "-h", "--version"):
                return None
            skip = word.value in _KIT_VALUE_OPTIONS
            continue
        return word
    return None
