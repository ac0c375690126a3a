"""Where an offset of a text is, as a person reads it: 1-based line and column (CRLF counts
as one line break). Every finding's `path:line:col` comes from here."""

from __future__ import annotations

import re


class Positions:
    """Offsets in a text to 1-based line and column (CRLF counts as one line break)."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None  # built on the first question: most files ask none

    def at(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = line_starts(self._text)
        import bisect  # here: most runs ask no position

        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def line_starts(text: str) -> list[int]:
    """The offset of every line's first character."""
    return [0] + [m.end() for m in re.finditer("\n", text)]
