"""The by-content gate's verdicts on large files, remembered across runs by content.

A tree's translation files and data dumps (hundreds of kilobytes each) are read by content on
every whole-tree run, and the gate (`prefilter.command_shaped`) scans each of them a dozen
times to find that they cannot hold a command. Their contents rarely change: a file the gate
turned away once is known by its SHA-256 the next time and not scanned again (issue 42's real
shapes). Only "cannot hold a command" is remembered; a file that could is read every time.

The digests live in one entry of the private memo folder (`hooks.repo.memo`), keyed by this
package's version and the gate's own source file (an edit to the gate forgets them all). The
folder is the user's own and closed to other accounts: what is in it is trusted as the parsed
config and the other memos are (whoever can write it can as well edit the installed hooks).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

# Files smaller than this are gated afresh: their scan costs less than hashing them, and the
# memo stays small. (A 64 KB file's gate: ~0.5 ms; its digest: ~0.05 ms.)
REMEMBERED_FROM = 64 * 1024
# At most this many digests are kept (16 bytes each): past it, the memo starts afresh.
KEPT = 50_000
_KIND = b"gate-turned-away"


def _memo_key() -> bytes:
    """What the remembered verdicts hold for: this version of the gate (an edit to its
    source, even without a new version number, as in a development install, forgets them)."""
    from hooks.commands import prefilter
    from hooks.repo.memo import source_stamp

    return source_stamp(prefilter.__file__)


class GateMemo:
    """`shaped(data)`: `command_shaped`, from the memo where a large content was turned away
    before; `save()` keeps what this run learned (call it once, at the run's end)."""

    def __init__(self, gate: Callable[[bytes], bool] | None = None) -> None:
        if gate is None:
            from hooks.commands.prefilter import command_shaped

            gate = command_shaped
        self._gate = gate
        self._known: set[bytes] | None = None  # loaded on the first large file
        self._learned: list[bytes] = []
        self._key = b""

    def shaped(self, data: bytes) -> bool:
        if len(data) < REMEMBERED_FROM:
            return self._gate(data)
        import hashlib  # (5 ms to import: only for a large file)

        digest = hashlib.sha256(data).digest()[:16]
        if self._known is None:
            self._key = _memo_key()
            self._known = _load(self._key)
        if digest in self._known:
            return False
        if self._gate(data):
            return True
        self._known.add(digest)
        self._learned.append(digest)
        return False

    def save(self) -> None:
        if not self._learned:
            return
        from hooks.repo.memo import memo_store

        stored = _load(self._key)  # (what parallel invocations of this run kept meanwhile)
        if len(stored) + len(self._learned) > KEPT:
            stored = set()
        stored.update(self._learned[-KEPT:])
        memo_store(_KIND, self._key, b"".join(sorted(stored)))
        self._learned = []


def _load(key: bytes) -> set[bytes]:
    from hooks.repo.memo import memo_load

    stored = memo_load(_KIND, key)
    if not isinstance(stored, bytes) or len(stored) % 16:
        return set()
    return {stored[at : at + 16] for at in range(0, len(stored), 16)}
