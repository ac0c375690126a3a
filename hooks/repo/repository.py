"""The repository: a git work tree, how paths given by a runner map into it, and what it
holds (index entries, tree entries, blobs), each read with as few git processes as a hook
can do with; the listings of the index made in a run are remembered for it."""

from __future__ import annotations

import os
import posixpath

from hooks.repo.git import find_root
from hooks.repo.git import git_ignorecase
from hooks.repo.git import git_soon
from hooks.repo.git import run_git
from hooks.repo.gitconfig import git_dirs
from hooks.repo.patterns import at_or_under
from hooks.repo.patterns import path_key
from hooks.repo.patterns import top_literal
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from collections.abc import Sequence
    from types import ModuleType


def _is_object_id(text: str) -> bool:
    """A full SHA-1 or SHA-256 object id (lower-case hex), without a pattern to compile."""
    return len(text) in (40, 64) and not text.strip("0123456789abcdef")


def relative_to(path: str, root: str, paths: ModuleType = os.path) -> str:
    """`path` relative to `root`; a path on another drive (Windows) is a ToolError of one
    line, not relpath's ValueError. (`paths`: ntpath or posixpath, for the tests.)"""
    try:
        relative: str = paths.relpath(path, root)
    except ValueError:
        raise ToolError(
            f"{path}: is on another drive than the repository at {root}; run from inside"
            " the repository and name files in it"
        ) from None
    return relative


class Repo:
    """A git work tree: where it is, and how paths given by a runner map into it."""

    def __init__(self, root: str, cwd: str) -> None:
        self.root = root
        self.cwd = cwd
        prefix = relative_to(cwd, root)
        self.prefix = "" if prefix == "." else prefix.replace(os.sep, "/")
        self._ignorecase: bool | None = None
        # Every listing of the index this run (`ls-files -v` tags them): the entries it
        # showed (the index does not change under a hook: one dict holds them all), the
        # paths it covered (as spelled, or in any case), and the entries git keeps apart
        # from the work tree.
        self._listed: dict[str, tuple[str, str]] = {}
        self._listed_under: set[str] = set()
        self._listed_any_case: list[str] = []
        self._listed_all = False
        self._all_entries: dict[str, tuple[str, str]] | None = None  # the whole index, listed
        self.kept_apart: dict[str, tuple[str, str]] = {}
        self._may_keep_apart: bool | None = None

    @classmethod
    def discover(cls) -> Repo:
        try:
            cwd = os.getcwd()
        except OSError as exc:
            raise ToolError(f"the current directory is not readable: {exc}") from None
        return cls(find_root(cwd), cwd)

    @property
    def ignorecase(self) -> bool:
        """core.ignorecase: whether paths that differ only in case are one path here (a
        checkout on Windows or macOS). Read once, when first asked (`read_ignorecase`)."""
        if self._ignorecase is None:
            from hooks.repo.gitconfig import read_ignorecase

            self._ignorecase = read_ignorecase(self.root, git_ignorecase)
        return self._ignorecase

    def git(self, args: Sequence[str]) -> bytes:
        # Started from the caller's directory: a relative GIT_INDEX_FILE (git commit -a in
        # some git versions) is relative to where git started the hook.
        return run_git(args)

    def git_soon(
        self,
        args: Sequence[str],
        *,
        ok_codes: tuple[int, ...] = (0,),
    ) -> Callable[[], bytes]:
        """Start git now and return what waits for its output: git works while Python does
        (a large output waits in the pipe until collected)."""
        return git_soon(args, ok_codes=ok_codes)

    def to_repo_path(self, arg: str) -> str:
        """Map a file name as a runner passed it to a root-relative POSIX path."""
        path = arg
        if (  # the common case, as git lists paths: already what normpath would return
            not self.prefix
            and path
            and path[0] not in "/.\\"
            and "\\" not in path
            and "/." not in path
            and "//" not in path
            and path[-1] != "/"
            and path[1:2] != ":"
        ):
            return path
        if "\\" in path and not os.path.lexists(path):
            path = path.replace("\\", "/")  # a Windows spelling handed to us on any OS
        drive = len(path) > 2 and path[1] == ":" and path[0].isalpha() and path[2] == "/"
        if drive and os.name != "nt":
            raise ToolError(f"{arg}: a Windows drive path is outside the repository at {self.root}")
        if os.path.isabs(path):
            rel = relative_to(path, self.root).replace(os.sep, "/")
        else:
            rel = posixpath.join(self.prefix, path.replace(os.sep, "/"))
        rel = posixpath.normpath(rel)
        if rel == ".." or rel.startswith("../") or posixpath.isabs(rel):
            raise ToolError(f"{arg}: this path is outside the repository at {self.root}")
        return rel

    def abspath(self, repo_path: str) -> str:
        return os.path.join(self.root, *repo_path.split("/"))

    def index_blobs(
        self, paths: Iterable[str] | None = None, *, icase: bool = False
    ) -> dict[str, str]:
        """Blob ids of index entries (stage 0 or the first conflict stage), by path (`icase`:
        at or under `paths` in any case, for paths a configuration spells)."""
        entries = self.index_entries(paths, icase=icase)
        return {path: blob for path, (_, blob) in entries.items()}

    def index_entries_matching(self, pathspecs: Sequence[str]) -> dict[str, tuple[str, str]]:
        """(mode, blob id) of the index entries these git pathspecs match (as given)."""
        if not pathspecs:
            return {}
        return self._list_index(pathspecs)

    def index_entries_under(
        self, paths: Sequence[str], also: Sequence[str] = (), *, icase: bool = False
    ) -> dict[str, tuple[str, str]]:
        """(mode, blob id) of the index entries at or under these literal paths (`icase`: in
        any case), and of what the git pathspecs `also` match: one `ls-files`. Remembered
        for the run (the index does not change under a hook): `known_index_entries` answers
        for paths at or under them with no other git process."""
        wanted = [p for p in dict.fromkeys(paths) if p]
        specs = [top_literal(p, icase=icase) for p in wanted]
        entries = self.index_entries_matching([*specs, *also])
        self._cover(wanted, icase=icase)
        return entries

    def known_index_entries(self, paths: Iterable[str]) -> dict[str, tuple[str, str]] | None:
        """The index entries of these paths (a path not in the index: absent) if a listing of
        this run covered every one of them; None if one is not covered."""
        wanted = list(paths)
        if not all(self.listed(p) for p in wanted):
            return None
        return {p: self._listed[p] for p in wanted if p in self._listed}

    def known_index_under(
        self, folders: Iterable[str], *, icase: bool = False
    ) -> dict[str, tuple[str, str]] | None:
        """Every index entry at or under these paths (`icase`: in any case), if a listing of
        this run covered each of them as asked; else None."""
        wanted = list(folders)
        if not wanted or not all(self.listed(f, icase=icase) for f in wanted):
            return None
        return {
            p: entry
            for p, entry in self._listed.items()
            if any(at_or_under(p, f, icase=icase) for f in wanted)
        }

    def _git_dirs(self) -> tuple[str, str] | None:
        """(git dir, common git dir) of this work tree, read from its `.git` (no process);
        None where git is redirected (GIT_DIR and friends) or `.git` reads oddly."""
        if any(name in os.environ for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")):
            return None
        try:
            gitdir, common = git_dirs(self.root)
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        return gitdir, common

    def head_commit(self) -> str | None:
        """HEAD's commit id, read from the git directory's own files (no process); None
        wherever that cannot be read for certain: GIT_DIR and friends set, the reftable
        format, a detached or unborn HEAD written oddly, a symbolic ref in between."""
        dirs = self._git_dirs()
        if dirs is None:
            return None
        gitdir, common = dirs
        try:
            if os.path.exists(os.path.join(common, "reftable")):
                return None
            with open(os.path.join(gitdir, "HEAD"), encoding="utf-8") as fh:
                head = fh.read().strip()
            if _is_object_id(head):
                return head
            if not head.startswith("ref: refs/heads/"):
                return None
            ref = head[len("ref: ") :]
            try:
                with open(os.path.join(common, *ref.split("/")), encoding="utf-8") as fh:
                    loose = fh.read().strip()
                return loose if _is_object_id(loose) else None
            except FileNotFoundError:
                pass
            with open(os.path.join(common, "packed-refs"), "rb") as fh:
                packed = fh.read()
        except (OSError, ValueError):  # (UnicodeDecodeError is a ValueError)
            return None
        packed = b"\n" + packed.replace(b"\r\n", b"\n") + b"\n"
        at = packed.find(b" " + ref.encode("utf-8", "surrogateescape") + b"\n")
        if at < 0:
            return None  # an unborn branch
        found = packed[packed.rfind(b"\n", 0, at) + 1 : at].decode("ascii", "replace")
        return found if _is_object_id(found) else None

    def index_entries(
        self, paths: Iterable[str] | None = None, *, icase: bool = False
    ) -> dict[str, tuple[str, str]]:
        """(mode, blob id) of index entries by path (files or folders; past _MAX_PATHSPECS,
        files only; `icase`: in any case), or all; mode 120000 is a symbolic link."""
        wanted = None if paths is None else list(paths)
        if wanted is not None and len(wanted) <= _MAX_PATHSPECS:
            entries = self._list_index([top_literal(p, icase=icase) for p in wanted])
            self._cover(wanted, icase=icase)
            return entries
        if self._all_entries is None:  # (listed once a run: the index does not change in it)
            self._all_entries = self._list_index([":/"])  # wherever git runs
            self._listed_all = True
        entries = self._all_entries
        if wanted is None:
            return dict(entries)
        key = path_key(icase)
        keep = {key(p) for p in wanted}
        return {p: e for p, e in entries.items() if key(p) in keep}

    def _list_index(self, pathspecs: Sequence[str]) -> dict[str, tuple[str, str]]:
        """One `ls-files -s -v` listing of these pathspecs, remembered for the run with its
        tags."""
        from hooks.repo.listings import INDEX_LISTING
        from hooks.repo.listings import parse_index_listing

        listing = self.git([*INDEX_LISTING, "--", *pathspecs])
        entries, apart = parse_index_listing(listing, root=self.root)
        self._listed.update(entries)
        self.kept_apart.update(apart)
        return entries

    def _cover(self, paths: list[str], *, icase: bool) -> None:
        """Remember that a listing of this run covered these paths (`icase`: in any case)."""
        if icase:
            self._listed_any_case += paths
        else:
            self._listed_under.update(paths)

    def listed_entry(self, path: str) -> tuple[str, str] | None:
        """`path`'s index entry as a listing of this run showed it (None: not listed)."""
        return self._listed.get(path)

    def listed(self, path: str, *, icase: bool = False) -> bool:
        """Whether a listing of this run holds every entry at or under `path` (then
        `listed_entry` is the truth; `icase`: in any case: a listing made ignoring case, or
        one of everything)."""
        if self._listed_all:
            return True
        if not icase:
            at = len(path)
            while at > 0:  # the path, then each folder above it
                if path[:at] in self._listed_under:
                    return True
                at = path.rfind("/", 0, at)
        return any(at_or_under(path, c, icase=True) for c in self._listed_any_case)

    def may_keep_apart(self) -> bool:
        """Whether the index may hold skip-worktree entries (a sparse checkout, `git
        update-index --skip-worktree`), told with no process by the index file's version:
        git writes version 2 while no entry needs the extended flags, 3 once one does. A
        version 4 index (feature.manyFiles), a split index, or an index not found: maybe.
        (Assume-unchanged needs no extended flag: it is known from the listings' tags.)"""
        if self._may_keep_apart is None:
            self._may_keep_apart = _may_keep_apart(self._index_file())
        return self._may_keep_apart

    def _index_file(self) -> str | None:
        """The index git reads here: GIT_INDEX_FILE (git commit always sets it for its
        hooks; relative to where git starts, the caller's directory), else the git dir's."""
        named = os.environ.get("GIT_INDEX_FILE")
        if named:
            return os.path.abspath(named)
        if "GIT_DIR" in os.environ:
            return os.path.abspath(os.path.join(os.environ["GIT_DIR"], "index"))
        found = self._git_dirs()
        return None if found is None else os.path.join(found[0], "index")

    def grep_soon(self, *eres: str, within: tuple[str, ...] = ()) -> Callable[[], set[str]]:
        """Start one `git grep` for the tracked files whose work-tree content matches every
        one of these POSIX EREs (each anywhere in the file); call the result for the set.
        `within`: only the files whose names end so, in any case (`.ts`): git reads no other."""
        literals = _literal_alternatives(eres[0]) if len(eres) == 1 else None
        if literals is not None:  # fixed strings: git's multi-string search, not the regex engine
            patterns = [arg for literal in literals for arg in ("-e", literal)]
            args = ["-C", self.root, "grep", "-l", "-z", "-a", "-F", *patterns]
        else:
            patterns = [arg for ere in eres for arg in ("-e", ere)]
            args = ["-C", self.root, "grep", "-l", "-z", "-a", "-E", "--all-match", *patterns]
        if within:
            args += ["--", *(f":(icase)*{ending}" for ending in within)]
        output = self.git_soon(args, ok_codes=(0, 1))  # 1: no file matches
        found: list[set[str]] = []

        def result() -> set[str]:  # collected once, however often it is asked
            if not found:
                found.append({os.fsdecode(p) for p in output().split(b"\0") if p})
            return found[0]

        return result

    def untracked(self, paths: Iterable[str] | None = None, *, icase: bool = False) -> list[str]:
        """Files git does not track and does not ignore (at or under `paths`, in any case
        with `icase`)."""
        args = ["ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--"]
        args += [top_literal(p, icase=icase) for p in paths] if paths is not None else [":/"]
        return [os.fsdecode(p) for p in self.git(args).split(b"\0") if p]

    def hash_files(self, paths: list[str]) -> dict[str, str]:
        """The blob ids `git add` would give these work-tree files (its filters applied)."""
        if not paths:
            return {}
        listed = "".join(f"{p}\n" for p in paths).encode("utf-8", "surrogateescape")
        out = run_git(["hash-object", "--stdin-paths"], cwd=self.root, input_data=listed)
        return dict(zip(paths, out.decode("ascii").split(), strict=True))

    def unborn(self) -> bool:
        """No commit yet: the next one is the repository's first."""
        return not self.git_soon(["rev-parse", "-q", "--verify", "HEAD"], ok_codes=(0, 1))()

    def tree_blobs(self, ref: str, paths: Iterable[str] | None = None) -> dict[str, str]:
        return {path: blob for path, (_, blob) in self.tree_entries(ref, paths).items()}

    def tree_entries(
        self,
        ref: str,
        paths: Iterable[str] | None = None,
        *,
        icase: bool = False,
    ) -> dict[str, tuple[str, str]]:
        """(mode, object id) of the files in `ref`'s tree, by path."""
        args = ["ls-tree", "-r", "-z", "--full-tree", ref]
        return _tree_listing(self, args, paths, icase=icase)

    def unstaged_paths(self, paths: Sequence[str]) -> set[str]:
        """Which of these files have edits that are not staged. Naming them keeps git from
        examining every file of a large work tree."""
        args = ["diff", "--name-only", "-z", "--no-ext-diff", "--no-renames"]
        if len(paths) <= _MAX_PATHSPECS:
            args += ["--", *(top_literal(p) for p in paths)]
        out = self.git(args)
        return {os.fsdecode(p) for p in out.split(b"\0") if p}

    def read_blobs(self, blobs: dict[str, str], *, remember: bool = False) -> dict[str, bytes]:
        """The contents of blob ids, by the path they were asked for: one `git cat-file`.
        `remember`: blobs of REMEMBERED_FROM bytes or more are also kept in the private memo
        folder by id, and read from there when asked again (the schema source's old side on
        every commit that edits it is the new side of the commit before: `remember_blobs`)."""
        if not blobs:
            return {}
        found: dict[str, bytes] = {}
        if remember:
            from hooks.repo.memo import memo_load

            for path, oid in blobs.items():
                stored = memo_load(b"blob", oid.encode("ascii", "replace"))
                if isinstance(stored, bytes):
                    found[path] = stored
            blobs = {p: oid for p, oid in blobs.items() if p not in found}
            if not blobs:
                return found
        contents = self._cat_file(blobs)
        if remember:
            from hooks.repo.blobs import remember_blobs

            remember_blobs({blobs[p]: data for p, data in contents.items()})
        return {**found, **contents}

    def _cat_file(self, blobs: dict[str, str]) -> dict[str, bytes]:
        listing = "".join(f"{oid}\n" for oid in blobs.values()).encode()
        out = run_git(["cat-file", "--batch"], input_data=listing)
        contents: dict[str, bytes] = {}
        position = 0
        by_oid: dict[str, bytes] = {}
        while position < len(out):
            header_end = out.index(b"\n", position)
            fields = out[position:header_end].decode().split()
            position = header_end + 1
            if len(fields) != 3:
                continue  # "<oid> missing": the caller falls back to the work tree
            oid, _kind, size = fields
            by_oid[oid] = out[position : position + int(size)]
            position += int(size) + 1
        for path, oid in blobs.items():
            if oid in by_oid:
                contents[path] = by_oid[oid]
        return contents


# Past this many paths, list everything and filter here: git matches every entry against every
# pathspec (quadratic), and Windows caps a command line at 32,767 characters.
_MAX_PATHSPECS = 100


def _tree_listing(
    repo: Repo,
    args: list[str],
    paths: Iterable[str] | None,
    *,
    icase: bool = False,
) -> dict[str, tuple[str, str]]:
    """`ls-tree` entries for `paths` (files or folders; past _MAX_PATHSPECS, files only), or
    all (`--full-tree` lists the whole tree wherever the command runs). `icase`: `paths` in
    any case (core.ignorecase); `ls-tree` takes no such pathspec, so it lists the whole tree,
    filtered here."""
    wanted = None if paths is None else list(paths)
    few = wanted is not None and len(wanted) <= _MAX_PATHSPECS
    by_git = few and not icase
    if by_git:
        args = [*args, "--", *(top_literal(p) for p in wanted or ())]
    from hooks.repo.listings import parse_tree_listing

    entries = parse_tree_listing(repo.git(args))
    if wanted is None or by_git:
        return entries
    if few:  # ls-tree, in any case: what is at or under the paths
        return {
            p: e for p, e in entries.items() if any(at_or_under(p, w, icase=True) for w in wanted)
        }
    key = path_key(icase)
    keep = {key(p) for p in wanted}
    return {p: e for p, e in entries.items() if key(p) in keep}


def _may_keep_apart(index_file: str | None) -> bool:
    """See `Repo.may_keep_apart`: the first 8 bytes of the index, and no shared index."""
    if index_file is None:
        return True
    try:
        with open(index_file, "rb") as fh:
            if fh.read(8) != b"DIRC\0\0\0\2":
                return True
        # (a split index keeps most entries, and their flags, in a shared file beside it)
        return any(n.startswith("sharedindex.") for n in os.listdir(os.path.dirname(index_file)))
    except OSError:
        return True


_ERE_SPECIAL = frozenset(".[]()*+?{}|^$\\")


def _literal_alternatives(ere: str) -> list[str] | None:
    """The alternatives of an ERE that is only literals joined by `|` (`bun|deno|tsx`), else
    None. `git grep -F` with one `-e` each finds the same files several times faster: a
    fixed-string search for all of them at once (65 -> 40 ms over a 28 MB tree)."""
    alternatives = ere.split("|")
    if any(not a or any(c in _ERE_SPECIAL for c in a) for a in alternatives):
        return None
    return alternatives
