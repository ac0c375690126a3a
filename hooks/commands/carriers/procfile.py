"""Procfile (Heroku, Dokku, Scalingo, foreman/overmind): `type: command` per line; every
process type counts, `release:` (run before each deploy) included."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

_PROCESS = re.compile(r"^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(\S.*?)\s*$")


def snippets(text: str, path: str) -> Iterator[Snippet]:
    for number, line in enumerate(text.split("\n"), 1):
        match = _PROCESS.match(line.rstrip("\r"))
        if match:
            yield Snippet(match.group(2), [(number, match.start(2) + 1)])
