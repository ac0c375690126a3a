"""GitLab CI (`.gitlab-ci.yml`, `.gitlab/ci/*.yml`): `script`, `before_script` and
`after_script` of every job, hidden template (`.name:`) and `default:`, as a string or a list
(nested lists too), anchors and merge keys resolved; `hooks:pre_get_sources_script` too."""

from __future__ import annotations

from hooks.commands.carriers import _yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from hooks.commands.carriers import Snippet

KEYS = ("before_script", "script", "after_script")


def variables(
    node: yaml.Node | None, known: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """A `variables:` block's values (`KIT: npx drizzle-kit`, `{value: …, options: […]}`) as
    what `$KIT` can be, over what the file already set (issue 37)."""
    found = dict(known)
    for name, value in _yaml.items(node):
        text = _yaml.scalar(value)
        if text is None:
            text = _yaml.scalar(_yaml.get(value, "value"))
            options = [_yaml.scalar(o) for o in _yaml.sequence(_yaml.get(value, "options"))]
            if options and all(o is not None for o in options):
                found[f"${name}"] = tuple(o for o in options if o is not None)
                continue
        if text is not None and "$" not in text:
            found[f"${name}"] = (text,)
    return found


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lines = text.split("\n")
    walked: set[int] = set()  # a script shared through anchors is read (and reported) once
    for doc in _yaml.documents(text, path):
        known = variables(_yaml.get(doc, "variables"), {})
        for _, job in _yaml.items(doc):
            choices = variables(_yaml.get(job, "variables"), known)
            found: list[Snippet] = []
            for key in KEYS:
                found += _yaml.commands(_yaml.get(job, key), lines, walked=walked)
            hooks = _yaml.get(job, "hooks")
            pre = _yaml.get(hooks, "pre_get_sources_script")
            found += _yaml.commands(pre, lines, walked=walked)
            for snippet in found:
                snippet.choices = choices or None
                yield snippet
