"""`Reader`: one TypeScript/JavaScript file's commands (the literal commands it hands to a
process API, directly, through a name bound to literals, or through a helper function of its
own), read over the passes of `_code_structure`."""

from __future__ import annotations

from hooks.commands.carriers import exec_form
from hooks.commands.carriers._code_structure import APIS
from hooks.commands.carriers._code_structure import PROGRAM_ARGS
from hooks.commands.carriers._code_structure import SHELL_TEXT
from hooks.commands.carriers._code_structure import Model
from hooks.commands.carriers._code_structure import aliases
from hooks.commands.carriers._code_structure import bindings
from hooks.commands.carriers._code_structure import brackets
from hooks.commands.carriers._code_structure import call_args
from hooks.commands.carriers._code_structure import functions
from hooks.commands.carriers._code_structure import templates

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from hooks.commands.js import Token

# Tags whose template literal is a command: zx's and Bun's `$`, execa's `$` and `execa`.
_TEMPLATE_TAGS = frozenset({"$", "execa", "execaSync"})

# What a shelled-out word shows when the code computes it: a name the analysis cannot know.
_PROGRAM_PATHS = {"process.execPath": "node", "process.argv0": "node"}
_RESOLVERS = frozenset({"resolve", "join", "fileURLToPath"})  # require.resolve("drizzle-kit/…")


class Reader:
    """One TypeScript/JavaScript file's commands, in a few linear passes over its tokens."""

    def __init__(self, toks: list[Token], text: str) -> None:
        self.toks = toks
        self.bound = bindings(toks)
        self.aliases, self.tags = aliases(toks)
        self.closing = brackets(toks)
        self.helpers: dict[str, Model] = {}
        self.cross_spawn = "cross-spawn" in text
        self.at_calls: set[int] = set()
        # template literals by the offset of their first token (a name bound to one is filled)
        self.heads = {t.offset: i for i, t in enumerate(toks) if t.kind == "tpl-head"}
        self.templates = templates(toks) if self.heads else {}
        self.seen: set[tuple[int, str]] = set()
        if "=>" in text or "function" in text or ") {" in text or "){" in text:
            self._find_helpers()

    def literal(self, i: int) -> tuple[str, int, int] | None:
        """string_at, with each template's text read once for the file (nested templates:
        linear, where a scan per template was quadratic)."""
        from hooks.commands.js import STRING

        if i >= len(self.toks):
            return None
        tok = self.toks[i]
        if tok.kind == STRING:
            return tok.value, tok.offset, i + 1
        found = self.templates.get(i)
        return None if found is None else (found[0], tok.offset, found[1])

    # -- words --------------------------------------------------------------------------------
    def values(self, start: int, end: int) -> list[tuple[str, int]]:
        """A command argument's possible texts with their offsets: a literal, a template (holes
        shown as `${…}`), a concatenation, or a name bound to literals (each one it is given)."""
        from hooks.commands.js import IDENT

        toks = self.toks
        literal = self.literal(start)
        if literal is not None and literal[2] == end:
            return [(text, literal[1]) for text in self.filled(start, literal[0])]
        if end == start + 1 and toks[start].kind == IDENT and toks[start].value in self.bound:
            found = []
            for text, offset in self.bound[toks[start].value]:
                at = self.heads.get(offset)
                found += [
                    (t, offset) for t in (self.filled(at, text) if at is not None else [text])
                ]
            return found
        close = self.closing.get(start, -1)
        if (
            close + 6 == end  # ["npx", "drizzle-kit", "migrate"].join(" ")
            and toks[close + 1].value == "."
            and toks[close + 2].value == "join"
            and toks[close + 4].kind == "str"
        ):
            listed = self.words(start, close + 1)
            if listed:
                return [(toks[close + 4].value.join(listed), toks[start].offset)]
        joined = self.concatenation(start, end)
        return [] if joined is None else joined

    def filled(self, head: int, text: str) -> list[str]:
        """A template's texts with each hole that is a name the file gives literals filled
        with them (`${sub}` where `sub` is "check" or "pull"): a subcommand that can only be
        what writes nothing is no run. Other holes stay HOLE; at most 8 texts."""
        from hooks.commands.js import HOLE
        from hooks.commands.js import IDENT
        from hooks.commands.js import TEMPLATE_HEAD
        from hooks.commands.js import TEMPLATE_MIDDLE
        from hooks.commands.js import TEMPLATE_TAIL

        toks = self.toks
        if HOLE not in text or toks[head].kind != TEMPLATE_HEAD:
            return [text]
        texts = [toks[head].value]
        j, hole = head + 1, head + 1
        while j < len(toks) and j - head < 400:
            kind = toks[j].kind
            if kind == TEMPLATE_HEAD:
                return [text]  # a template in a hole: shown as written
            if kind in (TEMPLATE_MIDDLE, TEMPLATE_TAIL):
                inner = toks[hole:j]
                options = [HOLE]
                if len(inner) == 1 and inner[0].kind == IDENT:
                    given = {v for v, _ in self.bound.get(inner[0].value, ()) if HOLE not in v}
                    if given and len(given) <= 4:
                        options = sorted(given)
                texts = [t + o + toks[j].value for t in texts for o in options][:8]
                hole = j + 1
                if kind == TEMPLATE_TAIL:
                    return texts
            j += 1
        return [text]

    def concatenation(self, start: int, end: int) -> list[tuple[str, int]] | None:
        """`"npx drizzle-kit " + cmd`: the literals joined, a name the file gives literals
        each of them (at most 8 texts), every other operand a hole."""
        from hooks.commands.js import HOLE
        from hooks.commands.js import PUNCT

        toks = self.toks
        texts = [""]
        count = 0
        offset = -1
        j = start
        while j < end:
            literal = self.literal(j)
            given = (
                {v for v, _ in self.bound.get(toks[j].value, ()) if HOLE not in v}
                if toks[j].kind == "id" and (j + 1 == end or toks[j + 1].is_(PUNCT, "+"))
                else set()
            )
            if literal is not None:
                texts = [t + literal[0] for t in texts]
                offset = literal[1] if offset < 0 else offset
                j = literal[2]
            elif given and len(given) <= 4:
                texts = [t + v for t in texts for v in sorted(given)][:8]  # a name's literals
                j += 1
            else:
                k = j
                while k < end and not toks[k].is_(PUNCT, "+"):
                    if toks[k].kind == PUNCT and toks[k].value in "([{":
                        if k not in self.closing:
                            return None  # unclosed: no operand we can read
                        k = self.closing[k]
                    k += 1
                texts = [t + HOLE for t in texts]
                j = k
            count += 1
            if j < end and not toks[j].is_(PUNCT, "+"):
                return None
            j += 1
        if offset < 0 or count < 2:
            return None
        return [(t, offset) for t in texts]

    def word(self, start: int, end: int, program: bool = False) -> str:
        """One word of an exec-form command as the analysis should see it: a literal's text;
        `process.execPath` is node; `require.resolve("drizzle-kit/bin.cjs")` is the path it
        names; a program the code computes is `$name` (it could be anything: judged as
        such), any other computed word a hole."""
        from hooks.commands.js import HOLE
        from hooks.commands.js import IDENT
        from hooks.commands.js import PUNCT

        toks = self.toks
        literal = self.literal(start)
        if literal is not None and literal[2] == end:
            return literal[0]
        if end - start <= 5:
            chain = "".join(t.value for t in toks[start:end])
            if chain in _PROGRAM_PATHS:
                return _PROGRAM_PATHS[chain]
        if end - start == 1 and toks[start].kind == IDENT:
            bound = self.bound.get(toks[start].value)
            if bound is not None and len({v for v, _ in bound}) == 1:
                return bound[0][0]
            if bound is not None and not program:
                # one of several literals (`cond ? "check" : "pull"`): the one that writes, if any
                from hooks.drizzle.versions import WRITES

                writes = [v for v, _ in bound if v.lower() in WRITES]
                return writes[0] if writes else bound[0][0]
            return f"${toks[start].value}" if program else HOLE
        if toks[end - 1].is_(PUNCT, ")") and end - start >= 4:
            callee = toks[end - 1]
            for j in range(start, min(end, start + 12)):
                if toks[j].is_(PUNCT, "("):
                    callee = toks[j - 1]
                    break
            if callee.kind == IDENT and callee.value in _RESOLVERS and end - start <= 40:
                named = [
                    t.value for t in toks[start:end] if t.kind == "str" and "drizzle" in t.value
                ]
                if named:
                    return named[-1]
        if program and all(t.kind == IDENT or t.is_(PUNCT, ".") for t in toks[start:end]):
            return f"${toks[end - 1].value}"
        return HOLE

    def words(self, start: int, end: int) -> list[str] | None:
        """An array argument's words (`["drizzle-kit", cmd]`), computed items as holes; None
        when the argument is not an array literal."""
        from hooks.commands.js import HOLE
        from hooks.commands.js import PUNCT

        toks = self.toks
        if not toks[start].is_(PUNCT, "[") or self.closing.get(start) != end - 1:
            return None
        found: list[str] = []
        for a, b in call_args(toks, start, self.closing):
            if toks[a].is_(PUNCT, "."):  # a spread: words we cannot know
                found.append(HOLE)
            elif a < b:
                found.append(self.word(a, b))
        return found

    def key(self, open_at: int, name: str) -> tuple[int, int] | None:
        """An object literal's property value as a token range (`{ cmd: [...] }`)."""
        from hooks.commands.js import PUNCT

        toks = self.toks
        if not toks[open_at].is_(PUNCT, "{"):
            return None
        for a, b in call_args(toks, open_at, self.closing):
            if b - a >= 3 and toks[a].value == name and toks[a + 1].is_(PUNCT, ":"):
                return a + 2, b
        return None

    # -- helpers: the file's own functions around a process API --------------------------------
    def _shape(
        self, start: int, end: int, params: list[str]
    ) -> int | str | list[str | int | None] | None:
        """A command argument inside a helper: a parameter's index, a literal, or a template
        (static parts, and for each hole the parameter it is, or None)."""
        from hooks.commands.js import IDENT
        from hooks.commands.js import STRING
        from hooks.commands.js import TEMPLATE_HEAD
        from hooks.commands.js import TEMPLATE_MIDDLE
        from hooks.commands.js import TEMPLATE_TAIL

        toks = self.toks
        if end - start == 1 and toks[start].kind == IDENT and toks[start].value in params:
            return params.index(toks[start].value)
        if end - start == 1 and toks[start].kind == STRING:
            return toks[start].value
        if toks[start].kind != TEMPLATE_HEAD:
            return None
        parts: list[str | int | None] = [toks[start].value]
        j, hole = start + 1, start + 1
        while j < end:
            kind = toks[j].kind
            if kind == TEMPLATE_HEAD:
                return None  # a template in a template: not a helper we model
            if kind in (TEMPLATE_MIDDLE, TEMPLATE_TAIL):
                inner = toks[hole:j]
                named = len(inner) == 1 and inner[0].kind == IDENT and inner[0].value in params
                parts.append(params.index(inner[0].value) if named else None)
                parts.append(toks[j].value)
                hole = j + 1
                if kind == TEMPLATE_TAIL:
                    break
            j += 1
        return parts

    def _list_shape(
        self, start: int, end: int, params: list[str]
    ) -> int | list[str | int | None] | None:
        from hooks.commands.js import IDENT
        from hooks.commands.js import PUNCT
        from hooks.commands.js import STRING

        toks = self.toks
        if end - start == 1 and toks[start].kind == IDENT and toks[start].value in params:
            return params.index(toks[start].value)
        if not toks[start].is_(PUNCT, "["):
            return None
        items: list[str | int | None] = []
        for a, b in call_args(toks, start, self.closing):
            if b - a == 1 and toks[a].kind == STRING:
                items.append(toks[a].value)
            elif b - a == 1 and toks[a].kind == IDENT and toks[a].value in params:
                items.append(params.index(toks[a].value))  # `[…, sub]`: the call's word
            elif b - a == 4 and toks[a].is_(PUNCT, ".") and toks[a + 3].value in params:
                items.append(params.index(toks[a + 3].value))
            else:
                items.append(None)
        return items

    def _find_helpers(self) -> None:
        """Functions whose body hands a parameter to a process API: a call of one with
        literals runs what they make (`run("npx", ["drizzle-kit", "push"])`). Each API call is
        credited to its innermost function only: one pass, however deep they nest."""
        from hooks.commands.js import IDENT
        from hooks.commands.js import PUNCT

        toks = self.toks
        defined = sorted(functions(toks, self.closing))
        if not defined:
            return
        stack: list[tuple[int, int, str, list[str], set[int]]] = []
        k = 0
        for i, tok in enumerate(toks):
            while k < len(defined) and defined[k][0] <= i:
                stack.append(defined[k])
                k += 1
            while stack and stack[-1][1] < i:
                stack.pop()
            if not stack or tok.kind != IDENT or i + 1 >= len(toks):
                continue
            if not toks[i + 1].is_(PUNCT, "("):
                continue
            member = i >= 1 and toks[i - 1].is_(PUNCT, ".")
            api = tok.value if tok.value in APIS else None
            if api is None and not member:
                api = self.aliases.get(tok.value)
            if api is None:
                continue
            _, _, name, params, rest = stack[-1]
            if name in self.helpers or not any(params):
                continue
            args = call_args(toks, i + 1, self.closing)
            if not args:
                continue
            command = self._shape(*args[0], params)
            second = self._list_shape(*args[1], params) if len(args) > 1 else None
            uses = (
                isinstance(command, int)
                or (isinstance(command, list) and any(isinstance(p, int) for p in command))
                or isinstance(second, int)
                or (isinstance(second, list) and any(isinstance(p, int) for p in second))
            )
            if command is not None and uses:
                self.helpers[name] = Model(api, command, second, rest)
                self.at_calls.add(toks[args[0][0]].offset)

    def _filled(self, model: Model, args: list[tuple[int, int]]) -> list[tuple[str, int]]:
        """What a helper runs for one call's arguments (nothing when the command is unknown)."""
        from hooks.commands.js import HOLE

        def arg_words(index: int) -> list[str]:
            if index in model.rest:
                return [self.word(a, b) for a, b in args[index:]]
            if index >= len(args):
                return []
            listed = self.words(*args[index])  # a list handed as the arguments, or one word
            return listed if listed is not None else [self.word(*args[index])]

        command = model.command
        offset = self.toks[args[0][0]].offset if args else -1
        texts: list[tuple[str, int]]
        if isinstance(command, int):
            if command in model.rest:
                texts = [(exec_form(arg_words(command)), offset)]
            elif command < len(args):
                texts = self.values(*args[command])
                if not texts and model.api in PROGRAM_ARGS:
                    texts = [(self.word(*args[command], program=True), offset)]
            else:
                texts = []
        elif isinstance(command, str):
            texts = [(command, offset)]
        else:
            filled = []
            for part in command:
                if isinstance(part, str):
                    filled.append(part)
                elif part is not None and part < len(args):
                    known = self.values(*args[part])
                    filled.append(known[0][0] if len(known) == 1 else HOLE)
                else:
                    filled.append(HOLE)
            texts = [("".join(filled), offset)]
        if model.args is None:
            return texts
        if isinstance(model.args, int):
            extra = arg_words(model.args)
        else:
            extra = []
            for item in model.args:
                if isinstance(item, str):
                    extra.append(item)
                elif item is None:
                    extra.append(HOLE)
                else:
                    extra += arg_words(item)
        if model.api in PROGRAM_ARGS:
            return [(exec_form([t, *extra]), o) for t, o in texts]
        return [(f"{t} {exec_form(extra)}" if extra else t, o) for t, o in texts]

    # -- the file's commands ---------------------------------------------------------------------
    def commands(self) -> Iterator[tuple[int, str]]:
        from hooks.commands.js import IDENT
        from hooks.commands.js import PUNCT

        toks = self.toks
        closing = self.closing
        shelled: set[str] = set()  # names already handed to a shell
        for i, tok in enumerate(toks):
            if tok.kind != IDENT:
                continue
            nxt = i + 1
            member_of = toks[i - 2].value if i >= 2 and toks[i - 1].is_(PUNCT, ".") else None
            if (tok.value in _TEMPLATE_TAGS or tok.value in self.tags) and member_of is None:
                # $`…`, $({options})`…`, execa`…`, execa({options})`…`
                if nxt < len(toks) and toks[nxt].is_(PUNCT, "("):
                    literal = self.literal(closing.get(nxt, len(toks)) + 1)
                    if literal is not None:
                        yield from self._once(literal[1], literal[0])
                        continue
                    if tok.value != "execa" and tok.value != "execaSync":
                        continue
                else:
                    literal = self.literal(nxt)
                    if literal is not None:
                        yield from self._once(literal[1], literal[0])
                    continue
            if nxt >= len(toks) or not toks[nxt].is_(PUNCT, "("):
                continue
            if tok.value in self.helpers and i > 0 and toks[i - 1].is_(IDENT, "function"):
                continue  # `function kit(sub, flag) {`: the helper's definition, no call
            after = closing.get(nxt, -1) + 1
            if tok.value in self.helpers and 0 < after < len(toks) and toks[after].is_(PUNCT, "{"):
                continue  # a method's definition: `run(cmd) {`
            args = call_args(toks, nxt, closing)
            if not args:
                continue
            yield from self._call(i, tok.value, member_of, args, shelled)

    def _once(self, offset: int, command: str) -> Iterator[tuple[int, str]]:
        if (offset, command) not in self.seen and offset not in self.at_calls:
            self.seen.add((offset, command))
            yield offset, command

    def _call(
        self,
        i: int,
        name: str,
        member_of: str | None,
        args: list[tuple[int, int]],
        shelled: set[str],
    ) -> Iterator[tuple[int, str]]:
        from hooks.commands.js import IDENT

        toks = self.toks
        first = args[0]
        at = toks[first[0]].offset
        if member_of in ("Bun", "Deno") and name in ("spawn", "spawnSync", "run"):
            listed = self.words(*first)  # Bun.spawn([...]), or Bun.spawn({ cmd: [...] })
            if listed is None:
                cmd = self.key(first[0], "cmd")
                listed = self.words(*cmd) if cmd is not None else None
            if listed:
                yield from self._once(at, exec_form(listed))
            return
        if member_of == "Deno" and name == "Command":  # new Deno.Command("npx", { args })
            program = self.word(*first, program=True)
            options = self.key(args[1][0], "args") if len(args) > 1 else None
            rest = self.words(*options) if options is not None else None
            yield from self._once(at, exec_form([program, *(rest or [])]))
            return
        if name == "withExec" and member_of is not None:  # Dagger: .withExec(["npx", ...])
            listed = self.words(*first)
            if listed:
                yield from self._once(at, exec_form(listed))
            return
        api = name if name in APIS else (self.aliases.get(name) if member_of is None else None)
        if name == "sync" and member_of is not None and self.cross_spawn:
            api = "spawnSync"  # cross-spawn's `spawn.sync(cmd, args)`
        if api is None:
            model = self.helpers.get(name) if member_of in (None, "this") else None
            if model is not None:
                for command, offset in self._filled(model, args):
                    yield from self._once(offset, command)
            return
        extra = self.words(*args[1]) if len(args) > 1 else None
        if api in SHELL_TEXT:
            if first[1] - first[0] == 1 and toks[first[0]].kind == IDENT:
                if toks[first[0]].value in shelled:
                    return  # its literals are reported once, however often it is run
                shelled.add(toks[first[0]].value)
            for command, offset in self.values(*first):
                tail = f" {exec_form(extra)}" if extra else ""  # @actions/exec's exec(cmd, args)
                yield from self._once(offset, command + tail)
            return
        values = self.values(*first)
        if not values and extra is not None:
            values = [(self.word(*first, program=True), at)]
        for command, offset in values:
            if extra is not None:
                yield from self._once(offset, exec_form([command, *extra]))
            else:
                yield from self._once(offset, command)  # a program, or a command with shell: true
