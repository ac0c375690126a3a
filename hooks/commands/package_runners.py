"""The JavaScript package and task runners: npx, npm, pnpm, yarn, bun, node (tsx, deno),
concurrently, npm-run-all and turbo. Each one's handler finds the command it runs, or the
package.json script it calls (this package's, or another's by the resolver)."""

from __future__ import annotations

from hooks.commands._words import joined_raw
from hooks.commands._words import no_dashes
from hooks.commands._words import skip_options
from hooks.commands.drizzle_kit import is_drizzle_kit_program
from hooks.commands.drizzle_kit import program_name
from hooks.commands.shell import Word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Collection

    from hooks.commands.runs import Frame
    from hooks.commands.runs import Handler
    from hooks.commands.runs import Reader

    Runner = Callable[[Reader, Frame, Word, Word, list[Word]], "list[Word] | None"]


# A package runner's own options that may stand between a script's name and its arguments.
_RUNNER_VALUE_OPTIONS = frozenset(
    {"-w", "--workspace", "--prefix", "-F", "--filter", "-C", "--dir"}
)
_RUNNER_FLAGS = frozenset(
    {"-ws", "--workspaces", "--if-present", "--silent", "-s", "-r", "--recursive"}
)


def without_runner_options(args: list[Word]) -> list[Word]:
    """The words a runner appends to a script, its own options (`-w @acme/db`) left out."""
    out: list[Word] = []
    skip = False
    for word in args:
        if skip:
            skip = False
            continue
        value = word.value
        if value in _RUNNER_VALUE_OPTIONS:
            skip = True
            continue
        if value in _RUNNER_FLAGS or value.split("=", 1)[0] in _RUNNER_VALUE_OPTIONS:
            continue
        out.append(word)
    return out


# Options that take a value, per wrapper: skipping them finds the wrapped program.
_NPX_VALUES = frozenset({"-p", "--package", "-w", "--workspace", "--prefix", "--cache"})
_NPM_VALUES = frozenset(
    {"-w", "--workspace", "--prefix", "--userconfig", "--cache", "--registry", "--loglevel"},
)
_PNPM_VALUES = frozenset(
    {"-C", "--dir", "-F", "--filter", "--filter-prod", "--workspace-concurrency", "--reporter",
     "--loglevel", "--resume-from", "--changed-files-ignore-pattern", "--test-pattern"},
)  # fmt: skip
_YARN_VALUES = frozenset({"--cwd", "-p", "--package"})
_BUN_VALUES = frozenset({"--cwd", "-F", "--filter", "--env-file", "-c", "--config", "--shell"})
_NODE_VALUES = frozenset(
    {"-r", "--require", "--import", "--loader", "--experimental-loader", "-C", "--conditions",
     "--env-file", "--inspect-port", "--title", "--stack-size", "--input-type", "--tsconfig"},
)  # fmt: skip
_CONCURRENTLY_VALUES = frozenset(
    {"-n", "--names", "-c", "--prefix-colors", "-p", "--prefix", "-m", "--max-processes",
     "-s", "--success", "-t", "--timestamp-format", "-l", "--prefix-length", "--restart-tries",
     "--restart-after", "--default-input-target", "--name-separator", "--hide",
     "--teardown"},
)  # fmt: skip
_NPM_RUN_ALL_VALUES = frozenset({"--npm-path", "-n", "--max-parallel"})

# Each runner's own subcommands: neither a script nor a binary of that name.
_PNPM_BUILTINS = frozenset(
    {"add", "i", "install", "install-test", "it", "ln", "link", "unlink", "prune", "rb",
     "rebuild", "remove", "rm", "un", "uninstall", "up", "update", "upgrade", "import",
     "fetch", "patch", "patch-commit", "patch-remove", "audit", "licenses", "list", "ls", "ll",
     "outdated", "why", "publish", "pack", "store", "root", "bin", "init", "env", "setup",
     "config", "c", "server", "deploy", "doctor", "create", "recursive", "m", "multi",
     "cat-file", "cat-index", "find-hash", "self-update", "approve-builds", "ignored-builds",
     "dedupe", "catalog", "help", "stop", "restart"},
)  # fmt: skip
_YARN_BUILTINS = frozenset(
    {"add", "remove", "install", "upgrade", "up", "info", "init", "link", "unlink", "pack",
     "publish", "why", "config", "cache", "set", "plugin", "npm", "constraints", "version",
     "explain", "patch", "patch-commit", "dedupe", "rebuild", "search", "stage", "bin",
     "global", "import", "licenses", "list", "login", "logout", "outdated", "owner", "policies",
     "tag", "team", "upgrade-interactive", "audit", "autoclean", "check", "create",
     "generate-lock-entry", "help", "unplug", "workspaces"},
)  # fmt: skip
_BUN_BUILTINS = frozenset(
    {"add", "a", "install", "i", "remove", "rm", "update", "upgrade", "link", "unlink", "pm",
     "init", "create", "c", "build", "outdated", "publish", "patch", "patch-commit", "audit",
     "info", "why", "repl", "test", "completions", "discord", "help"},
)  # fmt: skip
_NPM_SCRIPT_ALIASES = {"start": "start", "test": "test", "t": "test", "tst": "test",
                       "restart": "restart", "stop": "stop"}  # fmt: skip


def _runner(values: Collection[str]) -> Callable[[Runner], Handler]:
    """For npm, pnpm, yarn, bun: skip the runner's own options and hand the handler its
    subcommand word and what follows (nothing runs when there is no subcommand)."""

    def wrap(runner: Runner) -> Handler:
        def handler(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
            i = skip_options(args, values)
            return runner(an, frame, first, args[i], args[i + 1 :]) if i < len(args) else None

        return handler

    return wrap


def _run_named(
    an: Reader,
    frame: Frame,
    rest: list[Word],
    values: Collection[str],
) -> list[Word] | None:
    """`yarn run NAME ...` / `bun run NAME ...`: a script of this package.json, else a binary."""
    j = skip_options(rest, values)
    return an.run_script_or_binary(frame, rest[j], rest[j + 1 :]) if j < len(rest) else None


def _npx(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    call = _call_string(args)
    if call is not None:
        an.nested(frame, [call])
        return None
    return args[skip_options(args, _NPX_VALUES) :]


@_runner(_NPM_VALUES)
def _npm(
    an: Reader,
    frame: Frame,
    first: Word,
    sub_word: Word,
    rest: list[Word],
) -> list[Word] | None:
    sub = sub_word.value
    if sub in ("exec", "x"):
        return _npx(an, frame, first, rest)
    if sub in ("run", "run-script", "rum", "urn"):
        j = skip_options(rest, _NPM_VALUES)
        if j < len(rest):
            an.script_ref(frame, rest[j].value, no_dashes(rest[j + 1 :]))
    elif sub in _NPM_SCRIPT_ALIASES:
        an.script_ref(frame, _NPM_SCRIPT_ALIASES[sub], no_dashes(rest))
    return None  # install, ci, and the rest run no binary


@_runner(_PNPM_VALUES)
def _pnpm(
    an: Reader,
    frame: Frame,
    first: Word,
    sub_word: Word,
    rest: list[Word],
) -> list[Word] | None:
    sub = sub_word.value
    if sub in ("exec", "dlx"):
        if any(w.value in ("-c", "--shell-mode") for w in rest):
            tail = [w for w in rest if w.value not in ("-c", "--shell-mode")]
            an.nested(frame, [joined_raw(tail[skip_options(tail, _PNPM_VALUES) :])])
            return None
        return rest[skip_options(rest, _PNPM_VALUES) :]
    if sub in ("run", "run-script"):
        j = skip_options(rest, _PNPM_VALUES)
        if j < len(rest):
            an.script_ref(frame, rest[j].value, no_dashes(rest[j + 1 :]))
        return None
    if sub in ("start", "test", "t"):
        an.script_ref(frame, _NPM_SCRIPT_ALIASES[sub], no_dashes(rest))
        return None
    if sub in _PNPM_BUILTINS:
        return None
    return an.run_script_or_binary(frame, sub_word, rest)


@_runner(_YARN_VALUES)
def _yarn(
    an: Reader,
    frame: Frame,
    first: Word,
    sub_word: Word,
    rest: list[Word],
) -> list[Word] | None:
    sub = sub_word.value
    if sub in ("dlx", "exec"):
        return rest[skip_options(rest, _YARN_VALUES) :]
    if sub == "workspace" and len(rest) >= 2:
        # Another package's scripts are not ours to resolve: binaries only.
        an.without_scripts().command(frame, [first, *rest[1:]])
        return None
    if sub == "node":
        return [Word("node", "node", first.offset, quoted=False), *rest]
    if sub == "run":
        return _run_named(an, frame, rest, ())
    if sub in _YARN_BUILTINS or sub == "workspace":
        return None
    return an.run_script_or_binary(frame, sub_word, rest)


@_runner(_BUN_VALUES)
def _bun(
    an: Reader,
    frame: Frame,
    first: Word,
    sub_word: Word,
    rest: list[Word],
) -> list[Word] | None:
    sub = sub_word.value
    if sub == "x":
        return _npx(an, frame, first, rest)
    if sub == "run":
        return _run_named(an, frame, rest, _BUN_VALUES)
    if sub in _BUN_BUILTINS:
        return None
    return an.run_script_or_binary(frame, sub_word, rest)


def _node(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    if any(w.value in ("-e", "--eval", "-p", "--print") for w in args):
        return None  # inline code: an argument, not a program
    if program_name(first) == "deno" and args and args[0].value == "run":
        args = args[1:]
    rest = args[skip_options(args, _NODE_VALUES) :]
    if rest and is_drizzle_kit_program(rest[0]):
        return rest
    return None  # some other script file: not ours to follow


def _concurrently(
    an: Reader,
    frame: Frame,
    first: Word,
    args: list[Word],
) -> list[Word] | None:
    j = 0
    while j < len(args):
        v = args[j].value
        if v.startswith("-"):
            j += 2 if v in _CONCURRENTLY_VALUES else 1
            continue
        runner, _, script = v.partition(":")
        if script and runner in ("npm", "pnpm", "yarn", "bun"):
            for ref in an.matching_scripts(script):
                an.script_ref(frame, ref, [])
        else:
            an.nested(frame, [v])
        j += 1
    return None


def _run_all(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    j = 0
    while j < len(args) and args[j].value != "--":
        v = args[j].value
        if v.startswith("-"):
            j += 2 if v in _NPM_RUN_ALL_VALUES else 1
            continue
        for ref in an.matching_scripts(v.split(" ", 1)[0]):
            an.script_ref(frame, ref, [])
        j += 1
    return None


_TURBO_VALUES = frozenset(
    {"--filter", "-F", "--concurrency", "--cache-dir", "--output-logs", "--log-order",
     "--env-mode", "--cache", "--log-prefix", "--graph", "--profile", "--summarize"}
)  # fmt: skip


def _turbo(an: Reader, frame: Frame, first: Word, args: list[Word]) -> list[Word] | None:
    """`turbo run db --filter=@acme/db -- migrate` (or turbo 2's `turbo db …`): each task is
    a package's script; the words after `--` are appended to it."""
    words = args[1:] if args and args[0].value == "run" else args
    values = [w.value for w in words]
    dash = values.index("--") if "--" in values else len(words)
    appended = words[dash + 1 :]
    j = 0
    while j < dash:
        value = values[j]
        if value.startswith("-"):
            j += 2 if value in _TURBO_VALUES else 1
            continue
        task = value.rsplit("#", 1)[-1]  # `@acme/db#db`
        if an.is_script(task):
            an.script_ref(frame, task, appended)
        else:
            an.elsewhere(frame, task, appended)
        j += 1
    return None


def _call_string(args: list[Word]) -> str | None:
    """The command string of `npx -c '...'` / `npm exec --call '...'`."""
    for i, word in enumerate(args):
        if word.value == "--":
            return None
        if word.value in ("-c", "--call") and i + 1 < len(args):
            return args[i + 1].value
        if word.value.startswith("--call="):
            return word.value.split("=", 1)[1]
        if not word.value.startswith("-"):
            return None
    return None


PACKAGE_RUNNERS: dict[str, Handler] = {
    "npx": _npx,
    "pnpx": _npx,
    "bunx": _npx,
    "npm": _npm,
    "pnpm": _pnpm,
    "yarn": _yarn,
    "bun": _bun,
    "node": _node,
    "nodejs": _node,
    "tsx": _node,
    "ts-node": _node,
    "deno": _node,
    "concurrently": _concurrently,
    **dict.fromkeys(("npm-run-all", "npm-run-all2", "run-s", "run-p"), _run_all),
    "turbo": _turbo,
}
