"""Running git: a process started the same way for every hook (neutral config, our own
pathspec environment, no `subprocess` import where POSIX can spawn), its failures worded as
one line, and the top of the work tree found."""

from __future__ import annotations

import os

from hooks.repo.gitconfig import git_dirs
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Sequence

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


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in _PATHSPEC_ENV:
        env.pop(name, None)
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env["LC_ALL"] = "C"
    return env


def _start(
    argv: list[str], env: dict[str, str], *, stdin: bool = False
) -> tuple[int, int, int, int | None]:
    """Start a program with its stdout and stderr on pipes, and its stdin on a pipe too when
    `stdin` (else the null device): (pid, stdout fd, stderr fd, stdin fd or None). On POSIX
    without the `subprocess` module, whose import alone costs a hook a quarter of its budget
    (signal, threading, selectors)."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    in_r, in_w = os.pipe() if stdin else (os.open(os.devnull, os.O_RDONLY), None)
    try:
        pid = os.posix_spawnp(
            argv[0],
            argv,
            env,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, in_r, 0),
                (os.POSIX_SPAWN_DUP2, out_w, 1),
                (os.POSIX_SPAWN_DUP2, err_w, 2),
            ],
        )
    except BaseException:
        for fd in (out_r, err_r, in_w):
            if fd is not None:
                os.close(fd)
        raise
    finally:
        for fd in (out_w, err_w, in_r):
            os.close(fd)
    return pid, out_r, err_r, in_w


def _collect(
    pid: int, out_r: int, err_r: int, in_w: int | None = None, input_data: bytes = b""
) -> tuple[int, bytes, bytes]:
    """Feed a started program `input_data` (when its stdin is a pipe) while reading its
    output to the end, and reap it: (exit code, stdout, stderr). Written as the pipe takes
    it, never blocking: a program that answers each line (`cat-file --batch`) fills its
    stdout while its stdin is still being written."""
    import select

    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
    open_fds = [out_r, err_r]
    pending = memoryview(input_data)
    if in_w is not None:
        if pending:
            os.set_blocking(in_w, False)
        else:
            os.close(in_w)
            in_w = None
    while open_fds or in_w is not None:
        ready, writable, _ = select.select(open_fds, [] if in_w is None else [in_w], [])
        if writable and in_w is not None:
            try:
                pending = pending[os.write(in_w, pending[: 1 << 16]) :]
            except BlockingIOError:
                pass
            except BrokenPipeError:  # it stopped reading (it failed): its stderr says why
                pending = pending[:0]
            if not pending:
                os.close(in_w)
                in_w = None
        for fd in ready:
            data = os.read(fd, 1 << 16)
            if data:
                chunks[fd].append(data)
            else:
                open_fds.remove(fd)
                os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks[out_r]), b"".join(chunks[err_r])


def _spawn(
    argv: list[str], env: dict[str, str], input_data: bytes = b""
) -> tuple[int, bytes, bytes]:
    return _collect(*_start(argv, env, stdin=bool(input_data)), input_data)


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
        if cwd is None and hasattr(os, "posix_spawnp"):
            return _spawn(argv, env, input_data)
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


def git_soon(
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


BARE = (
    "this is a bare repository (no work tree): run it inside one of its worktrees"
    " (`git worktree list` names them)"
)


def _bare(root: str) -> bool:
    """Whether a `.git` file at `root` leads to a bare repository's own directory (the
    bare-clone-plus-worktrees layout: `.git` holds `gitdir: ./.bare`). A linked worktree's
    git directory has a `commondir`, and git ignores core.bare there."""
    from hooks.repo.gitconfig import UnsureSetting
    from hooks.repo.gitconfig import config_bool

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


def git_ignorecase() -> bool:
    """core.ignorecase as git itself reads it (where its config files cannot tell)."""
    out = run_git(["config", "--bool", "--get", "core.ignorecase"], ok_codes=(0, 1))
    return out.strip() == b"true"
