"""Dockerfiles (`Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*`): `RUN`, `CMD`
and `ENTRYPOINT` of every stage (`ONBUILD` ones too), as Docker reads them: the `# escape=`
directive, continuation lines (comments inside them dropped), heredocs (`RUN <<EOF`), `RUN`
flags (`--mount=…`). Exec form is a JSON array: its first item is the program, so
`["sh", "-c", "…"]` is nested shell text and `["npx drizzle-kit push"]` names a program
literally called that. `SHELL [...]` changes how later shell-form lines are run (PowerShell
on Windows images)."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import command_value
from hooks.commands.carriers import exec_form
from hooks.commands.shell import POWERSHELL
from hooks.commands.shell import SH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

_DIRECTIVE = re.compile(r"#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$")
_INSTRUCTION = re.compile(r"[ \t]*([A-Za-z]+)(?:[ \t]+|$)")
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_RUN_FLAG = re.compile(r"--[a-z-]+(?:=\S*)?[ \t]+")
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})
COMMANDS = frozenset({"RUN", "CMD", "ENTRYPOINT"})


class _Line:
    __slots__ = ("args", "col", "keyword", "line", "parts")

    def __init__(self, keyword: str, line: int, col: int) -> None:
        self.keyword = keyword
        self.line = line
        self.col = col
        self.parts: list[tuple[str, int, int]] = []  # (text, file line, column)


def _escape_char(lines: list[str]) -> str:
    for raw in lines:
        match = _DIRECTIVE.match(raw.strip())
        if not match:
            break
        if match.group(1).lower() == "escape" and match.group(2) in ("`", "\\"):
            return match.group(2)
    return "\\"


def _instructions(lines: list[str], escape: str) -> Iterator[tuple[_Line, list[tuple[str, int]]]]:
    """Each instruction with its continuation parts, and the heredoc bodies it opens."""
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        match = _INSTRUCTION.match(raw)
        if not raw.strip() or raw.lstrip().startswith("#") or not match:
            i += 1
            continue
        current = _Line(match.group(1).upper(), i + 1, match.end() + 1)
        text, number, col = raw[match.end() :], i + 1, match.end() + 1
        while True:
            stripped = text.rstrip()
            continued = stripped.endswith(escape)
            current.parts.append(
                (stripped[:-1] if continued and escape == "`" else stripped, number, col)
            )
            i += 1
            if not continued:
                break
            while i < len(lines) and lines[i].strip().startswith("#"):
                i += 1  # comment lines inside a continuation are not part of it
            if i >= len(lines):
                break
            text, number, col = lines[i].rstrip("\r"), i + 1, 1
        bodies: list[tuple[str, int]] = []
        for doc in _HEREDOC.finditer(" ".join(p for p, _, _ in current.parts)):
            start = i
            strip_tabs = doc.group(1) == "-"
            while i < len(lines):
                body_line = lines[i].rstrip("\r")
                if (body_line.lstrip("\t") if strip_tabs else body_line) == doc.group(3):
                    break
                i += 1
            bodies.append(("\n".join(lines[start:i]), start + 1))
            i += 1
        yield current, bodies


_ASSIGNED = re.compile(r"""(\w+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")


def _assignments(keyword: str, text: str) -> dict[str, tuple[str, ...]]:
    """`ARG NAME=value`, `ENV NAME=value …` and the legacy `ENV NAME value`, as `$NAME`."""
    found = {
        f"${m.group(1)}": (next(g for g in m.groups()[1:] if g is not None),)
        for m in _ASSIGNED.finditer(text)
    }
    if not found and keyword == "ENV" and " " in text:
        name, _, value = text.partition(" ")
        found[f"${name}"] = (value.strip().strip("\"'"),)
    return {k: v for k, v in found.items() if "$" not in v[0]}


def snippets(text: str, path: str, run_flag: re.Pattern[str] = _RUN_FLAG) -> Iterator[Snippet]:
    """`run_flag`: how a `RUN` flag is written (an Earthfile's may take a separate value)."""
    import json

    lines = text.split("\n")
    escape = _escape_char(lines)
    shell: list[str] | None = None  # SHELL [...]; None: /bin/sh -c
    entry: tuple[list[str], int, int] | None = None  # the stage's exec-form ENTRYPOINT
    known: dict[str, tuple[str, ...]] = {}  # the stage's ARG and ENV values, as `$NAME`
    for inst, bodies in _instructions(lines, escape):
        keyword = inst.keyword
        if keyword == "FROM":
            entry = None  # (a new stage: its own entrypoint)
            known = {}
        if keyword in ("ARG", "ENV") and inst.parts:  # `ARG KIT="npx drizzle-kit"`: `$KIT push`
            known.update(_assignments(keyword, "".join(p for p, _, _ in inst.parts).strip()))
        parts = inst.parts
        if keyword == "ONBUILD" and parts:
            first, number, col = parts[0]
            inner = _INSTRUCTION.match(first)
            if inner is None:
                continue
            keyword = inner.group(1).upper()
            parts = [(first[inner.end() :], number, col + inner.end()), *parts[1:]]
        joined = "".join(p for p, _, _ in parts).strip()
        if keyword == "SHELL":
            try:
                value = json.loads(joined)
            except (ValueError, RecursionError):
                continue
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                shell = value
            continue
        if keyword not in COMMANDS or not parts:
            continue
        if joined.startswith("["):
            try:
                value = json.loads(joined)
            except (ValueError, RecursionError):  # nested deeper than json reads: not words
                value = None  # not a JSON list of words: Docker runs it in shell form
            if isinstance(value, list):
                first, number, col = parts[0]
                col += len(first) - len(first.lstrip())
                yield from command_value(value, number, col)
                words = [v for v in value if isinstance(v, str)]
                if keyword == "ENTRYPOINT" and len(words) == len(value):
                    entry = (words, number, col)
                elif keyword == "CMD" and entry is not None and len(words) == len(value):
                    # ENTRYPOINT ["npx", "drizzle-kit"] + CMD ["migrate"]: one command
                    yield from command_value([*entry[0], *words], entry[1], entry[2])
                continue
        if keyword == "RUN":
            first, number, col = parts[0]
            flags = run_flag.match(first.lstrip())
            skip = len(first) - len(first.lstrip()) + (flags.end() if flags else 0)
            while flags:
                more = run_flag.match(first, skip)
                if not more:
                    break
                skip = more.end()
            parts = [(first[skip:], number, col + skip), *parts[1:]]
        dialect = SH
        program = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower() if shell else "sh"
        if program.removesuffix(".exe") in ("pwsh", "powershell"):
            dialect = POWERSHELL
        elif shell is not None and program not in _SHELLS:
            # e.g. cmd /S /C: read the whole line as that program's argument
            first, number, col = parts[0]
            command = " ".join(p.strip() for p, _, _ in parts)
            yield Snippet(exec_form([*shell, command]), [(number, col)], fixed=True)
            continue
        run = Snippet("\n".join(p for p, _, _ in parts), [(n, c) for _, n, c in parts], dialect)
        run.choices = dict(known) if known else None
        yield run
        head = "".join(p for p, _, _ in parts)
        before = head[: head.find("<<")].split() if "<<" in head else []
        if bodies and (not before or before[0].rsplit("/", 1)[-1] in _SHELLS):
            for body, start in bodies:
                yield Snippet(body, [(start + k, 1) for k in range(body.count("\n") + 1)], dialect)
