"""What a word of a command can stand for, read from the text around it: shell variables
(assigned, sourced, defaulted, bash arrays, PowerShell's and batch's), shell functions and
the arguments of their calls, the words of a `for` loop, CI expressions (`${{ inputs.x }}`)
and template placeholders (`{{cmd}}`)."""

from __future__ import annotations

import re

from hooks.commands._words import joined
from hooks.commands._words import requote
from hooks.commands.drizzle_kit import banned_subcommand
from hooks.commands.drizzle_kit import subcommand_word
from hooks.commands.runs import Run
from hooks.commands.shell import Word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection
    from collections.abc import Mapping

    from hooks.commands.runs import Frame
    from hooks.commands.shell import Command


_DECLARERS = frozenset({"export", "local", "readonly", "declare", "typeset", "set"})
_EXPANSION = r"(?i)\A\$(?:\{(\w+)(?:\[[@*0]\])?\}|(\w+))\Z|\A(?:\$env:|%)(\w+)%?\Z"

# A bash array (`KIT=(npx drizzle-kit --config x.ts)`), used as `"${KIT[@]}" push`.
ARRAY = r"(?m)^\s*(?:local\s+|declare\s+-a\s+|readonly\s+)?(\w+)=\(([^()\n]*)\)"


def shell_functions(text: str, commands: list[Command]) -> tuple[dict[str, str], set[int]]:
    """The shell functions a text defines (`name() { … }`, `function name { … }`): name ->
    the text of its body, and the indices of the commands that only name a definition. Read
    from the commands as the shell reader splits them (`name()` ends a command, each `{` and
    `}` starts one)."""
    found: dict[str, str] = {}
    headers: set[int] = set()
    i = 0
    while i < len(commands):
        words = [w.value for w in commands[i].words]
        name = None
        opens = i + 1
        if len(words) >= 2 and words[0] == "function":
            name = words[1].removesuffix("()")
            if words[2:3] == ["{"]:
                opens = i  # `function kit {` on one line: the brace is its third word
        elif len(words) == 1 and i + 1 < len(commands):
            gap = text[commands[i].offset : commands[i + 1].offset]
            if "(" in gap and ")" in gap:
                name = words[0]
        if (
            name is None
            or opens >= len(commands)
            or "{" not in (w.value for w in commands[opens].words[:3])
        ):
            i += 1
            continue
        depth, j = 0, opens
        while j < len(commands):
            first = commands[j].words[0].value if commands[j].words else ""
            depth += sum(1 for w in commands[j].words if w.value == "{" and not w.quoted)
            if first == "}":
                depth -= 1
                if depth <= 0:
                    break
            j += 1
        start = commands[opens].offset
        body = text[start : commands[j].offset if j < len(commands) else len(text)]
        found[name] = body.split("{", 1)[1] if "{" in body else body  # (what follows the brace)
        if opens != i:
            headers.add(i)
        if j >= len(commands):
            break  # an unclosed body takes the rest: no later definition can close (linear)
        i = opens + 1  # (the body's commands are read where they stand, too)
    return found, headers


DEFAULT_COMMAND = r"\A\$\{\w+:?[-=]([^{}]*\s[^{}]*)\}\Z"
_LOOP = r"\bfor\s+(\w+)\s+in\s+([^;\n$`(){}]*?)\s*(?:;|\n)\s*do\b"
_DEFAULTED = r"\A\$\{(\w+|[0-9])(?::?[-=])([\w:-]+)\}\Z"


def loop_choices(text: str) -> dict[str, tuple[str, ...]]:
    """A shell `for NAME in words; do` over literal words: what `$NAME` can be."""
    return {
        f"${m.group(1)}": tuple(w.strip("'\"") for w in m.group(2).split())
        for m in re.compile(_LOOP).finditer(text)
        if m.group(2).strip()
    }


# (Patterns compiled on first use, by `re`'s cache: importing this compiles none.)
_POSITIONAL = r"(?i)\A\$(?:[0-9@*#]|\{[0-9@*#].*\}|args\b.*)\Z"
_CI_EXPRESSION = r"(?s)\A\$\{\{\s*(.*?)\s*\}\}\Z"
_TEMPLATE_PLACEHOLDER = r"\A\{\{-?\s*([^{}]*?)\s*-?\}\}\Z"
_VARIABLE = r"(?i)\A\$(?:\{(\w+)\}|env:(\w+)|(\w+))\Z"


def _value_source(raw: str) -> tuple[str | None, str]:
    """Where a computed word's value comes from, as a key of the carrier's choices (`inputs.
    command`, `$CMD`) and as shown; (None, "") for a word that is not computed here."""
    text = raw.strip("\"'")
    template = re.compile(_TEMPLATE_PLACEHOLDER).match(text)
    if template is not None:  # just's `{{cmd}}`, go-task's `{{.CLI_ARGS}}`, Helm's, Jinja's
        return template.group(1).lstrip("."), text
    if not text.startswith(("$", "%")) or re.compile(_POSITIONAL).match(text):
        return None, ""
    expression = re.compile(_CI_EXPRESSION).match(text)
    if expression is not None:
        key = ci_expression_key(expression.group(1))
        return key, key
    variable = re.compile(_VARIABLE).match(text)
    if variable is not None:
        name = variable.group(1) or variable.group(2) or variable.group(3)
        return f"${name}", f"${name}"
    if text.startswith("%") and not (len(text) > 2 and text.endswith("%")):
        return None, ""  # (a `%` that is no batch variable)
    return text, text  # `$(cat cmd)`, `${CMD:-push}`, `%CMD%`: nothing to look up


def _literal_alternatives(raw: str) -> tuple[str, ...] | None:
    """A CI expression that can only be literals: `${{ inputs.live && 'pull' || 'check' }}`
    (each `||` operand ends in a quoted literal); None when any value is not one."""
    expression = re.compile(_CI_EXPRESSION).match(raw.strip('"'))
    if expression is None:
        return None
    found = []
    for operand in expression.group(1).split("||"):
        last = operand.split("&&")[-1].strip()
        literal = re.fullmatch(r"'([^']*)'|\"([^\"]*)\"", last)
        if literal is None:
            return None
        found.append(literal.group(1) if literal.group(1) is not None else literal.group(2))
    return tuple(found)


def ci_expression_key(expression: str) -> str:
    """A CI expression as the key its choices are kept under: `github.event.inputs.command`,
    `inputs['command']` and `inputs.command` are one input."""
    key = re.sub(r"\[\s*['\"]([\w-]+)['\"]\s*\]", r".\1", expression.strip())
    return key.removeprefix("github.event.")


def with_arguments(body: str, args: list[Word]) -> str:
    """A function's body with its positional parameters replaced by the call's words."""
    all_args = joined(args)

    def one(match: re.Match[str]) -> str:
        token = match.group(0).strip('"')
        if token in ("$@", "$*", "${@}", "${*}"):
            return all_args
        number = int(token.strip("${}"))
        return requote(args[number - 1].value) if 0 < number <= len(args) else "''"

    return re.sub(r'"?\$(?:[@*]|\{[@*]\}|\{?[1-9]\}?)"?', one, body)


def remember(
    variables: dict[str, str], words: list[Word], every: dict[str, list[str]] | None = None
) -> None:
    """A command that only assigns (`KIT="npx drizzle-kit"`, `export KIT=…`, PowerShell's
    `$KIT = "…"` reads as words `$KIT`, `=`, `…`): remember each NAME's value for this text
    (and, in `every`, each value it was given: the branches of a `case` or an `if`)."""
    if len(words) == 3 and words[1].value == "=" and words[0].raw.startswith("$"):
        name = words[0].raw[1:].lower().removeprefix("env:")  # PowerShell: $KIT, $env:KIT
        variables[name] = _resolved(words[2].value, variables)
        if every is not None:
            every.setdefault(name, []).append(variables[name])
        return
    if len(words) > 2 and words[0].value.lower() == "set" and is_assignment(words[1]):
        # Windows batch: `set KIT=npx drizzle-kit` takes the rest of the line (`%KIT% push`)
        name, _, value = words[1].value.partition("=")
        variables[name.lower()] = " ".join([value, *(w.value for w in words[2:])]).strip()
        if every is not None:
            every.setdefault(name.lower(), []).append(variables[name.lower()])
        return
    rest = words[1:] if words and words[0].value in _DECLARERS else words
    if rest and all(is_assignment(w) for w in rest):
        for word in rest:
            name, _, value = word.value.partition("=")
            variables[name.lower()] = _resolved(value, variables)
            if every is not None:
                every.setdefault(name.lower(), []).append(variables[name.lower()])


def _resolved(value: str, variables: dict[str, str]) -> str:
    """A value that is itself one known variable (`B=$A`), as that variable's value."""
    match = re.match(_EXPANSION, value)
    if match is None:
        return value
    name = (match.group(1) or match.group(2) or match.group(3) or "").lower()
    return variables.get(name, value)


def expansion(word: Word, variables: dict[str, str]) -> str | None:
    """The value of a word that is one known variable and nothing else (`$KIT`, `${KIT}`,
    PowerShell's `$env:KIT`); None for anything else."""
    if not variables or (word.quoted and '"' not in word.raw[:1]):
        return None
    match = re.match(_EXPANSION, word.raw.strip('"'))
    if match is None:
        return None
    name = (match.group(1) or match.group(2) or match.group(3) or "").lower()
    return variables.get(name)


def substituted(
    words: list[Word],
    variables: dict[str, str],
    every: dict[str, list[str]] | None = None,
    banned: Collection[str] = (),
) -> list[Word]:
    """The words after the program with each known variable replaced by its value's words;
    one given several values (`case` branches) by the one that writes, if any."""
    out = words[:1]
    for word in words[1:]:
        value = expansion(word, variables)
        if value is not None and every:
            name = re.match(_EXPANSION, word.raw.strip('"'))
            key = (name.group(1) or name.group(2) or name.group(3) or "").lower() if name else ""
            given = every.get(key, ())
            if len(set(given)) > 1:
                value = next((v for v in given if v.lower().split(":")[0] in banned), value)
        if value is None:
            out.append(word)
        else:
            out += [Word(v, v, word.offset, quoted=False) for v in value.split()] or [word]
    return out


def is_assignment(word: Word) -> bool:
    raw = word.raw
    eq = raw.find("=")
    if eq <= 0:
        return False
    name = raw[:eq]
    return (name[0].isalpha() or name[0] == "_") and all(c.isalnum() or c == "_" for c in name)


def _word(value: str) -> Word:
    return Word(value, value, 0, quoted=False)


def computed(
    frame: Frame,
    args: list[Word],
    shown: str,
    all_choices: Mapping[str, tuple[str, ...]],
    bans: Collection[str],
) -> None:
    """drizzle-kit's subcommand is a value filled in where the command runs (`$CMD`,
    `${{ inputs.command }}`, `$(cat cmd)`): what it can be, when its choices are known
    (a workflow input's options, a matrix), else a run we cannot rule out. A positional
    parameter (`"$@"`, `$1`) is not one: the caller's words are read at the call."""
    word = subcommand_word(args)
    if word is None:
        return
    defaulted = re.compile(_DEFAULTED).match(word.raw.strip('"'))
    if defaulted is not None:  # `${1:-migrate}`: what runs when nothing is given
        value = defaulted.group(2)
        if banned_subcommand([_word(value)], bans) is not None:
            shown = " ".join(("drizzle-kit " + " ".join(w.raw for w in args)).split())[:120]
            source = f"${defaulted.group(1)}, whose default is {value}"
            frame.result.runs.append(Run(shown, value, frame.start, source=source))
            return
    key, display = _value_source(word.raw)
    if key is None:
        return
    shown = " ".join(("drizzle-kit " + " ".join(w.raw for w in args)).split())[:120]
    choices = all_choices.get(key)
    if choices is None:
        choices = _literal_alternatives(word.raw)  # `${{ x && 'pull' || 'check' }}`
    if choices is None:
        source = f"{display}, which atlas-first cannot know"
        frame.result.runs.append(Run(shown, "?", frame.start, source=source))
        return
    banned = [c for c in choices if banned_subcommand([_word(c)], bans) is not None]
    if banned:
        source = f"{display}, which can be {' or '.join(banned)}"
        frame.result.runs.append(Run(shown, banned[0], frame.start, source=source))
