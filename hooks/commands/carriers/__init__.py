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

import re

from hooks.commands.dialects import POWERSHELL
from hooks.commands.dialects import SH
from hooks.commands.dialects import quote
from hooks.report.run import per_run
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


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
            from hooks.report.positions import line_starts

            self._starts = line_starts(self.text)
        import bisect

        index = bisect.bisect_right(self._starts, offset) - 1
        line, col = self.lines[min(index, len(self.lines) - 1)]
        return line, col + offset - self._starts[index]


def exec_form(args: list[str]) -> str:
    """An exec-form command (a JSON/YAML/TOML list: the first item is the program, no shell)
    as shell text with the same words: `["sh", "-c", "a && b"]` stays a nested shell, and a
    one-item list names a program literally called that, so it runs nothing else."""
    # `${…}`: a word the code computes (hooks.commands.js.HOLE), an expansion, not text
    return " ".join(arg if arg == "${…}" else quote(arg) for arg in args)


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
_PROSE_NAMES = (
    "readme", "changelog", "changes", "history", "license", "licence", "copying", "notice",
    "authors", "contributors", "contributing", "code_of_conduct", "security", "codeowners",
)  # fmt: skip
_NEVER_SUFFIXES = frozenset(
    [
        "md",
        "mdx",
        "mdc",
        "markdown",
        "rst",
        "txt",
        "adoc",
        "asciidoc",
        "org",
        "tex",
        "htm",
        "html",
        "xml",
        "svg",
        "po",
        "pot",
        "csv",
        "tsv",
        "log",
        "snap",
        "patch",
        "diff",
        "map",
        "lock",
        "lockb",
        "sql",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "avif",
        "ico",
        "bmp",
        "pdf",
        "zip",
        "gz",
        "tgz",
        "bz2",
        "xz",
        "7z",
        "tar",
        "jar",
        "wasm",
        "woff",
        "woff2",
        "ttf",
        "otf",
        "eot",
        "mp3",
        "mp4",
        "mov",
        "webm",
        "wav",
        "ogg",
        "exe",
        "dll",
        "so",
        "dylib",
        "class",
        "pyc",
        "css",
        "scss",
        "sass",
        "less",
        "vue",
        "svelte",
        "astro",
        "tsbuildinfo",
        "ejs",
        "njk",
        "hbs",
        "handlebars",
        "mustache",
        "liquid",
        "j2",
        "jinja",
        "jinja2",
        "windsurfrules",
        "cursorrules",
        "clinerules",
    ]
)


def never_commands(lower: str) -> bool:
    """Whether a file's name (lower case) is never a command's home: prose (README.*,
    CHANGELOG.*…, whatever its suffix), a lock file, a binary or another tool's artefact. Set
    look-ups, no pattern: `carrier_for` asks it of every file of `--all-files`."""
    dot = lower.find(".")
    if (lower[:dot] if dot >= 0 else lower) in _PROSE_SET:
        return True
    return dot >= 0 and lower.rpartition(".")[2] in _NEVER_SUFFIXES


_PROSE_SET = frozenset(_PROSE_NAMES)
UNKNOWN = "unknown"  # carrier_for's answer for a file no reader knows (read line by line)
_COMPOSE = r"(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml\Z"
EXECLINE = "execline"  # shebang_dialect's answer for an execline script (its own carrier)
# A file with no extension is read as a script when its shebang names one of these.
SHEBANG_DIALECTS = {
    "sh": SH, "bash": SH, "dash": SH, "zsh": SH, "ksh": SH, "ash": SH, "mksh": SH,
    "pwsh": POWERSHELL, "powershell": POWERSHELL, "execlineb": EXECLINE,
}  # fmt: skip
_SHEBANG_LOADERS = frozenset({"env", "with-contenv"})  # run the interpreter named after them
SHEBANG = "shebang"  # carrier_for's answer for a file to be judged by its first line


# The endings of the files `carrier_for` calls code (a tree-wide search for code reads no other).
CODE_SUFFIXES = tuple(suffix for suffix, kind in BY_SUFFIX.items() if kind == "code")


def carrier_for(path: str) -> str | None:
    """The carrier module that reads a repository path, SHEBANG, UNKNOWN (no reader knows it:
    searched line by line), or None (prose, a lock file, a binary). Called for every
    file of `--all-files`: dictionary look-ups first, the folder table only for paths that
    contain one of its folders."""
    folder, _, name = path.rpartition("/")
    lower = name.lower()
    if lower in BY_NAME:
        return BY_NAME[lower]
    if lower.startswith(_PROSE_NAMES) and never_commands(lower):
        return None  # README.*, CHANGELOG.*…: prose whatever its suffix
    # Every BY_FOLDER folder is a dot-folder but one: a cheap gate before the table.
    if folder and (folder[0] == "." or "/." in folder or "mise-tasks" in folder):
        where = folder + "/"
        for prefix, endings, folder_kind in BY_FOLDER:
            if (where.startswith(prefix) or f"/{prefix}" in where) and lower.endswith(endings):
                if folder_kind == "hook_script" and ("/_/" in f"/{where}" or never_commands(lower)):
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
    if re.compile(_COMPOSE).match(lower):
        return "compose"
    if kind is not None:
        return kind  # "containers": by content, once no name claimed it
    # (Asked only here: no suffix above is one of prose, a lock file or a binary.)
    return None if never_commands(lower) else UNKNOWN


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


# Each file's reading, once per run: the guard that reads its commands, the caller index and
# the run-site search all ask for it (issue 42: homarr's translation files were parsed twice).
# A reading that failed fails again without a second parse.
_READ: dict[tuple[str, str, str], tuple[Snippet, ...] | Exception] = per_run({})


def snippets(kind: str, text: str, path: str) -> Iterator[Snippet]:
    """The commands of a file read by the carrier `kind` (read at most once per run)."""
    key = (kind, path, text)
    found = _READ.get(key)
    if found is None:
        try:
            found = _READ[key] = tuple(parse(kind, text, path))
        except (ToolError, RecursionError) as exc:
            _READ[key] = exc
            raise
    if isinstance(found, Exception):
        raise found
    return iter(found)


def parse(kind: str, text: str, path: str) -> Iterator[Snippet]:
    """One reading of a file by its carrier (`snippets` asks, once per run)."""
    module = __import__(f"hooks.commands.carriers.{kind}", fromlist=["snippets"])  # (as cli.guards)
    found: Iterator[Snippet] = module.snippets(text, path)
    return found
