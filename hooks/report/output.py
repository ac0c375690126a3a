"""How findings are printed: the text format (folded by folder), or a machine format; the
exit code follows from what was found."""

from __future__ import annotations

import os
import sys

from hooks.report.violation import CANNOT_CHECK
from hooks.report.violation import CLEAN
from hooks.report.violation import ERROR
from hooks.report.violation import FOLD_FROM
from hooks.report.violation import FOLD_NAMES
from hooks.report.violation import VIOLATIONS
from hooks.report.violation import Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

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
        names = [m.path.removeprefix(v.fold.folder) for m in members[:FOLD_NAMES]]
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
        from hooks.report.formats import render

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
