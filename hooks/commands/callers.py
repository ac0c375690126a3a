"""Who calls a package.json script from other files, across the packages of a monorepo.

A banned script is reported where it is defined; its report also names the commands in other
files that run it: `pnpm --filter <pkg> <script>` (`-F`, `-C`/`--dir`), `pnpm -r run
<script>`, `npm run <script> -w <workspace>` (`--prefix`), `yarn workspace <pkg> <script>`,
`yarn workspaces foreach run <script>`, `turbo run <task>` (`<pkg>#<task>`, `--filter`),
`nx run <project>:<target>`, `nx run-many -t <target>`, and a carrier beside the package
(a Procfile, a Dockerfile, an Nx `nx:run-script` target) running `npm run <script>`. Packages
are resolved through the workspace (`pnpm-workspace.yaml`, `workspaces` in the root
package.json). This runs only when a banned script was found: a clean commit never pays it.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re

from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable


ALL = "*"  # a reference to every package of the workspace
HERE = "."  # a reference to the nearest package.json of the file it is written in

_SCRIPT_RUNNERS = frozenset({"npm", "pnpm", "yarn", "bun"})
_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ash"})
# A call of a script names one of the programs `script_calls` knows, as a word.
_CALLING = ("npm", "pnpm", "npx", "pnpx", "yarn", "bun", "bunx", "turbo", "nx")
_WORD_CHAR = re.compile(r"[\w-]")


def _has_word(text: str, word: str) -> bool:
    """Whether `word` stands in `text` with no letter, digit, `_` or `-` glued to it (a
    script's name in a command; `startWith` is not `start`). str.find: fast on big files."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and _WORD_CHAR.match(text, at - 1)) and not _WORD_CHAR.match(text, end):
            return True
        at = text.find(word, at + 1)
    return False


def _names_a_caller(text: str) -> bool:
    """Whether `text` names one of _CALLING as a word."""
    low = text.lower()
    return any(_has_word(low, name) for name in _CALLING)


class Package:
    def __init__(self, folder: str, name: str | None) -> None:
        self.folder = folder  # "" for the root
        self.name = name


def _value_after(words: list[str], i: int, flag: str) -> tuple[str, int]:
    """`--flag value` or `--flag=value` at i: (value, index after it); "" if none."""
    word = words[i]
    if word.startswith(flag + "="):
        return word.split("=", 1)[1], i + 1
    if i + 1 < len(words):
        return words[i + 1], i + 2
    return "", i + 1


def script_calls(words: list[str]) -> list[tuple[str, str]]:
    """(package reference, script) pairs a simple command runs: a package name, path or
    glob, ALL, or HERE."""
    if not words:
        return []
    program = program_of(words[0])
    args = words[1:]
    if program in ("npx", "pnpx", "bunx") and args:
        program, args = args[0], args[1:]
    elif program in _SCRIPT_RUNNERS:
        # `pnpm turbo run x`, `pnpm exec nx run p:t`, `yarn dlx turbo x`: the task runner's call
        plain = [(i, w) for i, w in enumerate(args) if not w.startswith("-")]
        if plain and plain[0][1] in ("exec", "dlx", "x"):
            plain = plain[1:]
        if plain and plain[0][1] in ("turbo", "nx"):
            program, args = plain[0][1], args[plain[0][0] + 1 :]
    if program == "turbo":
        return _turbo(args)
    if program == "nx":
        return _nx(args)
    if program not in _SCRIPT_RUNNERS:
        return []
    target = HERE
    rest: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        if word in ("--filter", "-F") or word.startswith("--filter="):
            target, i = _value_after(args, i, "--filter")
            continue
        if word in ("-w", "--workspace") or word.startswith("--workspace="):
            target, i = _value_after(args, i, "--workspace")
            continue
        if word in ("-C", "--dir", "--prefix", "--cwd") or word.startswith(
            ("--dir=", "--prefix=", "--cwd=")
        ):
            value, i = _value_after(args, i, word.split("=", 1)[0])
            target = "./" + value.strip("/")
            continue
        if word in ("-r", "--recursive", "-ws", "--workspaces"):
            target = ALL
        elif not word.startswith("-"):
            rest.append(word)
        i += 1
    if program == "yarn" and rest[:1] == ["workspace"] and len(rest) >= 3:
        target, rest = rest[1], rest[2:]
    elif program == "yarn" and rest[:2] == ["workspaces", "foreach"]:
        target, rest = ALL, rest[2:]
    if rest[:1] in (["run"], ["run-script"]):
        rest = rest[1:]
    elif program in ("npm", "bun") and rest[:1] not in (["start"], ["test"]):
        return []  # `npm install x`, `bun x.ts`: not a script
    if not rest or not target:
        return []
    return [(target, rest[0])]


def _turbo(args: list[str]) -> list[tuple[str, str]]:
    target = ALL
    tasks: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        if word == "--filter" or word.startswith("--filter=") or word == "-F":
            target, i = _value_after(args, i, "--filter")
            continue
        if not word.startswith("-") and word != "run":
            tasks.append(word)
        i += 1
    found = []
    for task in tasks:
        package, _, name = task.rpartition("#")
        found.append((package or target or ALL, name))
    return found


def _nx(args: list[str]) -> list[tuple[str, str]]:
    if args[:1] == ["run"] and len(args) > 1 and ":" in args[1]:
        project, target = args[1].split(":")[:2]
        return [(project, target)]
    if args[:1] in (["run-many"], ["affected"]):
        target, projects = "", ALL
        i = 1
        while i < len(args):
            word = args[i]
            if word in ("-t", "--target", "--targets") or word.startswith(
                ("--target=", "--targets=")
            ):
                target, i = _value_after(args, i, word.split("=", 1)[0])
                continue
            if word in ("-p", "--projects") or word.startswith("--projects="):
                projects, i = _value_after(args, i, "--projects")
                continue
            i += 1
        if target:
            return [(p, t) for t in target.split(",") for p in (projects or ALL).split(",") if t]
    return []


# Loaders that take the command after `--` (or strip VAR=value words first): a caller written
# `dotenv -- turbo run db:migrate` or `cross-env A=1 pnpm db:migrate` is a caller all the same.
_LOADERS = frozenset(
    {"dotenv", "dotenvx", "doppler", "infisical", "op", "teller", "varlock", "env", "cross-env",
     "nohup", "exec", "time", "nice", "sudo", "timeout"},
)  # fmt: skip


def commands_of(text: str, dialect: str, depth: int = 0) -> Iterable[list[str]]:
    """The simple commands of shell text as word lists, nested `sh -c '…'` included, and the
    commands wrappers run (`docker compose exec api pnpm db:migrate`, `ssh host '…'`)."""
    from hooks.commands.shell import split_commands

    for command in split_commands(text, dialect).commands:
        yield from _unwrapped([w.value for w in command.words], dialect, depth)


def located_commands(text: str, dialect: str) -> Iterable[tuple[int, list[str]]]:
    """`commands_of`, each with the offset in `text` of the simple command it comes from."""
    from hooks.commands.shell import split_commands

    for command in split_commands(text, dialect).commands:
        for words in _unwrapped([w.value for w in command.words], dialect, 0):
            yield command.offset, words


def _unwrapped(words: list[str], dialect: str, depth: int) -> Iterable[list[str]]:
    from hooks.commands.wrappers import ARGV
    from hooks.commands.wrappers import WRAPPERS
    from hooks.commands.wrappers import command_of

    while words and "=" in words[0] and not words[0].startswith("-"):
        words = words[1:]  # VAR=value prefixes
    yield words
    if depth >= 4 or not words:
        return
    program = program_of(words[0])
    if len(words) >= 3 and program in _SHELLS:
        flag = next((i for i, w in enumerate(words) if w.startswith("-") and "c" in w), None)
        if flag is not None and flag + 1 < len(words):
            yield from commands_of(words[flag + 1], dialect, depth + 1)
    elif program in WRAPPERS:
        found = command_of(WRAPPERS[program], words[1:])
        if found is not None:
            how, at, _ = found
            inner = words[1 + at :]
            if how == ARGV:
                yield from _unwrapped(inner, dialect, depth + 1)
            elif inner:
                yield from commands_of(" ".join(inner), dialect, depth + 1)
    elif program in _LOADERS:
        rest = words[words.index("--") + 1 :] if "--" in words else words[1:]
        while rest and (rest[0].startswith("-") or rest[0] == "run" or rest[0].isdigit()):
            rest = rest[1:]  # `dotenvx run`, `timeout 60`, `nice -n`: their own words
        yield from _unwrapped(rest, dialect, depth + 1)


def workspace_globs(read: Callable[[str], str | None]) -> list[str]:
    """The package folder globs of the workspace (pnpm-workspace.yaml, else `workspaces` in
    the root package.json); empty when the repository is not a workspace."""
    import json

    text = read("pnpm-workspace.yaml")
    if text:
        from hooks.commands.carriers import _yaml

        for doc in _yaml.documents(text, "pnpm-workspace.yaml"):
            globs = [_yaml.scalar(n) for n in _yaml.sequence(_yaml.get(doc, "packages"))]
            return [g for g in globs if g]
    text = read("package.json")
    if text:
        try:
            doc = json.loads(text)
        except ValueError:
            return []
        spaces = doc.get("workspaces") if isinstance(doc, dict) else None
        if isinstance(spaces, dict):
            spaces = spaces.get("packages")
        if isinstance(spaces, list):
            return [s for s in spaces if isinstance(s, str)]
    return []


def in_workspace(folder: str, globs: list[str]) -> bool:
    member = False
    for glob in globs:
        negated = glob.startswith("!")
        pattern = glob.lstrip("!").strip("/").removeprefix("./")
        if fnmatch.fnmatchcase(folder, pattern) or (
            pattern.endswith("/**") and (folder + "/").startswith(pattern[:-2])
        ):
            member = not negated
    return member


def refers_to(reference: str, package: Package, caller_package: str | None) -> bool:
    """Does a package reference (a --filter value, a workspace, a project) written in a file
    of `caller_package` name `package` (a workspace member)? The index files each reference
    under `_key` and looks a package up by `_lookup_keys`: this is that question, once."""
    kind, _, ref = _key(reference, caller_package).partition(" ")
    if kind == "glob":
        return any(fnmatch.fnmatchcase(n, ref) for n in _names(package))
    return (kind, ref) in _lookup_keys(package, member=True)


def _names(package: Package) -> list[str]:
    names = [package.folder] + ([package.name] if package.name else [])
    if package.name:
        names.append(package.name.rsplit("/", 1)[-1])  # Nx project names drop the npm scope
    return list(dict.fromkeys(names))


def _lookup_keys(package: Package, *, member: bool) -> list[tuple[str, str]]:
    """The keys under which a reference to `package` is filed; a package outside the
    workspace is reached only from its own folder (`here`, an Nx target) or by `-r`/all."""
    keys = [("nx", package.folder), ("here", package.folder), ("all", "")]
    if member:
        keys.append(("folder", package.folder))
        keys += [("name", name) for name in _names(package)]
    return keys


def nearest_package(path: str, packages: set[str]) -> str | None:
    """The folder of the package.json nearest above `path` (npm run looks there)."""
    folder = posixpath.dirname(path)
    while True:
        if folder in packages:
            return folder
        if not folder:
            return None
        folder = posixpath.dirname(folder)


_GLOB = frozenset("*?[")
_PREFILTERED = 32


class _Calls:
    """Where one script is called: by the key of the package reference (`here <folder>`,
    `name <name>`, ...), and the glob references (`--filter 'app-*'`) in one list."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self.globs: list[tuple[str, tuple[str, int]]] = []


class CallerIndex:
    """Every command in the repository's carriers that runs a package.json script, found once
    per run however many packages ask: a script name's files are picked (by the name in their
    text) the first time a package asks for it, each file is read and parsed at most once, and
    each call is filed under the package it names, so a package costs what it is called by
    (not a walk of the whole index per package)."""

    def __init__(self, files: list[str], read: Callable[[str], str | None]) -> None:
        from hooks.commands.carriers import carrier_for

        self._read = read
        self._order = {path: i for i, path in enumerate(files)}
        self._carriers: list[tuple[str, str]] = []
        for path in files:
            kind = carrier_for(path)
            if kind is not None and kind not in ("shebang", "code", "atlas"):
                self._carriers.append((path, kind))
        self._packages = {
            posixpath.dirname(f) for f in files if posixpath.basename(f) == "package.json"
        }
        self._globs: list[str] | None = None
        self._texts: dict[str, str | None] = {}
        self._parsed: dict[str, dict[str, list[tuple[str, int]]]] = {}
        self._calls: dict[str, _Calls] = {}  # per script: where it is called
        self._callable: dict[str, bool] = {}

    def text(self, path: str) -> str | None:
        """A file's text, read once (None: not there, or unreadable: its own check says so)."""
        if path not in self._texts:
            try:
                self._texts[path] = self._read(path)
            except ToolError:
                self._texts[path] = None  # the file's own check reports it
        return self._texts[path]

    def _calls_scripts(self, path: str) -> bool:
        """Whether a file can call a script at all: it names a program that runs one (the
        words `script_calls` knows) or is an Nx project. A big JSON or YAML file read by
        content that names none is never parsed."""
        if path not in self._callable:
            text = self.text(path) or ""
            self._callable[path] = _names_a_caller(text) or "nx:run-script" in text
        return self._callable[path]

    def _calls_in(self, path: str, kind: str, text: str) -> dict[str, list[tuple[str, int]]]:
        """(package key, line) of every script call written in one file, by script (each
        script's lookup costs its own calls, not the file's)."""
        found = self._parsed.get(path)
        if found is not None:
            return found
        found = {}
        if posixpath.basename(path) == "project.json" and "nx:run-script" in text:
            for match in re.finditer(r'"script"\s*:\s*"([^"]+)"', text):
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault(match.group(1), []).append((f"nx {posixpath.dirname(path)}", line))
        caller_package = nearest_package(path, self._packages)
        try:
            pieces = _pieces(kind, text, path)
        except ToolError:
            pieces = []  # the file's own check reports it
        for body, line, dialect in pieces:
            for words in commands_of(body, dialect):
                for reference, script in script_calls(words):
                    found.setdefault(script, []).append((_key(reference, caller_package), line))
        self._parsed[path] = found
        return found

    def _index(self, script: str) -> _Calls:
        calls = self._calls.get(script)
        if calls is not None:
            return calls
        calls = _Calls()
        # A file is parsed once it names a script asked for; past _PREFILTERED scripts every
        # carrier is parsed (once), so that many scripts never rescan the same texts.
        eager = len(self._calls) >= _PREFILTERED
        for path, kind in self._carriers:
            text = self.text(path)
            if not text or (path not in self._parsed and not eager and not _has_word(text, script)):
                continue
            if not self._calls_scripts(path):
                continue
            for key, line in self._calls_in(path, kind, text).get(script, ()):
                kind_of, _, ref = key.partition(" ")
                if kind_of == "glob":  # matched by pattern: one list, not a key per glob
                    calls.globs.append((ref, (path, line)))
                else:
                    calls.by_key.setdefault((kind_of, ref), []).append((path, line))
        self._calls[script] = calls
        return calls

    def callers(self, package: Package, scripts: set[str]) -> dict[str, list[str]]:
        """`path:line` of every command in another file that runs one of `scripts` of
        `package`."""
        if self._globs is None:
            self._globs = workspace_globs(self.text)
        member = package.folder == "" or in_workspace(package.folder, self._globs)
        own = posixpath.join(package.folder, "package.json") if package.folder else "package.json"
        names = _names(package)
        keys = _lookup_keys(package, member=member)
        found: dict[str, list[str]] = {}
        for script in sorted(scripts):
            calls = self._index(script)
            hits = [h for key in keys for h in calls.by_key.get(key, [])]
            if member:
                for ref, where in calls.globs:
                    if any(fnmatch.fnmatchcase(n, ref) for n in names):
                        hits.append(where)
            places = sorted(
                {h for h in hits if h[0] != own}, key=lambda h: (self._order[h[0]], h[1])
            )
            if places:
                found[script] = [f"{path}:{line}" for path, line in places]
        return found


def _key(reference: str, caller_package: str | None) -> str:
    """The package a reference names, as a key: `here <folder>` (the nearest package.json),
    `all `, `folder <folder>` (a path), `name <name>` (a name or folder), `glob <pattern>`,
    `none ` (a negation: names no package to look up)."""
    if reference == ALL:
        return "all "
    if reference == HERE:
        return f"here {caller_package or ''}"
    ref = reference.strip("{}").removeprefix("...").removesuffix("...").lstrip("^")
    if ref.startswith("!"):
        return "none "
    if ref.startswith(("./", "../")) or ref in (".", ""):
        base = caller_package or ""
        return "folder " + posixpath.normpath(posixpath.join(base, ref)).lstrip("./")
    return ("glob " if _GLOB & set(ref) else "name ") + ref


def find_callers(
    package: Package,
    scripts: set[str],
    files: list[str],
    read: Callable[[str], str | None],
) -> dict[str, list[str]]:
    """`path:line` of every command in another file that runs one of `scripts` of `package`
    (one question: a run asking for many packages keeps one `CallerIndex`)."""
    return CallerIndex(files, read).callers(package, scripts)


def _pieces(kind: str, text: str, path: str) -> list[tuple[str, int, str]]:
    """(command text, line, dialect) of every command a carrier holds."""
    from hooks.commands.carriers import snippets
    from hooks.commands.shell import SH

    if kind != "package_json":
        return [(s.text, s.position(0)[0], s.dialect) for s in snippets(kind, text, path)]
    return [(body, line, SH) for _, body, line in package_scripts(text, path)]


def package_scripts(text: str, path: str) -> list[tuple[str, str, int]]:
    """(name, body, line of its key) of a package.json's string scripts."""
    from hooks.commands.carriers.package_json import load_package_json
    from hooks.commands.carriers.package_json import script_key_offsets
    from hooks.report.positions import Positions

    bodies = load_package_json(text, path).get("scripts")
    if not isinstance(bodies, dict):
        return []
    offsets = script_key_offsets(text)
    positions = Positions(text)
    return [
        (name, body, positions.at(offsets.get(name, 0))[0])
        for name, body in bodies.items()
        if isinstance(body, str)
    ]


def program_of(word: str) -> str:
    """The program a command word names: its lower-case base name, `.cmd` dropped."""
    return word.replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".cmd")
