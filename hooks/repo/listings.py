"""git's listings of the index (`ls-files -s -v`) and of a tree (`ls-tree`), parsed:
path -> (mode, object id), an unresolved conflict's stages refused."""

from __future__ import annotations

import os

from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


# Every listing of the index: `-v` tags each entry at no cost (git stats no file for it):
# `S` skip-worktree, a lower-case letter assume-unchanged (`Repo.kept_apart`).
INDEX_LISTING = ("ls-files", "-s", "-v", "-z", "--full-name")


def _records(out: bytes) -> Iterator[tuple[list[bytes], str]]:
    """The (fields, path) of each `-z` listing record."""
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        yield meta.split(), os.fsdecode(name)


def parse_index_listing(
    out: bytes, *, root: str
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """`ls-files -s -v` records: path -> (mode, object id), for every entry and for those
    git keeps apart from the work tree (skip-worktree, assume-unchanged: the work-tree copy,
    if any, is not what is committed). The paths of an unresolved conflict's stages are exit
    2, worded with the operation in progress in the work tree at `root`."""
    entries: dict[str, tuple[str, str]] = {}
    apart: dict[str, tuple[str, str]] = {}
    unmerged: list[str] = []
    for fields, path in _records(out):
        if len(fields) > 3 and fields[3] != b"0":
            unmerged.append(path)
        if path in entries or len(fields) < 3:
            continue
        entry = entries[path] = (fields[1].decode("ascii"), fields[2].decode("ascii"))
        tag = fields[0]
        if tag != b"H" and (tag == b"S" or tag.islower()):  # (H: the common case)
            apart[path] = entry
    if unmerged:
        from hooks.repo.conflicts import conflict_message
        from hooks.repo.conflicts import operation_in_progress

        raise ToolError(conflict_message(unmerged, operation_in_progress(root)))
    return entries, apart


def parse_tree_listing(out: bytes) -> dict[str, tuple[str, str]]:
    """`ls-tree` records: path -> (mode, object id)."""
    blobs: dict[str, tuple[str, str]] = {}
    for fields, path in _records(out):
        if path not in blobs and len(fields) > 2:
            blobs[path] = (fields[0].decode("ascii"), fields[2].decode("ascii"))
    return blobs
