"""Files no reader of ours knows (issue 37: there will always be one more carrier): a
systemd unit's `ExecStartPre=`, `wrangler.toml`'s `[build] command`, a Terraform
`local-exec`, a Vagrantfile's `inline:`, Go's `exec.Command("npx", "drizzle-kit", ...)`,
AWS `buildspec.yml`, `.gitpod.yml`, `nodemon.json`...

Read line by line, for lines that name drizzle-kit, and only where the text is in a
command's place — what a person reading the file would take for a command:

- the value of a key that names one (`command:`, `run =`, `ExecStartPre=`, `"exec":`,
  `inline:`, `script:`, `init:` …), quoted or not, or an item of a list under such a key
  (`commands:` then `- npx drizzle-kit migrate`), judged by the key's words and its parents'
  (`migrate_hint:`, `example:` → `command:`, `description:` are text, not commands);
- the arguments of a call that runs a program (`exec.Command(…)`, `system(…)`,
  `Command::new(…)`, `commandLine(…)`, Ruby's `sh '…'`, Groovy's `"…".execute()`), over as
  many lines as the call takes; a run of quoted strings there is one exec-form command.

A string only printed (`fmt.Println("npx drizzle-kit push")`), a constant, a test table, a
bare line of text, a comment, markup (`<li>…</li>`) and folders of prose, data, examples
and fixtures are not commands. The analysis that follows is strict (`analyze(strict=True)`):
a program we do not know handed drizzle-kit's name is not taken to run it, and a subcommand
followed by words that are not options is a sentence."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import exec_form

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

_COMMENT = ("#", "//", "--", ";", "/*", "*", "<!--", "rem ", "REM ", "::", "%")
# Markup around the words (`<li>Added drizzle-kit pull --init</li>` in release notes): text.
_MARKUP = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?>")
# Folders whose files describe, sample or test things rather than run them.
_NOT_RUN_FOLDERS = re.compile(
    r"(?:^|/)(?:docs?|documentation|website|handbook|guides?|data|examples?|samples?"
    r"|fixtures?|__fixtures__|testdata|test-data|__snapshots__|snapshots|locales?|i18n"
    r"|translations?|lang|templates?|scaffolds?|skeletons?|blueprints?|boilerplates?)/",
    re.I,
)
# The words of a key that names a command, and of one that names text.
_COMMAND_WORDS = frozenset(
    {"cmd", "cmds", "command", "commands", "commandline", "run", "runs", "exec", "execute",
     "script", "scripts", "entrypoint", "inline", "start", "stop", "reload", "build",
     "deploy", "release", "predeploy", "postdeploy", "hook", "hooks", "init", "setup",
     "install", "before", "after", "pre", "post", "task", "tasks", "step", "steps", "shell",
     "program", "job", "jobs", "create", "update", "delete", "up", "down", "provision",
     "bash", "sh", "pwsh", "powershell", "args", "arguments", "runcmd", "bootcmd"}
)  # fmt: skip
_TEXT_WORDS = frozenset(
    {"hint", "hints", "help", "message", "messages", "msg", "description", "desc", "title",
     "summary", "text", "label", "labels", "example", "examples", "doc", "docs", "note",
     "notes", "tip", "tips", "usage", "tooltip", "placeholder", "comment", "comments",
     "body", "name", "answer", "question", "faq", "allow", "deny", "permissions", "info",
     "warning", "error", "log", "echo", "print", "readme", "changelog", "string", "strings",
     "translation", "i18n", "caption", "alt", "content", "markdown", "md", "html", "snippet",
     "prompt", "instructions", "rule", "rules", "pattern", "patterns", "match", "regex"}
)  # fmt: skip
# Calls that run a program: the last name before the `(` (or `Command::new`, `new
# ProcessBuilder`, Ruby's `sh '…'`).
_RUN_CALLS = frozenset(
    {"command", "exec", "execsync", "execfile", "execfilesync", "system", "spawn",
     "spawnsync", "popen", "run", "runcommand", "sh", "bash", "shell", "shell_exec",
     "execute", "exec_command", "cmd", "commandline", "processbuilder", "passthru",
     "proc_open", "check_call", "check_output", "call", "start", "startprocess", "x",
     "capture2", "capture3", "capture2e", "open3", "spawn_command", "cmd!", "exec!",
     "runinshell", "execa", "execasync", "shellexec", "sh!", "process", "runv", "runwith",
     "runcmd"}
)  # fmt: skip
_QUOTED = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""")
_BACKTICK_RUNS = re.compile(r"(?:^|/)(?:[^/]*\.(?:rb|rake|pl|pm|php|cr)|rakefile|gemfile)\Z", re.I)
_BACKTICKED = re.compile(r"`([^`\n]*)`")
_SEPARATOR = re.compile(r"\s*,\s*\Z")
# `key:` / `key =` / `key=` / `"key":` / `key =>` right before a value.
_KEY_BEFORE = re.compile(
    r"""(?:["']([^"'\n]+)["']\s*(?::|=>|=)|([\w.$\-\[\]]+)\s*(?::|=>|=))\s*(?:\[\s*)?\Z"""
)
# (A bare key's `:` is followed by a space, as YAML wants: Ruby's `task :help` is no key.)
_LINE_KEY = re.compile(
    r"""\s*(?:-\s+)?(?:["']([^"'\n]+)["']\s*(?::|=>|=(?!=))"""
    r"""|([\w.$\-\[\]]+)\s*(?::(?=\s|\Z)|=>|=(?!=)))\s*"""
)
_LIST_ITEM = re.compile(r"\s*-\s+(?P<value>.*)")
_CALL_OPEN = re.compile(r"([\w!:.]+)\s*\(\s*\Z")
_BARE_CALL = re.compile(r"(?:^|[\s;{(])([a-z_]\w*!?)\s+\Z")
_KEY_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _name(key: re.Match[str]) -> str:
    return key.group(1) if key.group(1) is not None else key.group(2)


def _key_words(key: str) -> set[str]:
    return {p.lower() for p in _KEY_PARTS.findall(key)}


def is_command_key(key: str) -> bool | None:
    """True: a key that names a command; False: one that names text; None: neither."""
    words = _key_words(key)
    if words & _TEXT_WORDS:
        return False
    if words & _COMMAND_WORDS or key.lower().startswith(("execstart", "execstop", "exec")):
        return True
    return None


def _ancestors_allow(stack: list[tuple[int, str]]) -> bool | None:
    """What the keys a line stands under say: text anywhere above wins; else a command key."""
    verdict: bool | None = None
    for _, key in stack:
        found = is_command_key(key)
        if found is False:
            return False
        if found:
            verdict = True
    return verdict


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if _NOT_RUN_FOLDERS.search(path):
        return
    backticks = _BACKTICK_RUNS.search(path) is not None
    stack: list[tuple[int, str]] = []  # the keys above this line, by indentation
    lines = text.split("\n")
    skip_to = 0
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r")
        stripped = line.lstrip()
        if not stripped:
            continue
        indent = len(line) - len(stripped)
        if not stripped.startswith("-"):
            while stack and stack[-1][0] >= indent:
                stack.pop()
        else:
            while stack and stack[-1][0] > indent:
                stack.pop()
        key = _LINE_KEY.match(line)
        if index < skip_to:
            continue
        if stripped.endswith("(") and "drizzle-kit" not in line.lower():
            # `exec.Command(` with its words on the lines after it
            joined, places = _call_lines(lines, index)
            if "drizzle-kit" in joined.lower() and len(places) > 1:
                skip_to = index + len(places)
                yield from _line(joined, places, stack, backticks)
            continue
        if "drizzle-kit" in line.lower() and not (
            stripped.startswith(_COMMENT) or _MARKUP.search(line)
        ):
            # A call left open at the end of the line takes the lines until it closes.
            joined, places = _call_lines(lines, index)
            skip_to = index + len(places)
            yield from _line(joined, places, stack, backticks)
        if key is not None and not stripped.startswith("-"):
            stack.append((indent, _name(key)))


def _call_lines(lines: list[str], index: int) -> tuple[str, list[tuple[int, int, int]]]:
    """The line, joined with the next ones while a call it opens stays open (at most 20),
    and where each part starts: (offset in the joined text, file line, its column - 1)."""
    line = lines[index].rstrip("\r")
    places = [(0, index + 1, 0)]
    depth = line.count("(") - line.count(")")
    last = index
    while depth > 0 and last + 1 < len(lines) and last - index < 20:
        last += 1
        raw = lines[last].rstrip("\r")
        nxt = raw.lstrip()
        places.append((len(line) + 1, last + 1, len(raw) - len(nxt)))
        line += " " + nxt
        depth += nxt.count("(") - nxt.count(")")
    return line, places


def _at(places: list[tuple[int, int, int]], offset: int) -> tuple[int, int]:
    """A joined text's offset as the file's (line, column)."""
    start, number, shift = places[0]
    for place in places:
        if place[0] > offset:
            break
        start, number, shift = place
    return number, offset - start + shift + 1


def _line(
    line: str, places: list[tuple[int, int, int]], stack: list[tuple[int, str]], backticks: bool
) -> Iterator[Snippet]:
    above = _ancestors_allow(stack)
    if above is False:
        return
    key = _LINE_KEY.match(line)
    own = is_command_key(_name(key)) if key is not None else None
    if own is False:
        return
    quoted = [m for m in _QUOTED.finditer(line) if not _KEY_AFTER.match(line, m.end())]
    named = [m for m in quoted if "drizzle-kit" in _text(m).lower()]
    if named:
        runs: list[list[re.Match[str]]] = []
        for m in quoted:
            if runs and _SEPARATOR.match(line[runs[-1][-1].end() : m.start()]):
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in runs:
            if not any(m in named for m in run):
                continue
            keyed = own if own is not None else above
            if not _context(line, run[0].start(), run[-1].end(), keyed):
                continue
            if len(run) > 1:
                words = [_text(m) for m in run]
                yield Snippet(exec_form(words), [_at(places, run[0].start())], fixed=True)
            else:
                m = run[0]
                yield Snippet(_unescaped(_text(m)), [_at(places, m.start() + 1)], fixed=True)
        return
    if backticks:
        for m in _BACKTICKED.finditer(line):
            if "drizzle-kit" in m.group(1).lower():
                yield Snippet(m.group(1), [_at(places, m.start() + 1)], fixed=True)
        return
    if "`" in line:
        return  # a sentence that quotes a command in backticks
    # Unquoted: the value of a command key, or an item of a list under one.
    item = _LIST_ITEM.match(line)
    if key is not None and own:
        value = line[key.end() :].rstrip()
        yield Snippet(value, [_at(places, key.end())], fixed=True)
    elif item is not None and above and (key is None or own is None):
        value = item.group("value").rstrip()
        yield Snippet(value, [_at(places, item.start("value"))], fixed=True)
    elif key is None and item is None and above:
        # a line of a block under a command key (`script: |`, `command = <<-EOT`)
        value = line.strip()
        yield Snippet(value, [_at(places, len(line) - len(line.lstrip()))], fixed=True)


_KEY_AFTER = re.compile(r"\s*:(?!:)")
_EXECUTE_AFTER = re.compile(r"\s*\.\s*execute\s*\(")


def _context(line: str, start: int, end: int, keyed: bool | None) -> bool:
    """Whether a quoted string at `start` stands where a command does: right after a key
    that names one (or on a line whose key or parents do), or inside a call that runs one."""
    before = line[max(0, start - 200) : start]
    key = _KEY_BEFORE.search(before)
    if key is not None:
        found = is_command_key(_name(key))
        if found is not None:
            return found
    call = _enclosing_call(before)
    if call is not None:
        return call
    bare = _BARE_CALL.search(before)
    if bare is not None and bare.group(1).lower().rstrip("!") in _RUN_CALLS:
        return True  # Ruby's and Groovy's `sh '…'`, `system "…"`
    if _EXECUTE_AFTER.match(line, end):
        return True  # Groovy's `"npx drizzle-kit migrate".execute()`
    return bool(keyed)


def _enclosing_call(before: str) -> bool | None:
    """The verdict of the call whose `(` is still open before a string: True when it runs a
    program, False when it is some other call (a print, a test helper), None: no call."""
    depth = 0
    for i in range(len(before) - 1, -1, -1):
        c = before[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                name = re.search(r"([\w!]+(?:(?:::|\.)[\w!]+)*)\s*\Z", before[:i])
                if name is None:
                    return None
                parts = [p.lower() for p in re.split(r"::|\.", name.group(1))]
                last = parts[-1].rstrip("!")
                if last == "new" and len(parts) > 1:
                    last = parts[-2]  # Rust's Command::new
                if last in ("args", "arg") and "command" in before.lower():
                    return True  # Rust's Command::new("npx").args(["drizzle-kit", "push"])
                return last in _RUN_CALLS or "command" in last or "process" in last
            else:
                depth -= 1
    return None


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
