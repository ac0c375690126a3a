"""Earthfiles (`Earthfile`): `RUN`, `CMD` and `ENTRYPOINT` of every target, read as a
Dockerfile's (shell and exec form, continuation lines, heredocs), with Earthly's own `RUN`
flags: `--push` (runs only on `earthly --push`, i.e. in a deploy), `--secret ID` and
`--mount …` whose value may be a separate word; `LOCALLY` and `WITH DOCKER` targets alike."""

from __future__ import annotations

import re

from hooks.commands.carriers import dockerfile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet

RUN_FLAG = re.compile(
    r"--(?:secret|mount|network)(?:=\S*|[ \t]+[^-\s]\S*)[ \t]+|--[a-z-]+(?:=\S*)?[ \t]+"
)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    return dockerfile.snippets(text, path, RUN_FLAG)
