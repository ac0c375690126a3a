"""What an analysis of command text finds: each banned drizzle-kit `Run`, in an `Analysis`;
the `Frame` each command is read in (the result it adds to, how deep the nesting is); and
`Reader`, what the handler of a program (hooks/commands/unwrap.py, package_runners.py) may
ask of the analyzer that reads the command, so that the handlers need not import it."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Protocol

    from hooks.commands.shell import Word

MAX_DEPTH = 12  # command strings, scripts and functions nested in one another that we follow
DEEPER = "…"  # `via` of a run found past our nesting limits


class Run:
    """A banned drizzle-kit invocation: what it runs and where the command starts; `via`, the
    program we do not know that was handed it (reported all the same: fail closed)."""

    __slots__ = ("command", "hops", "offset", "source", "subcommand", "via")

    def __init__(
        self,
        command: str,
        subcommand: str,
        offset: int,
        via: str | None = None,
        hops: tuple[str, ...] = (),
        source: str | None = None,
    ) -> None:
        self.command = command
        self.subcommand = subcommand
        self.offset = offset
        self.via = via
        # Where the command was assembled, each hop: another package's script it runs
        # (`packages/db/package.json script "drizzle"`).
        self.hops = hops
        # A subcommand computed where the command runs (`drizzle-kit ${{ inputs.command }}`):
        # where it comes from and what it can be.
        self.source = source

    def moved(self, offset: int, via: str | None = None, hops: tuple[str, ...] = ()) -> Run:
        """The same run, reported at another place (the call that made it), with more hops."""
        return Run(self.command, self.subcommand, offset, via, (*hops, *self.hops), self.source)

    def __repr__(self) -> str:
        return f"Run({self.command!r})"


class Analysis:
    __slots__ = ("complete", "refs", "runs")

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.refs: list[str] = []  # scripts of the same package.json this text calls
        self.complete = True


class Frame:
    """Where a command was found: the result it adds to, and how deep the nesting is."""

    __slots__ = ("depth", "expanding", "guessing", "offset", "result", "start")

    def __init__(
        self,
        result: Analysis,
        depth: int,
        offset: int,
        expanding: frozenset[str],
        start: int,
        *,
        guessing: bool = False,
    ) -> None:
        self.result = result
        self.depth = depth
        self.offset = offset  # of the text being read, within the outermost text
        self.expanding = expanding  # scripts being expanded (a cycle guard)
        self.start = start  # of the command, within the outermost text
        # Reading an argument of a program we do not know, as if it were a command: only what
        # plainly runs counts there (one guess deep, never a guess built on a guess).
        self.guessing = guessing


if TYPE_CHECKING:

    class Reader(Protocol):
        """The analyzer, as the handler of a program sees it (hooks/commands/analyzer.py)."""

        def command(self, frame: Frame, words: list[Word]) -> None: ...

        def nested(self, frame: Frame, texts: list[str], dialect: str = ...) -> None: ...

        def unknown(
            self, frame: Frame, first: Word, rest: list[Word], *, limit: bool = ...
        ) -> None: ...

        def script_ref(self, frame: Frame, name: str, args: list[Word]) -> None: ...

        def elsewhere(self, frame: Frame, name: str, args: list[Word]) -> None: ...

        def script_file(self, frame: Frame, path: str, args: list[Word]) -> bool: ...

        def is_script(self, name: str) -> bool: ...

        def matching_scripts(self, pattern: str) -> list[str]: ...

        def run_script_or_binary(
            self, frame: Frame, name_word: Word, rest: list[Word]
        ) -> list[Word] | None: ...

        def without_scripts(self) -> Reader: ...

    # A handler unwraps one program: it returns the words of the command it runs (the loop
    # goes on with them), or None when nothing more runs (it may have recursed into strings
    # itself).
    Handler = Callable[[Reader, Frame, Word, list[Word]], "list[Word] | None"]
