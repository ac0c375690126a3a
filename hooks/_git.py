"""The repository and the change being checked, read from git the same way for every hook."""

from __future__ import annotations

import os
import posixpath
import re

from hooks._gitconfig import git_dirs
from hooks._patterns import path_key
from hooks._report import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from collections.abc import Iterator
    from collections.abc import Sequence
    from types import ModuleType

# Variables that change how git reads pathspecs or the environment it reports; we pass our own.
_PATHSPEC_ENV = (
    "GIT_LITERAL_PATHSPECS",
    "GIT_GLOB_PATHSPECS",
    "GIT_NOGLOB_PATHSPECS",
    "GIT_ICASE_PATHSPECS",
)

# Settings a user's config may hold that would change what `git diff` prints.
_NEUTRAL_CONFIG = (
    "-c", "core.quotepath=false",
    "-c", "diff.relative=false",
    "-c", "diff.external=",
    "-c", "color.ui=never",
    "-c", "diff.noprefix=false",
)  # fmt: skip

_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
ADDED = "A"
MODIFIED = "M"
DELETED = "D"
RENAMED = "R"
COPIED = "C"
TYPE_CHANGED = "T"
UNMERGED = "U"
# The staged changes that can be undone to get HEAD back from the index, and those of them
# whose old path held something in HEAD.
UNDOABLE = frozenset((ADDED, MODIFIED, DELETED, RENAMED, COPIED, TYPE_CHANGED))
HAD_OLD_PATH = frozenset((MODIFIED, DELETED, RENAMED, TYPE_CHANGED))

STATUS_WORDS = {
    ADDED: "added",
    MODIFIED: "modified",
    DELETED: "deleted",
    RENAMED: "renamed",
    COPIED: "copied",
    TYPE_CHANGED: "type changed",
    UNMERGED: "unmerged",
}


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in _PATHSPEC_ENV:
        env.pop(name, None)
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env["LC_ALL"] = "C"
    return env


def _start(argv: list[str], env: dict[str, str]) -> tuple[int, int, int]:
    """Start a program with its stdout and stderr on pipes: (pid, stdout fd, stderr fd). On
    POSIX without the `subprocess` module, whose import alone costs a hook a quarter of its
    budget (signal, threading, selectors)."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        pid = os.posix_spawnp(
            argv[0],
            argv,
            env,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, null, 0),
                (os.POSIX_SPAWN_DUP2, out_w, 1),
                (os.POSIX_SPAWN_DUP2, err_w, 2),
            ],
        )
    except BaseException:
        for fd in (out_r, err_r):
            os.close(fd)
        raise
    finally:
        for fd in (out_w, err_w, null):
            os.close(fd)
    return pid, out_r, err_r


def _collect(pid: int, out_r: int, err_r: int) -> tuple[int, bytes, bytes]:
    """Read a started program's output to the end and reap it: (exit code, stdout, stderr)."""
    import select

    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
    open_fds = [out_r, err_r]
    while open_fds:
        ready, _, _ = select.select(open_fds, [], [])
        for fd in ready:
            data = os.read(fd, 1 << 16)
            if data:
                chunks[fd].append(data)
            else:
                open_fds.remove(fd)
                os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks[out_r]), b"".join(chunks[err_r])


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes]:
    return _collect(*_start(argv, env))


def run_git(
    args: Sequence[str],
    *,
    cwd: str | None = None,
    input_data: bytes = b"",
    ok_codes: tuple[int, ...] = (0,),
) -> bytes:
    """Run git and return stdout; any failure is a ToolError naming git's own complaint."""
    code, out, err = _run(args, cwd=cwd, input_data=input_data)
    if code not in ok_codes:
        raise _why_outside(args, err)
    return out


def _run(
    args: Sequence[str], *, cwd: str | None = None, input_data: bytes = b""
) -> tuple[int, bytes, bytes]:
    """(exit code, stdout, stderr) of git with these arguments."""
    argv = ["git", *_NEUTRAL_CONFIG, *args]
    env = _git_env()
    try:
        if cwd is None and not input_data and hasattr(os, "posix_spawnp"):
            return _spawn(argv, env)
        import subprocess

        proc = subprocess.run(
            argv,
            cwd=cwd,
            env=env,
            input=input_data,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise ToolError("git was not found on PATH; install git or add it to PATH") from None
    except OSError as exc:
        raise ToolError(f"could not run git: {exc}") from None
    return proc.returncode, proc.stdout, proc.stderr


class GitFailed(ToolError):
    def __init__(self, args: Sequence[str], stderr: bytes) -> None:
        lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
        fatal = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))), None)
        self.detail = fatal or (lines[0] if lines else "no message")
        refusal = _refusal(lines)
        super().__init__(refusal or f"`git {args[0]}` failed: {self.detail}")


def _refusal(lines: list[str]) -> str | None:
    """git's refusal of a repository owned by another user, with git's own fix."""
    if not any("dubious ownership" in line for line in lines):
        return None
    fix = next((ln for ln in lines if ln.startswith("git config ")), None)
    how = f"if you trust it, run: {fix}" if fix else "if you trust it, add it to safe.directory"
    return f"git refuses this repository: it is owned by another user (safe.directory); {how}"


def _why_outside(args: Sequence[str], stderr: bytes) -> GitFailed:
    """A git command that failed as if run outside any repository (`git diff --cached`
    reads as `git diff --no-index` there): ask git why it does not see the one we found,
    and say that instead (a refusal such as safe.directory); else the command's own error."""
    failed = GitFailed(args, stderr)
    if b"unknown option" in stderr or b"not a git repository" in stderr.lower():
        code, _, err = _run(["rev-parse", "--git-dir"])
        if code != 0 and b"dubious ownership" in err:
            return GitFailed(["rev-parse"], err)
    return failed


def top_literal(path: str, *, icase: bool = False) -> str:
    """A pathspec that names exactly `path`, relative to the top of the work tree (`icase`:
    in any case: `ls-files` knows it, `ls-tree` does not)."""
    return f":(top,literal,icase){path}" if icase else f":(top,literal){path}"


def at_or_under(path: str, folder: str, *, icase: bool = False) -> bool:
    """Whether `path` is `folder` or below it (`icase`: ignoring case, as core.ignorecase)."""
    if icase:
        path, folder = path.lower(), folder.lower()
    return path == folder or path.startswith(folder + "/")


BARE = (
    "this is a bare repository (no work tree): run it inside one of its worktrees"
    " (`git worktree list` names them)"
)


def _bare(root: str) -> bool:
    """Whether a `.git` file at `root` leads to a bare repository's own directory (the
    bare-clone-plus-worktrees layout: `.git` holds `gitdir: ./.bare`). A linked worktree's
    git directory has a `commondir`, and git ignores core.bare there."""
    from hooks._gitconfig import UnsureSetting
    from hooks._gitconfig import config_bool

    try:
        gitdir, common = git_dirs(root)
        if common != gitdir:
            return False
        with open(os.path.join(common, "config"), encoding="utf-8") as fh:
            text = fh.read()
        return "bare" in text and config_bool(text, "core", "bare") is True
    except (OSError, ValueError, UnsureSetting):
        return False  # (git words it, if it is one, when asked for the change)


def find_root(start: str) -> str:
    """The top of the work tree containing `start`.

    Walking up to `.git` costs no process; git is asked only when the environment
    redirects it (GIT_DIR / GIT_WORK_TREE) or no `.git` is found (so git words the error).
    """
    if "GIT_DIR" not in os.environ and "GIT_WORK_TREE" not in os.environ:
        here = start
        while True:
            dotgit = os.path.join(here, ".git")
            if os.path.lexists(dotgit):
                if not os.path.isdir(dotgit) and _bare(here):
                    raise ToolError(BARE)
                return here
            parent = os.path.dirname(here)
            if parent == here:
                break
            here = parent
    try:
        out = run_git(["rev-parse", "--show-toplevel"], cwd=start)
    except GitFailed as exc:
        if "not a git repository" in exc.detail:
            raise ToolError(
                f"{start} is not inside a git repository; run the hook from a git checkout",
            ) from None
        if "work tree" in exc.detail:
            raise ToolError(BARE) from None
        raise
    root = os.fsdecode(out).rstrip("\n")
    if not root:
        raise ToolError("this repository has no work tree; run the hook in a checkout")
    return os.path.normpath(root)


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
        # What `index_entries_under` listed this run, and the paths that listing covered.
        self._index_seen: dict[str, tuple[str, str]] = {}
        self._index_covered: list[tuple[str, bool]] = []  # (path, listed ignoring case)
        self._ignorecase: bool | None = None
        # Every listing of the index this run (`ls-files -v` tags them): its entries, the
        # paths it covered, and the entries git keeps apart from the work tree.
        self._listings: list[dict[str, tuple[str, str]]] = []
        self._listed_under: set[str] = set()
        self._listed_all = False
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
            from hooks._gitconfig import read_ignorecase

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
        if not hasattr(os, "posix_spawnp"):
            return lambda: run_git(args, ok_codes=ok_codes)
        argv = ["git", *_NEUTRAL_CONFIG, *args]
        try:
            started = _start(argv, _git_env())
        except OSError:
            # the same failure, worded by run_git when the output is needed
            return lambda: run_git(args, ok_codes=ok_codes)

        def result() -> bytes:
            code, out, err = _collect(*started)
            if code not in ok_codes:
                raise _why_outside(args, err)
            return out

        return result

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
        return self._list_index([*INDEX_LISTING, "--", *pathspecs])

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
        self._index_seen.update(entries)
        self._index_covered += [(p, icase) for p in wanted]
        if not icase:  # (`listed` answers for exact spellings)
            self._listed_under.update(wanted)
        return entries

    def _covered(self, path: str, *, icase: bool = False) -> bool:
        """Whether a listing of this run holds every entry at or under `path` (`icase`: in
        any case: a listing made ignoring case)."""
        return any(at_or_under(path, c, icase=i) for c, i in self._index_covered if i or not icase)

    def known_index_entries(self, paths: Iterable[str]) -> dict[str, tuple[str, str]] | None:
        """The index entries of these paths (a path not in the index: absent) if a listing of
        this run covered every one of them; None if one is not covered."""
        wanted = list(paths)
        if not all(self._covered(p) for p in wanted):
            return None
        return {p: self._index_seen[p] for p in wanted if p in self._index_seen}

    def known_index_under(
        self, folders: Iterable[str], *, icase: bool = False
    ) -> dict[str, tuple[str, str]] | None:
        """Every index entry at or under these paths (`icase`: in any case), if a listing of
        this run covered each of them as asked; else None."""
        wanted = list(folders)
        if not wanted or not all(self._covered(f, icase=icase) for f in wanted):
            return None
        return {
            p: entry
            for p, entry in self._index_seen.items()
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
            if _OBJECT_ID.fullmatch(head):
                return head
            if not head.startswith("ref: refs/heads/"):
                return None
            ref = head[len("ref: ") :]
            try:
                with open(os.path.join(common, *ref.split("/")), encoding="utf-8") as fh:
                    loose = fh.read().strip()
                return loose if _OBJECT_ID.fullmatch(loose) else None
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
        return found if _OBJECT_ID.fullmatch(found) else None

    def index_entries(
        self, paths: Iterable[str] | None = None, *, icase: bool = False
    ) -> dict[str, tuple[str, str]]:
        """(mode, blob id) of index entries by path (files or folders; past _MAX_PATHSPECS,
        files only; `icase`: in any case), or all; mode 120000 is a symbolic link."""
        wanted = None if paths is None else list(paths)
        if wanted is not None and len(wanted) <= _MAX_PATHSPECS:
            specs = (top_literal(p, icase=icase) for p in wanted)
            entries = self._list_index([*INDEX_LISTING, "--", *specs])
            if not icase:
                self._listed_under.update(wanted)
            return entries
        entries = self._list_index([*INDEX_LISTING, "--", ":/"])  # wherever git runs
        self._listed_all = True
        if wanted is None:
            return entries
        key = path_key(icase)
        keep = {key(p) for p in wanted}
        return {p: e for p, e in entries.items() if key(p) in keep}

    def _list_index(self, args: list[str]) -> dict[str, tuple[str, str]]:
        """One `ls-files -s -v` listing, remembered for the run with its tags."""
        entries, apart = parse_index_listing(self.git(args))
        self._listings.append(entries)
        self.kept_apart.update(apart)
        return entries

    def listed_entry(self, path: str) -> tuple[str, str] | None:
        """`path`'s index entry as a listing of this run showed it (None: not listed)."""
        for entries in self._listings:
            if path in entries:
                return entries[path]
        return None

    def listed(self, path: str) -> bool:
        """Whether a listing of this run covered `path` (then `listed_entry` is the truth)."""
        if self._listed_all:
            return True
        at = len(path)
        while at > 0:  # the path, then each folder above it
            if path[:at] in self._listed_under:
                return True
            at = path.rfind("/", 0, at)
        return False

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

    def grep_soon(self, *eres: str) -> Callable[[], set[str]]:
        """Start one `git grep` for the tracked files whose work-tree content matches every
        one of these POSIX EREs (each anywhere in the file); call the result for the set."""
        patterns = [arg for ere in eres for arg in ("-e", ere)]
        args = ["-C", self.root, "grep", "-l", "-z", "-a", "-E", "--all-match", *patterns]
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
        return _listing(self, args, paths, sha_field=2, icase=icase)

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
            from hooks._once import memo_load

            for path, oid in blobs.items():
                stored = memo_load(b"blob", oid.encode("ascii", "replace"))
                if isinstance(stored, bytes):
                    found[path] = stored
            blobs = {p: oid for p, oid in blobs.items() if p not in found}
            if not blobs:
                return found
        contents = self._cat_file(blobs)
        if remember:
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


def git_ignorecase() -> bool:
    """core.ignorecase as git itself reads it (where its config files cannot tell)."""
    out = run_git(["config", "--bool", "--get", "core.ignorecase"], ok_codes=(0, 1))
    return out.strip() == b"true"


REMEMBERED_FROM = 4096  # bytes: a smaller blob is read from git about as fast as from a memo


def remember_blobs(contents: dict[str, bytes]) -> None:
    """Keep these blobs (by id) in the private memo folder, for `read_blobs(remember=True)`;
    only content whose git hash is the id (a work-tree copy git would convert is not)."""
    from hooks._once import memo_store

    for oid, data in contents.items():
        if len(data) >= REMEMBERED_FROM and blob_id(data, len(oid)) == oid:
            memo_store(b"blob", oid.encode("ascii", "replace"), data)


# Past this many paths, list everything and filter here: git matches every entry against every
# pathspec (quadratic), and Windows caps a command line at 32,767 characters.
_MAX_PATHSPECS = 100


def _listing(
    repo: Repo,
    args: list[str],
    paths: Iterable[str] | None,
    *,
    sha_field: int,
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
    entries = parse_entries(repo.git(args), sha_field=sha_field)
    if wanted is None or by_git:
        return entries
    if few:  # ls-tree, in any case: what is at or under the paths
        return {
            p: e for p, e in entries.items() if any(at_or_under(p, w, icase=True) for w in wanted)
        }
    key = path_key(icase)
    keep = {key(p) for p in wanted}
    return {p: e for p, e in entries.items() if key(p) in keep}


# Every listing of the index: `-v` tags each entry at no cost (git stats no file for it):
# `S` skip-worktree, a lower-case letter assume-unchanged (`Repo.kept_apart`).
INDEX_LISTING = ("ls-files", "-s", "-v", "-z", "--full-name")


def _records(out: bytes, stage_field: int | None) -> Iterator[tuple[list[bytes], str]]:
    """The (fields, path) of each `-z` listing record; the paths of an unresolved conflict's
    stages (`stage_field`: where an `ls-files -s` record says its stage) are exit 2."""
    unmerged: list[str] = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        fields = meta.split()
        path = os.fsdecode(name)
        if stage_field is not None and len(fields) > stage_field and fields[stage_field] != b"0":
            unmerged.append(path)
        yield fields, path
    if unmerged:
        raise ToolError(conflict_message(unmerged))


def parse_index_listing(
    out: bytes,
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """`ls-files -s -v` records: path -> (mode, object id), for every entry and for those
    git keeps apart from the work tree (skip-worktree, assume-unchanged: the work-tree copy,
    if any, is not what is committed)."""
    entries: dict[str, tuple[str, str]] = {}
    apart: dict[str, tuple[str, str]] = {}
    for fields, path in _records(out, stage_field=3):
        if path in entries or len(fields) < 3:
            continue
        entry = entries[path] = (fields[1].decode("ascii"), fields[2].decode("ascii"))
        tag = fields[0]
        if tag != b"H" and (tag == b"S" or tag.islower()):  # (H: the common case)
            apart[path] = entry
    return entries, apart


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


def parse_entries(out: bytes, *, sha_field: int) -> dict[str, tuple[str, str]]:
    """`ls-files -s` / `ls-tree` records: path -> (mode, object id)."""
    blobs: dict[str, tuple[str, str]] = {}
    for fields, path in _records(out, stage_field=2 if sha_field == 1 else None):
        if path not in blobs and len(fields) > sha_field:
            blobs[path] = (fields[0].decode("ascii"), fields[sha_field].decode("ascii"))
    return blobs


def conflict_message(paths: list[str], operation: str | None = "") -> str:
    """One line for an index that holds an unresolved merge conflict: what is staged there is
    no file's content yet, so nothing can be judged (git commits none of it either). The way
    out names the operation in progress (`operation`: found in the git directory when "")."""
    named = list(dict.fromkeys(paths))
    more = f" and {len(named) - 3} more" if len(named) > 3 else ""
    if operation == "":
        operation = operation_in_progress()
    abort = f" (or `git {operation} --abort`)" if operation else ""
    return (
        f"{', '.join(named[:3])}{more}: unresolved merge conflict in the index; resolve it and"
        f" `git add` the result{abort}, then run again"
    )


# What git leaves in its directory while an operation that can conflict is under way.
_IN_PROGRESS = (
    ("rebase-merge", "rebase"),
    ("rebase-apply/applying", "am"),
    ("rebase-apply", "rebase"),
    ("MERGE_HEAD", "merge"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
)


def operation_in_progress(gitdir: str | None = None) -> str | None:
    """The git operation under way in this work tree (merge, rebase, cherry-pick, revert,
    am), read from its git directory; None: none, or it cannot be told (a stash pop)."""
    if gitdir is None:
        try:
            gitdir = git_dirs(find_root(os.getcwd()))[0]
        except (OSError, ValueError, ToolError):
            return None
    for name, operation in _IN_PROGRESS:
        if os.path.exists(os.path.join(gitdir, *name.split("/"))):
            return operation
    return None


class Change:
    """One entry of `git diff --name-status`: what happened, the path before and after.

    For an addition both paths are the new one; for a deletion both are the old one.
    """

    __slots__ = ("new_mode", "new_oid", "new_path", "old_mode", "old_oid", "old_path", "status")

    def __init__(
        self,
        status: str,
        old_path: str,
        new_path: str,
        *,
        new_mode: str | None = None,
        new_oid: str | None = None,
        old_mode: str | None = None,
        old_oid: str | None = None,
    ) -> None:
        self.status = status
        self.old_path = old_path
        self.new_path = new_path
        # What the change leaves at new_path (from `--raw`): its mode and blob id.
        self.new_mode = new_mode
        self.new_oid = new_oid
        # What was at old_path before it (from `--raw`; None for an addition).
        self.old_mode = old_mode
        self.old_oid = old_oid

    @property
    def paths(self) -> tuple[str, ...]:
        """Every path whose content this change touches (a copy leaves its source alone)."""
        if self.status == RENAMED:
            return (self.old_path, self.new_path)
        return (self.new_path,)

    @property
    def writes(self) -> str | None:
        """The path this change leaves with new content (None for a deletion)."""
        return None if self.status == DELETED else self.new_path

    def describe(self) -> str:
        word = STATUS_WORDS.get(self.status, self.status)
        if self.status in (RENAMED, COPIED):
            return f"{word} from {self.old_path}"
        return word

    def __repr__(self) -> str:
        return f"Change({self.status!r}, {self.old_path!r}, {self.new_path!r})"


def head_from_index(
    index: dict[str, tuple[str, str]], changes: Sequence[Change]
) -> dict[str, tuple[str, str]] | None:
    """HEAD's (mode, object id) entries from the index's, by undoing the staged change (the
    index is HEAD with it applied): what it wrote goes, what it replaced comes back. None
    where that is not certain: a change that is not a plain add, modify, delete, rename,
    copy or type change (a conflict), or one whose old side `--raw` did not give."""
    head = dict(index)
    for change in changes:
        if change.status not in UNDOABLE:
            return None
        if change.writes is not None:
            head.pop(change.new_path, None)
        if change.status in HAD_OLD_PATH:
            if change.old_mode is None or change.old_oid is None:
                return None
            head[change.old_path] = (change.old_mode, change.old_oid)
    return head


def blob_id(data: bytes, length: int = 40) -> str:
    """The id git gives `data` as a blob: SHA-1 (40 hex digits) or SHA-256 (64). From the
    interpreter's own hash modules where they are there: hashlib costs ~5 ms to import."""
    algorithm = "sha256" if length == 64 else "sha1"
    modules = ("_sha2", "_sha256", "hashlib") if length == 64 else ("_sha1", "hashlib")
    for name in modules:
        try:
            module = __import__(name)
        except ImportError:
            continue
        if hasattr(module, algorithm):
            digest: str = getattr(module, algorithm)(b"blob %d\0" % len(data) + data).hexdigest()
            return digest
    raise ToolError(f"this Python has no {algorithm}")  # (hashlib always has both)


def parse_name_status(out: bytes) -> list[Change]:
    """Parse `git diff --raw -z` (`:old-mode new-mode old-id new-id X\0path\0`, two paths
    for a rename or a copy) or `--name-status -z` (`X\0path\0`, `R087\0old\0new\0`)."""
    fields = out.split(b"\0")
    changes: list[Change] = []
    i = 0
    while i < len(fields) and fields[i]:
        head = fields[i]
        mode = oid = old_mode = old_oid = None
        if head.startswith(b":"):
            parts = head[1:].split()
            if len(parts) < 5:
                break
            old_mode, mode, old_oid, oid = (p.decode("ascii", "replace") for p in parts[:4])
            head = parts[4]
            if mode == "000000":  # a deletion: nothing is left at the path
                mode = oid = None
            if old_mode == "000000":  # an addition: nothing was there
                old_mode = old_oid = None
        status = head[:1].decode("ascii", "replace")
        sides = {"new_mode": mode, "new_oid": oid, "old_mode": old_mode, "old_oid": old_oid}
        if status in (RENAMED, COPIED):
            old, new = os.fsdecode(fields[i + 1]), os.fsdecode(fields[i + 2])
            changes.append(Change(status, old, new, **sides))
            i += 3
        else:
            path = os.fsdecode(fields[i + 1])
            changes.append(Change(status, path, path, **sides))
            i += 2
    return changes


class ChangeSet:
    """The change under check: the staged index, or the commits in FROM...TO."""

    def __init__(
        self,
        changes: list[Change],
        *,
        from_ref: str | None = None,
        to_ref: str | None = None,
    ) -> None:
        self.changes = changes
        self.from_ref = from_ref
        self.to_ref = to_ref

    @property
    def staged(self) -> bool:
        return self.to_ref is None

    def identity(self) -> bytes:
        """Bytes that differ whenever the change differs (for once-per-run reporting)."""
        parts = [self.from_ref or "", self.to_ref or ""]
        parts += [f"{c.status}\0{c.old_path}\0{c.new_path}" for c in self.changes]
        return "\0\0".join(parts).encode("utf-8", "surrogateescape")

    def written_paths(self) -> list[str]:
        """Paths with new content (what pre-commit would pass as file names)."""
        return [c.new_path for c in self.changes if c.status != DELETED]


# `--raw --no-abbrev`: each change's blob id too, so the staged content of a file can be
# told from its work-tree copy without another git process (`Context.prefetch`).
DIFF_ARGS = ("diff", "--raw", "--no-abbrev", "-z", "--no-ext-diff", "--no-color", "-M", "-C")


def resolve_range(from_ref: str | None, to_ref: str | None) -> tuple[str | None, str | None]:
    """Flags win; else pre-commit's PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF; else staged."""
    if from_ref is None and to_ref is None:
        from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or None
        to_ref = os.environ.get("PRE_COMMIT_TO_REF") or None
    if (from_ref is None) != (to_ref is None):
        given, missing = (
            ("--from-ref", "--to-ref") if to_ref is None else ("--to-ref", "--from-ref")
        )
        raise ToolError(f"{given} needs {missing} as well (a range is FROM...TO)")
    return from_ref, to_ref


def change_set_soon(
    repo: Repo, from_ref: str | None, to_ref: str | None
) -> Callable[[], ChangeSet]:
    """Start reading the staged change set now (git works while Python does) and return
    what collects it; a range is read when collected."""
    if from_ref is None or to_ref is None:
        # On an unborn branch git diffs the index against the empty tree: the first commit.
        diff = repo.git_soon([*DIFF_ARGS, "--cached", "--"])
        return lambda: _staged_change_set(diff())
    return lambda: read_change_set(repo, from_ref, to_ref)


def _staged_change_set(out: bytes) -> ChangeSet:
    changes = parse_name_status(out)
    unmerged = [c.new_path for c in changes if c.status == UNMERGED]
    if unmerged:
        raise ToolError(conflict_message(unmerged))
    return ChangeSet(changes)


def read_change_set(repo: Repo, from_ref: str | None, to_ref: str | None) -> ChangeSet:
    if from_ref is None or to_ref is None:
        return change_set_soon(repo, from_ref, to_ref)()
    span = f"{from_ref}...{to_ref}"
    try:
        out = repo.git([*DIFF_ARGS, span, "--"])
    except GitFailed as exc:
        missing = _MISSING_OBJECT.search(exc.detail)
        shallow = _is_shallow(repo)
        if missing is None and not shallow:
            raise ToolError(
                f"cannot read the commits in {span}: {exc.detail}; check that both refs"
                f" exist here: fetch them (git fetch origin), or fix their names"
                f" (git rev-parse --verify {from_ref} {to_ref})",
            ) from None
        if missing is None or shallow:
            raise ToolError(
                f"cannot read the commits in {span}: {exc.detail}."
                " If this is a shallow clone, fetch more history"
                " (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)",
            ) from None
        # Not shallow, yet an object is missing: a partial (blobless) or damaged clone. Rename
        # and copy detection read blobs; the list of changed paths needs only the trees, and
        # the guards then read only the blobs they check.
        try:
            out = repo.git([*DIFF_ARGS[:-2], "--no-renames", span, "--"])
        except GitFailed as again:
            raise ToolError(
                f"cannot read the commits in {span}: {again.detail}. This clone is not"
                f" shallow, so it is partial or damaged (object {missing.group(1)} is"
                " missing): fetch the objects (git fetch origin), or clone it again",
            ) from None
    return ChangeSet(parse_name_status(out), from_ref=from_ref, to_ref=to_ref)


_MISSING_OBJECT = re.compile(
    r"(?:unable to read|bad object|missing (?:blob|tree|commit)|not a valid object)\s+"
    r"(?:tree |blob |commit |sha1 file of \S+ \()?([0-9a-f]{7,64})",
)


def _is_shallow(repo: Repo) -> bool:
    try:
        return repo.git(["rev-parse", "--is-shallow-repository"]).strip() == b"true"
    except GitFailed:
        return False
