"""Vercel (`vercel.json`): `buildCommand`, `installCommand`, `devCommand`, `ignoreCommand`."""

from __future__ import annotations

from hooks.commands.carriers._json import Located

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet

KEYS = ("buildCommand", "installCommand", "devCommand", "ignoreCommand")


def snippets(text: str, path: str) -> Iterator[Snippet]:
    doc = Located(text, path)
    for key in KEYS:
        yield from doc.snippets((key,))
