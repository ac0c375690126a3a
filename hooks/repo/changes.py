"""The change under check, read from git the same way for every hook: the staged index
(`git diff --cached`) or the commits in FROM...TO, each change with its blob ids; and HEAD's
entries got back from the index's by undoing the staged change."""

from __future__ import annotations

import os
import re

from hooks.repo.git import GitFailed
from hooks.repo.git import git_soon
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Sequence

    from hooks.repo.repository import Repo

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


_STAGED_DIFF = (*DIFF_ARGS, "--cached", "--")
_STARTED: list[Callable[[], bytes]] = []  # the staged diff, started before the hook loaded


def start_staged_diff() -> None:
    """Start the staged change's `git diff` now: an entry point that will read the staged
    change calls this before it loads the rest of the package, and git diffs the index
    while Python imports (`change_set_soon` takes it). git starts in the current folder,
    as `Repo.git_soon` starts it."""
    if not _STARTED:
        _STARTED.append(git_soon(_STAGED_DIFF))


def change_set_soon(
    repo: Repo, from_ref: str | None, to_ref: str | None
) -> Callable[[], ChangeSet]:
    """Start reading the staged change set now (git works while Python does) and return
    what collects it; a range is read when collected."""
    if from_ref is None or to_ref is None:
        # On an unborn branch git diffs the index against the empty tree: the first commit.
        diff = _STARTED.pop() if _STARTED else repo.git_soon(_STAGED_DIFF)
        return lambda: _staged_change_set(diff(), repo.root)
    return lambda: read_change_set(repo, from_ref, to_ref)


def _staged_change_set(out: bytes, root: str) -> ChangeSet:
    changes = parse_name_status(out)
    unmerged = [c.new_path for c in changes if c.status == UNMERGED]
    if unmerged:
        from hooks.repo.conflicts import conflict_message
        from hooks.repo.conflicts import operation_in_progress

        raise ToolError(conflict_message(unmerged, operation_in_progress(root)))
    return ChangeSet(changes)


def read_change_set(repo: Repo, from_ref: str | None, to_ref: str | None) -> ChangeSet:
    if from_ref is None or to_ref is None:
        return change_set_soon(repo, from_ref, to_ref)()
    span = f"{from_ref}...{to_ref}"
    try:
        out = repo.git([*DIFF_ARGS, span, "--"])
    except GitFailed as exc:
        missing = re.search(_MISSING_OBJECT, exc.detail)
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


# (Compiled on first use, by `re`'s cache: only a clone with missing objects reads it.)
_MISSING_OBJECT = (
    r"(?:unable to read|bad object|missing (?:blob|tree|commit)|not a valid object)\s+"
    r"(?:tree |blob |commit |sha1 file of \S+ \()?([0-9a-f]{7,64})"
)


def _is_shallow(repo: Repo) -> bool:
    try:
        return repo.git(["rev-parse", "--is-shallow-repository"]).strip() == b"true"
    except GitFailed:
        return False
