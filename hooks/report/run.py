"""One run of an entry point: its output streams tamed, every failure turned into exit 2
with one readable line (never a traceback), and the caches that live for the run."""

from __future__ import annotations

import os
import re
import sys

from hooks.report.output import report
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any
    from typing import AnyStr
    from typing import TextIO


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
_PATTERNS: dict[Any, Any] = {}


def pattern(source: AnyStr) -> re.Pattern[AnyStr]:
    """`source` compiled on first use and kept for the process. A module's patterns compiled
    at import cost every commit that loads it (0.1-0.35 ms each, a module of them more than
    the rest of its loading), whether or not its checks need them; and a run over thousands
    of files looks each up in a dict here (`re`'s own cache costs a microsecond or two a
    call: 20-40 ms over 20,000 files)."""
    found = _PATTERNS.get(source)
    if found is None:
        found = _PATTERNS[source] = re.compile(source)
    return found


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
