"""GitLab CI (`.gitlab-ci.yml`, `.gitlab/ci/*.yml`): `script`, `before_script` and
`after_script` of every job, hidden template (`.name:`) and `default:`, as a string or a list
(nested lists too), anchors and merge keys resolved; `hooks:pre_get_sources_script` too."""

from __future__ import annotations

from hooks._sources import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks._sources import Snippet

KEYS = ("before_script", "script", "after_script")


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    walked: set[int] = set()  # a script shared through anchors is read (and reported) once
    for doc in _yaml.documents(text, path):
        for _, job in _yaml.items(doc):
            for key in KEYS:
                yield from _yaml.commands(_yaml.get(job, key), lines, walked=walked)
            hooks = _yaml.get(job, "hooks")
            pre = _yaml.get(hooks, "pre_get_sources_script")
            yield from _yaml.commands(pre, lines, walked=walked)
