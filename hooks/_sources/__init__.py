"""The files that carry commands, and the pieces of them that are commands.

Each carrier (a kind of file that holds commands: shell scripts, Dockerfiles, compose files,
deploy-platform configs, task runners, git hooks, CI YAML, code that shells out...) is one
module of this package with the same shape: `snippets(text, path)` turns a file's text into
command `Snippet`s that know their position in the file. `carrier_for(path)` maps a
repository path to its carrier through the plain data tables below, as pre-commit/identify
do; a carrier's module, and the parser of its format, are imported only when such a file is
under check.
"""

from __future__ import annotations

import errno
import os
import re

from hooks._report import ToolError
from hooks._shell import POWERSHELL
from hooks._shell import SH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


_CONFLICT_START = re.compile(r"^<{7}(?: |\r?$)", re.M)
_CONFLICT_END = re.compile(r"^>{7}(?: |\r?$)", re.M)


def unreadable(where: str, path: str, problem: str, text: str) -> ToolError:
    """What a file that its format's parser refused is: one with unresolved merge conflict
    markers is said to be one (and how to go on), else the parser's own complaint."""
    if _CONFLICT_START.search(text) and _CONFLICT_END.search(text):
        return ToolError(
            f"{path}: holds unresolved merge conflict markers (<<<<<<< ... >>>>>>>);"
            " resolve the conflict, then run again"
        )
    return ToolError(f"{where}: {problem}")


_NO_FOLLOW = os.O_RDONLY | os.O_NOFOLLOW if hasattr(os, "O_NOFOLLOW") else 0


class OutsideLink(ToolError):
    """A symbolic link in the repository that points out of it (Nix's git-hooks commit
    `.pre-commit-config.yaml` as a link into /nix/store): what it points at is no content
    of the repository, so it is not read, and the run says so."""


def read_bytes(root: str, rel: str) -> bytes | None:
    """The bytes of a repository file; None when it is gone; ToolError when it cannot be read.

    A symbolic link is followed only while it stays inside the repository: a guard reads the
    repository, never what a link points at elsewhere on the machine.
    """
    # (A repository path is relative and has no `..`: joined by hand, as posixpath.join would.)
    path = f"{root}/{rel}" if os.sep == "/" else os.path.join(root, *rel.split("/"))
    if _NO_FOLLOW:  # POSIX: one system call fewer per file, and a link is refused at open
        try:
            fd = os.open(path, _NO_FOLLOW)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.EMLINK):  # (a link: read below)
                raise ToolError(f"{rel}: cannot read it ({exc.strerror})") from None
        else:
            try:
                chunks = []
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
                return b"".join(chunks)
            except IsADirectoryError:
                raise ToolError(f"{rel}: is a directory, not a file") from None
            except OSError as exc:
                raise ToolError(f"{rel}: cannot read it ({exc.strerror})") from None
            finally:
                os.close(fd)
    outside = f"{rel}: is a symbolic link to outside the repository; not followed"
    try:
        if os.path.islink(path):
            target, top = os.path.realpath(path), os.path.realpath(root)
            if os.path.commonpath([top, target]) != top:
                raise OutsideLink(outside)
            if not os.path.exists(target):
                raise ToolError(f"{rel}: is a symbolic link to a missing file ({target})")
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ToolError(f"{rel}: is a directory, not a file") from None
    except ValueError:  # commonpath across Windows drives
        raise OutsideLink(outside) from None
    except OSError as exc:
        raise ToolError(f"{rel}: cannot read it ({exc.strerror})") from None


def read_text(root: str, rel: str) -> str | None:
    """A text file's content: UTF-8 (a BOM is fine) or UTF-16 with a BOM (Windows
    PowerShell's `Out-File`). None when the file is gone; ToolError when it cannot be read."""
    data = read_bytes(root, rel)
    return None if data is None else decode(data, rel)


def decode(data: bytes, shown: str) -> str:
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # as "utf-8-sig", without its codec
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data[bom:].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + bom  # the byte's offset in the file (BOM counted)
        raise ToolError(
            f"{shown}: not UTF-8 text (undecodable byte at offset {at}); save it as UTF-8",
        ) from None


class Positions:
    """Offsets in a text to 1-based line and column (CRLF counts as one line break)."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None  # built on the first question: most files ask none

    def at(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = line_starts(self._text)
        import bisect  # here: most runs ask no position

        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def line_starts(text: str) -> list[int]:
    """The offset of every line's first character."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


class Snippet:
    """Command text cut out of a file, with a map back to the file's lines and columns.

    `fixed`: every offset maps to the one position (an exec-form array, a folded scalar,
    a string whose escapes shift the columns)."""

    __slots__ = ("_starts", "choices", "dialect", "fixed", "lines", "text")

    def __init__(
        self,
        text: str,
        lines: list[tuple[int, int]],
        dialect: str = SH,
        *,
        fixed: bool = False,
    ) -> None:
        self.text = text
        self.lines = lines  # per snippet line: (file line, column of its first character)
        self.dialect = dialect
        self.fixed = fixed
        self._starts: list[int] | None = None
        # What the values filled in where it runs can be, as the carrier knows them: a
        # workflow input's options, a matrix axis, an env value (`inputs.command`, `$CMD`).
        self.choices: dict[str, tuple[str, ...]] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self.fixed:
            return self.lines[0]
        if self._starts is None:  # built once: a script of many findings stays linear
            self._starts = line_starts(self.text)
        import bisect

        index = bisect.bisect_right(self._starts, offset) - 1
        line, col = self.lines[min(index, len(self.lines) - 1)]
        return line, col + offset - self._starts[index]


def exec_form(args: list[str]) -> str:
    """An exec-form command (a JSON/YAML/TOML list: the first item is the program, no shell)
    as shell text with the same words: `["sh", "-c", "a && b"]` stays a nested shell, and a
    one-item list names a program literally called that, so it runs nothing else."""
    return " ".join(_quote(arg) for arg in args)


def _quote(word: str) -> str:
    if word == "${…}":  # a word the code computes (hooks._js.HOLE): an expansion, not text
        return word
    if word and all(c.isalnum() or c in "@%+=:,./-_" for c in word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def command_value(value: object, line: int, col: int, dialect: str = SH) -> list[Snippet]:
    """A command given as a string (shell text) or a list of strings (exec form), as the
    formats of compose, devcontainer, fly, railway and Tilt allow; anything else: none."""
    if isinstance(value, str):
        return [Snippet(value, [(line, col)], dialect, fixed=True)]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [Snippet(exec_form(value), [(line, col)], fixed=True)]
    return []


# --- the registry -----------------------------------------------------------------------------
# Which carrier reads a file: by its exact name (lower case), its folder, its suffix, or (for a
# file with no extension) its shebang. The values name modules of this package.

BY_NAME: dict[str, str | None] = {
    "package.json": "package_json",
    "makefile": "make",
    "gnumakefile": "make",
    "justfile": "just",
    ".justfile": "just",
    "dockerfile": "dockerfile",
    "containerfile": "dockerfile",
    "procfile": "procfile",
    "fly.toml": "fly",
    "railway.json": "railway",
    "railway.toml": "railway",
    "render.yaml": "render",
    "render.yml": "render",
    "vercel.json": "vercel",
    "netlify.toml": "netlify",
    "nixpacks.toml": "nixpacks",
    "app.json": "app_json",
    "project.json": "nx",
    "taskfile.yml": "taskfile",
    "taskfile.yaml": "taskfile",
    "taskfile.dist.yml": "taskfile",
    "taskfile.dist.yaml": "taskfile",
    "mise.toml": "mise",
    ".mise.toml": "mise",
    "mise.local.toml": "mise",
    ".mise.local.toml": "mise",
    "deno.json": "deno",
    "deno.jsonc": "deno",
    "tiltfile": "tilt",
    "lefthook.yml": "lefthook",
    "lefthook.yaml": "lefthook",
    ".lefthook.yml": "lefthook",
    ".lefthook.yaml": "lefthook",
    "lefthook-local.yml": "lefthook",
    "lefthook-local.yaml": "lefthook",
    ".pre-commit-config.yaml": "pre_commit",
    ".pre-commit-config.yml": "pre_commit",
    ".gitlab-ci.yml": "gitlab",
    ".gitlab-ci.yaml": "gitlab",
    "action.yml": "github",
    "action.yaml": "github",
    "atlas.hcl": "atlas",
    ".devcontainer.json": "devcontainer",
    "jenkinsfile": "jenkinsfile",
    "earthfile": "earthfile",
    "bitbucket-pipelines.yml": "bitbucket",
    "bitbucket-pipelines.yaml": "bitbucket",
    ".travis.yml": "travis",
    ".travis.yaml": "travis",
    ".drone.yml": "woodpecker",
    ".drone.yaml": "woodpecker",
    ".woodpecker.yml": "woodpecker",
    ".woodpecker.yaml": "woodpecker",
    "buildkite.yml": "buildkite",
    "buildkite.yaml": "buildkite",
    "skaffold.yaml": "skaffold",
    "skaffold.yml": "skaffold",
    "serverless.yml": "serverless",
    "serverless.yaml": "serverless",
    "app.yaml": "app_yaml",
    "app.yml": "app_yaml",
    "ecosystem.config.js": "pm2",
    "ecosystem.config.cjs": "pm2",
    "ecosystem.config.mjs": "pm2",
    "ecosystem.config.json": "pm2",
    "ecosystem.json": "pm2",
    "pm2.config.js": "pm2",
    "pm2.config.cjs": "pm2",
    "supervisord.conf": "supervisord",
    # MCP clients' server lists (a folder's own mcp.json: .vscode/, .cursor/, .amazonq/, .roo/)
    ".mcp.json": "mcp",
    "mcp.json": "mcp",
    "mcp_config.json": "mcp",
    "claude_desktop_config.json": "mcp",
    "cline_mcp_settings.json": "mcp",
    "opencode.json": "mcp",
    "opencode.jsonc": "mcp",
    ".crush.json": "mcp",
    # git-hook tools' own files (lint-staged's `.lintstagedrc` has no extension)
    ".lintstagedrc": "lint_staged",
    ".lintstagedrc.json": "lint_staged",
    ".lintstagedrc.yaml": "lint_staged",
    ".lintstagedrc.yml": "lint_staged",
    ".simple-git-hooks.json": "lint_staged",
    "crush.json": "mcp",
    ".envrc": "shell",  # direnv: a shell script by name
    # configuration files in JavaScript whose strings are commands
    "lint-staged.config.js": "js_config",
    "lint-staged.config.mjs": "js_config",
    "lint-staged.config.cjs": "js_config",
    "lint-staged.config.ts": "js_config",
    "lint-staged.config.mts": "js_config",
    "lint-staged.config.cts": "js_config",
    ".lintstagedrc.js": "js_config",
    ".lintstagedrc.mjs": "js_config",
    ".lintstagedrc.cjs": "js_config",
    ".lintstagedrc.ts": "js_config",
    ".lintstagedrc.mts": "js_config",
    ".lintstagedrc.cts": "js_config",
    "simple-git-hooks.js": "js_config",
    "simple-git-hooks.mjs": "js_config",
    "simple-git-hooks.cjs": "js_config",
    "simple-git-hooks.ts": "js_config",
    "simple-git-hooks.mts": "js_config",
    "simple-git-hooks.cts": "js_config",
    ".simple-git-hooks.js": "js_config",
    ".simple-git-hooks.mjs": "js_config",
    ".simple-git-hooks.cjs": "js_config",
    ".simple-git-hooks.ts": "js_config",
    ".simple-git-hooks.mts": "js_config",
    ".simple-git-hooks.cts": "js_config",
    "vercel.ts": "js_config",
    "vercel.mts": "js_config",
    "vercel.js": "js_config",
    "vercel.mjs": "js_config",
    "vercel.cjs": "js_config",
    "supervisor.conf": "supervisord",
    # Lock files name drizzle-kit in every Drizzle project and run nothing: never read.
    "pnpm-lock.yaml": None,
    "package-lock.json": None,
    "npm-shrinkwrap.json": None,
}
# Folders whose files are carriers whatever their name (first match wins).
BY_FOLDER = (
    (".github/workflows/", (".yml", ".yaml"), "github"),
    (".gitlab/ci/", (".yml", ".yaml"), "gitlab"),
    (".azure-pipelines/", (".yml", ".yaml"), "azure_pipelines"),
    (".azuredevops/", (".yml", ".yaml"), "azure_pipelines"),
    (".devcontainer/", ("devcontainer.json",), "devcontainer"),
    (".gemini/", ("settings.json",), "mcp"),
    (".codex/", ("config.toml",), "mcp"),
    (".zed/", ("settings.json",), "mcp"),
    (".vscode/", ("settings.json",), "mcp"),
    (".vscode/", ("tasks.json",), "vscode_tasks"),
    (".grok/", ("settings.json",), "mcp"),
    (".continue/", (".yaml", ".yml", ".json"), "mcp"),
    (".circleci/", (".yml", ".yaml"), "circleci"),
    (".buildkite/", (".yml", ".yaml"), "buildkite"),
    (".woodpecker/", (".yml", ".yaml"), "woodpecker"),
    (".do/", (".yml", ".yaml"), "app_yaml"),
    (".husky/", ("",), "hook_script"),
    (".githooks/", ("",), "hook_script"),
    (".kamal/hooks/", ("",), "hook_script"),
    (".mise/tasks/", ("",), "hook_script"),
    ("mise-tasks/", ("",), "hook_script"),
)
BY_SUFFIX = {  # the part from the last dot
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".ksh": "shell",
    ".ps1": "powershell",
    ".cmd": "batch",
    ".bat": "batch",
    ".psm1": "powershell",
    ".mk": "make",
    ".just": "just",
    ".dockerfile": "dockerfile",
    ".ts": "code",
    ".tsx": "code",
    ".mts": "code",
    ".cts": "code",
    ".js": "code",
    ".jsx": "code",
    ".mjs": "code",
    ".cjs": "code",
    ".py": "python",
    ".jenkinsfile": "jenkinsfile",
    ".groovy": "jenkinsfile",  # a Jenkins shared library's vars/*.groovy steps
    ".earth": "earthfile",
    # Read by content: container specs (Kubernetes, Helm, Kustomize, ECS...), supervisord.
    ".yaml": "containers",
    ".yml": "containers",
    ".json": "containers",
    ".tpl": "containers",  # Helm's templates/*.tpl, envsubst's *.yaml.tpl
    ".conf": "supervisord",
    ".ini": "supervisord",
}
# Never a command's home (issue 37's closed world stops short of these): prose, lock files,
# binaries and other tools' artefacts. The manifest's `exclude` says the same (tested).
NEVER_COMMANDS = re.compile(  # (matched against a file's name)
    r"""(?ix)(?:
      (?:readme|changelog|changes|history|license|licence|copying|notice|authors|contributors
        |contributing|code_of_conduct|security|codeowners)(?:\.[^/]*)?
    | [^/]*\.(?:md|mdx|mdc|markdown|rst|txt|adoc|asciidoc|org|tex|html?|xml|svg|po|pot|csv|tsv
        |log|snap|patch|diff|map|lock|lockb|sql|png|jpe?g|gif|webp|avif|ico|bmp|pdf|zip|gz
        |tgz|bz2|xz|7z|tar|jar|wasm|woff2?|ttf|otf|eot|mp[34]|mov|webm|wav|ogg|exe|dll|so
        |dylib|class|pyc|css|scss|sass|less|vue|svelte|astro|tsbuildinfo|ejs|njk|hbs
        |handlebars|mustache|liquid|j2|jinja|jinja2|windsurfrules|cursorrules|clinerules)
    )\Z"""
)
_PROSE_NAMES = (
    "readme", "changelog", "changes", "history", "license", "licence", "copying", "notice",
    "authors", "contributors", "contributing", "code_of_conduct", "security", "codeowners",
)  # fmt: skip
UNKNOWN = "unknown"  # carrier_for's answer for a file no reader knows (read line by line)
_COMPOSE = re.compile(r"(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml\Z")
EXECLINE = "execline"  # shebang_dialect's answer for an execline script (its own carrier)
# A file with no extension is read as a script when its shebang names one of these.
SHEBANG_DIALECTS = {
    "sh": SH, "bash": SH, "dash": SH, "zsh": SH, "ksh": SH, "ash": SH, "mksh": SH,
    "pwsh": POWERSHELL, "powershell": POWERSHELL, "execlineb": EXECLINE,
}  # fmt: skip
_SHEBANG_LOADERS = frozenset({"env", "with-contenv"})  # run the interpreter named after them
SHEBANG = "shebang"  # carrier_for's answer for a file to be judged by its first line


def carrier_for(path: str) -> str | None:
    """The carrier module that reads a repository path, SHEBANG, UNKNOWN (no reader knows it:
    searched line by line), or None (prose, a lock file, a binary). Called for every
    file of `--all-files`: dictionary look-ups first, the folder table only for paths that
    contain one of its folders."""
    folder, _, name = path.rpartition("/")
    lower = name.lower()
    if lower in BY_NAME:
        return BY_NAME[lower]
    if lower.startswith(_PROSE_NAMES) and NEVER_COMMANDS.match(lower):
        return None  # README.*, CHANGELOG.*…: prose whatever its suffix
    # Every BY_FOLDER folder is a dot-folder but one: a cheap gate before the table.
    if folder and (folder[0] == "." or "/." in folder or "mise-tasks" in folder):
        where = folder + "/"
        for prefix, endings, folder_kind in BY_FOLDER:
            if (where.startswith(prefix) or f"/{prefix}" in where) and lower.endswith(endings):
                if folder_kind == "hook_script" and (
                    "/_/" in f"/{where}" or NEVER_COMMANDS.match(lower)
                ):
                    return None  # husky's own helper folder, a README beside the hooks
                return folder_kind
    dot = lower.rfind(".")
    if dot < 0:
        if lower == "up" and "s6-rc.d/" in path:
            return "execline"  # an s6-rc oneshot's command line: execline, no shebang
        return SHEBANG  # (README, LICENSE… were answered above)
    kind = BY_SUFFIX.get(lower[dot:])
    if kind is not None and kind != "containers":
        return kind
    if lower.startswith(("jenkinsfile.", "earthfile.")):
        return lower.split(".", 1)[0]
    if kind == "containers" and lower.startswith("cloudbuild"):
        return "cloudbuild"
    if lower.endswith(".atlas.hcl"):
        return "atlas"
    if lower.startswith("azure-pipelines") and lower.endswith((".yml", ".yaml")):
        return "azure_pipelines"
    if lower.startswith("procfile."):  # Procfile.dev, Procfile.prod
        return "procfile"
    if lower.startswith(("dockerfile.", "containerfile.")):
        return "dockerfile"
    if _COMPOSE.match(lower):
        return "compose"
    if kind is not None:
        return kind  # "containers": by content, once no name claimed it
    # (Asked only here: no suffix above is one of prose, a lock file or a binary.)
    return None if NEVER_COMMANDS.match(lower) else UNKNOWN


def shebang_dialect(data: bytes) -> str | None:
    """The shell dialect a `#!` line names (`/bin/sh`, `/usr/bin/env -S bash -e`), or None."""
    if not data.startswith(b"#!"):
        return None
    first = data[2:200].split(b"\n", 1)[0].decode("utf-8", "replace").split()
    words = [w for w in first if not w.startswith("-")]
    while words and words[0].rsplit("/", 1)[-1] in _SHEBANG_LOADERS:
        words = words[1:]
    if not words:
        return None
    return SHEBANG_DIALECTS.get(words[0].rsplit("/", 1)[-1].lower())


def shebang_carrier(data: bytes) -> str | None:
    """The carrier that reads a file named by its first line: `shell`, `powershell` or
    `execline` (None: not a script we read)."""
    dialect = shebang_dialect(data)
    if dialect is None:
        first = data[2:200].split(b"\n", 1)[0].decode("utf-8", "replace").split()
        words = [w.rsplit("/", 1)[-1] for w in first if not w.startswith("-")]
        while words and words[0] in _SHEBANG_LOADERS:
            words = words[1:]
        return _SHEBANG_CODE.get(re.sub(r"[\d.]+\Z", "", words[0])) if words else None
    return dialect if dialect in (POWERSHELL, EXECLINE) else "shell"


# A script named by its `#!` in a language whose code we read.
_SHEBANG_CODE = {"python": "python", "node": "code", "bun": "code", "deno": "code",
                 "tsx": "code", "ts-node": "code", "zx": "code"}  # fmt: skip


def snippets(kind: str, text: str, path: str) -> Iterator[Snippet]:
    """The commands of a file read by the carrier `kind`."""
    module = __import__(f"hooks._sources.{kind}", fromlist=["snippets"])  # (as cli.guards)
    found: Iterator[Snippet] = module.snippets(text, path)
    return found
