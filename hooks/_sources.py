"""Reading the files the script guards inspect: bytes to text, positions, and the pieces of a
file that hold commands (package.json `scripts`, shell and PowerShell files, Makefile and
justfile recipes, CI `run:` steps).
"""

from __future__ import annotations

import bisect
import os
import re

from hooks._report import ToolError
from hooks._shell import POWERSHELL
from hooks._shell import SH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def read_bytes(root: str, rel: str) -> bytes | None:
    """The bytes of a repository file; None when it is gone; ToolError when it cannot be read.

    A symbolic link is followed only while it stays inside the repository: a guard reads the
    repository, never what a link points at elsewhere on the machine.
    """
    path = os.path.join(root, *rel.split("/"))
    outside = f"{rel}: is a symbolic link to outside the repository; not followed"
    try:
        if os.path.islink(path):
            target, top = os.path.realpath(path), os.path.realpath(root)
            if os.path.commonpath([top, target]) != top:
                raise ToolError(outside)
            if not os.path.exists(target):
                raise ToolError(f"{rel}: is a symbolic link to a missing file ({target})")
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ToolError(f"{rel}: is a directory, not a file") from None
    except ValueError:  # commonpath across Windows drives
        raise ToolError(outside) from None
    except OSError as exc:
        raise ToolError(f"{rel}: cannot read it ({exc.strerror})") from None


def read_text(root: str, rel: str) -> str | None:
    """A text file's content: UTF-8 (a BOM is fine) or UTF-16 with a BOM (Windows
    PowerShell's `Out-File`). None when the file is gone; ToolError when it cannot be read."""
    data = read_bytes(root, rel)
    return None if data is None else decode(data, rel)


def decode(data: bytes, shown: str) -> str:
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ToolError(
            f"{shown}: not UTF-8 text (undecodable byte at offset {exc.start}); save it as UTF-8",
        ) from None


class Positions:
    """Offsets in a text to 1-based line and column (CRLF counts as one line break)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class Snippet:
    """Command text cut out of a file, with a map back to the file's lines and columns."""

    __slots__ = ("dialect", "lines", "text")

    def __init__(self, text: str, lines: list[tuple[int, int]], dialect: str = SH) -> None:
        self.text = text
        self.lines = lines  # per snippet line: (file line, column of its first character)
        self.dialect = dialect

    def position(self, offset: int) -> tuple[int, int]:
        index = self.text.count("\n", 0, offset)
        start = self.text.rfind("\n", 0, offset) + 1
        line, col = self.lines[min(index, len(self.lines) - 1)]
        return line, col + offset - start


# --- package.json ----------------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)


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
    for match in _JSON_TOKEN.finditer(text):
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


def load_package_json(text: str, shown: str) -> dict[str, object]:
    import json

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ToolError(f"{shown}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise ToolError(f"{shown}: JSON nested too deeply to read") from None
    if not isinstance(doc, dict):
        raise ToolError(f"{shown}: a package.json must be a JSON object")
    return doc


# --- script files ----------------------------------------------------------------------------

SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh")
POWERSHELL_SUFFIXES = (".ps1", ".psm1")
MAKEFILES = frozenset({"makefile", "gnumakefile"})
JUSTFILES = frozenset({"justfile", ".justfile"})


def script_kind(path: str) -> str | None:
    """What kind of command file a repository path is, or None."""
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower == "package.json":
        return "package.json"
    if lower.endswith(SHELL_SUFFIXES):
        return "shell"
    if lower.endswith(POWERSHELL_SUFFIXES):
        return "powershell"
    if lower in MAKEFILES or lower.endswith(".mk"):
        return "makefile"
    if lower in JUSTFILES or lower.endswith(".just"):
        return "justfile"
    if lower.endswith((".yml", ".yaml")) and (
        path.startswith((".github/workflows/", ".gitlab/ci/"))
        or "/.github/workflows/" in path
        or lower in (".gitlab-ci.yml", ".gitlab-ci.yaml", "action.yml", "action.yaml")
    ):
        return "ci-yaml"
    return None


def whole_file(text: str, dialect: str) -> Iterator[Snippet]:
    yield Snippet(text, [(n, 1) for n in range(1, text.count("\n") + 2)], dialect)


def recipe_lines(text: str, *, makefile: bool) -> Iterator[Snippet]:
    """Makefile (tab-indented) or justfile (indented) recipe lines, prefixes `@ - +` dropped.

    A line ending in a backslash continues the recipe line, as make and just read it.
    """
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        indented = line.startswith("\t") if makefile else line[:1] in (" ", "\t")
        if not indented or not line.strip():
            i += 1
            continue
        parts: list[str] = []
        mapping: list[tuple[int, int]] = []
        first = True
        while True:
            body = line.lstrip(" \t")
            col = len(line) - len(body) + 1
            if first:
                stripped = body.lstrip("@-+")
                col += len(body) - len(stripped)
                body = stripped
                first = False
            parts.append(body)
            mapping.append((i + 1, col))
            if not body.endswith("\\") or i + 1 >= len(lines):
                break
            i += 1
            line = lines[i].rstrip("\r")
        i += 1
        if not makefile and parts[0].startswith("#!"):
            continue
        yield Snippet("\n".join(parts), mapping)


_YAML_KEY = re.compile(r"^(\s*)(?:-\s+)?(run|script|before_script|after_script)\s*:\s*(.*)$")


def _yaml_scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        if value[0] == "'":
            return inner.replace("''", "'")
        return inner.replace('\\"', '"').replace("\\\\", "\\")
    return re.sub(r"\s+#.*$", "", value)


def ci_yaml_commands(text: str) -> Iterator[Snippet]:
    """Commands of GitHub Actions `run:` steps and GitLab CI `script:` lists."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        match = _YAML_KEY.match(line)
        i += 1
        if not match:
            continue
        indent, key, rest = len(match.group(1)), match.group(2), match.group(3)
        value = rest.strip()
        if value and value[0] in "|>":
            folded = value[0] == ">"
            body_lines: list[str] = []
            mapping: list[tuple[int, int]] = []
            block_indent: int | None = None
            while i < len(lines):
                raw = lines[i].rstrip("\r")
                stripped = raw.lstrip(" ")
                here = len(raw) - len(stripped)
                if stripped and here <= indent:
                    break
                if stripped and block_indent is None:
                    block_indent = here
                body_lines.append(raw[block_indent or 0 :] if stripped else "")
                mapping.append((i + 1, (block_indent or 0) + 1))
                i += 1
            sep = " " if folded else "\n"
            if folded:
                yield Snippet(sep.join(body_lines), [mapping[0]] if mapping else [(i, 1)])
            elif body_lines:
                yield Snippet("\n".join(body_lines), mapping)
        elif value and not value.startswith(("#", "[")):
            col = line.index(value) + 1
            yield Snippet(_yaml_scalar(value), [(i, col)])
        elif key != "run" and (not value or value.startswith("#")):
            # a GitLab `script:` list: `- command` items, each possibly a block itself
            while i < len(lines):
                raw = lines[i].rstrip("\r")
                stripped = raw.lstrip(" ")
                if stripped and len(raw) - len(stripped) < indent:
                    break
                if (
                    stripped
                    and not stripped.startswith(("-", "#"))
                    and len(raw) - len(stripped) <= indent
                ):
                    break
                if stripped.startswith("- "):
                    item = stripped[2:].strip()
                    if item and item[0] not in "|>":
                        col = raw.index(item) + 1
                        yield Snippet(_yaml_scalar(item), [(i + 1, col)])
                i += 1
        elif value.startswith("["):
            inner = value.strip("[]")
            for part in inner.split(","):
                if part.strip():
                    yield Snippet(_yaml_scalar(part), [(i, line.index(part.strip()) + 1)])


def snippets(kind: str, text: str) -> Iterator[Snippet]:
    if kind == "shell":
        return whole_file(text, SH)
    if kind == "powershell":
        return whole_file(text, POWERSHELL)
    if kind == "makefile":
        return recipe_lines(text, makefile=True)
    if kind == "justfile":
        return recipe_lines(text, makefile=False)
    return ci_yaml_commands(text)
