"""Violations, how they are printed, and the exit-code contract every entry point shares.

Exit 0: clean. Exit 1: violations found. Exit 2: the tool could not do its job; one line on
stderr says what and how to fix it. No traceback ever reaches the user.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from typing import Any
    from typing import TextIO

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
_FOLD_NAMES = 3  # names a folded line shows


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


FORMATS = ("text", "json", "github", "sarif")


def choose_format(requested: str | None) -> str:
    """The output format: as asked, else `github` inside GitHub Actions, else `text`."""
    if requested:
        return requested
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _use_color() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def folded(violations: list[Violation]) -> list[Violation]:
    """The text format's findings: those that share a Fold and a rule, FOLD_FROM or more, as
    one finding at the first one's place (the count, a few names, the fold's hint)."""
    groups: dict[tuple[str, str], list[Violation]] = {}
    for v in violations:
        if v.fold is not None:
            groups.setdefault((v.fold.folder, v.code), []).append(v)
    shown: list[Violation] = []
    for v in violations:
        members = groups.get((v.fold.folder, v.code), []) if v.fold is not None else []
        if v.fold is None or len(members) < FOLD_FROM:
            shown.append(v)
            continue
        if members[0] is not v:
            continue
        names = [m.path.removeprefix(v.fold.folder) for m in members[:_FOLD_NAMES]]
        more = len(members) - len(names)
        listed = ", ".join(names) + (f" and {more} more" if more else "")
        message = f"{len(members)} {v.fold.what} ({listed}): {v.message.split(': ', 1)[-1]}"
        shown.append(Violation(v.fold.folder, v.code, message, v.fold.hint, severity=v.severity))
    return shown


def _text(violations: list[Violation], notes: Iterable[str]) -> str:
    color = _use_color()
    lines = []
    for v in folded(violations):
        if color:
            tint = "31" if v.severity == ERROR else "33"
            lines.append(f"\033[1m{v.location}\033[0m: \033[1;{tint}m{v.label}\033[0m {v.message}")
            lines.append(f"    \033[2m{v.hint_line}\033[0m")
        else:
            lines.append(v.format())
    lines.extend(notes)
    return "".join(line + "\n" for line in lines)


def report(
    violations: Iterable[Violation],
    notes: Iterable[str] = (),
    errors: Iterable[str] = (),
    *,
    prog: str = "atlas-first",
    fmt: str = "text",
) -> int:
    """Print every finding in `fmt`; exit 2 if any input could not be checked, else 1 or 0."""
    found = sorted(violations, key=Violation.sort_key)
    failed = list(errors)
    blocking = any(v.severity == ERROR for v in found)
    code = CANNOT_CHECK if failed else VIOLATIONS if blocking else CLEAN
    if fmt == "text":
        sys.stdout.write(_text(found, notes))
    else:
        from hooks._formats import render

        sys.stdout.write(render(fmt, found, list(notes), failed, code))
    for error in failed:
        sys.stderr.write(f"{prog}: error: {_one_line(error)}\n")
    return code


_HEAD, _TAIL = 400, 200  # what an error line keeps of a long message: its start and its fix


def _one_line(error: str) -> str:
    """An error is one short line: a parser that quotes the input back (an unterminated
    heredoc, a whole flow sequence) must not paste the file onto the terminal. The start
    (the file, what failed) and the end (how to fix it) are kept."""
    flat = error.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if len(flat) <= _HEAD + _TAIL:
        return flat
    return f"{flat[:_HEAD]} … ({len(flat) - _HEAD - _TAIL} characters cut) … {flat[-_TAIL:]}"


def _tame_output() -> None:
    # File names are bytes in git; a name that the console cannot encode must not crash us.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


class Output:
    """A standard stream that outlives its reader: `atlas-first init | head -1` closes the
    pipe after one line, `>&-` gives no stream at all, a full disk refuses the write. The
    work (files to write, a verdict) is not cut short by it: the rest goes nowhere, and
    `failure` says why when the reason is not a reader that left."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream
        self.gone = stream is None
        self.failure: str | None = None
        self._written = False  # (flushing an empty buffer on a full disk fails too)

    def write(self, text: str) -> int:
        if text and not self.gone and self._stream is not None:
            self._written = True
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._lose()
            except (OSError, ValueError) as exc:
                self._lose(exc)
        return len(text)

    def flush(self) -> None:
        if self._written and not self.gone and self._stream is not None:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._lose()
            except (OSError, ValueError) as exc:
                self._lose(exc)

    def _lose(self, exc: Exception | None = None) -> None:
        self.gone = True
        if exc is not None:
            self.failure = getattr(exc, "strerror", None) or str(exc)
        try:  # what is still buffered, flushed at exit, goes to the null device
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())  # type: ignore[union-attr]
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_PER_RUN: list[dict[Any, Any]] = []


def per_run(cache: dict[Any, Any]) -> dict[Any, Any]:
    """A memo that lives for one run (cleared when `paused_collector` ends it): what two
    checks of one run both read (a schema.sql's parse tree and model) is built once, and is
    freed by reference counting before the interpreter's own teardown would collect it."""
    _PER_RUN.append(cache)
    return cache


class paused_collector:  # named as a function: `with paused_collector():`
    """No cyclic garbage collection while a check runs. What the readers build (YAML node
    graphs, SQL parse trees: up to millions of small objects) holds no cycles, and the
    collector, run again and again as they grow, cost more than the reading: a 5 MB dump's
    lint 8.5 s -> 3.2 s, a 1.8 MB lefthook file 1.2 s -> 0.46 s. A run is one short process;
    reference counting frees what it drops. (A class, not `contextlib.contextmanager`:
    contextlib's import cost every hook half a millisecond.)"""

    def __enter__(self) -> None:
        import gc

        self._collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        import gc

        if self._collecting:  # the outermost: the run is over
            for cache in _PER_RUN:
                cache.clear()
            gc.enable()


def run_safely(prog: str, work: Callable[[], int], fmt: str = "text") -> int:
    """Run an entry point; turn every failure into exit 2 with one readable line (and, for a
    machine format, a valid document that says the check did not run)."""
    _tame_output()
    given = sys.stdout, sys.stderr
    out = sys.stdout = given[0] if isinstance(given[0], Output) else Output(given[0])
    sys.stderr = given[1] if isinstance(given[1], Output) else Output(given[1])
    try:
        code = _run(prog, work, fmt)
        out.flush()
        if out.failure is not None:  # the report is lost: not a verdict anyone saw
            sys.stderr.write(f"{prog}: error: cannot write the report ({out.failure})\n")
            return 2
        return code
    finally:
        sys.stdout, sys.stderr = given


def _run(prog: str, work: Callable[[], int], fmt: str) -> int:
    try:
        with paused_collector():
            return work()
    except ToolError as exc:
        return report([], errors=[str(exc)], prog=prog, fmt=fmt)
    except KeyboardInterrupt:
        sys.stderr.write(f"{prog}: interrupted\n")
        return 130
    except Exception as exc:  # the contract is "never a traceback"
        message = (
            f"internal error ({type(exc).__name__}: {exc}); nothing was checked."
            " Please report this at the atlas-first-hooks issue tracker."
        )
        return report([], errors=[message], prog=prog, fmt=fmt)
