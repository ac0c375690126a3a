"""supervisord programs (`supervisord.conf`, `supervisor.conf` and the `*.conf`/`*.ini`
files it includes): the `command` of every `[program:x]`, `[fcgi-program:x]` and
`[eventlistener:x]` section, continuation lines included. supervisord splits the command
into words itself and runs no shell, so a `sh -c '…'` inside is the shell. A `.conf` or `.ini`
file with no such section runs nothing here."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

_SECTION = re.compile(r"^\[\s*(program|fcgi-program|eventlistener):[^\]]*\]", re.I)
_KEY = re.compile(r"^(command)\s*[=:]\s*(.*)$", re.I)
_COMMENT = re.compile(r"\s+;.*$")  # an inline comment: a `;` after whitespace


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if "[" not in text:
        return
    lines = text.split("\n")
    in_program = False
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        i += 1
        if raw.startswith("["):
            in_program = bool(_SECTION.match(raw))
            continue
        match = _KEY.match(raw) if in_program else None
        if not match:
            continue
        parts, places = [match.group(2)], [(i, match.start(2) + 1)]
        while i < len(lines) and lines[i][:1] in (" ", "\t") and lines[i].strip():
            stripped = lines[i].rstrip("\r")
            parts.append(stripped.strip())
            places.append((i + 1, len(stripped) - len(stripped.lstrip()) + 1))
            i += 1
        words = " ".join(_COMMENT.sub("", part) for part in parts)
        yield Snippet(words, [places[0]], fixed=len(parts) > 1)
