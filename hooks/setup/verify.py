"""`atlas-first verify`: the committed generated files are exactly what regeneration writes.

The paired-change rule cannot see a hand edit committed together with a cosmetic `schema.sql`
change. This can: it checks the commit out in a temporary `git worktree`, runs the team's
`regenerate` command there (the sync script: Atlas apply, then `drizzle-kit pull`), and
compares every file under `generated` with what is committed. Meant for CI, where the database
and the tools exist.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile

from hooks.report.catalogue import Code
from hooks.report.catalogue import Example
from hooks.report.catalogue import register
from hooks.report.violation import ToolError
from hooks.report.violation import Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterator
    from typing import Any

    from hooks.project.config import Config
    from hooks.repo.repository import Repo

DRIFT = "AF501"
MISSING = "AF502"
EXTRA = "AF503"
_REGENERATE = (
    "`atlas-first verify` regenerates the generated files in a scratch copy (the config's"
    " `regenerate` command: Atlas apply, then drizzle-kit pull, against a real database)"
    " and compares them with what is committed."
)


def _catalogue() -> list[Code]:
    """This hook's codes (built when a report or `explain` asks). The examples are commits
    of the demo monorepo that `atlas-first verify` checks."""
    from hooks.setup.demo import MONOREPO

    generated = "packages/database/src/schema/"
    pulled = {name: MONOREPO[generated + name] for name in ("schema.ts", "relations.ts")}
    # A stand-in for the sync script that needs no database: it writes what drizzle-kit pull
    # writes for the demo monorepo's schema.sql.
    regen = (
        f"import pathlib\nout = pathlib.Path({generated!r})\n"
        "out.mkdir(parents=True, exist_ok=True)\n"
        f"for name, text in {pulled!r}.items():\n"
        "    (out / name).write_text(text, newline='\\n')\n"
    )
    setup: dict[str, str | None] = {
        ".atlas-first.toml": 'regenerate = ["python3", "tools/regen.py"]\n',
        "tools/regen.py": regen,
    }
    clean = Example({}, base=setup)
    return [
        Code(
            DRIFT,
            "Generated file differs from what regeneration writes",
            why=f"{_REGENERATE} A difference is a hand edit, or a pull from another database.",
            fix="run the sync script and commit exactly its output",
            fires=Example(
                {f"{generated}schema.ts": pulled["schema.ts"] + "// hand edit\n"}, base=setup
            ),
            passes=clean,
        ),
        Code(
            MISSING,
            "Committed generated file that regeneration does not write",
            why=f"{_REGENERATE} A committed file it does not write is left over or hand-made.",
            fix="remove the file, or change schema.sql so that regeneration writes it",
            fires=Example({f"{generated}old/schema.ts": "export const extra = 1;\n"}, base=setup),
            passes=clean,
        ),
        Code(
            EXTRA,
            "Regenerated file that is not committed",
            why=f"{_REGENERATE} A file it writes that is not committed was never pulled.",
            fix="run the sync script and commit its output",
            fires=Example({f"{generated}relations.ts": None}, base=setup),
            passes=clean,
        ),
    ]


register(
    "verify",
    (
        DRIFT,
        MISSING,
        EXTRA,
    ),
    _catalogue,
)

_OUTPUT_TAIL = 15
_DIFF_LINES = 12


def _walk(root: str, top: str) -> Iterator[str]:
    """Root-relative POSIX paths of the files below `top` (links are not followed)."""
    start = os.path.join(root, *top.split("/")) if top else root
    for here, dirs, files in os.walk(start):
        dirs[:] = [d for d in dirs if d not in (".git", "node_modules")]
        rel = os.path.relpath(here, root).replace(os.sep, "/")
        for name in files:
            yield name if rel == "." else f"{rel}/{name}"


def _spelled_on_disk(root: str, top: str) -> str:
    """`top` as the work tree spells it, where that differs only in case (core.ignorecase:
    `src/schema` names `SRC/Schema`): the paths a walk yields are then git's."""
    here = root
    parts: list[str] = []
    for part in top.split("/") if top else ():
        try:
            names = os.listdir(here)  # (a disk that ignores case finds `part` in any case)
        except OSError:
            names = []
        if part not in names:
            part = next((n for n in sorted(names) if n.lower() == part.lower()), part)
        parts.append(part)
        here = os.path.join(here, part)
    return "/".join(parts)


def generated_files(root: str, config: Config) -> list[str]:
    """Files under `generated` in a work tree, found by walking it (untracked ones too)."""
    from hooks.drizzle.artefacts import pull_writes

    matcher = config.generated
    # (not pull's migration leftovers)
    pulled = pull_writes(config.patterns("generated"), ignorecase=config.ignorecase)
    tops = matcher.literal_paths
    found: set[str] = set()
    for top in tops if tops is not None else ("",):
        on_disk = _spelled_on_disk(root, top) if matcher.ignorecase else top
        found.update(p for p in _walk(root, on_disk) if matcher.match(p) and pulled(p))
    return sorted(found)


def _link_node_modules(source_root: str, worktree: str, package_dirs: list[str]) -> list[str]:
    """Reuse the installed JS tools: a worktree has no node_modules of its own. The links
    made, to be removed before the worktree is (never through them)."""
    made = []
    for rel in package_dirs:
        parts = [*rel.split("/"), "node_modules"] if rel else ["node_modules"]
        src = os.path.join(source_root, *parts)
        dst = os.path.join(worktree, *parts)
        wanted = os.path.isdir(src) and not os.path.lexists(dst)
        if wanted and link_folder(src, dst, os.name, _symlink_folder, _junction):
            made.append(dst)
    return made


def link_folder(
    src: str,
    dst: str,
    os_name: str,
    symlink: Callable[[str, str], None],
    junction: Callable[[str, str], None],
) -> bool:
    """Make `dst` a link to the folder `src`: a symbolic link; on Windows, where that needs
    developer mode or an elevated shell, else a directory junction (which needs neither).
    False: no link (the command then installs or fetches its own tools)."""
    try:
        symlink(src, dst)
        return True
    except OSError:
        if os_name != "nt":
            return False
    try:
        junction(src, dst)
        return True
    except OSError:
        return False


def _symlink_folder(src: str, dst: str) -> None:
    os.symlink(src, dst, target_is_directory=True)


def _junction(src: str, dst: str) -> None:  # pragma: no cover - Windows only
    import importlib

    winapi: Any = importlib.import_module("_winapi")  # (its stub is Windows-only)
    winapi.CreateJunction(src, dst)


def _unlink_folder_link(path: str) -> None:
    """Remove a link made by `link_folder`, not what it points at: os.unlink removes a
    symbolic link, and on Windows a junction too; os.rmdir is the fallback for a junction."""
    try:
        os.unlink(path)
    except OSError:
        with contextlib.suppress(OSError):
            os.rmdir(path)


def resolve_program(command: list[str], which: Callable[[str], str | None]) -> list[str] | None:
    """The command with its program found on PATH as `which` finds it (on Windows with the
    PATHEXT extensions: `pnpm` is `pnpm.cmd`, `npx` is `npx.cmd`, which CreateProcess would
    not find by the bare name). A program given with a folder is run as written (from the
    scratch copy); None: not found."""
    program = command[0]
    if "/" in program or "\\" in program:
        return command
    found = which(program)
    return None if found is None else [found, *command[1:]]


def rmtree_error_keyword(version: tuple[int, int]) -> str:
    """shutil.rmtree's error-handler argument: `onexc` from Python 3.12 (where `onerror` is
    deprecated, a warning), `onerror` before it (where `onexc` does not exist)."""
    return "onexc" if version >= (3, 12) else "onerror"


def _writable_and_retry(func: Callable[[str], object], path: str, _error: object) -> None:
    """rmtree's error handler: git writes its object files read-only, and Windows will not
    delete a read-only file or folder. Clear the bit and try once more; what still cannot be
    removed is left in the temporary folder (never followed through a link)."""
    if getattr(func, "__name__", "") not in ("unlink", "remove", "rmdir"):
        return  # a listing or an open that failed: nothing to retry
    with contextlib.suppress(OSError):
        if not os.path.islink(path):
            os.chmod(path, stat.S_IMODE(os.lstat(path).st_mode) | stat.S_IWRITE)
        func(path)


def remove_tree(folder: str) -> None:
    """Remove the scratch folder, read-only files and all; never raises."""
    handler = {rmtree_error_keyword(sys.version_info[:2]): _writable_and_retry}
    shutil.rmtree(folder, **handler)  # type: ignore[arg-type]


def _diff(committed: bytes, regenerated: bytes, path: str) -> list[str]:
    import difflib

    before = committed.decode("utf-8", "replace").splitlines()
    after = regenerated.decode("utf-8", "replace").splitlines()
    lines = list(
        difflib.unified_diff(
            before, after, f"committed/{path}", f"regenerated/{path}", lineterm=""
        ),
    )
    if not lines and committed != regenerated:
        return ["(the files differ only in line endings or a final newline)"]
    if len(lines) > _DIFF_LINES:
        lines = [*lines[:_DIFF_LINES], f"... ({len(lines) - _DIFF_LINES} more diff lines)"]
    return lines


def run_regenerate(command: list[str], cwd: str) -> None:
    resolved = resolve_program(command, shutil.which)
    if resolved is None:
        raise ToolError(
            f"regenerate: {command[0]!r} was not found on PATH; install it or fix 'regenerate'",
        )
    try:
        proc = subprocess.run(
            resolved,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
    except FileNotFoundError:
        raise ToolError(
            f"regenerate: {command[0]!r} was not found; install it or fix 'regenerate'",
        ) from None
    except OSError as exc:
        raise ToolError(f"regenerate: cannot run {command[0]!r}: {exc.strerror}") from None
    if proc.returncode != 0:
        output = proc.stdout.decode("utf-8", "replace").rstrip().splitlines()[-_OUTPUT_TAIL:]
        tail = "".join(f"\n    | {line}" for line in output)
        raise ToolError(
            f"regenerate: `{' '.join(command)}` failed with exit {proc.returncode}; nothing was"
            f" verified (does it reach the database and the tools?){tail}",
        )


def verify(repo: Repo, config: Config, rev: str) -> tuple[list[Violation], list[str]]:
    """Violations (drift, missing, extra) and notes, for the commit `rev`."""
    command = config.regenerate
    if not command:
        raise ToolError(
            f"{config.origin}: set 'regenerate' to the command that regenerates the generated"
            ' files, e.g. regenerate = ["sh", "scripts/sync-schema.sh"]',
        )
    from hooks.repo.git import GitFailed

    try:
        commit = repo.git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]).decode()
    except GitFailed:
        raise ToolError(f"{rev}: no such commit here; fetch it first") from None
    commit = commit.strip()
    tree = repo.tree_blobs(commit)
    from hooks.drizzle.artefacts import pull_writes

    pulled = pull_writes(config.patterns("generated"), ignorecase=config.ignorecase)
    committed = {p: b for p, b in tree.items() if config.generated.match(p) and pulled(p)}
    package_dirs = sorted(
        {p.rsplit("/", 1)[0] if "/" in p else "" for p in tree if p.endswith("package.json")},
    )
    parent = tempfile.mkdtemp(prefix="atlas-first-verify-")
    worktree = os.path.join(parent, "tree")
    no_hooks = os.path.join(parent, "no-hooks")  # the user's post-checkout hook stays out of it
    os.mkdir(no_hooks)
    links: list[str] = []
    try:
        repo.git(
            ["-c", f"core.hooksPath={no_hooks}", "worktree", "add", "--detach", worktree, commit]
        )
        links = _link_node_modules(repo.root, worktree, package_dirs)
        # Regenerate from scratch: a hand-added file must not survive just by being there.
        for path in generated_files(worktree, config):
            os.remove(os.path.join(worktree, *path.split("/")))
        run_regenerate(list(command), worktree)
        produced = generated_files(worktree, config)
        return _compare(repo, worktree, committed, produced), [
            f"verified {len(committed)} committed generated file(s) of {commit[:12]}"
            f" against `{' '.join(command)}`",
        ]
    finally:
        for link in links:  # first: removing the worktree must not reach through them
            _unlink_folder_link(link)
        with contextlib.suppress(ToolError):
            repo.git(["worktree", "remove", "--force", worktree])
        remove_tree(parent)
        with contextlib.suppress(ToolError):
            repo.git(["worktree", "prune"])


def _compare(
    repo: Repo,
    worktree: str,
    committed: dict[str, str],
    produced: list[str],
) -> list[Violation]:
    from hooks.repo.git import run_git

    hint = (
        "the committed file is not what regeneration writes from schema.sql: a hand edit?"
        " Run the sync script and commit exactly its output"
    )
    ids: dict[str, str] = {}
    if produced:
        listing = "\n".join(produced).encode()
        out = run_git(["hash-object", "--stdin-paths"], cwd=worktree, input_data=listing)
        ids = dict(zip(produced, out.decode().split(), strict=False))
    violations = []
    for path in sorted(set(committed) | set(produced)):
        if path not in ids:
            violations.append(
                Violation(
                    path,
                    MISSING,
                    "committed in the generated folder, but regeneration does not write it",
                    hint,
                ),
            )
        elif path not in committed:
            violations.append(
                Violation(
                    path,
                    EXTRA,
                    "regeneration writes this file, but it is not committed",
                    "run the sync script and commit its output",
                ),
            )
        elif ids[path] != committed[path]:
            old = repo.git(["cat-file", "blob", committed[path]])
            with open(os.path.join(worktree, *path.split("/")), "rb") as fh:
                new = fh.read()
            detail = "".join(f"\n        {line}" for line in _diff(old, new, path))
            violations.append(
                Violation(
                    path,
                    DRIFT,
                    "differs from what regeneration writes" + detail,
                    hint,
                ),
            )
    return violations
