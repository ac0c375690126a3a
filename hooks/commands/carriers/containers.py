"""Container specs found by their content, in the YAML and JSON files no other carrier claims:
Kubernetes objects (Job, CronJob, Deployment, StatefulSet, DaemonSet, Pod: containers, init,
ephemeral and sidecar containers, multi-document files), Kustomize patches (strategic merge,
JSON 6902 operations, inline `patches[].patch`), Helm chart templates and values, Knative and
Cloud Run services and jobs, Argo and Tekton steps, Docker Swarm stacks, ECS task definitions
and CloudFormation `ContainerDefinitions`.

A container is a mapping that is an item of a containers list (`containers`,
`initContainers`, `ephemeralContainers`, `containerDefinitions`) or that names an `image`
(Tekton's steps and sidecars, Argo's templates, Helm values). Its command is its
`entrypoint`/`command`/`args` in that order (Kubernetes' `command` + `args`, ECS's and
compose's `entryPoint` + `command`); an
`exec.command` (probes, lifecycle hooks) is one too, and so is a Tekton `script` or an Argo
`source` run by a shell. A Helm template is read without rendering: each `{{ … }}` action is
blanked (a line of actions only becomes empty, an inline action a placeholder word), and a
document that is still not YAML is read line by line, as a person reads it, never refused.
An Azure Pipelines template kept in another folder (`pipelines/templates/deploy.yml`) is
known by its shape and read as one. A file that holds neither runs nothing here.
"""

from __future__ import annotations

import bisect
import re

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import _yaml
from hooks.commands.carriers import azure_pipelines
from hooks.commands.carriers import command_value
from hooks.commands.carriers import exec_form
from hooks.commands.shell import SH
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    # A command key read by lines: (key, its list words or None, position, its string value).
    _Entry = tuple[str, list[tuple[str, int, int]] | None, tuple[int, int], str]

# Keys whose items are containers (lower case).
CONTAINER_LISTS = frozenset(
    {"containers", "initcontainers", "ephemeralcontainers", "containerdefinitions"}
)
COMMAND_KEYS = ("entrypoint", "command", "args")  # in the order the words run
PATCH_LISTS = frozenset({"patches", "patchesstrategicmerge", "patchesjson6902"})
SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})
# A JSON 6902 operation that writes a command, or a whole container.
_OP_COMMAND = re.compile(r"/(?:command|args|entrypoint)(?:/(?:\d+|-))?\Z", re.I)
_OP_CONTAINER = re.compile(r"/(?:init|ephemeral)?containers/(?:\d+|-)\Z", re.I)
# Cheap test before any parsing: a key that could hold a command.
_WORTH = re.compile(
    r"(?i)\b(?:command|args|entrypoint|script|source|bash|pwsh|powershell|inlinescript)\b"
)
_ACTION = re.compile(
    r"(?<!\$)\{\{.*?(?:\}\}|\Z)", re.S
)  # `${{ }}` is Azure's, GitHub's: YAML  # an unclosed one ends the text, read once
_DOC_START = re.compile(r"^---", re.M)


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if not _WORTH.search(text):
        return
    if path.lower().endswith(".json"):
        docs = None if "{{" in text else _yaml.json_documents(text, path)
        if docs is not None:  # JSON, read by the JSON reader
            yield from _walk(docs, text.split("\n"), path)
            return
        text = text.replace("\t", " ")  # JSON's whitespace; YAML's flow style is JSON's syntax
    if "{{" in text:
        text = template_free(text)
    yield from _read(text, path, 0, 0)


def template_free(text: str) -> str:
    """The text with every Go template action blanked, offsets kept: a line holding only
    actions becomes spaces, an inline action the placeholder word `…` (`image: {{ .Values.x }}`
    keeps a value, `- {{ .Values.arg }}` an item). One pass, whatever the lines' lengths."""
    spans = [m.span() for m in _ACTION.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    blanked = "".join(chars)
    starts = [0] + [m.end() for m in re.finditer("\n", blanked)]
    alone: dict[int, bool] = {}
    for start, _ in spans:
        line = bisect.bisect_right(starts, start) - 1
        if line not in alone:
            end = starts[line + 1] - 1 if line + 1 < len(starts) else len(blanked)
            alone[line] = not blanked[starts[line] : end].strip()
        if not alone[line]:
            chars[start] = "\u2026"
    return "".join(chars)


def _read(text: str, path: str, line_shift: int, col_shift: int) -> Iterator[Snippet]:
    """The commands of a YAML text whose first line is the file's line `line_shift + 1`."""
    try:
        docs = _yaml.documents(text, path)
    except ToolError:
        docs = None
    if docs is not None:
        lines = text.split("\n")
        if not line_shift and not col_shift:
            yield from _walk(docs, lines, path)
            return
        walked: set[int] = set()
        for doc in docs:
            for snippet in _from_nodes(doc, lines, path, walked):
                yield _shifted(snippet, line_shift, col_shift)
        return
    # Not YAML as a whole: each document on its own, and one that is still not YAML by lines.
    starts = [0] + [m.start() for m in _DOC_START.finditer(text) if m.start()]
    shift = 0  # the file lines before this document
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:end]
        if i:
            shift += text.count("\n", starts[i - 1], start)
        try:
            docs = _yaml.documents(chunk, path)
        except ToolError:
            for snippet in by_lines(chunk):
                yield _shifted(snippet, line_shift + shift, col_shift)
            continue
        lines = chunk.split("\n")
        walked = set()
        for doc in docs:
            for snippet in _from_nodes(doc, lines, path, walked):
                yield _shifted(snippet, line_shift + shift, col_shift)


def _walk(docs: list[yaml.Node], lines: list[str], path: str) -> Iterator[Snippet]:
    """The commands of a whole file's documents (each node once across them)."""
    walked: set[int] = set()
    for doc in docs:
        yield from _from_nodes(doc, lines, path, walked)
    if any(azure_pipelines.shaped(doc) for doc in docs):
        yield from azure_pipelines.from_documents(docs, lines)  # a template found by content


def _shifted(snippet: Snippet, lines: int, cols: int) -> Snippet:
    if not lines and not cols:
        return snippet
    moved = [(line + lines, col + cols) for line, col in snippet.lines]
    return Snippet(snippet.text, moved, snippet.dialect, fixed=snippet.fixed)


def _from_nodes(doc: yaml.Node, lines: list[str], path: str, walked: set[int]) -> Iterator[Snippet]:
    containers: set[int] = set()
    for under, node, pairs in _yaml.mappings(doc, walked):
        keys: dict[str, yaml.Node] = {}
        for key, value in pairs.items():
            keys.setdefault(key.lower(), value)
        for key, value in keys.items():
            if key in CONTAINER_LISTS:
                containers.update(id(item) for item in _yaml.sequence(value))
            elif key in PATCH_LISTS:
                yield from _inline_patches(value, lines, path)
        if id(node) in containers or "image" in keys:
            yield from _container(keys, lines)
        elif under is not None and under.lower() == "exec" and "command" in keys:
            yield from _words(keys, ("command",), lines)
        op_path = _yaml.scalar(keys.get("path"))
        if op_path is not None and "op" in keys and "value" in keys:
            value = keys["value"]
            if _OP_COMMAND.search(op_path):
                yield from _yaml.command(value, lines)
            elif _OP_CONTAINER.search(op_path) and _yaml.is_mapping(value):
                containers.add(id(value))


def _container(keys: dict[str, yaml.Node], lines: list[str]) -> Iterator[Snippet]:
    yield from _words(keys, COMMAND_KEYS, lines)
    command = [_yaml.scalar(item) or "" for item in _yaml.sequence(keys.get("command"))]
    runs_shell = bool(command) and command[0].rsplit("/", 1)[-1] in SHELLS
    script = keys.get("script")
    if _yaml.is_scalar(script):
        first = (_yaml.scalar(script) or "").lstrip()
        if not first.startswith("#!") or any(s in first.split("\n", 1)[0] for s in SHELLS):
            yield from _yaml.shell_text(script, lines)  # Tekton: a shell script by default
    if runs_shell and _yaml.is_scalar(keys.get("source")):
        yield from _yaml.shell_text(keys["source"], lines)  # Argo's script template


def _words(keys: dict[str, yaml.Node], names: tuple[str, ...], lines: list[str]) -> list[Snippet]:
    """A container's command from its parts: all lists of strings make one exec-form command
    (placed at its first word that names drizzle); a string part is shell text of its own."""
    parts = [keys[name] for name in names if keys.get(name) is not None]
    if not parts:
        return []
    if not all(_yaml.is_sequence(part) for part in parts):
        return [s for part in parts for s in _yaml.command(part, lines)]
    nodes = [item for part in parts for item in _yaml.sequence(part)]
    words = [_yaml.scalar(item) for item in nodes]
    if not words or any(w is None for w in words):
        return []
    texts = [w for w in words if w is not None]
    if len(texts) >= 3 and texts[0].rsplit("/", 1)[-1] in SHELLS and _c_flag(texts[1]):
        return _yaml.shell_text(nodes[2], lines)  # sh -c 'script': the script, in place
    where = next((n for n, w in zip(nodes, texts, strict=True) if "drizzle" in w.lower()), nodes[0])
    mark = where.start_mark
    return command_value(texts, mark.line + 1, mark.column + 1)


def _c_flag(word: str) -> bool:
    return word.startswith("-") and not word.startswith("--") and "c" in word


def _inline_patches(value: yaml.Node, lines: list[str], path: str) -> Iterator[Snippet]:
    """Kustomize's inline patches: a `patch: |` text (or a `patchesStrategicMerge` item) is
    YAML of its own, read in place."""
    import yaml

    for item in _yaml.sequence(value):
        patch = _yaml.get(item, "patch") if _yaml.is_mapping(item) else item
        text = _yaml.scalar(patch)
        if text is None or "\n" not in text or not _yaml.is_scalar(patch):
            continue
        assert isinstance(patch, yaml.ScalarNode)
        if patch.style == "|":  # its lines are the file's, indented
            first = patch.start_mark.line + 1
            body = next((raw for raw in lines[first:] if raw.strip()), "")
            indent = len(body) - len(body.lstrip(" "))
            yield from _read(text, path, first, indent)
        else:
            mark = patch.start_mark
            for snippet in _read(text, path, 0, 0):
                yield Snippet(snippet.text, [(mark.line + 1, mark.column + 1)], fixed=True)


# --- read by lines: a template that is not YAML even without its actions ------------------

_KEY = re.compile(r"^( *)(- +)?([\"']?)([A-Za-z_][\w-]*)\3[ \t]*:(?:[ \t]+|$)(.*)$")
_ITEM = re.compile(r"^( *)- +(.*)$")
_BLOCK = re.compile(r"[|>][-+]?\d*\s*(?:#.*)?\Z")


def by_lines(text: str) -> Iterator[Snippet]:
    """Commands read the way a person reads an unrendered template: a `command:`, `args:` or
    `entrypoint:` key with a flow list, a list of items, a block or a plain string; the keys
    of one mapping (the same column, the same parent line) make one command."""
    lines = text.split("\n")
    indents: list[int] = []  # a stack of (indent, line index), indents increasing
    owners: list[int] = []
    groups: dict[tuple[int, int], list[_Entry]] = {}
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        while indents and indents[-1] >= indent:
            indents.pop()
            owners.pop()
        indents.append(indent)
        owners.append(i)
        match = _KEY.match(raw)
        if not match or match.group(4).lower() not in COMMAND_KEYS:
            i += 1
            continue
        key_col = match.start(4) - (1 if match.group(3) else 0)
        parent = owners[max(bisect.bisect_left(indents, key_col) - 1, 0)]
        value, value_col = match.group(5).rstrip(), match.start(5)
        at = (i + 2, key_col + 1) if _BLOCK.match(value) else (i + 1, value_col + 1)
        words, text_value, i = _value(lines, i, key_col, value, value_col)
        groups.setdefault((key_col, parent), []).append(
            (match.group(4).lower(), words, at, text_value),
        )
    for entries in groups.values():
        entries.sort(key=lambda e: COMMAND_KEYS.index(e[0]))
        listed = [w for _, words, _, _ in entries if words is not None for w in words]
        for _, words, at, text_value in entries:
            if words is None and text_value:
                yield Snippet(text_value, [at], SH, fixed=True)
        if listed:
            texts = [w for w, _, _ in listed]
            where = next((w for w in listed if "drizzle" in w[0].lower()), listed[0])
            yield Snippet(exec_form(texts), [(where[1], where[2])], fixed=True)


def _value(
    lines: list[str], i: int, key_col: int, value: str, value_col: int
) -> tuple[list[tuple[str, int, int]] | None, str, int]:
    """(list words with their positions, or None; a string value; the line after the value)."""
    number = i + 1
    if value.startswith("["):
        parts, j = [value], i
        depth = value.count("[") - value.count("]")
        while depth > 0 and j + 1 < len(lines):
            j += 1
            parts.append(lines[j].strip())
            depth += parts[-1].count("[") - parts[-1].count("]")
        flowed = _flow_words(" ".join(parts))
        return [(w, number, value_col + 1) for w in flowed], "", j + 1
    if _BLOCK.match(value):
        body, j = _block(lines, i + 1, key_col)
        return None, body, j
    if value and not value.startswith("#"):
        return None, _unquote(value), i + 1
    words: list[tuple[str, int, int]] = []
    j = i + 1
    while j < len(lines):
        raw = lines[j].rstrip("\r")
        if not raw.strip() or raw.strip().startswith("#"):
            j += 1
            continue
        item = _ITEM.match(raw)
        if not item or len(item.group(1)) < key_col:
            break
        content = item.group(2).rstrip()
        if _BLOCK.match(content):
            start = j + 2  # a block item's text starts on the next line
            body, j = _block(lines, j + 1, len(item.group(1)))
            words.append((body, start, len(item.group(1)) + 3))
            continue
        words.append((_unquote(content), j + 1, item.start(2) + 1))
        j += 1
    return words, "", j


def _block(lines: list[str], j: int, above: int) -> tuple[str, int]:
    body: list[str] = []
    indent = -1
    while j < len(lines):
        raw = lines[j].rstrip("\r")
        if raw.strip():
            here = len(raw) - len(raw.lstrip(" "))
            if here <= above:
                break
            indent = here if indent < 0 else min(indent, here)
        body.append(raw)
        j += 1
    return "\n".join(line[max(indent, 0) :] for line in body).strip("\n"), j


def _flow_words(flow: str) -> list[str]:
    import yaml

    try:  # the pure-Python reader: a nesting too deep ends in a clean RecursionError
        loaded = yaml.load(flow, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        loaded = None
    if isinstance(loaded, list):
        return [str(w) for w in loaded if isinstance(w, (str, int, float))]
    inner = flow.strip()[1:].rsplit("]", 1)[0]
    return [_unquote(part.strip()) for part in inner.split(",") if part.strip()]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def command_of(keys: dict[str, yaml.Node], lines: list[str]) -> Iterator[Snippet]:
    """The command of one container mapping, given as its items by key (for carriers that
    know where containers are)."""
    return _container({key.lower(): value for key, value in reversed(keys.items())}, lines)
