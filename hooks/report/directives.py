"""Reviewable exemptions for banned commands: an inline directive where the file has comments,
a config entry where it has none.

    # atlas-first: allow AF301 pushes the TS schema into the throwaway CI test database
    - run: npx drizzle-kit push --config=drizzle.config.test.ts --force

A directive stands in a comment (`#`, `//`, `;`, `--`, `/*`, `<!--`, `::`, `REM`) and names
one code (AF301, or AF303 for code that shells out) and a reason, which is required. It
allows the findings of that code on its own line, or, when the comment is alone on its line,
on the next line. It never reaches further: one directive, one command, in the diff for a
reviewer to read. A directive that allows nothing, names a code that cannot be allowed or
gives no reason is a warning (AF304), and allows nothing.
"""

from __future__ import annotations

import re

from hooks.report.violation import WARNING
from hooks.report.violation import Violation

ALLOWABLE = (
    "AF301",
    "AF303",
    "AF305",
)  # AF302 is "cannot be read": fixing the quoting is the way out
STALE = "AF304"

_DIRECTIVE = r"atlas-first:[ \t]*allow\b[ \t]*(?P<code>AF\d{3})?(?P<reason>[^\n]*)"
# What may come right before a directive on its line: a comment's opening.
_OPENINGS = ("<!--", "#", "//", ";", "--", "/*", "::", "rem", "REM")  # the longest first
_CLOSING = r"[ \t]*(?:\*/|-->)?[ \t]*\Z"


class Directive:
    __slots__ = ("code", "col", "line", "reaches", "reason", "used")

    def __init__(self, code: str, reason: str, line: int, col: int, reaches: int) -> None:
        self.code = code
        self.reason = reason
        self.line = line
        self.col = col
        self.reaches = reaches  # the line whose findings it allows
        self.used = False


def directives(text: str) -> list[Directive]:
    """The allow directives written in comments of `text`."""
    if "atlas-first:" not in text:
        return []
    found = []
    line, counted, start = 1, 0, 0  # lines counted once, left to right: linear in the text
    for match in re.compile(_DIRECTIVE).finditer(text):
        line += text.count("\n", counted, match.start())
        newline = text.rfind("\n", counted, match.start())
        if newline >= 0:
            start = newline + 1
        counted = match.start()
        before = text[start : match.start()].rstrip(" \t")
        opening = next((m for m in _OPENINGS if before.endswith(m)), None)
        if opening is None or (opening.isalpha() and before[-4:-3].isalnum()):
            continue  # in a string or an argument (or `…rem`): not a comment
        ahead = before[: -len(opening)].rstrip(" \t")
        if ahead.endswith(("`", '"', "'")):
            continue  # quoted in prose (`# atlas-first: allow AF301 <reason>`): an example
        alone = not ahead.strip()
        reason = re.compile(_CLOSING).sub("", match.group("reason")).strip()
        found.append(
            Directive(
                match.group("code") or "",
                reason,
                line,
                match.start() - start + 1,
                line + 1 if alone else line,
            ),
        )
    return found


def apply(path: str, text: str, violations: list[Violation]) -> list[Violation]:
    """`violations` less those a valid directive allows, plus a warning for each directive
    that allows nothing or is not valid."""
    written = directives(text)
    if not written:
        return violations
    valid = {
        (d.code, d.reaches): d for d in written if d.code in ALLOWABLE and d.reason
    }  # the last of two on one line wins: either way one command
    kept = []
    for v in violations:
        directive = valid.get((v.code, v.line or 0))
        if directive is None:
            kept.append(v)
        else:
            directive.used = True
    for d in written:
        problem = _problem(d, valid)
        if problem is not None:
            message, hint = problem
            kept.append(
                Violation(path, STALE, message, hint, line=d.line, col=d.col, severity=WARNING),
            )
    return kept


def _problem(d: Directive, valid: dict[tuple[str, int], Directive]) -> tuple[str, str] | None:
    if not d.code:
        return (
            "allow directive names no code",
            "write the code it allows and why: # atlas-first: allow AF301 <reason>",
        )
    if d.code not in ALLOWABLE:
        return (
            f"allow directive names {d.code}, which cannot be allowed here",
            f"only {' and '.join(ALLOWABLE)} can be allowed by a directive; fix the finding",
        )
    if not d.reason:
        return (
            f"allow directive for {d.code} gives no reason, so it allows nothing",
            f"say why, for the reviewer: # atlas-first: allow {d.code} <reason>",
        )
    if valid.get((d.code, d.reaches)) is d and not d.used:
        where = "the next line" if d.reaches != d.line else "its line"
        return (
            f"allow directive for {d.code}: {where} runs no banned drizzle-kit command",
            "remove the directive (the command it allowed is gone), or move it onto the"
            " command's line or the line above it",
        )
    return None
