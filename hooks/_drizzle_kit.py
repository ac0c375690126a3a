"""Does a command run drizzle-kit with a banned subcommand, however it is wrapped?

drizzle-kit counts as *run* when it is the program of a simple command, reached through
package runners (npx, npm exec, pnpm, yarn, bun), env prefixes and loaders (cross-env,
dotenv, dotenvx, infisical, ...), nested command strings (`sh -c`, `concurrently`), or a script
of the same package.json used as a prefix. An argument of another program (`echo`, `grep`,
`git commit -m`) is not a run, nor is an install (`pnpm add drizzle-kit`).
"""

from __future__ import annotations

import re

from hooks._drizzle.versions import WRITES
from hooks._drizzle.versions import is_dry_run
from hooks._drizzle.versions import writing_flag
from hooks._shell import POWERSHELL
from hooks._shell import SH
from hooks._shell import Command
from hooks._shell import Word
from hooks._shell import split_commands
from hooks._wrappers import ARGV
from hooks._wrappers import UNKNOWN
from hooks._wrappers import WRAPPERS
from hooks._wrappers import command_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Collection
    from collections.abc import Mapping

    from hooks._wrappers import Grammar

    Resolver = Callable[[str], list[tuple[str, str]]]

DEFAULT_BANNED = tuple(sorted(WRITES))  # every line's writing commands (hooks/_drizzle/versions.py)

_MAX_DEPTH = 12
DEEPER = "…"  # `via` of a run found past our nesting limits
_MAX_WRAPPERS = 64  # wrappers one command line nests (`timeout 9 nice sudo …`)
_MAX_OPTIONS = 64  # words looked at for drizzle-kit's subcommand after an unknown program
_EXTENSIONS = (".cmd", ".exe", ".ps1", ".bat", ".sh")


class Run:
    """A banned drizzle-kit invocation: what it runs and where the command starts; `via`, the
    program we do not know that was handed it (reported all the same: fail closed)."""

    __slots__ = ("command", "hops", "offset", "source", "subcommand", "via")

    def __init__(
        self,
        command: str,
        subcommand: str,
        offset: int,
        via: str | None = None,
        hops: tuple[str, ...] = (),
        source: str | None = None,
    ) -> None:
        self.command = command
        self.subcommand = subcommand
        self.offset = offset
        self.via = via
        # Where the command was assembled, each hop: another package's script it runs
        # (`packages/db/package.json script "drizzle"`).
        self.hops = hops
        # A subcommand computed where the command runs (`drizzle-kit ${{ inputs.command }}`):
        # where it comes from and what it can be.
        self.source = source

    def moved(self, offset: int, via: str | None = None, hops: tuple[str, ...] = ()) -> Run:
        """The same run, reported at another place (the call that made it), with more hops."""
        return Run(self.command, self.subcommand, offset, via, (*hops, *self.hops), self.source)

    def __repr__(self) -> str:
        return f"Run({self.command!r})"


class Analysis:
    __slots__ = ("complete", "refs", "runs")

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.refs: list[str] = []  # scripts of the same package.json this text calls
        self.complete = True


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


# Programs that apply SQL to a database: where `drizzle-kit export`'s output must not go.
_DATABASE_CLIENTS = frozenset(
    {"psql", "pgcli", "mysql", "mariadb", "sqlite3", "sqlcmd", "duckdb", "clickhouse-client",
     "cockroach", "usql", "libsql"}
)  # fmt: skip
_CLIENT_COMMANDS = {"wrangler": ("d1", "execute"), "turso": ("db", "shell"), "supabase": ("db",)}
_REDIRECT = r"(?<![<>&0-9])>>?\s*(\S+\.sql)\b['\"]?"


def _clients_reading(text: str, commands: list[Command]) -> dict[str, list[tuple[int, str]]]:
    """The `.sql` files each database client of a text is handed, as a word or after `<`:
    file -> [(command index, client)], in order (one pass: many exports stay linear)."""
    found: dict[str, list[tuple[int, str]]] = {}
    for j, command in enumerate(commands):
        client = _database_client(command.words)
        if client is None:
            continue
        end = commands[j + 1].offset if j + 1 < len(commands) else len(text)
        files = {w.value.split("=", 1)[-1] for w in command.words[1:] if ".sql" in w.value}
        files.update(re.findall(r"<\s*['\"]?(\S+?\.sql)", text[command.offset : end]))
        for file in files:
            found.setdefault(file.strip("'\""), []).append((j, client))
    return found


_SUBSTITUTED_EXPORT = re.compile(r"(<\(|\$\(|`)[^)`]{0,200}?drizzle-kit[^)`]{0,200}?\bexport\b")
# Programs that run a database client somewhere else: `| docker exec -i db psql`,
# `| kubectl exec -i pg -- psql`, `| ssh host psql` still apply the SQL.
_CLIENT_CARRIERS = frozenset(
    {"docker", "podman", "nerdctl", "kubectl", "oc", "ssh", "sudo", "env", "timeout", "time",
     "nice", "railway", "heroku", "fly", "flyctl", "doppler", "op", "infisical", "dotenv",
     "dotenvx", "docker-compose", "podman-compose", "npx", "bunx", "pnpm", "yarn"}
)  # fmt: skip


# A package runner's own options that may stand between a script's name and its arguments.
_RUNNER_VALUE_OPTIONS = frozenset(
    {"-w", "--workspace", "--prefix", "-F", "--filter", "-C", "--dir"}
)
_RUNNER_FLAGS = frozenset(
    {"-ws", "--workspaces", "--if-present", "--silent", "-s", "-r", "--recursive"}
)


def _without_runner_options(args: list[Word]) -> list[Word]:
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


def _json_commands(text: str) -> str | None:
    """The commands a JSON argument holds, one per line (lists of strings as exec form,
    strings that name drizzle-kit as they are); None when it is not JSON."""
    import json

    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return None
    found: list[str] = []
    stack = [doc]
    while stack and len(found) < 100:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            if node and all(isinstance(v, str) for v in node):
                if any("drizzle-kit" in v.lower() for v in node):
                    found.append(" ".join(_quoted(v) for v in node))
            else:
                stack.extend(node)
        elif isinstance(node, str) and "drizzle-kit" in node.lower():
            found.append(node)
    return "\n".join(found) if found else None


def _quoted(word: str) -> str:
    if word and all(c.isalnum() or c in "@%+=:,./-_" for c in word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def _client_in(words: list[Word]) -> str | None:
    """The database client a command is or runs through a carrier program (`docker exec -i db
    psql`), or None."""
    client = _database_client(words)
    if client is not None or not words or program_name(words[0]) not in _CLIENT_CARRIERS:
        return client
    for j in range(1, min(len(words), 40)):
        client = _database_client(words[j:])
        if client is not None:
            return client
    return None


def _piped_into_client(text: str, commands: list[Command], i: int) -> str | None:
    """The database client a pipeline starting at command i reaches (`| tee x.sql | psql`,
    `| sed … | psql`, `| docker exec -i db psql`), or None."""
    k = i
    while k + 1 < len(commands):
        segment = text[commands[k].offset : commands[k + 1].offset].rstrip()
        if not segment.endswith("|") or segment.endswith("||"):
            return None
        k += 1
        client = _client_in(commands[k].words)
        if client is not None:
            return client
    return None


def _database_client(words: list[Word]) -> str | None:
    """The database client a command is (through `npx`/`pnpm exec` too): its name and the
    words that make it one (`wrangler d1 execute`); None: not a database client."""
    values = [w.value.lower() for w in words]
    while values and values[0] in ("npx", "bunx", "sudo", "pnpm", "yarn", "exec", "dlx", "-y"):
        values = values[1:]
    if not values:
        return None
    name = values[0].replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".exe")
    if name in _DATABASE_CLIENTS:
        return name
    needed = _CLIENT_COMMANDS.get(name)
    if needed is not None and all(n in values[1:] for n in needed):
        return " ".join((name, *needed))
    return None


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
_ENV_VALUES = frozenset({"-u", "--unset", "-C", "--chdir"})
_DOTENV_VALUES = frozenset({"-e", "-v", "--env-file"})
_DOTENVX_VALUES = frozenset(
    {"-f", "--env-file", "-e", "--env", "-fk", "--env-keys-file", "--convention", "--ops-off"},
)
_INFISICAL_VALUES = frozenset(
    {"--env", "--path", "--projectId", "--token", "--domain", "--tags", "--project-config-dir"},
)
_CONCURRENTLY_VALUES = frozenset(
    {"-n", "--names", "-c", "--prefix-colors", "-p", "--prefix", "-m", "--max-processes",
     "-s", "--success", "-t", "--timestamp-format", "-l", "--prefix-length", "--restart-tries",
     "--restart-after", "--default-input-target", "--name-separator", "--hide",
     "--teardown"},
)  # fmt: skip
_NPM_RUN_ALL_VALUES = frozenset({"--npm-path", "-n", "--max-parallel"})
_SUDO_VALUES = frozenset({"-u", "-g", "-C", "-h", "-p", "-r", "-t", "-U"})
_XARGS_VALUES = frozenset({"-n", "-I", "-L", "-P", "-s", "-d", "-a", "-E", "-i"})

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
_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "fish"})
_PREFIX_COMMANDS = frozenset({"exec", "nohup", "time", "builtin", "stdbuf", "chronic"})
_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "fi",
                       "done", "esac", "time"})  # fmt: skip
_SKIP_COMMANDS = frozenset({"for", "case", "select", "function"})
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


def _skip_options(args: list[Word], with_values: Collection[str]) -> int:
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


def _after_double_dash(args: list[Word]) -> list[Word] | None:
    for i, word in enumerate(args):
        if word.value == "--":
            return args[i + 1 :]
    return None


def _joined(words: list[Word]) -> str:
    return " ".join(_requote(w.value) for w in words)


def _requote(value: str) -> str:
    if value and all(c.isalnum() or c in "-_./:=@%+,\\" for c in value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"


class _Frame:
    """Where a command was found: the result it adds to, and how deep the nesting is."""

    __slots__ = ("depth", "expanding", "guessing", "offset", "result", "start")

    def __init__(
        self,
        result: Analysis,
        depth: int,
        offset: int,
        expanding: frozenset[str],
        start: int,
        *,
        guessing: bool = False,
    ) -> None:
        self.result = result
        self.depth = depth
        self.offset = offset  # of the text being read, within the outermost text
        self.expanding = expanding  # scripts being expanded (a cycle guard)
        self.start = start  # of the command, within the outermost text
        # Reading an argument of a program we do not know, as if it were a command: only what
        # plainly runs counts there (one guess deep, never a guess built on a guess).
        self.guessing = guessing


class _Analyzer:
    def __init__(
        self,
        scripts: Mapping[str, str] | None,
        banned: Collection[str],
        mention_only: Collection[str] = (),
        resolver: Resolver | None = None,
        files: Callable[[str], str | None] | None = None,
        choices: Mapping[str, tuple[str, ...]] | None = None,
        strict: bool = False,
    ) -> None:
        # Text that may not be a command at all (a file no reader knows): a program we do not
        # know handed drizzle-kit is not taken to run it; drizzle-kit run plainly still is.
        self.strict = strict
        # A script file of the repository by the path a command names it with (None: not one).
        self.files = files
        # What a value filled in where the command runs can be (a workflow input's options).
        self.choices: Mapping[str, tuple[str, ...]] = choices or {}
        self.scripts = scripts
        self.banned = banned
        self.mention_only = frozenset(m.lower() for m in mention_only)
        # Scripts of the repository's other package.json files, by name: (where, body).
        self.resolver = resolver

    def text(
        self,
        text: str,
        result: Analysis,
        *,
        dialect: str = SH,
        depth: int = 0,
        offset: int = 0,
        expanding: frozenset[str] = frozenset(),
        guessing: bool = False,
        at: int | None = None,
    ) -> None:
        """`at`: where every command of this text is reported — a string handed to another
        program (`sh -c '…'`) is reported where the outer command starts, since offsets
        inside a string do not map back onto the file."""
        parsed = split_commands(text, dialect)
        if not parsed.complete:
            result.complete = False
        variables: dict[str, str] = {}  # this text's NAME=value, in order of assignment
        every: dict[str, list[str]] = {}  # every value each NAME is given in this text
        if self.choices:
            # What the carrier sets once (a workflow's `env: KIT: npx drizzle-kit`): `$KIT push`
            for key, values in self.choices.items():
                if (
                    key.startswith("$")
                    and len(values) == 1
                    and (" " in values[0] or "drizzle" in values[0].lower())
                ):
                    variables[key[1:].lower()] = values[0]
        arrays: set[str] = set()
        if "=(" in text and dialect == SH:
            for array in _ARRAY.finditer(text):
                variables[array.group(1).lower()] = array.group(2).strip()
                arrays.add(array.group(1).lower())
        if "for" in text and "in" in text:
            loops = _loop_choices(text)  # `for c in check pull; do drizzle-kit $c; done`
            if loops:
                self.choices = {**self.choices, **loops}
        functions, headers = (
            _functions(text, parsed.commands) if dialect == SH and "{" in text else ({}, set())
        )
        for index, command in enumerate(parsed.commands):
            start = offset + command.offset if at is None else at
            frame = _Frame(result, depth, offset, expanding, start, guessing=guessing)
            words = command.words
            name = words[0].value if words and not words[0].quoted else ""
            if index in headers:
                continue  # `name()` of a definition: its body is read where it stands
            if name in functions:
                # A function of this text, called: its body with the call's arguments (a
                # `log` that only prints them runs nothing; a `kit` around drizzle-kit runs it).
                alone = Analysis()  # a body that runs a banned command itself: reported there
                self.text(functions[name], alone, dialect=dialect, depth=_MAX_DEPTH - 1)
                if not alone.runs and name not in expanding and depth < _MAX_DEPTH:
                    body = _with_arguments(functions[name], words[1:])
                    inner = Analysis()
                    self.text(
                        body, inner, dialect=dialect, depth=depth + 1, offset=offset,
                        expanding=expanding | {name}, guessing=guessing, at=start,
                    )  # fmt: skip
                    for run in inner.runs:
                        result.runs.append(run.moved(start, hops=(f"function {name}",)))
                continue
            if (
                len(words) == 2
                and not words[0].quoted
                and words[0].value in ("source", ".")
                and self.files is not None
                and depth < _MAX_DEPTH
            ):
                # `source "$(dirname "$0")/env.sh"`: the variables the sourced file sets
                sourced = self.files(words[1].raw)
                for assigned in split_commands(sourced, dialect).commands if sourced else ():
                    _remember(variables, assigned.words, every)
                continue
            if not (arrays and len(words) == 1 and words[0].value.rstrip("=").lower() in arrays):
                _remember(variables, words, every)  # (`KIT=(…)` reads as `KIT=` then `(…)`)
            if variables and len(words) > 1:
                # `drizzle-kit $CMD` where CMD=push (or one of a `case`'s branches is push)
                words = _substituted(words, variables, every, self.banned)
            value = _expansion(words[0], variables) if words else None
            if value is None and words and words[0].raw.startswith(("${", '"${')):
                # `${MIGRATE_CMD:-npx drizzle-kit migrate}`: the default runs when unset
                default = _DEFAULT_COMMAND.match(words[0].raw.strip('"'))
                value = default.group(1) if default is not None else None
            if value is not None and depth < _MAX_DEPTH:
                # `$KIT push`: the variable's command, with the words after it
                expanded = value + " " + _joined(words[1:])
                self.text(
                    expanded,
                    result,
                    dialect=dialect,
                    depth=depth + 1,
                    offset=offset,
                    expanding=expanding,
                    guessing=guessing,
                    at=start,
                )
                continue
            self.command(frame, words)
            if command.heredocs and depth < _MAX_DEPTH and _feeds_a_shell(words):
                # `ssh host <<'EOF' … EOF`, `bash -s <<EOF`, `docker exec -i db sh <<EOF`:
                # the here-document is the script the shell runs (issue 37).
                for body, body_at in command.heredocs:
                    self.text(
                        body, result, dialect=dialect, depth=depth + 1, offset=offset + body_at,
                        expanding=expanding, guessing=guessing, at=at,
                    )  # fmt: skip
        if "export" in text and "drizzle-kit" in text.lower():
            self.exports(text, parsed.commands, result, offset=offset, at=at)

    def exports(
        self, text: str, commands: list[Command], result: Analysis, *, offset: int, at: int | None
    ) -> None:
        if "(" in text or "`" in text:
            self.substituted_exports(text, commands, result, offset=offset, at=at)
        """`drizzle-kit export` whose SQL reaches a database client in this text: piped into it
        (`| psql`), or written to a file (`> x.sql`) that a later command hands one (`psql -f
        x.sql`, `< x.sql`, `wrangler d1 execute --file x.sql`): the TypeScript schema applied
        without Atlas (issue 37)."""
        exporting = _Analyzer(self.scripts, frozenset({"export"}), self.mention_only)
        reading: dict[str, list[tuple[int, str]]] | None = None  # file -> (client index, name)
        for i, command in enumerate(commands):
            words = command.words
            kit = next((j for j, w in enumerate(words) if is_drizzle_kit_program(w)), None)
            if kit is None or not any(w.value == "export" for w in words[kit + 1 :]):
                continue
            ran = Analysis()  # drizzle-kit runs export here (not `echo drizzle-kit export`)
            exporting.command(_Frame(ran, _MAX_DEPTH - 1, 0, frozenset(), 0), words)
            if not ran.runs:
                continue
            end = commands[i + 1].offset if i + 1 < len(commands) else len(text)
            segment = text[command.offset : end]
            start = offset + command.offset if at is None else at
            shown = " ".join(("drizzle-kit " + _joined(words[kit + 1 :])).split())[:100]
            client = _piped_into_client(text, commands, i)
            if client is not None:
                result.runs.append(Run(f"{shown} | {client}", "export", start))
                continue
            written = re.search(_REDIRECT, segment)
            if written is None:
                continue
            target = written.group(1).strip("'\"")
            if reading is None:
                reading = _clients_reading(text, commands)
            later = next((name for j, name in reading.get(target, ()) if j > i), None)
            if later is not None:
                flow = f"{shown} > {target}; {later} … {target}"
                result.runs.append(Run(flow, "export", start))

    def substituted_exports(
        self, text: str, commands: list[Command], result: Analysis, *, offset: int, at: int | None
    ) -> None:
        """A database client handed `drizzle-kit export`'s output by substitution: `psql -f
        <(drizzle-kit export)`, `wrangler d1 execute db --command "$(drizzle-kit export)"`."""
        for i, command in enumerate(commands):
            end = commands[i + 1].offset if i + 1 < len(commands) else len(text)
            # (The substitution opens in this command; what it runs may be split off after.)
            found = _SUBSTITUTED_EXPORT.search(text, command.offset, min(len(text), end + 420))
            if found is None or found.start() >= end:
                continue
            client = _client_in(command.words)
            if client is not None:
                start = offset + command.offset if at is None else at
                shown = f"{client} … {found.group(1)}drizzle-kit export)"
                result.runs.append(
                    Run(
                        shown.replace("`drizzle-kit export)", "`drizzle-kit export`"),
                        "export",
                        start,
                    )
                )

    def nested(self, frame: _Frame, texts: list[str], dialect: str = SH) -> None:
        """Command strings handed to another shell (`sh -c`, `concurrently`): read them too."""
        if frame.depth >= _MAX_DEPTH:
            # Nested deeper than we follow: what is left is read as words (fail closed), so a
            # limit of ours never turns into "nothing found".
            for text in texts:
                for command in split_commands(text, dialect).commands:
                    if command.words:
                        self.unknown(frame, command.words[0], command.words, limit=True)
            return
        for text in texts:
            self.text(
                text,
                frame.result,
                dialect=dialect,
                depth=frame.depth + 1,
                offset=frame.offset,
                expanding=frame.expanding,
                guessing=frame.guessing,
                at=frame.start,
            )

    def unknown(self, frame: _Frame, first: Word, rest: list[Word], *, limit: bool = False) -> None:
        """A program we know neither as a runner nor as a non-runner, handed drizzle-kit with
        a banned subcommand, as words or as one argument that reads as a command: taken to
        run it (fail closed), reported with the program's name. `limit`: the words left when
        a command nests wrappers deeper than we follow."""
        if (frame.guessing or frame.depth >= _MAX_DEPTH) and not limit:
            return
        via = first.raw if first.raw.startswith("$") else program_name(first)
        if limit:
            via = DEEPER
        tried = 0
        for i, word in enumerate(rest):
            if is_drizzle_kit_program(word):
                sub = banned_subcommand(rest[i + 1 : i + 1 + _MAX_OPTIONS], self.banned)
                if sub is not None:
                    shown = " ".join(("drizzle-kit " + _joined(rest[i + 1 : i + 40])).split())
                    frame.result.runs.append(Run(shown[:120], sub, frame.start, via))
                    return
                tried += 1
                if tried >= 8:
                    break  # `x drizzle-kit drizzle-kit …`: no real command line says it so often
        for word in rest:
            if "drizzle-kit" not in word.value.lower() or not word.value.strip():
                continue
            text = word.value
            if text.lstrip().startswith(("{", "[")):
                # JSON handed to a program (`aws ecs run-task --overrides '{"containerOverrides":
                # [{"command": ["npx", "drizzle-kit", "migrate"]}]}'`): its lists of words are
                # exec-form commands, its strings shell text.
                text = _json_commands(text) or text
            inner = Analysis()
            self.text(
                text,
                inner,
                depth=frame.depth + 1,
                offset=frame.offset,
                expanding=frame.expanding,
                guessing=True,
                at=frame.start,
            )
            for run in inner.runs:
                frame.result.runs.append(run.moved(frame.start, via))

    def script_ref(self, frame: _Frame, name: str, args: list[Word]) -> None:
        """`pnpm <name> ...`: a call to a script of this package.json."""
        frame.result.refs.append(name)
        if (
            args
            and name not in frame.expanding
            and (self.scripts is None or name not in self.scripts)
        ):
            self.elsewhere(frame, name, args)
        if self.scripts is None or not args or name in frame.expanding:
            return
        body = self.scripts.get(name)
        if not isinstance(body, str) or frame.depth >= _MAX_DEPTH:
            return
        expanding = frame.expanding | {name}
        alone = Analysis()
        self.text(body, alone, depth=frame.depth + 1, expanding=expanding)
        if alone.runs:
            return  # a plain call of a banned script: reported there, with this caller
        # The script is a prefix (`with-env: dotenv -e .env --`): the runner appends the args.
        expanded = Analysis()
        self.text(body + " " + _joined(args), expanded, depth=frame.depth + 1, expanding=expanding)
        for run in expanded.runs:
            frame.result.runs.append(run.moved(frame.start))

    def elsewhere(self, frame: _Frame, name: str, args: list[Word]) -> None:
        """A script of another package.json called with words after it (`pnpm drizzle push`
        where packages/db's `"drizzle": "drizzle-kit"`): the script is a prefix, the runner
        appends the words; a run it makes so is reported here, with the hop."""
        if (
            self.resolver is None
            or frame.depth >= _MAX_DEPTH
            or not any(
                w.value.lower().split(":", 1)[0] in self.banned or w.value.startswith("--init")
                for w in args
            )
        ):
            return
        if any(w.value == "--" for w in args):
            # `npm run drizzle -w @acme/db -- migrate`: the runner's options come before
            # `--`, what it appends to the script after it
            args = args[[w.value for w in args].index("--") + 1 :]
        else:
            args = _without_runner_options(args)
        for where, body in self.resolver(name):
            alone = Analysis()
            self.text(body, alone, depth=frame.depth + 1, expanding=frame.expanding | {name})
            if alone.runs:
                continue  # a banned script of its own: reported where it is defined
            expanded = Analysis()
            self.text(
                body + " " + _joined(args),
                expanded,
                depth=frame.depth + 1,
                expanding=frame.expanding | {name},
            )
            for run in expanded.runs:
                frame.result.runs.append(run.moved(frame.start, hops=(f'{where} script "{name}"',)))

    def script_file(self, frame: _Frame, path: str, args: list[Word]) -> bool:
        """`./scripts/drizzle.sh push`: a script file of the repository, run with words after
        it. Read as its text with its positional parameters replaced; a run it makes so is
        reported here, with the hop (one it makes alone is reported in the script itself).
        False: not a file we can read (the caller fails closed as before)."""
        if self.files is None or frame.depth >= _MAX_DEPTH or path in frame.expanding:
            return False
        if not any(w.value.lower().split(":", 1)[0] in self.banned for w in args):
            return False  # (nothing it is handed could be a banned subcommand: no read)
        body = self.files(path)
        if body is None:
            return False
        alone = Analysis()
        self.text(body, alone, depth=_MAX_DEPTH - 1)
        if alone.runs:
            return True
        inner = Analysis()
        self.text(
            _with_arguments(body, args), inner, depth=frame.depth + 1,
            expanding=frame.expanding | {path},
        )  # fmt: skip
        for run in inner.runs:
            frame.result.runs.append(run.moved(frame.start, hops=(path,)))
        return True

    def command(self, frame: _Frame, words: list[Word]) -> None:
        current: list[Word] | None = words
        unwrapped = 0
        while current:
            unwrapped += 1
            if unwrapped > _MAX_WRAPPERS:
                # Deeper than any real command line: read what is left as words handed to a
                # program we do not know (fail closed), in linear time.
                self.unknown(frame, current[0], current[1:], limit=True)
                return
            first = current[0]
            if not first.quoted and first.value in _SKIP_COMMANDS:
                return
            if (not first.quoted and first.value in _KEYWORDS) or _is_assignment(first):
                current = current[1:]
                continue
            if is_drizzle_kit_program(first):
                sub = banned_subcommand(current[1:], self.banned)
                # One line in a report, however the words were quoted across lines.
                shown = " ".join(("drizzle-kit " + _joined(current[1:])).split())[:120]
                if sub is not None:
                    frame.result.runs.append(Run(shown, sub, frame.start))
                elif not frame.guessing:
                    self.computed(frame, current[1:], shown)
                return
            name = program_name(first)
            handler = _HANDLERS.get(name)
            if handler is None:
                path_like = "/" in first.value or first.value.endswith((".sh", ".bash"))
                if path_like and self.script_file(frame, first.value, current[1:]):
                    return
                if (
                    name not in NON_RUNNERS
                    and name not in self.mention_only
                    and (not self.strict or first.raw.startswith("$"))
                ):
                    self.unknown(frame, first, current[1:])
                return
            current = handler(self, frame, first, current[1:])

    def computed(self, frame: _Frame, args: list[Word], shown: str) -> None:
        """drizzle-kit's subcommand is a value filled in where the command runs (`$CMD`,
        `${{ inputs.command }}`, `$(cat cmd)`): what it can be, when its choices are known
        (a workflow input's options, a matrix), else a run we cannot rule out. A positional
        parameter (`"$@"`, `$1`) is not one: the caller's words are read at the call."""
        word = _subcommand_word(args)
        if word is None:
            return
        defaulted = _DEFAULTED.match(word.raw.strip('"'))
        if defaulted is not None:  # `${1:-migrate}`: what runs when nothing is given
            value = defaulted.group(2)
            if banned_subcommand([_word(value)], self.banned) is not None:
                shown = " ".join(("drizzle-kit " + " ".join(w.raw for w in args)).split())[:120]
                source = f"${defaulted.group(1)}, whose default is {value}"
                frame.result.runs.append(Run(shown, value, frame.start, source=source))
                return
        key, display = _value_source(word.raw)
        if key is None:
            return
        shown = " ".join(("drizzle-kit " + " ".join(w.raw for w in args)).split())[:120]
        choices = self.choices.get(key)
        if choices is None:
            choices = _literal_alternatives(word.raw)  # `${{ x && 'pull' || 'check' }}`
        if choices is None:
            source = f"{display}, which atlas-first cannot know"
            frame.result.runs.append(Run(shown, "?", frame.start, source=source))
            return
        banned = [c for c in choices if banned_subcommand([_word(c)], self.banned) is not None]
        if banned:
            source = f"{display}, which can be {' or '.join(banned)}"
            frame.result.runs.append(Run(shown, banned[0], frame.start, source=source))

    def is_script(self, name: str) -> bool:
        return self.scripts is not None and name in self.scripts

    def matching_scripts(self, pattern: str) -> list[str]:
        """Script names a npm-run-all / concurrently pattern names (`db:*`, `db:**`)."""
        if self.scripts is None:
            return []
        if "*" not in pattern:
            return [pattern] if pattern in self.scripts else []
        import re

        rx = re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^:]*")
        compiled = re.compile(rx + r"\Z")
        return [name for name in self.scripts if compiled.match(name)]

    def run_script_or_binary(
        self,
        frame: _Frame,
        name_word: Word,
        rest: list[Word],
    ) -> list[Word] | None:
        """`pnpm x`, `yarn x`, `bun x`: a script of this package.json if one is named x,
        else the binary x."""
        if self.is_script(name_word.value):
            self.script_ref(frame, name_word.value, _no_dashes(rest))
            return None
        if self.resolver is not None and rest and self.resolver(name_word.value):
            self.script_ref(frame, name_word.value, _no_dashes(rest))  # another package's
            return None
        return [name_word, *rest]


# A handler unwraps one program: it returns the words of the command it runs (the loop goes
# on with them), or None when nothing more runs (it may have recursed into strings itself).
if TYPE_CHECKING:
    Handler = Callable[[_Analyzer, _Frame, Word, list[Word]], "list[Word] | None"]
    Runner = Callable[[_Analyzer, _Frame, Word, Word, list[Word]], "list[Word] | None"]


def _runner(values: Collection[str]) -> Callable[[Runner], Handler]:
    """For npm, pnpm, yarn, bun: skip the runner's own options and hand the handler its
    subcommand word and what follows (nothing runs when there is no subcommand)."""

    def wrap(runner: Runner) -> Handler:
        def handler(
            an: _Analyzer, frame: _Frame, first: Word, args: list[Word]
        ) -> list[Word] | None:
            i = _skip_options(args, values)
            return runner(an, frame, first, args[i], args[i + 1 :]) if i < len(args) else None

        return handler

    return wrap


def _run_named(
    an: _Analyzer,
    frame: _Frame,
    rest: list[Word],
    values: Collection[str],
) -> list[Word] | None:
    """`yarn run NAME ...` / `bun run NAME ...`: a script of this package.json, else a binary."""
    j = _skip_options(rest, values)
    return an.run_script_or_binary(frame, rest[j], rest[j + 1 :]) if j < len(rest) else None


def _no_dashes(words: list[Word]) -> list[Word]:
    return [w for w in words if w.value != "--"]


def _npx(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
    call = _call_string(args)
    if call is not None:
        an.nested(frame, [call])
        return None
    return args[_skip_options(args, _NPX_VALUES) :]


@_runner(_NPM_VALUES)
def _npm(
    an: _Analyzer,
    frame: _Frame,
    first: Word,
    sub_word: Word,
    rest: list[Word],
) -> list[Word] | None:
    sub = sub_word.value
    if sub in ("exec", "x"):
        return _npx(an, frame, first, rest)
    if sub in ("run", "run-script", "rum", "urn"):
        j = _skip_options(rest, _NPM_VALUES)
        if j < len(rest):
            an.script_ref(frame, rest[j].value, _no_dashes(rest[j + 1 :]))
    elif sub in _NPM_SCRIPT_ALIASES:
        an.script_ref(frame, _NPM_SCRIPT_ALIASES[sub], _no_dashes(rest))
    return None  # install, ci, and the rest run no binary


@_runner(_PNPM_VALUES)
def _pnpm(
    an: _Analyzer,
    frame: _Frame,
    first: Word,
    sub_word: Word,
    rest: list[Word],
) -> list[Word] | None:
    sub = sub_word.value
    if sub in ("exec", "dlx"):
        if any(w.value in ("-c", "--shell-mode") for w in rest):
            tail = [w for w in rest if w.value not in ("-c", "--shell-mode")]
            an.nested(frame, [_joined_raw(tail[_skip_options(tail, _PNPM_VALUES) :])])
            return None
        return rest[_skip_options(rest, _PNPM_VALUES) :]
    if sub in ("run", "run-script"):
        j = _skip_options(rest, _PNPM_VALUES)
        if j < len(rest):
            an.script_ref(frame, rest[j].value, _no_dashes(rest[j + 1 :]))
        return None
    if sub in ("start", "test", "t"):
        an.script_ref(frame, _NPM_SCRIPT_ALIASES[sub], _no_dashes(rest))
        return None
    if sub in _PNPM_BUILTINS:
        return None
    return an.run_script_or_binary(frame, sub_word, rest)


@_runner(_YARN_VALUES)
def _yarn(
    an: _Analyzer,
    frame: _Frame,
    first: Word,
    sub_word: Word,
    rest: list[Word],
) -> list[Word] | None:
    sub = sub_word.value
    if sub in ("dlx", "exec"):
        return rest[_skip_options(rest, _YARN_VALUES) :]
    if sub == "workspace" and len(rest) >= 2:
        # Another package's scripts are not ours to resolve: binaries only.
        _Analyzer(None, an.banned).command(frame, [first, *rest[1:]])
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
    an: _Analyzer,
    frame: _Frame,
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


def _node(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
    if any(w.value in ("-e", "--eval", "-p", "--print") for w in args):
        return None  # inline code: an argument, not a program
    if program_name(first) == "deno" and args and args[0].value == "run":
        args = args[1:]
    rest = args[_skip_options(args, _NODE_VALUES) :]
    if rest and is_drizzle_kit_program(rest[0]):
        return rest
    return None  # some other script file: not ours to follow


def _env(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
    j = 0
    while j < len(args):
        v = args[j].value
        if v in ("-S", "--split-string") and j + 1 < len(args):
            an.nested(frame, [_joined_raw(args[j + 1 :])])
            return None
        if v.startswith("--split-string="):
            an.nested(frame, [v.split("=", 1)[1] + " " + _joined_raw(args[j + 1 :])])
            return None
        if v == "--":
            return args[j + 1 :]
        if not v.startswith("-"):
            break
        j += 2 if v in _ENV_VALUES else 1
    return args[j:]


def _cross_env(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
    return args  # VAR=value words are stripped by the loop


def _shell_string(
    an: _Analyzer,
    frame: _Frame,
    first: Word,
    args: list[Word],
) -> list[Word] | None:
    """cross-env-shell, iex: the rest is a command string for a shell."""
    dialect = POWERSHELL if program_name(first) in ("iex", "invoke-expression") else SH
    an.nested(frame, [_joined_raw(args)], dialect)
    return None


def _dotenv(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
    tail = _after_double_dash(args)
    if tail is not None:
        return tail
    if any(w.value == "-p" for w in args):
        return None  # prints a variable
    return args[_skip_options(args, _DOTENV_VALUES) :]


def _secrets_run(
    an: _Analyzer,
    frame: _Frame,
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
    return rest[_skip_options(rest, _DOTENVX_VALUES | _INFISICAL_VALUES) :]


def _posix_shell(
    an: _Analyzer,
    frame: _Frame,
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


def _pwsh(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
    j = 0
    while j < len(args):
        v = args[j].value.lower()
        if v in ("-file", "-f") or (not v.startswith("-") and v.endswith((".ps1", ".psm1"))):
            return None
        if v.startswith("-c") and "-command".startswith(v.split(":", 1)[0]):
            an.nested(frame, [_joined_raw(args[j + 1 :])], POWERSHELL)
            return None
        if v.startswith("-"):
            j += 2 if v in _PWSH_VALUES else 1
            continue
        an.nested(frame, [_joined_raw(args[j:])], POWERSHELL)
        return None
    return None


def _cmd(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
    for j, w in enumerate(args):
        if w.value.lower() in ("/c", "/k", "/s/c", "/d/c"):
            an.nested(frame, [_joined_raw(args[j + 1 :])])
            break
    return None


def _concurrently(
    an: _Analyzer,
    frame: _Frame,
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


def _run_all(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
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


def _turbo(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
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


def _watcher(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
    for j, w in enumerate(args[:-1]):
        if w.value in ("--exec", "-x", "-c", "--command"):
            an.nested(frame, [args[j + 1].value])
        elif w.value == "--":  # watchexec -w src -- cmd
            return args[j + 1 :]
    return None


def _prefix(values: Collection[str], *, positional: int = 0) -> Handler:
    """exec, nohup, nice -n 5, timeout 60, sudo -u x, xargs ...: the rest is the command."""

    def handler(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word]:
        return args[_skip_options(args, values) + positional :]

    return handler


def _command_builtin(
    an: _Analyzer,
    frame: _Frame,
    first: Word,
    args: list[Word],
) -> list[Word] | None:
    if any(w.value in ("-v", "-V") for w in args):
        return None  # a lookup, not a run
    return args[_skip_options(args, ()) :]


_HANDLERS: dict[str, Handler] = {
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
    "concurrently": _concurrently,
    **dict.fromkeys(("npm-run-all", "npm-run-all2", "run-s", "run-p"), _run_all),
    "turbo": _turbo,
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

    def handler(an: _Analyzer, frame: _Frame, first: Word, args: list[Word]) -> list[Word] | None:
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
            an.nested(frame, [_joined_raw(args[at:])])
        return None

    return handler


for _name, _grammar in WRAPPERS.items():
    _HANDLERS.setdefault(_name, _wrapper(_grammar))


_DECLARERS = frozenset({"export", "local", "readonly", "declare", "typeset", "set"})
_EXPANSION = r"(?i)\A\$(?:\{(\w+)(?:\[[@*0]\])?\}|(\w+))\Z|\A(?:\$env:|%)(\w+)%?\Z"
# A bash array (`KIT=(npx drizzle-kit --config x.ts)`), used as `"${KIT[@]}" push`.
_ARRAY = re.compile(r"(?m)^\s*(?:local\s+|declare\s+-a\s+|readonly\s+)?(\w+)=\(([^()\n]*)\)")


def _functions(text: str, commands: list[Command]) -> tuple[dict[str, str], set[int]]:
    """The shell functions a text defines (`name() { … }`, `function name { … }`): name ->
    the text of its body, and the indices of the commands that only name a definition. Read
    from the commands as the shell reader splits them (`name()` ends a command, each `{` and
    `}` starts one)."""
    found: dict[str, str] = {}
    headers: set[int] = set()
    i = 0
    while i < len(commands):
        words = [w.value for w in commands[i].words]
        name = None
        opens = i + 1
        if len(words) >= 2 and words[0] == "function":
            name = words[1].removesuffix("()")
            if words[2:3] == ["{"]:
                opens = i  # `function kit {` on one line: the brace is its third word
        elif len(words) == 1 and i + 1 < len(commands):
            gap = text[commands[i].offset : commands[i + 1].offset]
            if "(" in gap and ")" in gap:
                name = words[0]
        if (
            name is None
            or opens >= len(commands)
            or "{" not in (w.value for w in commands[opens].words[:3])
        ):
            i += 1
            continue
        depth, j = 0, opens
        while j < len(commands):
            first = commands[j].words[0].value if commands[j].words else ""
            depth += sum(1 for w in commands[j].words if w.value == "{" and not w.quoted)
            if first == "}":
                depth -= 1
                if depth <= 0:
                    break
            j += 1
        start = commands[opens].offset
        body = text[start : commands[j].offset if j < len(commands) else len(text)]
        found[name] = body.split("{", 1)[1] if "{" in body else body  # (what follows the brace)
        if opens != i:
            headers.add(i)
        if j >= len(commands):
            break  # an unclosed body takes the rest: no later definition can close (linear)
        i = opens + 1  # (the body's commands are read where they stand, too)
    return found, headers


_HEREDOC_READERS = frozenset({*_SHELLS, "ssh", "pwsh", "powershell"})


def _word(value: str) -> Word:
    return Word(value, value, 0, quoted=False)


def _subcommand_word(args: list[Word]) -> Word | None:
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


_DEFAULT_COMMAND = re.compile(r"\A\$\{\w+:?[-=]([^{}]*\s[^{}]*)\}\Z")
_LOOP = re.compile(r"\bfor\s+(\w+)\s+in\s+([^;\n$`(){}]*?)\s*(?:;|\n)\s*do\b")
_DEFAULTED = re.compile(r"\A\$\{(\w+|[0-9])(?::?[-=])([\w:-]+)\}\Z")


def _loop_choices(text: str) -> dict[str, tuple[str, ...]]:
    """A shell `for NAME in words; do` over literal words: what `$NAME` can be."""
    return {
        f"${m.group(1)}": tuple(w.strip("'\"") for w in m.group(2).split())
        for m in _LOOP.finditer(text)
        if m.group(2).strip()
    }


_POSITIONAL = re.compile(r"\A\$(?:[0-9@*#]|\{[0-9@*#].*\}|args\b.*)\Z", re.I)
_CI_EXPRESSION = re.compile(r"\A\$\{\{\s*(.*?)\s*\}\}\Z", re.S)
_TEMPLATE_PLACEHOLDER = re.compile(r"\A\{\{-?\s*([^{}]*?)\s*-?\}\}\Z")
_VARIABLE = re.compile(r"\A\$(?:\{(\w+)\}|env:(\w+)|(\w+))\Z", re.I)


def _value_source(raw: str) -> tuple[str | None, str]:
    """Where a computed word's value comes from, as a key of the carrier's choices (`inputs.
    command`, `$CMD`) and as shown; (None, "") for a word that is not computed here."""
    text = raw.strip("\"'")
    template = _TEMPLATE_PLACEHOLDER.match(text)
    if template is not None:  # just's `{{cmd}}`, go-task's `{{.CLI_ARGS}}`, Helm's, Jinja's
        return template.group(1).lstrip("."), text
    if not text.startswith(("$", "%")) or _POSITIONAL.match(text):
        return None, ""
    expression = _CI_EXPRESSION.match(text)
    if expression is not None:
        key = ci_expression_key(expression.group(1))
        return key, key
    variable = _VARIABLE.match(text)
    if variable is not None:
        name = variable.group(1) or variable.group(2) or variable.group(3)
        return f"${name}", f"${name}"
    if text.startswith("%") and not (len(text) > 2 and text.endswith("%")):
        return None, ""  # (a `%` that is no batch variable)
    return text, text  # `$(cat cmd)`, `${CMD:-push}`, `%CMD%`: nothing to look up


def _literal_alternatives(raw: str) -> tuple[str, ...] | None:
    """A CI expression that can only be literals: `${{ inputs.live && 'pull' || 'check' }}`
    (each `||` operand ends in a quoted literal); None when any value is not one."""
    expression = _CI_EXPRESSION.match(raw.strip('"'))
    if expression is None:
        return None
    found = []
    for operand in expression.group(1).split("||"):
        last = operand.split("&&")[-1].strip()
        literal = re.fullmatch(r"'([^']*)'|\"([^\"]*)\"", last)
        if literal is None:
            return None
        found.append(literal.group(1) if literal.group(1) is not None else literal.group(2))
    return tuple(found)


def ci_expression_key(expression: str) -> str:
    """A CI expression as the key its choices are kept under: `github.event.inputs.command`,
    `inputs['command']` and `inputs.command` are one input."""
    key = re.sub(r"\[\s*['\"]([\w-]+)['\"]\s*\]", r".\1", expression.strip())
    return key.removeprefix("github.event.")


def _feeds_a_shell(words: list[Word]) -> bool:
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


def _with_arguments(body: str, args: list[Word]) -> str:
    """A function's body with its positional parameters replaced by the call's words."""
    joined = _joined(args)

    def one(match: re.Match[str]) -> str:
        token = match.group(0).strip('"')
        if token in ("$@", "$*", "${@}", "${*}"):
            return joined
        number = int(token.strip("${}"))
        return _requote(args[number - 1].value) if 0 < number <= len(args) else "''"

    return re.sub(r'"?\$(?:[@*]|\{[@*]\}|\{?[1-9]\}?)"?', one, body)


def _remember(
    variables: dict[str, str], words: list[Word], every: dict[str, list[str]] | None = None
) -> None:
    """A command that only assigns (`KIT="npx drizzle-kit"`, `export KIT=…`, PowerShell's
    `$KIT = "…"` reads as words `$KIT`, `=`, `…`): remember each NAME's value for this text
    (and, in `every`, each value it was given: the branches of a `case` or an `if`)."""
    if len(words) == 3 and words[1].value == "=" and words[0].raw.startswith("$"):
        name = words[0].raw[1:].lower().removeprefix("env:")  # PowerShell: $KIT, $env:KIT
        variables[name] = _resolved(words[2].value, variables)
        if every is not None:
            every.setdefault(name, []).append(variables[name])
        return
    if len(words) > 2 and words[0].value.lower() == "set" and _is_assignment(words[1]):
        # Windows batch: `set KIT=npx drizzle-kit` takes the rest of the line (`%KIT% push`)
        name, _, value = words[1].value.partition("=")
        variables[name.lower()] = " ".join([value, *(w.value for w in words[2:])]).strip()
        if every is not None:
            every.setdefault(name.lower(), []).append(variables[name.lower()])
        return
    rest = words[1:] if words and words[0].value in _DECLARERS else words
    if rest and all(_is_assignment(w) for w in rest):
        for word in rest:
            name, _, value = word.value.partition("=")
            variables[name.lower()] = _resolved(value, variables)
            if every is not None:
                every.setdefault(name.lower(), []).append(variables[name.lower()])


def _resolved(value: str, variables: dict[str, str]) -> str:
    """A value that is itself one known variable (`B=$A`), as that variable's value."""
    match = re.match(_EXPANSION, value)
    if match is None:
        return value
    name = (match.group(1) or match.group(2) or match.group(3) or "").lower()
    return variables.get(name, value)


def _expansion(word: Word, variables: dict[str, str]) -> str | None:
    """The value of a word that is one known variable and nothing else (`$KIT`, `${KIT}`,
    PowerShell's `$env:KIT`); None for anything else."""
    if not variables or (word.quoted and '"' not in word.raw[:1]):
        return None
    match = re.match(_EXPANSION, word.raw.strip('"'))
    if match is None:
        return None
    name = (match.group(1) or match.group(2) or match.group(3) or "").lower()
    return variables.get(name)


def _substituted(
    words: list[Word],
    variables: dict[str, str],
    every: dict[str, list[str]] | None = None,
    banned: Collection[str] = (),
) -> list[Word]:
    """The words after the program with each known variable replaced by its value's words;
    one given several values (`case` branches) by the one that writes, if any."""
    out = words[:1]
    for word in words[1:]:
        value = _expansion(word, variables)
        if value is not None and every:
            name = re.match(_EXPANSION, word.raw.strip('"'))
            key = (name.group(1) or name.group(2) or name.group(3) or "").lower() if name else ""
            given = every.get(key, ())
            if len(set(given)) > 1:
                value = next((v for v in given if v.lower().split(":")[0] in banned), value)
        if value is None:
            out.append(word)
        else:
            out += [Word(v, v, word.offset, quoted=False) for v in value.split()] or [word]
    return out


def _is_assignment(word: Word) -> bool:
    raw = word.raw
    eq = raw.find("=")
    if eq <= 0:
        return False
    name = raw[:eq]
    return (name[0].isalpha() or name[0] == "_") and all(c.isalnum() or c == "_" for c in name)


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


def _joined_raw(words: list[Word]) -> str:
    """Words handed on to another shell: a lone argument is the command string itself."""
    if len(words) == 1:
        return words[0].value
    return " ".join(w.value if w.quoted else w.raw for w in words)


def analyze(
    text: str,
    *,
    scripts: Mapping[str, str] | None = None,
    banned: Collection[str] = DEFAULT_BANNED,
    dialect: str = SH,
    mention_only: Collection[str] = (),
    resolver: Resolver | None = None,
    files: Callable[[str], str | None] | None = None,
    choices: Mapping[str, tuple[str, ...]] | None = None,
    strict: bool = False,
) -> Analysis:
    """Find banned drizzle-kit runs in command text (a package.json script, a script file).

    `scripts`: the package.json's scripts, so that `pnpm with-env drizzle-kit push` follows
    the `with-env` prefix and `pnpm db:push` is known to be a call, not a binary.
    """
    result = Analysis()
    banned_words = frozenset(b.lower() for b in banned)
    _Analyzer(scripts, banned_words, mention_only, resolver, files, choices, strict).text(
        text, result, dialect=dialect
    )
    return result
