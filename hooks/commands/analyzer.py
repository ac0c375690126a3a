"""Does a command run drizzle-kit with a banned subcommand, however it is wrapped?

drizzle-kit counts as *run* when it is the program of a simple command, reached through
package runners (npx, npm exec, pnpm, yarn, bun), env prefixes and loaders (cross-env,
dotenv, dotenvx, infisical, ...), nested command strings (`sh -c`, `concurrently`), or a script
of the same package.json used as a prefix. An argument of another program (`echo`, `grep`,
`git commit -m`) is not a run, nor is an install (`pnpm add drizzle-kit`).

The analyzer reads command text command by command; what each program hands on to run is
its handler's (hooks/commands/unwrap.py), what a word can stand for is
hooks/commands/variables.py's, drizzle-kit's grammar hooks/commands/drizzle_kit.py's.
"""

from __future__ import annotations

import re

from hooks.commands._words import joined
from hooks.commands._words import no_dashes
from hooks.commands.database_clients import exports_into_clients
from hooks.commands.database_clients import substituted_exports
from hooks.commands.dialects import quote
from hooks.commands.drizzle_kit import DEFAULT_BANNED
from hooks.commands.drizzle_kit import banned_subcommand
from hooks.commands.drizzle_kit import is_drizzle_kit_program
from hooks.commands.drizzle_kit import program_name
from hooks.commands.package_runners import without_runner_options
from hooks.commands.runs import DEEPER
from hooks.commands.runs import MAX_DEPTH
from hooks.commands.runs import Analysis
from hooks.commands.runs import Frame
from hooks.commands.runs import Run
from hooks.commands.shell import SH
from hooks.commands.shell import Word
from hooks.commands.shell import split_commands
from hooks.commands.unwrap import HANDLERS
from hooks.commands.unwrap import NON_RUNNERS
from hooks.commands.unwrap import feeds_a_shell
from hooks.commands.variables import ARRAY
from hooks.commands.variables import DEFAULT_COMMAND
from hooks.commands.variables import computed
from hooks.commands.variables import expansion
from hooks.commands.variables import is_assignment
from hooks.commands.variables import loop_choices
from hooks.commands.variables import remember
from hooks.commands.variables import shell_functions
from hooks.commands.variables import substituted
from hooks.commands.variables import with_arguments

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Collection
    from collections.abc import Mapping

    from hooks.commands.shell import Command

    Resolver = Callable[[str], list[tuple[str, str]]]


_MAX_WRAPPERS = 64  # wrappers one command line nests (`timeout 9 nice sudo …`)
_MAX_OPTIONS = 64  # words looked at for drizzle-kit's subcommand after an unknown program
_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "fi",
                       "done", "esac", "time"})  # fmt: skip
_SKIP_COMMANDS = frozenset({"for", "case", "select", "function"})


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
                    found.append(" ".join(quote(v) for v in node))
            else:
                stack.extend(node)
        elif isinstance(node, str) and "drizzle-kit" in node.lower():
            found.append(node)
    return "\n".join(found) if found else None


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
            for array in re.compile(ARRAY).finditer(text):
                variables[array.group(1).lower()] = array.group(2).strip()
                arrays.add(array.group(1).lower())
        if "for" in text and "in" in text:
            loops = loop_choices(text)  # `for c in check pull; do drizzle-kit $c; done`
            if loops:
                self.choices = {**self.choices, **loops}
        functions, headers = (
            shell_functions(text, parsed.commands) if dialect == SH and "{" in text else ({}, set())
        )
        for index, command in enumerate(parsed.commands):
            start = offset + command.offset if at is None else at
            frame = Frame(result, depth, offset, expanding, start, guessing=guessing)
            words = command.words
            name = words[0].value if words and not words[0].quoted else ""
            if index in headers:
                continue  # `name()` of a definition: its body is read where it stands
            if name in functions:
                # A function of this text, called: its body with the call's arguments (a
                # `log` that only prints them runs nothing; a `kit` around drizzle-kit runs it).
                alone = Analysis()  # a body that runs a banned command itself: reported there
                self.text(functions[name], alone, dialect=dialect, depth=MAX_DEPTH - 1)
                if not alone.runs and name not in expanding and depth < MAX_DEPTH:
                    body = with_arguments(functions[name], words[1:])
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
                and depth < MAX_DEPTH
            ):
                # `source "$(dirname "$0")/env.sh"`: the variables the sourced file sets
                sourced = self.files(words[1].raw)
                for assigned in split_commands(sourced, dialect).commands if sourced else ():
                    remember(variables, assigned.words, every)
                continue
            if not (arrays and len(words) == 1 and words[0].value.rstrip("=").lower() in arrays):
                remember(variables, words, every)  # (`KIT=(…)` reads as `KIT=` then `(…)`)
            if variables and len(words) > 1:
                # `drizzle-kit $CMD` where CMD=push (or one of a `case`'s branches is push)
                words = substituted(words, variables, every, self.banned)
            value = expansion(words[0], variables) if words else None
            if value is None and words and words[0].raw.startswith(("${", '"${')):
                # `${MIGRATE_CMD:-npx drizzle-kit migrate}`: the default runs when unset
                default = re.compile(DEFAULT_COMMAND).match(words[0].raw.strip('"'))
                value = default.group(1) if default is not None else None
            if value is not None and depth < MAX_DEPTH:
                # `$KIT push`: the variable's command, with the words after it
                expanded = value + " " + joined(words[1:])
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
            if command.heredocs and depth < MAX_DEPTH and feeds_a_shell(words):
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
        """`drizzle-kit export` whose SQL reaches a database client in this text (issue 37)."""
        if "(" in text or "`" in text:
            substituted_exports(text, commands, result, offset=offset, at=at)
        exporting = _Analyzer(self.scripts, frozenset({"export"}), self.mention_only)
        exports_into_clients(exporting, text, commands, result, offset=offset, at=at)

    def nested(self, frame: Frame, texts: list[str], dialect: str = SH) -> None:
        """Command strings handed to another shell (`sh -c`, `concurrently`): read them too."""
        if frame.depth >= MAX_DEPTH:
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

    def unknown(self, frame: Frame, first: Word, rest: list[Word], *, limit: bool = False) -> None:
        """A program we know neither as a runner nor as a non-runner, handed drizzle-kit with
        a banned subcommand, as words or as one argument that reads as a command: taken to
        run it (fail closed), reported with the program's name. `limit`: the words left when
        a command nests wrappers deeper than we follow."""
        if (frame.guessing or frame.depth >= MAX_DEPTH) and not limit:
            return
        via = first.raw if first.raw.startswith("$") else program_name(first)
        if limit:
            via = DEEPER
        tried = 0
        for i, word in enumerate(rest):
            if is_drizzle_kit_program(word):
                sub = banned_subcommand(rest[i + 1 : i + 1 + _MAX_OPTIONS], self.banned)
                if sub is not None:
                    shown = " ".join(("drizzle-kit " + joined(rest[i + 1 : i + 40])).split())
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

    def script_ref(self, frame: Frame, name: str, args: list[Word]) -> None:
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
        if not isinstance(body, str) or frame.depth >= MAX_DEPTH:
            return
        expanding = frame.expanding | {name}
        alone = Analysis()
        self.text(body, alone, depth=frame.depth + 1, expanding=expanding)
        if alone.runs:
            return  # a plain call of a banned script: reported there, with this caller
        # The script is a prefix (`with-env: dotenv -e .env --`): the runner appends the args.
        expanded = Analysis()
        self.text(body + " " + joined(args), expanded, depth=frame.depth + 1, expanding=expanding)
        for run in expanded.runs:
            frame.result.runs.append(run.moved(frame.start))

    def elsewhere(self, frame: Frame, name: str, args: list[Word]) -> None:
        """A script of another package.json called with words after it (`pnpm drizzle push`
        where packages/db's `"drizzle": "drizzle-kit"`): the script is a prefix, the runner
        appends the words; a run it makes so is reported here, with the hop."""
        if (
            self.resolver is None
            or frame.depth >= MAX_DEPTH
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
            args = without_runner_options(args)
        for where, body in self.resolver(name):
            alone = Analysis()
            self.text(body, alone, depth=frame.depth + 1, expanding=frame.expanding | {name})
            if alone.runs:
                continue  # a banned script of its own: reported where it is defined
            expanded = Analysis()
            self.text(
                body + " " + joined(args),
                expanded,
                depth=frame.depth + 1,
                expanding=frame.expanding | {name},
            )
            for run in expanded.runs:
                frame.result.runs.append(run.moved(frame.start, hops=(f'{where} script "{name}"',)))

    def script_file(self, frame: Frame, path: str, args: list[Word]) -> bool:
        """`./scripts/drizzle.sh push`: a script file of the repository, run with words after
        it. Read as its text with its positional parameters replaced; a run it makes so is
        reported here, with the hop (one it makes alone is reported in the script itself).
        False: not a file we can read (the caller fails closed as before)."""
        if self.files is None or frame.depth >= MAX_DEPTH or path in frame.expanding:
            return False
        if not any(w.value.lower().split(":", 1)[0] in self.banned for w in args):
            return False  # (nothing it is handed could be a banned subcommand: no read)
        body = self.files(path)
        if body is None:
            return False
        alone = Analysis()
        self.text(body, alone, depth=MAX_DEPTH - 1)
        if alone.runs:
            return True
        inner = Analysis()
        self.text(
            with_arguments(body, args), inner, depth=frame.depth + 1,
            expanding=frame.expanding | {path},
        )  # fmt: skip
        for run in inner.runs:
            frame.result.runs.append(run.moved(frame.start, hops=(path,)))
        return True

    def command(self, frame: Frame, words: list[Word]) -> None:
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
            if (not first.quoted and first.value in _KEYWORDS) or is_assignment(first):
                current = current[1:]
                continue
            if is_drizzle_kit_program(first):
                sub = banned_subcommand(current[1:], self.banned)
                # One line in a report, however the words were quoted across lines.
                shown = " ".join(("drizzle-kit " + joined(current[1:])).split())[:120]
                if sub is not None:
                    frame.result.runs.append(Run(shown, sub, frame.start))
                elif not frame.guessing:
                    computed(frame, current[1:], shown, self.choices, self.banned)
                return
            name = program_name(first)
            handler = HANDLERS.get(name)
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

    def without_scripts(self) -> _Analyzer:
        """The same bans with no package.json scripts to resolve (another package's)."""
        return _Analyzer(None, self.banned)

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
        frame: Frame,
        name_word: Word,
        rest: list[Word],
    ) -> list[Word] | None:
        """`pnpm x`, `yarn x`, `bun x`: a script of this package.json if one is named x,
        else the binary x."""
        if self.is_script(name_word.value):
            self.script_ref(frame, name_word.value, no_dashes(rest))
            return None
        if self.resolver is not None and rest and self.resolver(name_word.value):
            self.script_ref(frame, name_word.value, no_dashes(rest))  # another package's
            return None
        return [name_word, *rest]


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
