"""TOML carriers' common reading: `tomllib` (`tomli` before Python 3.11) for the values; it
keeps no positions, so a value is found again in the text by its key."""

from __future__ import annotations

import re

_KEY = re.compile(r'^[ \t]*(?:"([^"\n]*)"|\'([^\'\n]*)\'|([A-Za-z0-9_.-]+))[ \t]*=[ \t]*', re.M)
_LITERAL = re.compile(r'"""|\'\'\'|"((?:[^"\\\n]|\\.)*)"|\'([^\'\n]*)\'')


class Locator:
    """Where a value of a TOML text is written: `at(key, value)` is the (line, column) of the
    `key = …` line whose string literal is `value`'s first line, at that literal (else of the
    next `key = …` after the last one found, else line 1): where a person looks for the
    command. The text is indexed once, so a file of thousands of tasks costs linear time."""

    def __init__(self, text: str) -> None:
        self._entries: dict[str, list[tuple[int, int]]] = {}
        self._exact: dict[tuple[str, str], list[tuple[int, tuple[int, int]]]] = {}
        self._used: dict[tuple[str, str], int] = {}
        self._next: dict[str, int] = {}
        line, last = 1, 0
        for match in _KEY.finditer(text):
            line += text.count("\n", last, match.start())
            last = match.start()
            quoted = match.group(1) if match.group(1) is not None else match.group(2)
            bare = match.group(3)
            keys = {quoted} if bare is None else {bare, bare.rsplit(".", 1)[-1]}
            end = text.find("\n", match.end())
            rest = text[match.end() : len(text) if end < 0 else end]
            col = match.end() - match.start() + 1
            for key in keys:
                entries = self._entries.setdefault(key, [])
                entries.append((line, col + 1 if rest[:1] in "\"'[" else col))
                for literal in _LITERAL.finditer(rest):
                    group = 1 if literal.group(1) is not None else 2
                    content = literal.group(group) or ""
                    if content.strip():
                        lead = len(content) - len(content.lstrip())
                        where = (line, col + literal.start(group) + lead)
                        self._exact.setdefault((key, content.strip()), []).append(
                            (len(entries) - 1, where),
                        )

    def at(self, key: str, value: str = "") -> tuple[int, int]:
        wanted = (key, value.split("\n", 1)[0].strip())
        hits = self._exact.get(wanted)
        if hits:  # written as a literal: the next such line (the same values, in file order)
            used = self._used.get(wanted, 0)
            self._used[wanted] = used + 1
            entry, where = hits[min(used, len(hits) - 1)]
            self._next[key] = entry + 1
            return where
        entries = self._entries.get(key)
        if not entries:
            return (1, 1)
        index = self._next.get(key, 0)  # escapes or a multi-line value: the next such key
        self._next[key] = index + 1
        return entries[index] if index < len(entries) else entries[0]


def table(doc: object, *keys: str) -> dict[str, object]:
    """doc[k1][k2]…, or {} where any step is missing or not a table."""
    node = doc
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}
