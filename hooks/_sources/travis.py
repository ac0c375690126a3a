"""Travis CI (`.travis.yml`): every phase that runs commands (`before_install`, `install`,
`before_script`, `script`, `after_success`, `after_failure`, `after_script`,
`before_deploy`, `after_deploy`, `before_cache`), at the top, in `jobs`/`matrix` `include`
entries and stages, and a `deploy` of `provider: script` (its `script`)."""

from __future__ import annotations

from hooks._sources import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks._sources import Snippet

KEYS = (
    "before_install", "install", "before_script", "script", "after_success", "after_failure",
    "after_script", "before_deploy", "after_deploy", "before_cache",
)  # fmt: skip


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    walked: set[int] = set()
    read: set[int] = set()
    for doc in _yaml.documents(text, path):
        for _, _, keys in _yaml.mappings(doc, walked):
            for key in KEYS:
                yield from _yaml.commands(keys.get(key), lines, walked=read)
