"""Once per hook-manager run: report change-based findings in one invocation only; and memos
of parsed config bytes, so that an unchanged config is not parsed again.

pre-commit and prek split a long file list into several invocations of the same hook (xargs
style, possibly in parallel). File-based findings follow the files, but the change-based guard
sees the whole change in every invocation and would repeat itself. Invocations of one run share
the runner as parent process; the first to claim a marker for (runner, change) reports, the
others stay quiet. Outside a hook manager (no PRE_COMMIT=1) every invocation reports.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Mapping

_STALE_SECONDS = 3600


def _runner_identity() -> str:
    ppid = os.getppid()
    try:  # the parent's start time makes a reused pid harmless (Linux)
        with open(f"/proc/{ppid}/stat", "rb") as fh:
            started = fh.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        started = ""
    return f"{ppid}:{started}"


def first_in_run(change: bytes) -> bool:
    """True for the first invocation of this runner's run to see this change."""
    if os.environ.get("PRE_COMMIT") != "1":
        return True
    # zlib, not hashlib/tempfile: those imports alone cost more than the rest of this hook.
    import zlib

    key = _runner_identity().encode() + b"\0" + change
    digest = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}{len(key):x}"
    folder = _private_folder()
    if folder is None:
        return True  # cannot coordinate: report (a repeat is better than a miss)
    try:
        fd = os.open(os.path.join(folder, digest), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except OSError:
        return True
    os.close(fd)
    _sweep(folder)
    return True


def _private_folder() -> str | None:
    """This user's folder for run markers and memos: created 0700, and trusted only while it
    is ours and closed to others (a shared /tmp must not let anyone plant entries). Windows
    has no owner and mode to check here: its folder is in the user's own profile instead."""
    getuid = getattr(os, "getuid", None)
    folder = _cache_folder(os.name, os.environ, None if getuid is None else getuid())
    if folder is None:
        return None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.stat(folder)
    except OSError:
        return None
    if getuid is not None and (info.st_uid != getuid() or info.st_mode & 0o077):
        return None
    return folder


def _cache_folder(
    os_name: str,
    environ: Mapping[str, str],
    uid: int | None,
    isdir: Callable[[str], bool] = os.path.isdir,
) -> str | None:
    """Where this user's markers and memos live (None: nowhere safe). POSIX: a folder of its
    own in the temporary folder, checked for owner and mode by `_private_folder`. Windows:
    TEMP may be shared (C:\\Windows\\Temp, a TEMP set for several accounts) and there is no
    owner to check, so the folder is in the user's profile (LOCALAPPDATA, else the home
    folder), which other accounts cannot write; never the temporary folder."""
    if os_name == "nt":
        home = environ.get("USERPROFILE") or environ.get("HOMEDRIVE", "") + environ.get(
            "HOMEPATH", ""
        )
        for base, inside in (
            (environ.get("LOCALAPPDATA", ""), "atlas-first\\cache"),
            (home, ".atlas-first\\cache"),
        ):
            if _absolute_on_windows(base):
                return base.rstrip("\\/") + "\\" + inside
        return None
    user = "user" if uid is None else uid
    for name in ("TMPDIR", "TEMP", "TMP"):
        value = environ.get(name)
        if value and isdir(value):
            return f"{value.rstrip('/')}/atlas-first-{user}"
    return f"/tmp/atlas-first-{user}"


def _absolute_on_windows(path: str) -> bool:
    """`C:\\Users\\me` or `\\\\server\\share`: not a relative path (the repository's folder)."""
    drive = len(path) >= 3 and path[0].isalpha() and path[1] == ":" and path[2] in "\\/"
    return drive or (path[:2] in ("\\\\", "//") and bool(path.strip("\\/")))


def _key(kind: bytes, data: bytes) -> str:
    import zlib

    key = kind + b"\0" + data
    return f"memo-{zlib.crc32(key):08x}{zlib.adler32(key):08x}{len(key):x}"


def memo_load(kind: bytes, data: bytes) -> object:
    """What `memo_store` remembered for exactly these bytes, else None. The entry holds the
    bytes themselves and must equal them: a checksum collision cannot answer."""
    import marshal

    folder = _private_folder()
    if folder is None:
        return None
    try:
        with open(os.path.join(folder, _key(kind, data)), "rb") as fh:
            stored = marshal.loads(fh.read())  # load(fh) reads in small pieces: 6x slower
    except Exception:  # any malformed memo: EOFError, ValueError, TypeError, MemoryError...
        return None
    if type(stored) is not tuple or len(stored) != 2 or type(stored[0]) is not bytes:
        return None
    if stored[0] != data:
        return None
    try:  # noqa: SIM105 (contextlib's import would cost more than the memo saves)
        os.utime(os.path.join(folder, _key(kind, data)))  # in use: keep it past the sweep
    except OSError:
        pass
    return stored[1]


def memo_store(kind: bytes, data: bytes, value: object) -> None:
    """Remember `value` (plain data: dicts, lists, strings, numbers) for these bytes."""
    import marshal

    folder = _private_folder()
    if folder is None:
        return
    try:
        blob = marshal.dumps((data, value))  # type: ignore[arg-type]
    except ValueError:
        return  # e.g. a TOML date: not plain data, parse it each time
    target = os.path.join(folder, _key(kind, data))
    temporary = f"{target}.{os.getpid()}"
    try:
        with open(temporary, "wb") as fh:
            fh.write(blob)
        os.replace(temporary, target)
    except OSError:
        return


def _sweep(folder: str) -> None:
    import time

    cutoff = time.time() - _STALE_SECONDS
    try:
        for entry in os.scandir(folder):
            if entry.stat().st_mtime < cutoff:  # markers, and memos unused for an hour
                os.remove(entry.path)
    except OSError:
        pass
