"""Once per hook-manager run: report change-based findings in one invocation only.

pre-commit and prek split a long file list into several invocations of the same hook (xargs
style, possibly in parallel). File-based findings follow the files, but the change-based guard
sees the whole change in every invocation and would repeat itself. Invocations of one run share
the runner as parent process; the first to claim a marker for (runner, change) reports, the
others stay quiet. Outside a hook manager (no PRE_COMMIT=1) every invocation reports.
"""

from __future__ import annotations

import os

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
    uid = getattr(os, "getuid", lambda: "user")()
    folder = os.path.join(_temp_dir(), f"atlas-first-{uid}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
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


def _temp_dir() -> str:
    for name in ("TMPDIR", "TEMP", "TMP"):
        value = os.environ.get(name)
        if value and os.path.isdir(value):
            return value
    return "/tmp" if os.name != "nt" else os.path.expanduser("~")


def _sweep(folder: str) -> None:
    import time

    cutoff = time.time() - _STALE_SECONDS
    try:
        for entry in os.scandir(folder):
            if entry.stat().st_mtime < cutoff:
                os.remove(entry.path)
    except OSError:
        pass
