"""Violations, and the exit-code contract every entry point shares.

Exit 0: clean. Exit 1: violations found. Exit 2: the tool could not do its job; one line on
stderr says what and how to fix it. No traceback ever reaches the user.
"""

from __future__ import annotations

TYPE_CHECKING = False

CLEAN = 0
VIOLATIONS = 1
CANNOT_CHECK = 2


ERROR = "error"
WARNING = "warning"


class ToolError(Exception):
    """The tool cannot check: bad config, git failure, unreadable input. Exit 2."""


class Fold:
    """How the text format may show many findings of one rule in one folder as one line
    (`migrations/: AF201 375 … (a, b, c and 372 more)`): what they are, and what to do about
    them all. Machine formats keep one result per file."""

    __slots__ = ("folder", "hint", "what")

    def __init__(self, folder: str, what: str, hint: str) -> None:
        self.folder = folder  # shown as the location, ending in "/"
        self.what = what  # after the count: "Drizzle migration files and no baseline"
        self.hint = hint


FOLD_FROM = 4  # a folder's findings are one line from this many; fewer are listed one by one
FOLD_NAMES = 3  # names a folded line shows


class Violation:
    """One finding: where it is, which rule, what is wrong and what to do instead."""

    __slots__ = ("code", "col", "fold", "hint", "line", "message", "path", "severity")

    def __init__(
        self,
        path: str,
        code: str,
        message: str,
        hint: str,
        *,
        line: int | None = None,
        col: int | None = None,
        severity: str = ERROR,
        fold: Fold | None = None,
    ) -> None:
        self.path = path
        self.fold = fold
        self.code = code
        self.message = message
        self.hint = hint
        self.line = line
        self.col = col
        self.severity = severity  # ERROR fails the check; WARNING is shown and exits 0 alone

    @property
    def location(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"

    @property
    def label(self) -> str:
        """The code as printed: `AF641 (warning)` for a warning."""
        return self.code if self.severity == ERROR else f"{self.code} ({self.severity})"

    @property
    def hint_line(self) -> str:
        """The hint as the text format prints it: ending with where the code is explained."""
        return f"{self.hint} (atlas-first explain {self.code})"

    def format(self) -> str:
        return f"{self.location}: {self.label} {self.message}\n    {self.hint_line}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.col or 0, self.code)

    def __repr__(self) -> str:
        return f"Violation({self.location!r}, {self.code!r}, {self.message!r})"


def quote_path(path: str) -> str:
    """Quote a path for a command line a user will paste (POSIX shells, PowerShell, cmd)."""
    if path and all(c.isalnum() or c in "/._-+@,:" for c in path) and path[0] != "-":
        return path
    return '"' + path.replace('"', '\\"') + '"'
