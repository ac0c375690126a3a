"""What a program hands on to run, one handler per program (`HANDLERS`): env prefixes and
secret loaders (env, cross-env, dotenv, dotenvx, infisical, ...), shells and their command
strings (`sh -c`, pwsh, cmd), file watchers, prefix commands (exec, nice, timeout, sudo,
xargs), the programs of the wrapper table (hooks/commands/wrappers.py) and the package
runners (hooks/commands/package_runners.py); the programs that take words only as data
(`NON_RUNNERS`); and which programs read a here-document as commands."""

from __future__ import annotations

from hooks.commands._words import joined_raw
from hooks.commands._words import skip_options
from hooks.commands.drizzle_kit import program_name
from hooks.commands.package_runners import PACKAGE_RUNNERS
from hooks.commands.shell import POWERSHELL
from hooks.commands.shell import SH
from hooks.commands.shell import Word
from hooks.commands.wrappers import ARGV
from hooks.commands.wrappers import UNKNOWN
from hooks.commands.wrappers import WRAPPERS
from hooks.commands.wrappers import command_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection

    from hooks.commands.runs import Frame
    from hooks.commands.runs import Handler
    from hooks.commands.runs import Reader
    from hooks.commands.wrappers import Grammar


# Options that take a value, per program: skipping them finds the wrapped program.
_ENV_VALUES = frozenset({"-u", "--unset", "-C", "--chdir"})
_DOTENV_VALUES = frozenset({"-e", "-v", "--env-file"})
_DOTENVX_VALUES = frozenset(
    {"-f", "--env-file", "-e", "--env", "-fk", "--env-keys-file", "--convention", "--ops-off"},
)
_INFISICAL_VALUES = frozenset(
    {"--env", "--path", "--projectId", "--token", "--domain", "--tags", "--project-config-dir"},
)
_SUDO_VALUES = frozenset({"-u", "-g", "-C", "-h", "-p", "-r", "-t", "-U"})
_XARGS_VALUES = frozenset({"-n", "-I", "-L", "-P", "-s", "-d", "-a", "-E", "-i"})

_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "fish"})
_PREFIX_COMMANDS = frozenset({"exec", "nohup", "time", "builtin", "stdbuf", "chronic"})

# Programs that take a command's words as data, never as a command to run: printers and
# loggers, searches and editors of text, HTTP clients and forge CLIs (a body, a message),
# version control, variable and alias definitions. Any other program we do not know that is
# handed `drizzle-kit <banned>` is taken to run it (fail closed); `mention-only` in the
# config adds a project's own (a `log` function).
NON_RUNNERS = frozenset(
    {"echo", "printf", "print", "logger", "cat", "tac", "head", "tail", "less", "more", "grep",
     "egrep", "fgrep", "rg", "ag", "ack", "sed", "awk", "gawk", "mawk", "perl", "jq", "yq",
     "curl", "wget", "http", "https", "xh", "gh", "glab", "hub", "git", "svn", "hg", "test",
     "[", "[[", "read", "export", "declare", "local", "readonly", "typeset", "alias", "unalias",
     "set", "unset", "type", "which", "whereis", "hash", "man", "help", "tldr", "info",
     "write-host", "write-output", "write-error", "write-warning", "write-verbose",
     "write-debug", "write-information", "out-file", "set-content", "add-content",
     "out-host", "tee", "touch", "mkdir", "rm", "cp", "mv", "ls", "cd", "pushd", "popd",
     "push-location", "pop-location", "set-location", "notify-send", "say", "wall", "mail",
     "sendmail", "slack", "gum", "figlet", "cowsay", "lolcat", "column", "tr", "cut",
     "sort", "uniq", "wc", "diff", "patch", "base64", "sha256sum", "md5sum", "openssl",
     "select-string", "findstr", "find", "fd", "locate", "stat", "file", "du", "df",
     "basename", "dirname", "realpath", "readlink", "expr", "let", "true", "false", ":",
     "exit", "return", "shift", "break", "continue", "wait", "sleep"},
)  # fmt: skip


def _after_double_dash(args: list[Word]) -> list[Word] | None:
    for i, word in enumerate(args):
        if word.value == "--":
            return args[i + 1 :]
    return None


def _env(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    j = 0
    while j < len(args):
        v = args[j].value
        if v in ("-S", "--split-string") and j + 1 < len(args):
            an.nested(frame, [joined_raw(args[j + 1 :])])
            return None
        if v.startswith("--split-string="):
            an.nested(frame, [v.split("=", 1)[1] + " " + joined_raw(args[j + 1 :])])
            return None
        if v == "--":
            return args[j + 1 :]
        if not v.startswith("-"):
            break
        j += 2 if v in _ENV_VALUES else 1
    return args[j:]


def _cross_env(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    return args  # VAR=value words are stripped by the loop


def _shell_string(
    an: Reader,
    frame: Frame,
    first: Word,
    args: list[Word],
) -> list[Word] | None:
    """cross-env-shell, iex: the rest is a command string for a shell."""
    dialect = POWERSHELL if program_name(first) in ("iex", "invoke-expression") else SH
    an.nested(frame, [joined_raw(args)], dialect)
    return None


def _dotenv(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    tail = _after_double_dash(args)
    if tail is not None:
        return tail
    if any(w.value == "-p" for w in args):
        return None  # prints a variable
    return args[skip_options(args, _DOTENV_VALUES) :]


def _secrets_run(
    an: Reader,
    frame: Frame,
    first: Word,
    args: list[Word],
) -> list[Word] | None:
    """dotenvx / infisical / doppler / op ... `run [options] -- command` or `--command '...'`."""
    if not args or args[0].value != "run":
        return None
    rest = args[1:]
    for j, w in enumerate(rest):
        if w.value == "--":
            break
        if w.value == "--command" and j + 1 < len(rest):
            an.nested(frame, [rest[j + 1].value])
            return None
        if w.value.startswith("--command="):
            an.nested(frame, [w.value.split("=", 1)[1]])
            return None
    tail = _after_double_dash(rest)
    if tail is not None:
        return tail
    return rest[skip_options(rest, _DOTENVX_VALUES | _INFISICAL_VALUES) :]


def _posix_shell(
    an: Reader,
    frame: Frame,
    first: Word,
    args: list[Word],
) -> list[Word] | None:
    j = 0
    while j < len(args):
        v = args[j].value
        if v.startswith("-") and not v.startswith("--") and "c" in v[1:]:
            k = j + 1
            while k < len(args) and args[k].value.startswith("-"):
                k += 1
            if k < len(args):
                an.nested(frame, [args[k].value])
            return None
        if v in ("-o", "+o", "-O", "+O"):
            j += 2
            continue
        if not v.startswith(("-", "+")):
            an.script_file(frame, v, args[j + 1 :])  # (read when it is handed a banned word)
            return None  # a script file: the script-file guard reads it itself
        j += 1
    return None


_PWSH_VALUES = frozenset(
    {"-executionpolicy", "-ep", "-workingdirectory", "-wd", "-configurationname",
     "-outputformat", "-of", "-inputformat", "-windowstyle", "-w", "-settingsfile"},
)  # fmt: skip


def _pwsh(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    j = 0
    while j < len(args):
        v = args[j].value.lower()
        if v in ("-file", "-f") or (not v.startswith("-") and v.endswith((".ps1", ".psm1"))):
            return None
        if v.startswith("-c") and "-command".startswith(v.split(":", 1)[0]):
            an.nested(frame, [joined_raw(args[j + 1 :])], POWERSHELL)
            return None
        if v.startswith("-"):
            j += 2 if v in _PWSH_VALUES else 1
            continue
        an.nested(frame, [joined_raw(args[j:])], POWERSHELL)
        return None
    return None


def _cmd(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    for j, w in enumerate(args):
        if w.value.lower() in ("/c", "/k", "/s/c", "/d/c"):
            an.nested(frame, [joined_raw(args[j + 1 :])])
            break
    return None


def _watcher(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    for j, w in enumerate(args[:-1]):
        if w.value in ("--exec", "-x", "-c", "--command"):
            an.nested(frame, [args[j + 1].value])
        elif w.value == "--":  # watchexec -w src -- cmd
            return args[j + 1 :]
    return None


def _prefix(values: Collection[str], *, positional: int = 0) -> Handler:
    """exec, nohup, nice -n 5, timeout 60, sudo -u x, xargs ...: the rest is the command."""

    def handler(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word]:
        return args[skip_options(args, values) + positional :]

    return handler


def _command_builtin(
    an: Reader,
    frame: Frame,
    first: Word,
    args: list[Word],
) -> list[Word] | None:
    if any(w.value in ("-v", "-V") for w in args):
        return None  # a lookup, not a run
    return args[skip_options(args, ()) :]


# Each program we know by name: its handler (the package runners', then the rest).
HANDLERS: dict[str, Handler] = {
    **PACKAGE_RUNNERS,
    "env": _env,
    "cross-env": _cross_env,
    "cross-env-shell": _shell_string,
    "iex": _shell_string,
    "invoke-expression": _shell_string,
    "dotenv": _dotenv,
    **dict.fromkeys(("dotenvx", "infisical", "doppler", "op", "varlock", "teller"), _secrets_run),
    **dict.fromkeys(_SHELLS, _posix_shell),
    "pwsh": _pwsh,
    "powershell": _pwsh,
    "cmd": _cmd,
    **dict.fromkeys(("nodemon", "watchexec", "chokidar", "onchange"), _watcher),
    **dict.fromkeys(_PREFIX_COMMANDS, _prefix(())),
    "command": _command_builtin,
    "nice": _prefix({"-n", "--adjustment"}),
    "timeout": _prefix({"-s", "--signal", "-k", "--kill-after"}, positional=1),
    "sudo": _prefix(_SUDO_VALUES),
    "xargs": _prefix(_XARGS_VALUES),
}


def _wrapper(grammar: Grammar) -> Handler:
    """A program of the wrapper table: its command, read the way that program reads it."""

    def handler(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
        found = command_of(grammar, [w.value for w in args])
        if found is None:
            return None
        how, at, option = found
        if how == ARGV:
            return args[at:]
        if how == UNKNOWN:
            an.unknown(frame, first, args[at:])
        elif option:
            value = args[at].value
            an.nested(frame, [value.split("=", 1)[1] if value.startswith(option + "=") else value])
        else:
            an.nested(frame, [joined_raw(args[at:])])
        return None

    return handler


for _name, _grammar in WRAPPERS.items():
    HANDLERS.setdefault(_name, _wrapper(_grammar))


_HEREDOC_READERS = frozenset({*_SHELLS, "ssh", "pwsh", "powershell"})


def feeds_a_shell(words: list[Word]) -> bool:
    """Is a here-document given to this command read as commands: a shell (`bash -s`) or a
    remote one (`ssh host`) among its words, not as the argument of `-c`?"""
    for i, word in enumerate(words):
        name = program_name(Word(word.value.split(" ", 1)[0], word.value, 0, quoted=False))
        if name in _HEREDOC_READERS:
            rest = [w.value for w in words[i + 1 :]]
            return "-c" not in rest and (name == "ssh" or not any(
                not v.startswith("-") for v in rest
            ))  # fmt: skip
    return False
