"""Settings of the repository's git config that change how paths compare, read from its
files with no process where they can tell: a hook pays for no `git config`."""

from __future__ import annotations

import os
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def git_dirs(root: str) -> tuple[str, str]:
    """(git directory, common directory) of the work tree at `root`, as git finds them:
    GIT_DIR / GIT_COMMON_DIR, else its `.git` (a folder, or a linked worktree's or a
    submodule's `gitdir: <path>` file) and that directory's `commondir`. OSError or
    ValueError where they cannot be read."""
    gitdir = os.environ.get("GIT_DIR")
    if gitdir:
        gitdir = os.path.abspath(gitdir)
    else:
        dotgit = os.path.join(root, ".git")
        if os.path.isdir(dotgit):
            gitdir = dotgit
        else:
            with open(dotgit, encoding="utf-8") as fh:
                pointer = fh.read().strip()
            if not pointer.startswith("gitdir: "):
                raise ValueError(f"{dotgit} holds no gitdir")
            gitdir = os.path.join(root, pointer[len("gitdir: ") :])
    common = os.environ.get("GIT_COMMON_DIR")
    if common:
        return gitdir, os.path.abspath(common)
    try:
        with open(os.path.join(gitdir, "commondir"), encoding="utf-8") as fh:
            return gitdir, os.path.join(gitdir, fh.read().strip())
    except FileNotFoundError:
        return gitdir, gitdir


class UnsureSetting(Exception):
    """A config file whose setting cannot be read without git: an include, an odd value."""


_TRUE_WORDS = ("true", "yes", "on")
_FALSE_WORDS = ("false", "no", "off")


def config_bool(text: str, section: str, key: str) -> bool | None:
    """A boolean as one git config file's text sets `section.key` (the last setting wins;
    names in any case); None: not set. UnsureSetting where git alone can tell: the file
    includes another, or the value is quoted, continued or no boolean."""
    inside = False
    found: bool | None = None
    for raw in text.splitlines():
        line = raw.strip()
        while line.startswith("["):
            end = line.find("]")
            if end < 0:
                raise UnsureSetting(raw)
            header = line[1:end].strip().lower()
            if header.split(None, 1)[:1] in (["include"], ["includeif"]):
                raise UnsureSetting(raw)  # (an included file may set it)
            inside = header == section
            line = line[end + 1 :].strip()
        if not inside or not line or line[0] in "#;":
            continue
        name, equals, value = line.partition("=")
        if name.strip().lower() != key:
            continue
        value = re.split("[#;]", value, maxsplit=1)[0].strip().lower()
        if '"' in value or value.endswith("\\"):
            raise UnsureSetting(raw)
        if not equals:
            found = True  # `key` alone is true
        elif value in _TRUE_WORDS or value in _FALSE_WORDS or not value:
            found = value in _TRUE_WORDS  # `key =` is false
        elif value.lstrip("-").isdigit():
            found = int(value) != 0
        else:
            raise UnsureSetting(raw)
    return found


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except FileNotFoundError:
        return ""


def _outer_config_files() -> list[str]:
    """The global and system config files git reads before the repository's (the system one
    where it is known: /etc/gitconfig, or GIT_CONFIG_SYSTEM)."""
    env = os.environ
    if env.get("GIT_CONFIG_GLOBAL") is not None:
        files = [env["GIT_CONFIG_GLOBAL"]]
    else:
        home = os.path.expanduser("~")
        xdg = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
        files = [os.path.join(xdg, "git", "config"), os.path.join(home, ".gitconfig")]
    nosystem = env.get("GIT_CONFIG_NOSYSTEM", "").lower() in ("1", "true", "yes", "on")
    if not nosystem:
        files.append(env.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig")
    return [f for f in files if f and f != os.devnull]


def _command_line_sets(name: str) -> bool:
    """Whether `git -c` or GIT_CONFIG_COUNT (what git hands its hooks) may set `name`."""
    env = os.environ
    if name in env.get("GIT_CONFIG_PARAMETERS", "").lower():
        return True
    count = env.get("GIT_CONFIG_COUNT", "")
    return count.isdigit() and any(
        env.get(f"GIT_CONFIG_KEY_{n}", "").lower() == name for n in range(int(count))
    )


def read_ignorecase(root: str, ask: Callable[[], bool]) -> bool:
    """core.ignorecase of the repository at `root`: true where git found at `git init` or
    `git clone` that the file system ignores case (Windows, macOS), and wrote so in the
    repository's config. Read from the config files, with no process; git is asked only
    where they cannot tell: a `-c` setting, a worktree's own config, an include in the
    repository's config, an unreadable git directory, a global or system file naming it
    (`ask`: git's answer)."""
    if _command_line_sets("core.ignorecase"):
        return ask()
    try:
        gitdir, common = git_dirs(root)
        if "ignorecase" in _read_text(os.path.join(gitdir, "config.worktree")).lower():
            return ask()
        text = _read_text(os.path.join(common, "config"))
        lowered = text.lower()
        local = None
        if "ignorecase" in lowered or "include" in lowered:  # (else nothing to parse)
            local = config_bool(text, "core", "ignorecase")
        if local is not None:
            return local
        if any("ignorecase" in _read_text(f).lower() for f in _outer_config_files()):
            return ask()
    except (OSError, ValueError, UnsureSetting):
        return ask()
    return False
