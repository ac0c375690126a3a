"""Files no reader of ours knows (issue 37: there will always be one more carrier): a
systemd unit's `ExecStartPre=`, `wrangler.toml`'s `[build] command`, a Terraform
`local-exec`, a Vagrantfile's `inline:`, Go's `exec.Command("npx", "drizzle-kit", ...)`,
AWS `buildspec.yml`, `.gitpod.yml`, `nodemon.json`...

Read line by line, for lines that name drizzle-kit: each quoted string that names it is a
command (shell text); a run of quoted strings separated by commas is one exec-form command
(`["npx", "drizzle-kit", "migrate"]`, `Command("npx", "drizzle-kit", "migrate")`); with no
quoted string, the value after a `key:` / `key =` / `KEY=` / `- `, or the line itself, is.
The analysis that follows is strict (`analyze(strict=True)`): only drizzle-kit run plainly or
through a wrapper we know counts, never a program we do not know handed its name, and a
subcommand followed by words that are not options is a sentence, not a command. Comment
lines, lines of markup (`<li>…</li>`), values of keys that hold prose (`description:`,
`message =`) and folders of prose (`docs/`) are not read."""

from __future__ import annotations

import re

from hooks._sources import Snippet
from hooks._sources import exec_form

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

_COMMENT = ("#", "//", "--", ";", "/*", "*", "<!--", "rem ", "REM ", "::", "%")
_PROSE_KEY = re.compile(
    r"""\s*(?:-\s*)?["']?(?:description|desc|message|msg|title|summary|help|text|label|comment"""
    r"""|notes?|docs?|hint|examples?|usage|name|tooltip|placeholder|body)["']?\s*[:=]""",
    re.I,
)
# Markup around the words (`<li>Added drizzle-kit pull --init</li>` in release notes): text.
_MARKUP = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?>")
_PROSE_FOLDERS = re.compile(r"(?:^|/)(?:docs?|documentation|website/docs)/", re.I)
# A quoted string on one line (its escapes kept as written: a command's own quoting).
_QUOTED = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`\n]*)`""")
_KEY_AFTER = re.compile(r"\s*:")
_SEPARATOR = re.compile(r"\s*,\s*\Z")
_VALUE = re.compile(r"""\s*(?:-\s+)?(?:[\w.\-\[\]"']+\s*(?::|=)\s*)?(?P<value>.*)""")


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if _PROSE_FOLDERS.search(path):
        return
    for number, line in enumerate(text.split("\n"), 1):
        if "drizzle-kit" not in line.lower():
            continue
        if line.lstrip().startswith(_COMMENT) or _PROSE_KEY.match(line) or _MARKUP.search(line):
            continue
        yield from _line(line.rstrip("\r"), number)


def _line(line: str, number: int) -> Iterator[Snippet]:
    # (A quoted key, `"exec": …`, is no word of a command.)
    quoted = [m for m in _QUOTED.finditer(line) if not _KEY_AFTER.match(line, m.end())]
    named = [m for m in quoted if "drizzle-kit" in _text(m).lower()]
    if named:
        # A run of quoted strings separated by commas: one exec-form command.
        runs: list[list[re.Match[str]]] = []
        for m in quoted:
            if runs and _SEPARATOR.match(line[runs[-1][-1].end() : m.start()]):
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in runs:
            if not any(m in named for m in run):
                continue
            if len(run) > 1:
                words = [_text(m) for m in run]
                yield Snippet(exec_form(words), [(number, run[0].start() + 1)], fixed=True)
            else:
                m = run[0]
                text = _unescaped(_text(m))
                if not _prose(line if m.group(3) is not None else text):
                    yield Snippet(text, [(number, m.start() + 2)], fixed=True)
        return
    value = _VALUE.match(line)
    assert value is not None  # (it matches every line)
    text = value.group("value").rstrip()
    yield Snippet(text, [(number, value.start("value") + 1)], fixed=True)


_BACKTICKED = re.compile(r"`[^`]*`")


def _prose(text: str) -> bool:
    """A sentence that quotes a command (`Run \\`npx drizzle-kit push\\` to sync`): words of
    letters around a backticked span, which a shell would not be handed as such."""
    if "`" not in text:
        return False
    outside = _BACKTICKED.sub(" ", text)
    return len(re.findall(r"(?<![\w$-])[A-Za-z]+(?![\w-])", outside)) >= 2


def _text(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None) if m.lastindex else ""


def _unescaped(text: str) -> str:
    return text.replace('\\"', '"').replace("\\'", "'").replace("\\\\", "\\")


def sentence(command: str, subcommand: str) -> bool:
    """Whether what follows a banned subcommand reads as prose (`drizzle-kit push to sync
    the schema`) rather than a command's options (`--force`, `--config x.ts`, a path)."""
    words = command.split()
    try:
        at = words.index(subcommand)
    except ValueError:
        return False
    after_flag = False
    for word in words[at + 1 :]:
        if word.startswith("-"):
            after_flag = "=" not in word
            continue
        if after_flag or any(c in word for c in "/.=$@:{}'\"0123456789"):
            after_flag = False
            continue
        return True
    return False
