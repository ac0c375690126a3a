"""Gitignore-style path patterns, relative to the repository root; the pathspec that names
one path exactly, and whether a path is a folder or below it.

Most configured patterns are plain anchored folders or files (`packages/database/migrations/`).
Those are answered with a string prefix test, so the common case never imports `pathspec`
(about 20 ms of start-up on every commit). Anything else goes to pathspec's GitIgnoreSpec.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from collections.abc import Sequence

    import pathspec

_WILDCARDS = frozenset("*?[]\\!")


def _same(path: str) -> str:
    return path


def path_key(ignorecase: bool) -> Callable[[str], str]:
    """What makes two paths equal: themselves, or (core.ignorecase: a checkout on Windows or
    macOS, where `SRC/Schema/` and `src/schema/` are one folder) their lower-case spelling."""
    return str.lower if ignorecase else _same


def top_literal(path: str, *, icase: bool = False) -> str:
    """A pathspec that names exactly `path`, relative to the top of the work tree (`icase`:
    in any case: `ls-files` knows it, `ls-tree` does not)."""
    return f":(top,literal,icase){path}" if icase else f":(top,literal){path}"


def at_or_under(path: str, folder: str, *, icase: bool = False) -> bool:
    """Whether `path` is `folder` or below it (`icase`: ignoring case, as core.ignorecase)."""
    if icase:
        path, folder = path.lower(), folder.lower()
    return path == folder or path.startswith(folder + "/")


def literal_prefix(pattern: str) -> tuple[str, bool] | None:
    """For an anchored, wildcard-free pattern: (path, folder_only); else None.

    Gitignore rules: a pattern with a slash at its start or middle is anchored to the root;
    `dir/` matches the folder (hence everything below it) but not a file of that name;
    `dir/file` matches that path and, if it is a folder, everything below it.
    """
    if (
        not pattern
        or pattern != pattern.strip()
        or pattern.startswith("#")
        or _WILDCARDS.intersection(pattern)
    ):
        return None
    folder_only = pattern.endswith("/")
    core = pattern[:-1] if folder_only else pattern
    core = core[1:] if core.startswith("/") else core
    if "/" not in pattern.rstrip("/"):
        return None  # unanchored: `schema.sql` matches at any depth
    parts = core.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None  # unusual spellings: let pathspec apply the exact rules
    return core, folder_only


def star_suffix(pattern: str) -> tuple[str, str] | None:
    """For an anchored `folder/*SUFFIX` pattern (e.g. `drizzle/*.sql`, as inferred for a
    Drizzle `out` folder): (folder, SUFFIX); else None."""
    folder, sep, last = pattern.rpartition("/")
    if not sep or not last.startswith("*"):
        return None
    suffix = last[1:]
    core = folder[1:] if folder.startswith("/") else folder
    if (
        _WILDCARDS.intersection(suffix + folder)
        or pattern != pattern.strip()
        or any(part in ("", ".", "..") for part in core.split("/"))
        or pattern.startswith("#")
    ):
        return None
    return core, suffix


class PathMatcher:
    """Compiled once; `match(path)` takes a root-relative POSIX path. `ignorecase`: compared
    as the repository's file system compares them (core.ignorecase)."""

    def __init__(self, patterns: Sequence[str], *, ignorecase: bool = False) -> None:
        self.patterns = tuple(patterns)
        self.ignorecase = ignorecase
        self._key = path_key(ignorecase)
        compiled = tuple(self._key(p) for p in self.patterns)
        prefixes = [literal_prefix(p) for p in compiled]
        self._prefixes: tuple[tuple[str, bool], ...] | None = None
        self._stars: tuple[tuple[str, str], ...] = ()
        self._spec: pathspec.GitIgnoreSpec | None = None
        stars = [
            star_suffix(p) if prefix is None else None
            for p, prefix in zip(compiled, prefixes, strict=False)
        ]
        if all(p is not None or s is not None for p, s in zip(prefixes, stars, strict=False)):
            self._prefixes = tuple(p for p in prefixes if p is not None)
            self._stars = tuple(s for s in stars if s is not None)
        else:
            import pathspec

            try:
                self._spec = pathspec.GitIgnoreSpec.from_lines(compiled)
            except (ValueError, TypeError) as exc:  # pathspec's pattern errors are ValueErrors
                raise ValueError(f"invalid gitignore-style pattern: {exc}") from None

    def __bool__(self) -> bool:
        return bool(self.patterns)

    @property
    def literal_paths(self) -> tuple[str, ...] | None:
        """The paths, as configured, when every pattern is a plain path (git can then list
        just those; with `ignorecase`, by an icase pathspec)."""
        if self._prefixes is None or self._stars:
            return None
        found = (literal_prefix(p) for p in self.patterns)
        return tuple(prefix for prefix, _ in (f for f in found if f is not None))

    def match(self, path: str) -> bool:
        path = self._key(path)
        if self._prefixes is not None:
            for prefix, folder_only in self._prefixes:
                if path.startswith(prefix) and (
                    path[len(prefix) : len(prefix) + 1] == "/"
                    or (not folder_only and len(path) == len(prefix))
                ):
                    return True
            for folder, suffix in self._stars:
                # `*` never crosses a slash; a folder named like the file matches with its content.
                if (
                    path.startswith(folder)
                    and path[len(folder) : len(folder) + 1] == "/"
                    and path[len(folder) + 1 :].split("/", 1)[0].endswith(suffix)
                ):
                    return True
            return False
        assert self._spec is not None
        return self._spec.match_file(path)

    def filter(self, paths: Iterable[str]) -> list[str]:
        return [p for p in paths if self.match(p)]


def plain_path(pattern: str) -> tuple[str, bool] | None:
    """(path, anchored) of a plain pattern: the path it names (`db/migrations/`, `/db/x.sql`),
    the folder of an anchored `folder/*SUFFIX` one, or the name an unanchored plain one
    (`migrations/`, `schema.sql`) matches at any depth; None for any other pattern."""
    literal = literal_prefix(pattern)
    if literal is not None:
        return literal[0], True
    star = star_suffix(pattern)
    if star is not None:
        return star[0], True
    name = pattern[:-1] if pattern.endswith("/") else pattern
    if not name or "/" in name or _WILDCARDS.intersection(name) or name != name.strip():
        return None
    return None if name.startswith("#") or name in (".", "..") else (name, False)


def git_spelling(pattern: str, files: Iterable[str]) -> str | None:
    """Git's spelling of the path a plain pattern names, when it names none of `files` as it
    is spelled but names some when case is ignored (`migrations/` where git holds
    `Migrations/0000_init.sql`: one folder on a checkout that ignores case, two elsewhere);
    else None."""
    plain = plain_path(pattern)
    if plain is None:
        return None
    path, anchored = plain
    want = path.lower()
    depth = path.count("/") + 1
    spelled = None
    for file in files:
        if anchored:
            names = ["/".join(file.split("/")[:depth])]
        else:
            names = file.split("/")
        for name in names:
            if name == path:
                return None
            if spelled is None and name.lower() == want:
                spelled = name
    return spelled


def join_inside(base: str, rel: str) -> str | None:
    """`rel` (as written in a file in the folder `base`) as a repository path; None if it leaves
    the repository or is absolute."""
    import posixpath
    import re

    rel = rel.replace("\\", "/")
    if rel.startswith("/") or re.match(r"[A-Za-z]:/", rel):
        return None
    joined = posixpath.normpath(posixpath.join(base, rel))
    if joined == ".." or joined.startswith("../"):
        return None
    if joined == ".":
        return ""
    return joined + "/" if rel.endswith("/") else joined
