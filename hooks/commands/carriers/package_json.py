"""package.json: the `scripts` object, and where each script's key is (the hook reads the
scripts with the standard library's `json`; positions come from a token scan of the same
text)."""

from __future__ import annotations

import re

from hooks.report.run import per_run
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.commands.carriers import Snippet

# A string's closing quote is optional: an unclosed one ends the text (no rescan from each
# later quote), which only an invalid file has; the file is parsed as JSON first.
_JSON_TOKEN = '(?s)"(?:[^"\\\\]|\\\\.)*"?|[{}\\[\\]:,]|[^\\s{}\\[\\]:,"]+'


def script_key_offsets(text: str) -> dict[str, int]:
    """Offsets of the keys of the root object's "scripts" object (the last one, as JSON)."""
    import json

    start = text.find('"scripts"')
    if start < 0:
        return {}
    offsets: dict[str, int] = {}
    stack: list[list[bool]] = []  # per open container: [is_object, expecting_a_key]
    root_key: str | None = None
    scripts_open = False
    for match in re.compile(_JSON_TOKEN).finditer(text):
        token = match.group()
        first = token[0]
        if first in "{[":
            if len(stack) == 1 and first == "{" and root_key == "scripts" and not stack[0][1]:
                scripts_open = True
                offsets = {}
            stack.append([first == "{", first == "{"])
        elif first in "}]":
            if stack:
                stack.pop()
            if len(stack) < 2:
                scripts_open = False
        elif first == ":":
            if stack:
                stack[-1][1] = False
        elif first == ",":
            if stack and stack[-1][0]:
                stack[-1][1] = True
        elif first == '"' and stack and stack[-1][0] and stack[-1][1]:
            try:
                key = json.loads(token)
            except ValueError:
                continue
            if len(stack) == 1:
                root_key = key
            elif scripts_open and len(stack) == 2:
                offsets[key] = match.start()
    return offsets


# Each package.json is parsed once per run, whichever guard or search asks (its scripts, the
# resolver of script names, the caller index, the run sites). Callers read, never change it.
_LOADED: dict[tuple[str, str], dict[str, object] | ToolError] = per_run({})


def load_package_json(text: str, shown: str) -> dict[str, object]:
    key = (shown, text)
    doc = _LOADED.get(key)
    if doc is None:
        try:
            doc = _LOADED[key] = parse_package_json(text, shown)
        except ToolError as exc:
            _LOADED[key] = exc
            raise
    if isinstance(doc, ToolError):
        raise doc
    return doc


def parse_package_json(text: str, shown: str) -> dict[str, object]:
    """One reading of a package.json (`load_package_json` asks, once per run)."""
    from hooks.commands.carriers._json import parse

    doc = parse(text, shown)
    if not isinstance(doc, dict):
        raise ToolError(f"{shown}: a package.json must be a JSON object")
    return doc


# package.json keys whose values are commands: git hooks run at commit time by tools that
# read them from here, and nodemon's `exec`. (npm's `pre-commit` package names scripts, which
# the scripts' own reading covers.)
HOOK_TABLES: tuple[tuple[str, ...], ...] = (
    ("lint-staged",),  # {"*.sql": "cmd" | ["cmd", ...]}
    ("nano-staged",),
    ("simple-git-hooks",),  # {"pre-commit": "cmd"}
    ("husky", "hooks"),  # husky 4
    ("ghooks",),
    ("nodemonConfig", "events"),
)


def hook_snippets(text: str, path: str) -> list[Snippet]:
    """The commands package.json gives tools other than npm: lint-staged's and nano-staged's
    tasks, simple-git-hooks' and husky 4's hooks, nodemon's `exec` and events."""
    from hooks.commands.carriers._json import Located

    if not any(f'"{keys[0]}"' in text for keys in (*HOOK_TABLES, ("nodemonConfig",))):
        return []
    doc = Located(text, path)
    found: list[Snippet] = []
    for keys in HOOK_TABLES:
        table = doc.get(*keys)
        if isinstance(table, dict):
            for name in table:
                found += doc.each_command((*keys, name))
    found += doc.snippets(("nodemonConfig", "exec"))
    return found
