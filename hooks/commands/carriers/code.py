"""TypeScript/JavaScript that shells out: `exec`/`execSync`/`spawn`/`spawnSync`/`execFile`
(`child_process`), `execa`/`execaSync`/`execaCommand` and execa's or zx's or Bun's
`` $`…` ``, and `Bun.spawn([...])`, when the command is a string literal, a template whose
static text names the run (each `${…}` hole stays a `${…}` word), an array of literals,
or a name the file assigns such a literal (`const command = `…`; execSync(command)`, every
literal it is ever given). execa's template takes options first too: `` execa({…})`…` ``.
A computed command is never guessed at.

Infrastructure code (SST, AWS CDK, CDKTF, cdk8s, Pulumi) that hands a container or a task a
literal command counts too: in a file that imports one of those, an object literal's
`entryPoint`/`entrypoint` + `command` + `args` (lists of string literals make one exec-form
command; a string is shell text), and the `create`/`update`/`delete` of a Pulumi
`@pulumi/command` resource.

The file's tokens are read in linear passes (`_code_structure`), then its commands by
`_code_reader.Reader`; this module reads the infrastructure code and follows helpers imported
from the repository's own modules."""

from __future__ import annotations

import re

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import exec_form
from hooks.commands.carriers._code_reader import Reader
from hooks.commands.js import token_list
from hooks.report.positions import Positions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterator

    from hooks.commands.carriers._code_structure import Model
    from hooks.commands.js import Token


# An import of an infrastructure-as-code library (or SST's own config file).
_INFRA = re.compile(
    r"""["'](?:sst(?:/[\w/.-]*)?|aws-cdk-lib(?:/[\w/.-]*)?|@aws-cdk/[\w/.-]+"""
    r"""|cdktf(?:/[\w/.-]*)?|@cdktf/[\w/.-]+|cdk8s(?:-plus-\d+)?|@pulumi/[\w/.-]+)["']"""
)
CONTAINER_KEYS = ("entryPoint", "entrypoint", "command", "args")
PULUMI_COMMAND_KEYS = ("create", "update", "delete")


def infra_commands(toks: list[Token], positions: Positions, pulumi: bool) -> Iterator[Snippet]:
    """The literal commands object literals hand to containers, tasks and Pulumi commands."""
    from hooks.commands.js import object_literals

    for props in object_literals(toks):
        parts = [props[key] for key in CONTAINER_KEYS if key in props]
        if parts and all(isinstance(value, list) for value, _ in parts):
            words = [w for value, _ in parts if isinstance(value, list) for w in value]
            if words:
                yield Snippet(exec_form(words), [positions.at(parts[0][1])], fixed=True)
        else:
            for value, offset in parts:
                if isinstance(value, str):
                    yield Snippet(value, [positions.at(offset)], fixed=True)
        if pulumi:
            for key in PULUMI_COMMAND_KEYS:
                found = props.get(key)
                if found is not None and isinstance(found[0], str):
                    yield Snippet(found[0], [positions.at(found[1])], fixed=True)


# Imports of the repository's own modules: `import { run } from "./lib/run"`, `import sh
# from "../utils/sh.mjs"`, `const { run: exec } = require("./run")`. Each relative specifier
# looks back a bounded window for its clause: linear, however the file is written.
_RELATIVE_FROM = re.compile(r"""\bfrom\s*["'](\.{1,2}/[^"'\n]+)["']""")
_RELATIVE_REQUIRE = re.compile(r"""\brequire\(\s*["'](\.{1,2}/[^"'\n]+)["']\s*\)""")
_IMPORT_CLAUSE = re.compile(
    r"""\bimport\s+(?:(?P<default>[\w$]+)\s*,?\s*)?(?:\{(?P<names>[^{}]*)\})?\s*\Z"""
)
_REQUIRE_CLAUSE = re.compile(
    r"""\b(?:const|let|var)\s+(?:(?P<default>[\w$]+)|\{(?P<names>[^{}]*)\})\s*=\s*\Z"""
)
_DEFAULT_EXPORT = re.compile(
    r"\bexport\s+default\s+(?:async\s+)?(?:function\s*\*?\s*)?([\w$]+)|\bmodule\.exports\s*=\s*([\w$]+)"
)
_CODE_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx")


def imported_helpers(
    text: str, path: str, read: Callable[[str], str | None]
) -> tuple[dict[str, Model], set[str]]:
    """The helpers this file imports from modules of the repository (issue 37: code that
    shells out through a helper of another file): local name -> what it runs, read from the
    module (each module once; only relative imports, the module's own functions). Also the
    tags: execa's or zx's `$` bound in a module (`export const exec = $({ verbose: "short" })`)
    and imported, then used as `` exec`drizzle-kit migrate` ``."""
    import posixpath

    wanted: dict[str, list[tuple[str, str]]] = {}  # module spec -> [(local, imported)]
    for pattern, clause in ((_RELATIVE_FROM, _IMPORT_CLAUSE), (_RELATIVE_REQUIRE, _REQUIRE_CLAUSE)):
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 600) : m.start()]
            last = max(before.rfind("import"), before.rfind("const"), before.rfind("let"))
            found_clause = clause.search(before, max(last, 0))
            if found_clause is None:
                continue
            pairs = wanted.setdefault(m.group(1), [])
            if found_clause.group("default"):
                pairs.append((found_clause.group("default"), "default"))
            for entry in (found_clause.group("names") or "").split(","):
                parts = re.split(r"\s+as\s+|\s*:\s*", entry.strip())
                if parts and parts[0] and parts[0] != "type":
                    pairs.append((parts[-1], parts[0]))
    found: dict[str, Model] = {}
    tags: set[str] = set()
    folder = posixpath.dirname(path)
    for spec, pairs in list(wanted.items())[:20]:
        base = posixpath.normpath(posixpath.join(folder, spec))
        stem = base[: -len(posixpath.splitext(base)[1])] if base.endswith(_CODE_SUFFIXES) else base
        module = None
        for candidate in (
            base,
            *(stem + s for s in _CODE_SUFFIXES),
            *(f"{base}/index{s}" for s in _CODE_SUFFIXES),
        ):
            if not candidate.startswith("../"):
                module = read(candidate)
                if module is not None:
                    break
        if module is None or len(module) > 1_000_000:
            continue
        reader = Reader(token_list(module), module)
        default = _DEFAULT_EXPORT.search(module)
        for local, imported in pairs:
            name = imported
            if imported == "default" and default is not None:
                name = default.group(1) or default.group(2)
            if name in reader.helpers:
                found[local] = reader.helpers[name]
            if name in reader.tags:
                tags.add(local)
    return found, tags


def snippets(
    text: str, path: str, read: Callable[[str], str | None] | None = None
) -> Iterator[Snippet]:
    """`read`: the repository's files by path, to follow a helper imported from one."""
    toks = token_list(text)
    positions = Positions(text)
    reader = Reader(toks, text)
    if read is not None and "./" in text:
        helpers, tags = imported_helpers(text, path, read)
        for name, model in helpers.items():
            reader.helpers.setdefault(name, model)
        reader.tags |= tags
    yield from (Snippet(c, [positions.at(o)], fixed=True) for o, c in reader.commands())
    if _INFRA.search(text) or path.rsplit("/", 1)[-1].startswith("sst.config."):
        yield from infra_commands(toks, positions, "@pulumi/command" in text)
