"""The console entry points: each runs one `main` and ends the process at once.

A hook's process has nothing left to do once its report is written and flushed: no thread,
no file open for writing, no `atexit` handler of ours. The interpreter's teardown (freeing
every module, every cached parse tree, then the collector's last pass) cost ~3 ms of a
~23 ms typical commit, a quarter of the interpreter's own start, so the process exits
with `os._exit` after flushing. In-process callers (tests, `hooks.cli.main([...])`) are
unaffected: only these wrappers exit.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import NoReturn


# Options that make a run read something other than the staged change (any abbreviation).
_NOT_STAGED = ("--all-files", "--from-ref", "--to-ref", "--help")


def reads_staged_change(argv: list[str], environ: Mapping[str, str]) -> bool:
    """Whether a hook run with these arguments reads the staged change (not a range, not
    the whole tree). A guess that only decides when git starts: wrong either way, the run
    is the same (an unused diff is left, or the diff starts later)."""
    if environ.get("PRE_COMMIT_FROM_REF") or environ.get("PRE_COMMIT_TO_REF"):
        return False
    for arg in argv:
        if arg == "--":
            break
        name = arg.partition("=")[0]
        if name == "-h" or (len(name) > 2 and any(o.startswith(name) for o in _NOT_STAGED)):
            return False
    return True


def _run(module: str, *, staged_change: bool = False) -> NoReturn:
    """`staged_change`: the hook reads the staged change whenever it runs on it; its `git
    diff` starts before the hook's modules load (they take ~10 ms: git's run on a large
    index, as long)."""
    if staged_change and reads_staged_change(sys.argv[1:], os.environ):
        from hooks.repo.changes import start_staged_diff

        start_staged_diff()
    main = __import__(module, fromlist=["main"]).main
    try:
        code = main()
    except SystemExit as exc:  # argparse's usage error and --help, `sys.exit("message")`
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")  # what the interpreter prints for a non-integer code
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 (contextlib costs every hook its import)
            stream.flush()
        except (OSError, ValueError):  # the reader went away (`| head`): nothing to tell
            pass
    os._exit(code)


def atlas_first() -> NoReturn:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    _run("hooks.cli", staged_change=command in ("hook", "check"))


def forbid_generated_schema_edits() -> NoReturn:
    _run("hooks.forbid_generated_schema_edits", staged_change=True)


def forbid_new_migrations() -> NoReturn:
    # (with no config, the migrations folder is inferred from the index: HEAD's list,
    # remembered, and the staged change)
    _run("hooks.forbid_new_migrations", staged_change=True)


def forbid_drizzle_kit_scripts() -> NoReturn:
    _run("hooks.forbid_drizzle_kit_scripts")


def forbid_drizzle_migrator() -> NoReturn:
    _run("hooks.forbid_drizzle_migrator")


def lint_schema_source() -> NoReturn:
    _run("hooks.lint_schema_source", staged_change=True)


def guard_atlas_config() -> NoReturn:
    _run("hooks.guard_atlas_config")
