"""`atlas-first init`: find the layout of a consuming repository and write what it needs.

It looks for `schema.sql`, `atlas.hcl`, `drizzle.config.*` (its `out` and `schema` values) and
Drizzle migration folders (a `meta/_journal.json` beside numbered `.sql` files), writes
`.atlas-first.toml` saying what it found, writes the baseline, and prints the
`.pre-commit-config.yaml` snippet pinned to what is installed: the git URL and commit pip
recorded, or placeholders to fill in (`choose_pin`). Existing files are kept unless
`--force`; running it twice changes nothing.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from hooks.project.config import Config
    from hooks.project.layout import Layout
    from hooks.repo.repository import Repo

HOOK_IDS = (
    "forbid-generated-schema-edits",
    "forbid-new-migrations",
    "forbid-drizzle-kit-scripts",
    "forbid-drizzle-migrator",
    "lint-schema-source",
    "guard-atlas-config",
)


NONE_FOUND = {
    "sources": "no schema.sql here; name your schema source (the file Atlas applies)",
    "generated": "no pulled schema found; name the folder drizzle-kit pull writes",
    "migrations": "no Drizzle migration folder found; none to freeze",
}


def _toml_list(values: list[str]) -> str:
    import json

    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def render_config(layout: Layout, files: list[str] | None = None) -> tuple[str, list[str]]:
    """The config file init writes for `layout`, and the keys it leaves empty for the user to
    fill in (NONE FOUND); `files` (the repository's) tell whether a default that nothing
    pointed at is there all the same."""
    from hooks.project.config import SCHEMA

    def present(pattern: str) -> bool:
        return files is None or any(f == pattern or f.startswith(pattern) for f in files)

    empty: list[str] = []

    def chosen(key: str, found: list[str]) -> tuple[str, str]:
        if found:
            return _toml_list(found), "  # found in " + ", ".join(layout.found_in[key])
        default = SCHEMA[key][1]
        assert isinstance(default, tuple)
        if all(present(p) for p in default):
            return _toml_list(list(default)), "  # not named by any config: the default, present"
        empty.append(key)
        return "[]", f"  # NONE FOUND: {NONE_FOUND[key]}"

    source = layout.sources[0] if layout.sources else "your schema source"
    lines = ["# atlas-first-hooks configuration, written by `atlas-first init`.", "#"]
    if layout.evidence:
        lines.append("# What init found:")
        lines += [f"#   {line}" for line in layout.evidence]
    else:
        lines.append("# init found no schema.sql, atlas.hcl or drizzle config: these are defaults.")
    for problem in layout.problems:
        lines.append(
            f"# CHECK BY HAND: {problem}; say where it writes in 'generated' or 'migrations'."
        )
    generated, note_g = chosen("generated", layout.generated)
    sources, note_s = chosen("sources", layout.sources)
    migrations, note_m = chosen("migrations", layout.migrations)
    if layout.databases:
        empty.clear()  # each [[database]] names its own
        lines += ["", "# Several databases: each is a [[database]] table at the end of this file."]
    else:
        lines += [
            "",
            "# Files written by `drizzle-kit pull`: edit the schema source instead.",
            f"generated = {generated}{note_g}",
            "# The source of truth: changing it in the same commit sanctions a regeneration.",
            f"sources = {sources}{note_s}",
            "# Drizzle migrations are banned; the files there now are frozen in the baseline.",
            f"migrations = {migrations}{note_m}",
        ]
    lines += [
        'baseline = ".atlas-first-baseline.json"',
        "# The fix printed under every violation:",
        f'# hint = "edit {source}, then run the sync script"',
    ]
    lines += [
        "# drizzle-kit/api (pushSchema, generateMigration, ...) is banned like `drizzle-kit push`",
        "# (AF402). Tests that push the TypeScript schema into a throwaway database may be",
        "# exempted by path; the trade-off: that database then drifts from schema.sql (the",
        "# checks, triggers and functions the TypeScript schema does not carry go untested).",
        '# allow-drizzle-kit-api = ["**/*.test.ts"]',
    ]
    lines += _protected_envs(layout.atlas_envs)
    if layout.regenerate:
        lines += [
            "# What `atlas-first verify` runs in CI to regenerate the generated files:",
            f"regenerate = {_toml_list(layout.regenerate)}",
        ]
    else:
        lines.append('# regenerate = ["sh", "scripts/sync-schema.sh"]  # for `atlas-first verify`')
    for name, db in layout.databases:
        lines += [
            "",
            "# A database: its generated files change only with its own sources.",
            "[[database]]",
            f"name = {_toml_list([name])[1:-1]}",
            f"sources = {_toml_list(db.sources)}",
            f"generated = {_toml_list(db.generated)}",
            f"migrations = {_toml_list(db.migrations)}",
        ]
    lines += [
        "",
        "# A package.json script that pushes into a throwaway test database may be exempted from",
        "# AF301, one at a time, with the reason (in files with comments, write",
        "# `# atlas-first: allow AF301 <reason>` above the command instead):",
        "# [[allow-drizzle-kit-script]]",
        '# file = "apps/api/package.json"',
        '# script = "test:db"',
        '# reason = "pushes the TS schema into the throwaway CI test database"',
    ]
    return "\n".join(lines) + "\n", empty


def _protected_envs(envs: list[str]) -> list[str]:
    """guard-atlas-config protects `production` by default; name what atlas.hcl really has."""
    head = "# Atlas envs that reach real data keep their drop protection (guard-atlas-config)."
    if not envs or "production" in envs:
        return [head, '# protected-envs = ["production"]  # the default']
    likely = [e for e in envs if e.lower().startswith(("prod", "prd", "live"))]
    if likely:
        return [head, f'protected-envs = {_toml_list(likely)}  # atlas.hcl has no env "production"']
    return [
        head,
        f"# atlas.hcl envs: {', '.join(envs)}; none is called production: list the ones that do",
        '# protected-envs = ["production"]',
    ]


def spelling_notes(config: Config, files: list[str]) -> list[str]:
    """On a checkout that ignores case (core.ignorecase): each path pattern that names what
    git holds only in another case, said as what it means here and on a case-sensitive
    checkout (Linux CI, a container)."""
    from hooks.project.config import PATH_KEYS
    from hooks.repo.patterns import git_spelling

    notes = []
    for key in PATH_KEYS:
        patterns = [
            *config.patterns(key),
            *(p for db in config.databases for p in db.patterns(key)),
        ]
        for pattern in dict.fromkeys(patterns):
            spelled = git_spelling(pattern, files)
            if spelled is not None:
                notes.append(spelling_note(key, pattern, spelled))
    return notes


def spelling_note(key: str, pattern: str, spelled: str) -> str:
    """A pattern that names git's path only in another case, said for both kinds of disk."""
    return (
        f"'{key}' pattern '{pattern}' is spelled '{spelled}' in git: one path on this checkout,"
        " which ignores case (core.ignorecase=true), and guarded as one; a case-sensitive"
        " checkout (Linux CI) holds two, and the pattern misses git's there: spell them alike"
        " (git mv, or the config)"
    )


def regenerate_command(
    scripts: list[str], os_name: str, which: Callable[[str], str | None]
) -> list[str]:
    """The `regenerate` command init writes for the sync scripts found (`.sh` and/or
    `.ps1`), for the machine it runs on. Git for Windows puts no `sh` on PATH, so on Windows,
    or wherever no `sh` is found, the PowerShell script is run when there is one: by `pwsh`
    if installed, else by Windows PowerShell, which every Windows has; there with
    `-ExecutionPolicy Bypass`, as the default policy may refuse to run a script file."""
    shell = next((s for s in scripts if s.endswith(".sh")), None)
    powershell = next((s for s in scripts if s.endswith(".ps1")), None)
    if shell is not None and (powershell is None or (os_name != "nt" and which("sh"))):
        return ["sh", shell]
    if powershell is None:
        return []
    if os_name != "nt":
        return ["pwsh", "-NoProfile", "-File", powershell]
    program = "pwsh" if which("pwsh") else "powershell"
    return [program, "-NoProfile", "-ExecutionPolicy", "Bypass", "-File", powershell]


# What a snippet says where init cannot know where atlas-first-hooks is hosted; the example
# repository's .pre-commit-config.yaml holds the same two (tests/conftest.py fills them in).
REPO_PLACEHOLDER = "<your-git-url>"
REV_PLACEHOLDER = "<commit-sha>"
INSTALL_COMMAND = "pre-commit install --hook-type pre-commit --hook-type pre-push"
DIST_NAME = "atlas-first-hooks"


class Pin:
    """Where the snippet's `repo:` and `rev:` come from: the values, and the comment lines
    printed above them (what they are, or what to fill in)."""

    __slots__ = ("comments", "exact", "repo", "rev")

    def __init__(self, repo: str, rev: str, comments: list[str], *, exact: bool) -> None:
        self.repo = repo
        self.rev = rev
        self.comments = comments
        self.exact = exact  # True: works as printed (a git URL and the commit installed)


def _file_url_path(url: str) -> str | None:
    """The local path of a `file:` URL, None for any other URL."""
    from urllib.parse import unquote
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    if parts.netloc and parts.netloc != "localhost":  # file://server/share (Windows UNC)
        return url2pathname(f"//{parts.netloc}{parts.path}")
    return url2pathname(unquote(parts.path)) if os.name == "nt" else unquote(parts.path)


def _placeholder(why: str, repo: str | None = None) -> Pin:
    from hooks.report.links import REPOSITORY_URL

    repo = repo or REPOSITORY_URL
    comments = [why]
    if repo is None:
        comments.append(f"Fill in {REPO_PLACEHOLDER}: where your team hosts atlas-first-hooks")
    comments.append(
        f"Fill in {REV_PLACEHOLDER}: the commit to pin (`git rev-parse HEAD` in that repository)"
    )
    return Pin(repo or REPO_PLACEHOLDER, REV_PLACEHOLDER, comments, exact=False)


def choose_pin(direct_url: str | None) -> Pin:
    """The snippet's `repo:`/`rev:` for how this package was installed: `direct_url` is the
    text of the distribution's direct_url.json (PEP 610), None where there is none
    (installed from an index or a wheel file, or not installed: run from a checkout).

    Installed from git (`pip install "git+URL@REV"`): pip recorded the URL and the commit it
    built, which pre-commit can clone and check out as they are. From a local directory
    (editable or not): the directory, which pre-commit can clone on this machine only, and
    no commit (a work tree need not match any); anything else: placeholders to fill in."""
    import json

    if direct_url is None:
        return _placeholder("atlas-first-hooks was not installed from a git URL")
    try:
        data = json.loads(direct_url)
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("url"), str) or not data["url"]:
        return _placeholder("atlas-first-hooks's install record (direct_url.json) is unreadable")
    url: str = data["url"]
    vcs = data.get("vcs_info")
    subdirectory = data.get("subdirectory")
    if subdirectory:
        return _placeholder(
            f"atlas-first-hooks was installed from {url} (subdirectory {subdirectory}):"
            " pre-commit needs a repository with it at the root"
        )
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        commit = vcs.get("commit_id")
        if isinstance(commit, str) and commit and all(c in "0123456789abcdef" for c in commit):
            return Pin(url, commit, [f"atlas-first-hooks as installed: {url} at {commit}"],
                       exact=True)  # fmt: skip
        return _placeholder(f"atlas-first-hooks was installed from {url}; its commit is unknown",
                            url)  # fmt: skip
    if isinstance(data.get("dir_info"), dict):
        path = _file_url_path(url)
        if path is not None:
            how = "editable" if data["dir_info"].get("editable") else "local"
            return Pin(
                path,
                REV_PLACEHOLDER,
                [
                    f"atlas-first-hooks is an {how} install of the directory {path}:",
                    "only this machine can clone it; your team's git URL works for everyone",
                    f"Fill in {REV_PLACEHOLDER}: a commit there (`git -C {path} rev-parse HEAD`)",
                ],
                exact=False,
            )
    return _placeholder(f"atlas-first-hooks was installed from {url}, not from a git URL")


def installed_direct_url() -> str | None:
    """The installed distribution's direct_url.json, None where there is none."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import distribution

    try:
        return distribution(DIST_NAME).read_text("direct_url.json")
    except (PackageNotFoundError, OSError):
        return None


def pre_commit_snippet(pin: Pin | None = None) -> str:
    """The `.pre-commit-config.yaml` init prints, pinned to `pin` (default: as installed)."""
    import json

    pin = pin if pin is not None else choose_pin(installed_direct_url())
    hooks = "".join(f"      - id: {hook}\n" for hook in HOOK_IDS)
    comments = "".join(f"  # {line}\n" for line in pin.comments)

    def scalar(value: str) -> str:
        """`value` as YAML reads it back: plain where it can be, else quoted."""
        import yaml

        try:
            plain = yaml.safe_load(f"k: {value}") == {"k": value}
        except yaml.YAMLError:
            plain = False
        return value if plain else json.dumps(value)

    return (
        "repos:\n"
        f"{comments}"
        f"  - repo: {scalar(pin.repo)}\n"
        f"    rev: {scalar(pin.rev)}\n"
        f"    hooks:\n{hooks}"
    )


def run_init(repo: Repo, *, force: bool = False) -> int:
    from hooks.project.baseline import freeze
    from hooks.project.config import CONFIG_FILE
    from hooks.project.config_files import load_config
    from hooks.project.layout import detect_layout

    out = sys.stdout
    listing = repo.git(
        ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"]
    )
    files = sorted({os.fsdecode(p) for p in listing.split(b"\0") if p})

    from hooks.repo.files import read_text

    layout = detect_layout(
        files, lambda path: read_text(repo.root, path), ignorecase=repo.ignorecase
    )
    import shutil

    layout.regenerate = regenerate_command(layout.sync_scripts, os.name, shutil.which)
    for problem in layout.problems:
        sys.stderr.write(f"atlas-first init: warning: {problem}; check {CONFIG_FILE} by hand\n")
    config_path = repo.abspath(CONFIG_FILE)
    existing = load_config(repo.root)
    if existing.origin != "defaults" and not force:
        out.write(f"kept {existing.origin}: it exists (use --force to overwrite {CONFIG_FILE})\n")
    else:
        text, empty = render_config(layout, files)
        for key in empty:
            if key != "migrations":  # no migration folder is good news, not a gap
                sys.stderr.write(f"atlas-first init: {NONE_FOUND[key]} in {CONFIG_FILE}\n")
        with open(config_path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        out.write(f"wrote {CONFIG_FILE}:\n")
        out.write("".join(f"    {line}\n" for line in text.splitlines()))
    config = load_config(repo.root)
    config.ignorecase = repo.ignorecase
    if config.ignorecase:
        for line in spelling_notes(config, files):
            sys.stderr.write(f"atlas-first init: note: {line}\n")
    baseline_exists = os.path.exists(repo.abspath(config.baseline))
    frozen = [CONFIG_FILE, config.baseline]
    if baseline_exists and not force:
        out.write(
            f"kept {config.baseline}: it exists (update it with `atlas-first baseline --update`)\n"
        )
    elif not config.migrations:  # databases with no Drizzle migration folder: nothing to freeze
        out.write("no migration folder was found: no baseline is needed\n")
        frozen = [CONFIG_FILE]
    else:
        freeze(repo, config, update=True)
    pin = choose_pin(installed_direct_url())
    fill = "" if pin.exact else " (filling in what its comments say)"
    out.write(
        f"\nAdd this to .pre-commit-config.yaml{fill}, then run `{INSTALL_COMMAND}`:\n\n"
        + pre_commit_snippet(pin)
        + f"\nCommit {' and '.join(frozen)}.\n",
    )
    return 0
