"""An index that holds an unresolved merge conflict, worded with the way out: the git
operation under way in the work tree, read from its git directory."""

from __future__ import annotations

import os

from hooks.repo.gitconfig import git_dirs


def conflict_message(paths: list[str], operation: str | None) -> str:
    """One line for an index that holds an unresolved merge conflict: what is staged there is
    no file's content yet, so nothing can be judged (git commits none of it either). The way
    out names the operation in progress (`operation_in_progress`; None: none told)."""
    named = list(dict.fromkeys(paths))
    more = f" and {len(named) - 3} more" if len(named) > 3 else ""
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


def operation_in_progress(root: str) -> str | None:
    """The git operation under way in the work tree at `root` (merge, rebase, cherry-pick,
    revert, am), read from its git directory; None: none, or it cannot be told (a stash
    pop). The caller names the root it already found: no second walk up to `.git`."""
    try:
        gitdir = git_dirs(root)[0]
    except (OSError, ValueError):
        return None
    for name, operation in _IN_PROGRESS:
        if os.path.exists(os.path.join(gitdir, *name.split("/"))):
            return operation
    return None
