"""Travis CI (`.travis.yml`): every phase that runs commands (`before_install`, `install`,
`before_script`, `script`, `after_success`, `after_failure`, `after_script`,
`before_deploy`, `after_deploy`, `before_cache`), at the top, in `jobs`/`matrix` `include`
entries and stages, and a `deploy` of `provider: script` (its `script`)."""

from __future__ import annotations

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.carriers import Snippet

KEYS = (
    "before_install", "install", "before_script", "script", "after_success", "after_failure",
    "after_script", "before_deploy", "after_deploy", "before_cache",
)  # fmt: skip


def snippets(text: str, path: str) -> Iterator[Snippet]:
    return _yaml.commands_at_keys(text, path, KEYS)
