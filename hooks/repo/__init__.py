"""The repository: running git (`git`), the work tree and what its index and trees hold
(`repository`), git's listings of them parsed (`listings`), the change under check
(`changes`), an unresolved conflict and the operation in progress (`conflicts`), blob ids
and the blobs kept for later runs (`blobs`), the settings git reads (`gitconfig`), path
patterns (`patterns`), reading a file (`files`) and what one run of a hook manager
remembers (`memo`)."""

__all__ = [
    "blobs",
    "changes",
    "conflicts",
    "files",
    "git",
    "gitconfig",
    "listings",
    "memo",
    "patterns",
    "repository",
]
