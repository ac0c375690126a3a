"""Violations, how they are printed, and the exit-code contract every entry point shares.

Exit 0: clean. Exit 1: violations found. Exit 2: the tool could not do its job; one line on
stderr says what and how to fix it. No traceback ever reaches the user.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable

CLEAN = 0
VIOLATIONS = 1
CANNOT_CHECK = 2


class ToolError(Exception):
    """The tool cannot check: bad config, git failure, unreadable input. Exit 2."""


class Violation:
    """One finding: where it is, which rule, what is wrong and what to do instead."""

    __slots__ = ("code", "col", "hint", "line", "message", "path")

    def __init__(
        self,
        path: str,
        code: str,
        message: str,
        hint: str,
        *,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        self.path = path
        self.code = code
        self.message = message
        self.hint = hint
        self.line = line
        self.col = col

    @property
    def location(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"

    def format(self) -> str:
        return f"{self.location}: {self.code} {self.message}\n    {self.hint}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.col or 0, self.code)

    def __repr__(self) -> str:
        return f"Violation({self.location!r}, {self.code!r}, {self.message!r})"


def quote_path(path: str) -> str:
    """Quote a path for a command line a user will paste (POSIX shells, PowerShell, cmd)."""
    if path and all(c.isalnum() or c in "/._-+@,:" for c in path) and path[0] != "-":
        return path
    return '"' + path.replace('"', '\\"') + '"'


def print_report(
    violations: Iterable[Violation],
    notes: Iterable[str] = (),
    errors: Iterable[str] = (),
    *,
    prog: str = "atlas-first",
) -> int:
    """Print every finding; exit 2 if any input could not be checked, else 1 or 0."""
    found = sorted(violations, key=Violation.sort_key)
    out = sys.stdout
    for violation in found:
        out.write(violation.format() + "\n")
    for note in notes:
        out.write(note + "\n")
    failed = list(errors)
    for error in failed:
        sys.stderr.write(f"{prog}: error: {error}\n")
    if failed:
        return CANNOT_CHECK
    return VIOLATIONS if found else CLEAN


def _tame_output() -> None:
    # File names are bytes in git; a name that the console cannot encode must not crash us.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def run_safely(prog: str, work: Callable[[], int]) -> int:
    """Run an entry point; turn every failure into exit 2 with one readable line."""
    _tame_output()
    try:
        return work()
    except ToolError as exc:
        sys.stderr.write(f"{prog}: error: {exc}\n")
        return CANNOT_CHECK
    except KeyboardInterrupt:
        sys.stderr.write(f"{prog}: interrupted\n")
        return 130
    except Exception as exc:  # the contract is "never a traceback"
        sys.stderr.write(
            f"{prog}: error: internal error ({type(exc).__name__}: {exc}); nothing was checked."
            " Please report this at the atlas-first-hooks issue tracker.\n",
        )
        return CANNOT_CHECK
