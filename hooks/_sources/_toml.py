"""TOML carriers' common reading: `tomllib` (`tomli` before Python 3.11) for the values; it
keeps no positions, so a value is found again in the text by its key."""

from __future__ import annotations

import re

from hooks._report import ToolError


def load(text: str, path: str) -> dict[str, object]:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ToolError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ToolError(f"{path}: TOML nested too deeply to read") from None


def locate(text: str, key: str, value: str = "") -> tuple[int, int]:
    """(line, column) of `key = …` whose value holds `value`'s first line (else of the
    first `key = …`, else line 1): where a person looks for the command."""
    pattern = re.compile(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=[ \t]*', re.M)
    first_line = value.split("\n", 1)[0].strip()
    fallback: tuple[int, int] | None = None
    for match in pattern.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        rest = text[match.end() : text.find("\n", match.end()) % (len(text) + 1)]
        col = match.end() - match.start() + 1
        if fallback is None:
            fallback = (line, col + 1 if rest[:1] in "\"'[" else col)
        at = rest.find(first_line) if first_line else -1
        if at >= 0:
            return line, col + at
    return fallback or (1, 1)


def table(doc: object, *keys: str) -> dict[str, object]:
    """doc[k1][k2]…, or {} where any step is missing or not a table."""
    node = doc
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}
