"""Where a module that loads Drizzle's migrator is run from: AF401's run sites.

A migrator import is banned wherever it is; the report also says what runs it, so that the
person who removes it knows what else changes (every deploy that migrated, a server start).
A module is run by

- a command in any carrier (a package.json script, a Dockerfile `CMD`, a compose service, a
  workflow step, a Procfile, an init script) that hands it to a JavaScript runner (`node`,
  `tsx`, `bun`, `ts-node`, `deno run`…), its path written as the runner sees it (extension
  left out, `./`, an `index` file), or compiled: `node dist/migrate.js` for `src/migrate.ts`
  when the package's build makes the mapping plain (tsconfig's `outDir`/`rootDir`, or a
  build script or tsup config naming the file as an entry), never guessed beyond;
- the scripts that call such a script (`"build": "pnpm db:migrate && next build"`, a
  `prebuild`), and the commands in other files that call those (the AF301 caller index);
- code that imports it (a Next.js `instrumentation.ts` calling it at server start), and the
  commands that run that code.

Relative paths are tried against the folder of the file that holds the command, its nearest
package.json and the repository root (a container's WORKDIR is the build context's copy).
This runs only once an AF401 is found: a clean commit never pays it.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import deque

from hooks.commands.callers import CallerIndex
from hooks.commands.callers import Package
from hooks.commands.callers import commands_of
from hooks.commands.callers import located_commands
from hooks.commands.callers import nearest_package
from hooks.commands.callers import package_scripts
from hooks.commands.callers import program_of
from hooks.commands.callers import script_calls
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
# Programs that run the JavaScript or TypeScript file they are given.
JS_RUNNERS = frozenset(
    {"node", "nodejs", "tsx", "ts-node", "ts-node-esm", "ts-node-dev", "tsnd", "bun", "deno",
     "esno", "esrun", "vite-node", "jiti", "babel-node", "tsm", "sucrase-node", "nodemon",
     "swc-node", "node-dev", "esr"},
)  # fmt: skip
# The files worth parsing for a run: they name a runner (a superset: no word boundaries).
_RUNNER_ERE = "|".join(sorted(JS_RUNNERS))
_RUNNER_TEXT = re.compile(_RUNNER_ERE)
_WORDS = re.compile(r"[A-Za-z0-9_-]+")
_PACKAGE_RUNNERS = frozenset({"npx", "pnpx", "bunx", "pnpm", "yarn", "npm"})
_PASS_WORDS = frozenset({"exec", "dlx", "x", "--"})
# Bundler configs whose entries name their outputs: `entry: ["src/m.ts"]` (tsup), esbuild's
# `entryPoints: {migration: "migration.ts"}` with `outdir`.
_BUNDLER_CONFIGS = tuple(
    f"{tool}.config.{ext}" for tool in ("tsup", "esbuild") for ext in ("ts", "js", "mjs", "cjs")
)
_ENTRY_KEY = re.compile(r"""(["']?)([\w@.-]+)\1\s*:\s*\Z""")
_BUILDERS = frozenset({"esbuild", "tsup", "bun", "ncc", "rolldown"})
_MAX_LISTED = 12


def stem(path: str) -> str:
    """A module's path as a runner or an import may write it: no JS/TS extension, no
    `/index`."""
    for suffix in SUFFIXES:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    if path.endswith("/index"):
        path = path[: -len("/index")]
    return path


def runner_args(words: list[str]) -> list[str] | None:
    """The words a JavaScript runner is given, if this command runs one (`npx tsx x.ts`,
    `pnpm exec tsx x.ts`, `node --import tsx x.ts`, `bun run x.ts`); None otherwise."""
    while words and program_of(words[0]) in _PACKAGE_RUNNERS:
        rest = [w for w in words[1:] if not w.startswith("-")]
        if rest and rest[0] in _PASS_WORDS:
            rest = rest[1:]
        if not rest or program_of(rest[0]) not in JS_RUNNERS | _PACKAGE_RUNNERS:
            return None
        words = words[words.index(rest[0]) :]
    if not words or program_of(words[0]) not in JS_RUNNERS:
        return None
    return words[1:]


# A runner as a word of a command (`node`, not `nodes` or `node-fetch`).
_RUNNER_WORD = re.compile(rf"(?<![\w.-])(?:{_RUNNER_ERE})(?![\w-])")
_REACH = 300  # how far after a runner its module's name may stand: flags, `--import tsx`...


def _runner_before(text: str, named: re.Pattern[str]) -> bool:
    """Whether one of the module names stands within a command's reach after a runner: the
    test before a carrier is parsed (a translation file that says "node" and "migrate" far
    apart is not). The names are rare and looked for first; each looks back a bounded window,
    and no part of the text is searched twice: linear in the text."""
    searched = 0  # the text already searched for a runner
    longest = 16  # (longer than any runner's name: one across a window's start is found)
    for found in named.finditer(text):
        start = max(found.start() - _REACH, searched - longest, 0)
        if _RUNNER_WORD.search(text, start, found.start()):
            return True
        searched = found.start()
    return False


class RunSites:
    """Run sites of modules in one repository: `files` are its tracked files, `read` gives a
    file's text (None: not there), `mentioning(ere, within=endings)` the files whose text
    matches a POSIX ERE (a `git grep`, of the files so named; None: read every code file),
    `callers` the run's caller index if there is one. Each file is read and parsed at most
    once."""

    def __init__(
        self,
        files: list[str],
        read: Callable[[str], str | None],
        mentioning: Callable[..., set[str]] | None = None,
        callers: CallerIndex | None = None,
    ) -> None:
        self._files = files
        self._mentioning = mentioning
        self._present = set(files)
        self._packages = {
            posixpath.dirname(f) for f in files if posixpath.basename(f) == "package.json"
        }
        self._callers = callers or CallerIndex(files, read)
        self._commands: dict[str, list[tuple[list[str], int, str | None]]] = {}
        self._specifiers: dict[str, list[tuple[str, int]]] = {}
        self._tsconfigs: dict[str, tuple[str, dict[str, object]] | None] = {}
        self._carriers: list[str] | None = None  # the carriers that name a runner
        self._code_hits: set[str] | None = None  # `expect`'s one grep for the importers
        self._build_cache: dict[str, list[tuple[str, str | None, str | None]]] = {}

    def _text(self, path: str) -> str | None:
        return self._callers.text(path)  # one read of each file for both searches

    # -- what a module's path looks like to a runner ---------------------------------------

    def _compiled(self, path: str) -> set[str]:
        """Stems of the files the package's build makes of `path` (`dist/migrate` for
        `src/migrate.ts`), where the build says so plainly."""
        package = nearest_package(path, self._packages)
        if package is None:
            package = ""
        found: set[str] = set()
        rel = path[len(package) + 1 :] if package else path
        config = self._tsconfig_of(package) if path.endswith((".ts", ".mts", ".cts")) else None
        if config is not None:
            folder, options = config
            out = options.get("outDir")
            root = options.get("rootDir")
            if isinstance(out, str) and isinstance(root, str):
                root_path = posixpath.normpath(posixpath.join(folder, root))
                if path.startswith(root_path.rstrip("/") + "/") or root_path == ".":
                    inner = path if root_path == "." else path[len(root_path) + 1 :]
                    found.add(stem(posixpath.normpath(posixpath.join(folder, out, inner))))
        found |= self._built_entries(package, rel)
        return found

    def _tsconfig_of(self, folder: str) -> tuple[str, dict[str, object]] | None:
        """(folder, compilerOptions) of the tsconfig.json in `folder` (with an `include` of
        one folder standing for rootDir, as tsc infers it)."""
        if folder in self._tsconfigs:
            return self._tsconfigs[folder]
        from hooks.commands.carriers._json import strip_jsonc

        name = posixpath.join(folder, "tsconfig.json") if folder else "tsconfig.json"
        result: tuple[str, dict[str, object]] | None = None
        text = self._text(name) if name in self._present else None
        try:
            doc = json.loads(strip_jsonc(text)) if text else None
        except (ValueError, RecursionError):
            doc = None
        if isinstance(doc, dict) and isinstance(doc.get("compilerOptions"), dict):
            options = dict(doc["compilerOptions"])
            include = doc.get("include")
            if "rootDir" not in options and isinstance(include, list) and len(include) == 1:
                only = include[0]
                if isinstance(only, str):
                    only = re.sub(r"(/\*\*)?(/\*(\.\w+)?)?\Z", "", only.strip("./") or ".")
                    if only and not set(only) & set("*?"):
                        options["rootDir"] = only
            result = (folder, options)
        self._tsconfigs[folder] = result
        return result

    def _builds(self, package: str) -> list[tuple[str, str | None, str | None]]:
        """(entry, --outfile, --outdir) of each file a build script of the package names
        (esbuild, tsup, bun build...), read once per package."""
        if package in self._build_cache:
            return self._build_cache[package]
        found: list[tuple[str, str | None, str | None]] = []
        manifest = posixpath.join(package, "package.json") if package else "package.json"
        for words, _, _ in self._commands_in(manifest):
            if not words or program_of(words[0]) not in _BUILDERS:
                continue
            outfile = _flag(words, "--outfile")
            outdir = _flag(words, "--outdir") or _flag(words, "--out-dir") or _flag(words, "-d")
            for word in words[1:]:
                if not word.startswith("-") and word.endswith(SUFFIXES):
                    found.append((posixpath.normpath(word), outfile, outdir))
        self._build_cache[package] = found
        return found

    def _built_entries(self, package: str, rel: str) -> set[str]:
        """Outputs of a build script (`esbuild src/m.ts --outfile=dist/m.mjs`, `tsup
        src/m.ts`) or a tsup config that names `rel` as an entry."""
        found: set[str] = set()
        base = posixpath.basename(stem(rel))
        for entry, outfile, outdir in self._builds(package):
            if entry != posixpath.normpath(rel):
                continue
            if outfile:
                found.add(stem(posixpath.normpath(posixpath.join(package, outfile))))
            else:
                found.add(posixpath.normpath(posixpath.join(package, outdir or "dist", base)))
        for name in _BUNDLER_CONFIGS:
            config = posixpath.join(package, name) if package else name
            text = self._text(config) if config in self._present else None
            if not text or rel not in text:
                continue
            written = re.search(r"""["'](?:\./)?""" + re.escape(rel) + """["']""", text)
            if written is None:
                continue
            key = _ENTRY_KEY.search(text[max(0, written.start() - 200) : written.start()])
            out = re.search(r"""out[Dd]ir\s*:\s*["']([^"']+)["']""", text)
            folder = out.group(1) if out else "dist"
            named = key.group(2) if key else base  # esbuild's {name: file} names the output
            found.add(posixpath.normpath(posixpath.join(package, folder, named)))
        return found

    # -- the commands of the repository's carriers ------------------------------------------

    def _commands_in(self, path: str) -> list[tuple[list[str], int, str | None]]:
        """(words, line, package.json script name or None) of every command in one file."""
        if path in self._commands:
            return self._commands[path]
        from hooks.commands.carriers import carrier_for
        from hooks.commands.carriers import shebang_carrier
        from hooks.commands.carriers import snippets
        from hooks.commands.shell import SH

        found: list[tuple[list[str], int, str | None]] = []
        self._commands[path] = found
        text = self._text(path) if path in self._present else None
        kind = carrier_for(path)
        if not text or kind in (None, "code", "atlas"):
            return found
        try:
            if kind == "package_json":
                pieces = [
                    (body, line, SH, name) for name, body, line in package_scripts(text, path)
                ]
            else:
                if kind == "shebang":
                    kind = shebang_carrier(text.encode("utf-8", "replace")[:200])
                    if kind is None:
                        return found
                for snippet in snippets(str(kind), text, path):
                    for offset, words in located_commands(snippet.text, snippet.dialect):
                        found.append((words, snippet.position(offset)[0], None))
                return found
        except (ToolError, RecursionError):
            return found  # the file's own check reports it
        for body, line, dialect, script in pieces:
            for words in commands_of(body, dialect):
                found.append((words, line, script))
        return found

    def _runs(self, stems: dict[str, str]) -> list[tuple[str, int, str | None, str]]:
        """(path, line, script, module) of every command that runs one of `stems` (stem ->
        module path): each carrier that names a runner is parsed once, each word looked up."""
        found: list[tuple[str, int, str | None, str]] = []
        # A file is parsed only if it names a runner and the first word of a stem's name:
        # a big JSON or YAML file that names neither is never read as a carrier.
        firsts = {
            _WORDS.findall(posixpath.basename(s))[:1][0]
            for s in stems
            if _WORDS.search(posixpath.basename(s))
        }
        if not firsts:
            return found
        named = re.compile("|".join(re.escape(f) for f in sorted(firsts)))
        if self._carriers is None:  # (the same for every module: picked once)
            self._carriers = self._candidates(_RUNNER_ERE, _RUNNER_TEXT, code=False)
        for path in self._carriers:
            if not _runner_before(self._text(path) or "", named):
                continue
            folder = posixpath.dirname(path)
            bases = dict.fromkeys((folder, nearest_package(path, self._packages) or "", ""))
            for words, line, script in self._commands_in(path):
                module = None
                for word in runner_args(words) or ():
                    if word.startswith("-"):
                        continue
                    word = word.replace("\\", "/")
                    for base in bases:
                        module = stems.get(stem(posixpath.normpath(posixpath.join(base, word))))
                        if module is not None:
                            break
                    if module is not None:
                        found.append((path, line, script, module))
                        break
        return found

    def _candidates(self, ere: str | None, pattern: re.Pattern[str], *, code: bool) -> list[str]:
        """Code files (with `code`) or carriers whose text matches `pattern` (`ere` for git
        grep, when the repository is asked; None: the files `expect` picked)."""
        from hooks.commands.carriers import carrier_for

        if ere is None:
            hits = self._code_hits
        else:
            within = SUFFIXES if code else ()  # (code: git reads only code files)
            hits = self._mentioning(ere, within=within) if self._mentioning is not None else None
        chosen = []
        for path in self._files:
            if hits is not None and path not in hits:
                continue
            kind = carrier_for(path)
            is_code = path.lower().endswith(SUFFIXES) and kind in ("code", None)
            if code != is_code or (not code and kind in (None, "code", "atlas")):
                continue
            text = self._text(path)
            if text and pattern.search(text):
                chosen.append(path)
        return chosen

    # -- imports -----------------------------------------------------------------------------

    def expect(self, modules: list[str]) -> None:
        """The modules `of` will be asked about: their importers are looked for with one
        `git grep` for all their names, not one each."""
        names = sorted({posixpath.basename(stem(m)) for m in modules})
        if self._mentioning is not None and names:
            names_ere = "|".join(ere_literal(n) for n in names)
            self._code_hits = self._mentioning(names_ere, within=SUFFIXES)

    def _importers(self, module: str) -> list[tuple[str, int]]:
        """(path, line) of the code files that load `module`."""
        name = posixpath.basename(stem(module))
        wanted = stem(module)
        found = []
        ere = None if self._code_hits is not None else ere_literal(name)
        for path in self._candidates(ere, re.compile(re.escape(name)), code=True):
            if path == module:
                continue
            for specifier, line in self._specifiers_of(path):
                if name in specifier and self._resolves(path, specifier) == wanted:
                    found.append((path, line))
                    break
        return found

    def _specifiers_of(self, path: str) -> list[tuple[str, int]]:
        if path not in self._specifiers:
            from hooks.commands.js import module_specifiers
            from hooks.report.positions import Positions

            text = self._text(path) or ""
            positions = Positions(text)
            try:
                specs = [s for s in module_specifiers(text) if not s.type_only]
            except (ToolError, RecursionError):
                specs = []
            self._specifiers[path] = [(s.value, positions.at(s.offset)[0]) for s in specs]
        return self._specifiers[path]

    def _resolves(self, importer: str, specifier: str) -> str | None:
        """The stem a specifier names: relative, or through the nearest tsconfig's `paths`."""
        if specifier.startswith(("./", "../")):
            joined = posixpath.join(posixpath.dirname(importer), specifier)
            return stem(posixpath.normpath(joined))
        folder = posixpath.dirname(importer)
        while True:
            config = self._tsconfig_of(folder)
            if config is not None:
                return _aliased(config, specifier)
            if not folder:
                return None
            folder = posixpath.dirname(folder)

    # -- the answer --------------------------------------------------------------------------

    def of(self, module: str) -> str:
        """What runs `module`, as a report's tail: ` (run by …; imported by …)`, or ""."""
        importers = self._importers(module)
        stems = {stem(module): module}
        stems.update(dict.fromkeys(self._compiled(module), module))
        for importer, _ in importers:
            stems.setdefault(stem(importer), importer)
            stems.update(dict.fromkeys(self._compiled(importer), importer))
        run_by: list[str] = []
        scripts: dict[str, set[str]] = {}
        for path, line, script, runs in self._runs(stems):
            through = "" if runs == module else f" (runs {runs})"
            named = f' "{script}"' if script else ""
            run_by.append(f"{path}:{line}{named}{through}")
            if script:
                scripts.setdefault(path, set()).add(script)
        for manifest, names in scripts.items():
            run_by += self._script_callers(manifest, names)
        imported_by = [f"{path}:{line}" for path, line in importers]
        parts = []
        if run_by:
            parts.append("run by " + _listed(list(dict.fromkeys(run_by))))
        if imported_by:
            parts.append("imported by " + _listed(imported_by))
        return f" ({'; '.join(parts)})" if parts else ""

    def _script_callers(self, manifest: str, names: set[str]) -> list[str]:
        """The scripts of the same package.json that run `names` (directly, through other
        scripts, or as their `pre`/`post` hook), then the commands elsewhere that run any."""
        commands = self._commands_in(manifest)
        lines: dict[str, int] = {}
        callers: dict[str, set[str]] = {}  # script -> scripts of this package that run it
        for words, line, script in commands:
            if script is None:
                continue
            lines.setdefault(script, line)
            for reference, called in script_calls(words):
                if reference == ".":
                    callers.setdefault(called, set()).add(script)
        for script in lines:
            for hook in ("pre", "post"):  # `npm run build` runs prebuild and postbuild
                if script.startswith(hook) and script[len(hook) :] in lines:
                    callers.setdefault(script, set()).add(script[len(hook) :])
        reached = set(names)
        order: list[str] = []
        queue = deque(sorted(names))
        while queue:  # each script once: linear in the calls however deep the chain
            for caller in sorted(callers.get(queue.popleft(), ())):
                if caller not in reached:
                    reached.add(caller)
                    order.append(caller)
                    queue.append(caller)
        found = [f'{manifest}:{lines[s]} "{s}"' for s in order]
        text = self._text(manifest) or ""
        try:
            doc = json.loads(text)
        except ValueError:
            doc = {}
        name = doc.get("name") if isinstance(doc, dict) else None
        package = Package(posixpath.dirname(manifest), name if isinstance(name, str) else None)
        elsewhere = self._callers.callers(package, reached)
        for script in sorted(elsewhere):
            found += elsewhere[script]
        return found


def _first_word(path: str) -> str:
    found = _WORDS.search(posixpath.basename(path))
    return found.group() if found else ""


def _flag(words: list[str], flag: str) -> str | None:
    """The value of `flag` (`--flag v` or `--flag=v`) in a command's words, if given."""
    from hooks.commands.callers import _value_after

    for i, word in enumerate(words):
        if word == flag or word.startswith(flag + "="):
            return _value_after(words, i, flag)[0] or None
    return None


def _aliased(config: tuple[str, dict[str, object]], specifier: str) -> str | None:
    folder, options = config
    paths = options.get("paths")
    if not isinstance(paths, dict):
        return None
    base_url = options.get("baseUrl")
    base = posixpath.normpath(
        posixpath.join(folder, base_url if isinstance(base_url, str) else ".")
    )
    for pattern, targets in paths.items():
        if not isinstance(targets, list) or not targets or not isinstance(targets[0], str):
            continue
        prefix, star, suffix = str(pattern).partition("*")
        if star and specifier.startswith(prefix) and specifier.endswith(suffix):
            hole = specifier[len(prefix) : len(specifier) - len(suffix) or None]
            target = targets[0].replace("*", hole, 1)
        elif not star and specifier == pattern:
            target = targets[0]
        else:
            continue
        return stem(posixpath.normpath(posixpath.join(base, target)))
    return None


def ere_literal(word: str) -> str:
    """`word` as a POSIX ERE that matches it literally (for `git grep -E`)."""
    return re.sub(r"([.\[\]()*+?{}|^$\\])", r"\\\1", word)


def _listed(items: list[str]) -> str:
    if len(items) <= _MAX_LISTED:
        return ", ".join(items)
    return ", ".join(items[:_MAX_LISTED]) + f" and {len(items) - _MAX_LISTED} more"
