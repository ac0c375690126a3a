"""How forbid-drizzle-kit-scripts tells a banned drizzle-kit run: its codes, the part of the
configuration its finders read (`ScriptRules`), and each run's message (what it runs, through
which hops: `through dotenv → docker compose exec`, or the variable the subcommand comes from)
and hint."""

from __future__ import annotations

from hooks.report.violation import Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    from hooks.commands.carriers import Snippet
    from hooks.commands.runs import Analysis
    from hooks.commands.runs import Run

    class ScriptRules(Protocol):
        """What the finders read of the configuration (`hooks.project.config.Config`, a part
        above this one: it is handed down, not imported)."""

        @property
        def origin(self) -> str: ...
        @property
        def hint(self) -> str: ...
        @property
        def banned_subcommands(self) -> tuple[str, ...]: ...
        @property
        def mention_only(self) -> tuple[str, ...]: ...
        def allowed_scripts(self, path: str) -> dict[str, str]: ...


RUNS = "AF301"
UNPARSEABLE = "AF302"
SHELLS_OUT = "AF303"
NO_READER = "AF305"


def script_hint(config: ScriptRules) -> str:
    return f"use Atlas instead: {config.hint}; `drizzle-kit pull` (types only) is fine"


def reported(
    path: str, snippet: Snippet, result: Analysis, code: str, how: str, hint: str
) -> list[Violation]:
    """One violation per banned run a snippet's analysis found, at its place in the file."""
    found = []
    for run in result.runs:
        line, col = snippet.position(run.offset)
        found.append(
            Violation(
                path,
                code,
                described(how, run),
                unknown_hint(run, hint),
                line=line,
                col=col,
            )
        )
    return found


def described(how: str, run: Run) -> str:
    """What a run does, as a report says it: `runs "drizzle-kit push" through …`, or, for a
    subcommand filled in where it runs, `could run "drizzle-kit $CMD": the subcommand comes
    from $CMD, which …`."""
    if run.source is not None:
        could = "could run" if how == "runs" else how.replace("to run", "and could run")
        return f'{could} "{run.command}"{_through(run)}: the subcommand comes from {run.source}'
    return f'{how} "{run.command}"{_through(run)}'


def _through(run: Run) -> str:
    from hooks.commands.runs import DEEPER

    if run.hops:
        return " through " + " → ".join(run.hops)
    if run.via is None:
        return ""
    if run.via == DEEPER:
        return " through wrappers nested deeper than atlas-first follows (taken to run it)"
    if run.via.startswith("$"):
        return f" through the command held in {run.via}"
    return f" through {run.via}, a program atlas-first does not know (taken to run it)"


def unknown_hint(run: Run, hint: str) -> str:
    from hooks.commands.runs import DEEPER

    if run.source is not None:
        return (
            "let it be only what writes nothing (a choice input whose options are pull and"
            f" check), or name the subcommand; {hint}"
        )
    if run.via is None or run.via.startswith("$") or run.via == DEEPER:
        return hint
    return (
        f"{hint}; if {run.via} only mentions the command,"
        " add it to mention-only in .atlas-first.toml"
    )
