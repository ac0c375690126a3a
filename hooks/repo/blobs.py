"""Blobs by id: the id git gives some bytes, and the blobs kept in the private memo folder
(a schema source's old side on one commit is the new side of the commit before)."""

from __future__ import annotations

from hooks.report.violation import ToolError


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


REMEMBERED_FROM = 4096  # bytes: a smaller blob is read from git about as fast as from a memo


def remember_blobs(contents: dict[str, bytes]) -> None:
    """Keep these blobs (by id) in the private memo folder, for `Repo.read_blobs(remember=True)`;
    only content whose git hash is the id (a work-tree copy git would convert is not)."""
    from hooks.repo.memo import memo_store

    for oid, data in contents.items():
        if len(data) >= REMEMBERED_FROM and blob_id(data, len(oid)) == oid:
            memo_store(b"blob", oid.encode("ascii", "replace"), data)
