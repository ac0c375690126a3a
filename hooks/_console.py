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
    from typing import NoReturn


def _run(module: str) -> NoReturn:
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
    _run("hooks.cli")


def forbid_generated_schema_edits() -> NoReturn:
    _run("hooks.forbid_generated_schema_edits")


def forbid_new_migrations() -> NoReturn:
    _run("hooks.forbid_new_migrations")


def forbid_drizzle_kit_scripts() -> NoReturn:
    _run("hooks.forbid_drizzle_kit_scripts")


def forbid_drizzle_migrator() -> NoReturn:
    _run("hooks.forbid_drizzle_migrator")


def lint_schema_source() -> NoReturn:
    _run("hooks.lint_schema_source")


def guard_atlas_config() -> NoReturn:
    _run("hooks.guard_atlas_config")
