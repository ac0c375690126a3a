"""A small command-line parser for the hot path (every hook, `check`, `hook`).

argparse costs a hook about 5 ms before it parses anything (it imports gettext, locale and
shutil to build its help formatter), a third of the interpreter's own start-up. The hooks take
a handful of options, so this parses them directly, with argparse's conventions: `--opt VALUE`
and `--opt=VALUE`, `--` ends the options, `-h/--help`, exit 2 with a usage line on a mistake.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn


class Option:
    __slots__ = ("choices", "dest", "flag", "help", "metavar", "name")

    def __init__(
        self,
        name: str,
        help: str,
        *,
        metavar: str | None = None,
        flag: bool = False,
        choices: Sequence[str] | None = None,
    ) -> None:
        self.name = name
        self.dest = name.lstrip("-").replace("-", "_")
        self.help = help
        self.metavar = metavar or self.dest.upper()
        self.flag = flag
        self.choices = tuple(choices) if choices else None


class Arguments:
    """The parsed command line of a hook or of `check` / `hook`."""

    def __init__(self, values: dict[str, object], filenames: list[str]) -> None:
        self.filenames = filenames
        self.config = _text(values.get("config"))
        self.from_ref = _text(values.get("from_ref"))
        self.to_ref = _text(values.get("to_ref"))
        self.format = _text(values.get("format"))
        self.all_files = values.get("all_files") is True


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _usage(prog: str, options: Sequence[Option]) -> str:
    parts = [f"[{o.name}]" if o.flag else f"[{o.name} {o.metavar}]" for o in options]
    return f"usage: {prog} [-h] {' '.join(parts)} [FILE ...]"


def _help(prog: str, description: str, options: Sequence[Option]) -> str:
    lines = [_usage(prog, options), "", description, "", "options:"]
    lines.append(f"  {'-h, --help':<24}show this help message and exit")
    for option in options:
        left = option.name if option.flag else f"{option.name} {option.metavar}"
        extra = f" (one of: {', '.join(option.choices)})" if option.choices else ""
        lines.append(f"  {left:<24}{option.help}{extra}")
    lines.append(f"  {'FILE ...':<24}files to check, as the hook manager passes them")
    return "\n".join(lines) + "\n"


def _fail(prog: str, options: Sequence[Option], message: str) -> NoReturn:
    sys.stderr.write(f"{_usage(prog, options)}\n{prog}: error: {message}\n")
    raise SystemExit(2)


def parse(
    prog: str,
    description: str,
    options: Sequence[Option],
    argv: Sequence[str],
) -> Arguments:
    by_name = {o.name: o for o in options}
    values: dict[str, object] = {o.dest: (False if o.flag else None) for o in options}
    filenames: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            filenames.extend(args[i:])
            break
        if arg in ("-h", "--help"):
            sys.stdout.write(_help(prog, description, options))
            raise SystemExit(0)
        if not arg.startswith("-") or arg == "-":
            filenames.append(arg)
            continue
        name, eq, inline = arg.partition("=")
        matches = [o for n, o in by_name.items() if n == name] or [
            o for n, o in by_name.items() if n.startswith(name) and name.startswith("--")
        ]
        if len(matches) != 1:
            _fail(prog, options, f"unrecognized arguments: {arg}")
        option = matches[0]
        if option.flag:
            if eq:
                _fail(prog, options, f"argument {option.name}: takes no value ({inline!r})")
            values[option.dest] = True
            continue
        if eq:
            value = inline
        elif i < len(args):
            value = args[i]
            i += 1
        else:
            _fail(prog, options, f"argument {option.name}: expected one argument")
        if option.choices and value not in option.choices:
            choices = ", ".join(repr(c) for c in option.choices)
            _fail(prog, options, f"argument {option.name}: invalid choice: {value!r} ({choices})")
        values[option.dest] = value
    return Arguments(values, filenames)
