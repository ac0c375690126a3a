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
_SWEEP_SECONDS = 600  # how often the folder is swept of stale entries (`_sweep`)
_SWEPT = "swept"  # the entry whose time says when the folder was last swept


def _runner_identity() -> str:
    if os.name == "nt":  # pragma: no cover (Windows: runner_in_ancestry is tested everywhere)
        return _windows_runner_identity()
    import sys

    ppid = os.getppid()
    chain = _linux_ancestry(ppid)
    runner = nearest_runner(chain) if chain else None
    if runner is None:
        return f"{ppid}:{chain[0][2] if chain else ''}"
    return run_identity(chain, runner, sys.argv[1:])


def run_identity(chain: list[tuple[int, list[str], str]], runner: int, own: list[str]) -> str:
    """The runner (pid and start time: a reused pid is another run) and the wrappers between
    it and this process, by their command lines less this process's arguments (the files of
    one invocation): the split invocations of one entry agree, two entries that differ only
    by their wrapper (`timeout 120 …` beside a bare one) do not."""
    mine = set(own)
    parts: list[str] = []
    for pid, argv, started in chain:
        if pid == runner:
            parts.insert(0, f"{pid}:{started}")
            break
        parts.append(" ".join(w for w in argv if w not in mine))
    return "\0".join(parts)


# The hook managers whose runs split a file list (a program's name, or `-m NAME`).
_RUNNERS = frozenset(("pre-commit", "pre_commit", "prek"))
_DEPTH = 8  # ancestors looked at: a wrapper or two (timeout, uv run, sh -c) and the runner


def is_runner(argv: list[str]) -> bool:
    """Whether a process's command line is a hook manager's (`pre-commit run`, `python -m
    pre_commit hook-impl`, `python /venv/bin/pre-commit`, `prek run`, `prek.exe`)."""
    for word in argv[:3]:
        name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
        name = name[2:] if name.startswith("-m") else name
        if name.removesuffix(".exe") in _RUNNERS:
            return True
    return False


def nearest_runner(chain: list[tuple[int, list[str], str]]) -> int | None:
    """The nearest ancestor (parent first: pid, command line, start time) that is a hook
    manager: its pid is the run's whatever wraps the entry (`timeout`, `uv run`, `sh -c`, a
    node script), where each invocation's own parent is a fresh wrapper. None: no runner
    among them (the parent stands for the run)."""
    return next((pid for pid, argv, _ in chain if is_runner(argv)), None)


def _linux_ancestry(pid: int) -> list[tuple[int, list[str], str]]:
    """(pid, command line, start time) of `pid` and its ancestors, from /proc; empty where
    there is no /proc (the parent then stands for the run)."""
    chain: list[tuple[int, list[str], str]] = []
    while pid > 1 and len(chain) < _DEPTH:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                argv = [os.fsdecode(w) for w in fh.read().split(b"\0") if w]
        except (OSError, IndexError):
            break
        if len(fields) < 20:
            break
        chain.append((pid, argv, fields[19].decode()))
        if is_runner(argv):
            break  # (found: no need to read further up)
        pid = int(fields[1])
    return chain


def runner_in_ancestry(ancestry: list[tuple[int, str]], launcher: str) -> int:
    """The hook manager's pid among this process's ancestors (parent first, each with its
    executable's name). On Windows a console script is an `.exe` launcher that starts Python
    (through a venv's redirector, another python.exe): a fresh parent per invocation. The
    runner is the process that started the launcher; with no launcher, the parent."""
    names = [name.lower().rsplit("\\", 1)[-1] for _, name in ancestry]
    runner = next((pid for pid, name in ancestry if is_runner([name])), None)
    if runner is not None:  # prek.exe, pre-commit.exe: whatever wraps the entry
        return runner
    wanted = launcher.lower().rsplit("\\", 1)[-1].rsplit("/", 1)[-1]
    if not wanted.endswith(".exe"):
        wanted += ".exe"
    for index, name in enumerate(names):
        if name == wanted and index + 1 < len(ancestry):
            return ancestry[index + 1][0]
        if not name.startswith(("python", "py.exe")):
            break  # past the interpreter and no launcher of ours: the parent started us
    return ancestry[0][0]


def _windows_runner_identity() -> str:  # pragma: no cover (Windows only)
    import sys

    table = _windows_processes()
    ancestry: list[tuple[int, str]] = []
    pid = os.getppid()
    while pid in table and len(ancestry) < 8 and all(p != pid for p, _ in ancestry):
        ancestry.append((pid, table[pid][1]))
        pid = table[pid][0]
    if not ancestry:
        return f"{os.getppid()}:"
    runner = runner_in_ancestry(ancestry, sys.argv[0])
    return f"{runner}:{_windows_started(runner)}"


def _windows_processes() -> dict[int, tuple[int, str]]:  # pragma: no cover (Windows only)
    """pid -> (parent pid, executable name), from one Toolhelp snapshot."""
    import ctypes
    from ctypes import wintypes

    class Entry(ctypes.Structure):
        _fields_ = (
            ("dwSize", wintypes.DWORD),
            ("cntUsage", wintypes.DWORD),
            ("th32ProcessID", wintypes.DWORD),
            ("th32DefaultHeapID", ctypes.c_size_t),
            ("th32ModuleID", wintypes.DWORD),
            ("cntThreads", wintypes.DWORD),
            ("th32ParentProcessID", wintypes.DWORD),
            ("pcPriClassBase", ctypes.c_long),
            ("dwFlags", wintypes.DWORD),
            ("szExeFile", ctypes.c_wchar * 260),
        )

    kernel = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel.CreateToolhelp32Snapshot.restype = wintypes.HANDLE
    snapshot = kernel.CreateToolhelp32Snapshot(2, 0)  # TH32CS_SNAPPROCESS
    table: dict[int, tuple[int, str]] = {}
    if not snapshot or snapshot == wintypes.HANDLE(-1).value:
        return table
    try:
        entry = Entry()
        entry.dwSize = ctypes.sizeof(Entry)
        more = kernel.Process32FirstW(snapshot, ctypes.byref(entry))
        while more:
            table[entry.th32ProcessID] = (entry.th32ParentProcessID, entry.szExeFile)
            more = kernel.Process32NextW(snapshot, ctypes.byref(entry))
    finally:
        kernel.CloseHandle(snapshot)
    return table


def _windows_started(pid: int) -> str:  # pragma: no cover (Windows only)
    """A process's creation time: with the pid, a reused pid is another runner."""
    import ctypes
    from ctypes import wintypes

    kernel = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel.OpenProcess.restype = wintypes.HANDLE
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ""
    try:
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return ""
        return f"{times[0].dwHighDateTime:x}{times[0].dwLowDateTime:08x}"
    finally:
        kernel.CloseHandle(handle)


def first_in_run(change: bytes) -> bool:
    """True for the first invocation of this runner's run to see this change."""
    if os.environ.get("PRE_COMMIT") != "1":
        return True
    digest = _digest(_runner_identity().encode() + b"\0" + change)
    folder = _private_folder()
    if folder is None:
        return True  # cannot coordinate: report (a repeat is better than a miss)
    marker = os.path.join(folder, digest)
    for _attempt in range(2):
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            if not _stale(marker):
                return False
            try:  # over an hour old: another run's, not the sweep's to keep (it runs seldom)
                os.remove(marker)
            except OSError:
                return False
            continue  # claimed again, unless another invocation of this run just did
        except OSError:
            return True
        os.close(fd)
        _sweep(folder)
        return True
    return False


def _stale(path: str) -> bool:
    """Whether an entry is over the hour a marker counts for (gone: not stale)."""
    import time

    try:
        return os.stat(path).st_mtime < time.time() - _STALE_SECONDS
    except OSError:
        return False


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
    return "memo-" + _digest(kind + b"\0" + data)


# A 128-bit prime from SHA-256 of a phrase: far from every power of two. (Modulo a prime near
# one, 2**127 - 1 or 2**128 - 159, 256**16 is a small number: two bytes 16 apart could trade
# values and keep the name, `v3/.../a` against `v1/.../b`, and a second claim of one run
# would be taken for the first. Modulo this one, no two short keys (8 KB) that differ in
# one or two bytes share a name: tests/once_test.py proves it.)
_PRIME = 0x9D490C1118B5BDC2133926E792485C09
_SHORT_KEY = 8192


def _digest(key: bytes) -> str:
    """A name for these bytes. A short key (a marker's, a config's, a commit id) is the
    remainder of the bytes read as one number, without an import: zlib is a shared library
    to load (0.4-1.4 ms, a tenth of a typical commit's budget) where this costs microseconds;
    a long one (a schema's text) is zlib's two checksums, linear and quick on megabytes.
    Neither is a defence against names chosen to collide (a lattice finds two 40-letter
    config names whose markers share one, as CRC-32 and Adler-32 can be made to collide):
    the keys are the repository's own, whose authors can as well remove the hook. A memo
    entry holds its key and must equal it; a marker relies on the prime (tests/once_test)."""
    if len(key) <= _SHORT_KEY:
        return f"{int.from_bytes(key, 'little') % _PRIME:032x}{len(key):x}"
    import zlib

    return f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}{len(key):x}"


def source_stamp(*paths: str) -> bytes:
    """Which code a memo's answers came from: the package's version and each source file's
    name, size and modification time (a folder: each of its `.py` files). An edit to that
    code, even without a new version number (a development install), forgets them."""
    from hooks import __version__

    stamps = []
    for path in paths:
        try:
            if os.path.isdir(path):
                stamps += sorted(
                    f"{entry.name}:{entry.stat().st_size}:{entry.stat().st_mtime_ns}"
                    for entry in os.scandir(path)
                    if entry.name.endswith(".py")
                )
            else:
                info = os.stat(path)
                stamps.append(f"{os.path.basename(path)}:{info.st_size}:{info.st_mtime_ns}")
        except (OSError, TypeError):  # (TypeError: a module without a file)
            stamps.append("unknown")
    return f"{__version__}\0{','.join(stamps)}\0".encode("utf-8", "surrogateescape")


def memo_load(kind: bytes, data: bytes) -> object:
    """What `memo_store` remembered for exactly these bytes, else None. The entry holds the
    bytes themselves and must equal them: a checksum collision cannot answer."""
    import marshal

    folder = _private_folder()
    if folder is None:
        return None
    try:
        stored = marshal.loads(_read_entry(os.path.join(folder, _key(kind, data))))
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


# An entry is opened without following a link and without waiting on a pipe's writer: a FIFO,
# a device or a link put in its place is no memo (a pipe would hang the hook, /dev/zero would
# be read until memory ran out).
_ENTRY_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_ENTRY_FLAGS |= getattr(os, "O_BINARY", 0)


def _read_entry(path: str) -> bytes:
    """A memo entry's bytes, if it is a regular file (OSError or ValueError otherwise)."""
    import stat

    fd = os.open(path, _ENTRY_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{path}: not a regular file")
        chunks = []
        while chunk := os.read(fd, max(info.st_size, 1 << 16)):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


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


def _sweep(folder: str, now: float | None = None) -> bool:
    """Remove the markers, and memos unused for an hour; at most once in `_SWEEP_SECONDS`
    (a busy folder holds thousands of entries: reading them all on every commit cost a hook
    10 ms). True: the folder was swept."""
    import time

    now = time.time() if now is None else now
    swept = os.path.join(folder, _SWEPT)
    try:
        if os.stat(swept).st_mtime > now - _SWEEP_SECONDS:
            return False
    except OSError:
        pass  # never swept (or unreadable: swept, and its time written again)
    cutoff = now - _STALE_SECONDS
    try:
        with open(swept, "wb"):
            pass
        os.utime(swept, (now, now))
        for entry in os.scandir(folder):
            if entry.name != _SWEPT and entry.stat().st_mtime < cutoff:
                os.remove(entry.path)
    except OSError:
        pass
    return True
