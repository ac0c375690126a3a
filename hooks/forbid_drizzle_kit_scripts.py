"""forbid-drizzle-kit-scripts: no `drizzle-kit push/generate/migrate/up/drop`, however wrapped.

Reads the `scripts` of every package.json it is given and, unless `script-files = false`,
every other carrier of commands (`_sources`: shell and PowerShell scripts, Makefiles, CI YAML,
Dockerfiles, compose files, deploy-platform configs, task runners, git hooks, atlas.hcl, code
that shells out). Each command is read as the shell would read it (see `_shell` and
`_drizzle_kit`): a run is flagged, a mention in an argument, a comment or an install is not.
"""

from __future__ import annotations

import os
import re

from hooks._codes import Code
from hooks._codes import Example
from hooks._codes import register
from hooks._directives import STALE as STALE_EXEMPTION
from hooks._hook import Findings
from hooks._hook import hook_main
from hooks._report import ToolError
from hooks._report import Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Collection
    from collections.abc import Mapping
    from collections.abc import Sequence

    from hooks._config import Config
    from hooks._drizzle_kit import Analysis
    from hooks._drizzle_kit import Resolver
    from hooks._drizzle_kit import Run
    from hooks._hook import Context
    from hooks._sources import Snippet

RUNS = "AF301"
UNPARSEABLE = "AF302"
SHELLS_OUT = "AF303"
NO_READER = "AF305"
_PKG = "packages/database/package.json"


def _scripts(**scripts: str) -> str:
    body = ",\n".join(f'    "{name}": "{command}"' for name, command in scripts.items())
    return f'{{\n  "name": "@acme/database",\n  "scripts": {{\n{body}\n  }}\n}}\n'


_PUSH_TS = "packages/database/src/push.ts"
_SH = "scripts/db.sh"
_UNIT = "deploy/api.service"
_EXEC = 'import { execSync } from "node:child_process";\n'
_ALLOWED = "#!/bin/sh\n# atlas-first: allow AF301 the throwaway CI database\n"


def _catalogue() -> list[Code]:
    """This hook's codes (built when a report or `explain` asks)."""
    return [
        Code(
            RUNS,
            "drizzle-kit migration command in a script",
            why="`drizzle-kit push`, `generate`, `migrate`, `up` and `drop` change the database (or"
            " write migrations) from the TypeScript schema, bypassing Atlas and schema.sql. Read"
            " wherever a command is written (package.json, shell and PowerShell scripts, CI,"
            " containers, deploy platforms, task runners, git hooks) and through the programs"
            " that wrap it (`docker compose exec`, `ssh`, secret loaders, `timeout`…).",
            when_not="the command is `drizzle-kit pull` (types only), `check`, `studio` or another"
            " read-only subcommand, or drizzle-kit is only mentioned (an `echo`, a comment).",
            fix="use the sync script (Atlas apply, then drizzle-kit pull); `drizzle-kit pull`"
            " alone is fine",
            accept="`# atlas-first: allow AF301 <reason>` on or above the line, or an"
            " [[allow-drizzle-kit-script]] entry in .atlas-first.toml (e.g. a throwaway CI"
            " database)",
            fires=Example(
                {
                    _PKG: _scripts(
                        **{
                            "with-env": "dotenv -e .env --",
                            "db:push": "pnpm with-env drizzle-kit push",
                        }
                    )
                }
            ),
            passes=Example({_PKG: _scripts(**{"db:pull": "drizzle-kit pull && echo 'no push'"})}),
        ),
        Code(
            UNPARSEABLE,
            "Unreadable script that mentions drizzle-kit",
            why="The command has an unbalanced quote, so it cannot be shown not to run"
            " drizzle-kit: a guard that cannot check does not pass.",
            when_not="the text that cannot be read does not mention drizzle-kit.",
            fix="fix the quoting so the command can be read",
            fires=Example({_SH: "#!/bin/sh\necho 'drizzle-kit push\n"}),
            passes=Example({_SH: "#!/bin/sh\necho 'drizzle-kit push'\n"}),
        ),
        Code(
            SHELLS_OUT,
            "Code that shells out to a drizzle-kit migration command",
            why="execSync, spawn, execa, zx, Bun.spawn and infrastructure code (SST, CDK, Pulumi"
            " commands) running drizzle-kit push/generate/migrate/up/drop bypass Atlas from a"
            " program instead of a script.",
            when_not="the code names drizzle-kit without handing it to a process API, or runs"
            " `drizzle-kit pull`.",
            fix="remove the call; apply schema.sql through the sync script",
            accept="`// atlas-first: allow AF303 <reason>` on or above the line",
            fires=Example({_PUSH_TS: _EXEC + 'execSync("npx drizzle-kit push");\n'}),
            passes=Example({_PUSH_TS: _EXEC + 'execSync("npx drizzle-kit pull");\n'}),
        ),
        Code(
            NO_READER,
            "drizzle-kit migration command in a file no reader knows",
            why="A command can be written in any file something runs: a systemd unit, a"
            " Terraform `local-exec`, `wrangler.toml`, `buildspec.yml`, a Vagrantfile, Go or"
            " Ruby that shells out. A file atlas-first has no reader for is read line by line:"
            " a quoted string or a value that runs drizzle-kit push/generate/migrate/up/drop"
            " plainly (or through a wrapper it knows) is reported, so that no new kind of file"
            " is a way around the ban.",
            when_not="the line is a comment, a prose key's value (`description:`), a sentence"
            " (`drizzle-kit push to sync`), a program atlas-first does not know handed the"
            " words, or the file is prose, a lock file or a binary (README, *.md, docs/).",
            fix="run the sync script (Atlas apply, then drizzle-kit pull) from there instead",
            accept="`# atlas-first: allow AF305 <reason>` on or above the line (in a format"
            " with comments), or the file's path in `not-scripts` in .atlas-first.toml",
            fires=Example({_UNIT: "[Service]\nExecStartPre=/usr/bin/npx drizzle-kit migrate\n"}),
            passes=Example({_UNIT: "[Service]\nExecStartPre=/usr/bin/npx drizzle-kit check\n"}),
        ),
        Code(
            STALE_EXEMPTION,
            "An AF301/AF303 exemption that allows nothing",
            severity="warning",
            why="An `atlas-first: allow` directive or an [[allow-drizzle-kit-script]] entry that"
            " matches no banned command, names no code or a code that cannot be allowed, or gives"
            " no reason: left behind, it would silently allow the next command written there.",
            when_not="the exemption names AF301 or AF303, gives a reason and matches a finding on"
            " its line (or the next, for a comment alone on its line).",
            fix="remove it, or fix it so that it names the command it is for",
            fires=Example({_SH: _ALLOWED + "npx drizzle-kit pull\n"}),  # nothing to allow
            passes=Example({_SH: _ALLOWED + "npx drizzle-kit push --force\n"}),
        ),
    ]


register(
    "forbid-drizzle-kit-scripts",
    (
        RUNS,
        UNPARSEABLE,
        SHELLS_OUT,
        NO_READER,
        STALE_EXEMPTION,
    ),
    _catalogue,
)

_NAME_TOKENS = re.compile(r"[^\s'\"=;&|()`]+")


def script_hint(config: Config) -> str:
    return f"use Atlas instead: {config.hint}; `drizzle-kit pull` (types only) is fine"


def _plain(text: str) -> str:
    # Quotes and backslashes can split a word in the shell (dr\izzle-kit, pu"sh"); not here.
    return text.replace("\\", "").replace("'", "").replace('"', "").lower()


def _mentions_drizzle(text: str) -> bool:
    return "drizzle" in _plain(text)


# Code runs a command only through a process API, or hands one to a container or a task
# (infrastructure code); most TS/JS files that say "drizzle" use drizzle-orm and do neither,
# and are not lexed.
# (or calls a helper of its own repository: a relative import)
_RUNS_SOMETHING = (
    r"exec|Exec|spawn|\$[`(]|[cC]ommand|entry[Pp]oint|create|from ['\"]\.|require\(['\"]\."
)
_PROCESS_API = re.compile(_RUNS_SOMETHING.encode())
SHELLS_OUT_ERES = ("drizzle-kit", _RUNS_SOMETHING)  # both, for `git grep --all-match`


def _worth_reading(data: bytes) -> bool:
    """Cheap test on a file's bytes: could any command in it name drizzle? (UTF-16 NULs
    dropped; an escape sequence of JSON, YAML or TOML could spell the name.)"""
    plain = data.replace(b"\x00", b"").lower()
    if b"\\u" in plain or b"\\x" in plain:
        return True
    return b"drizzle" in plain.replace(b"\\", b"").replace(b"'", b"").replace(b'"', b"")


# A package runner calling a name with a banned word after it (`pnpm kit migrate`, `npm run
# db -- push`): another package's script may be a prefix that makes it a run (issue 37).
_BANNED_WORD = re.compile(rb"(?i)\s(?:push|generate|migrate|up|drop|mcp|--init)\b")
_RUNNER_CALL = re.compile(rb"(?i)\b(?:npm|pnpm|yarn|bun|npx|turbo)\b|\.(?:sh|bash)\b|\./[\w./-]+")


# A script that sources another (`source ./env.sh`, `. "$DIR/env.sh"`): its variables may
# hold drizzle-kit although the script never names it.
_SOURCES = re.compile(rb"(?m)^[ \t]*(?:source|\.)[ \t]+[\w\"'$./]")


def calls_with_banned(data: bytes) -> bool:
    """Whether a runner calls a name with a banned word after it on one command of the text
    (`pnpm kit migrate`, `npm run db -- push`, `./scripts/drizzle.sh push`). Each banned word
    looks back a bounded window of its own command: linear on a minified one-line file
    (a pattern that scanned forward from every `./` took 424 s on a 490 KB tsbuildinfo)."""
    for found in _BANNED_WORD.finditer(data):
        start = max(0, found.start() - 300)
        window = data[start : found.start()]
        cut = max(window.rfind(b"\n"), window.rfind(b";"), window.rfind(b"&"), window.rfind(b"|"))
        if _RUNNER_CALL.search(window, cut + 1):
            return True
    return False


def script_resolver(ctx: Context) -> Resolver:
    """The scripts of the repository's package.json files that run drizzle-kit, by name:
    (where, body). Built on first use (one `git grep`, then those files read once)."""
    import posixpath

    from hooks._sources import decode
    from hooks._sources.package_json import load_package_json

    table: dict[str, list[tuple[str, str]]] | None = None

    def resolve(name: str) -> list[tuple[str, str]]:
        nonlocal table
        if table is None:
            table = {}
            paths = ctx.tracked_matching("drizzle-kit")
            for path in sorted(p for p in paths if posixpath.basename(p) == "package.json"):
                try:
                    doc = load_package_json(decode(ctx.read_source(path) or b"{}", path), path)
                except ToolError:
                    continue  # reported where it is checked
                scripts = doc.get("scripts")
                for key, body in scripts.items() if isinstance(scripts, dict) else ():
                    if isinstance(body, str) and "drizzle-kit" in body:
                        table.setdefault(key, []).append((path, body))
        return table.get(name, [])

    return resolve


def _could_run(text: str, banned: Collection[str]) -> bool:
    """Cheap test before the full reading: a run names a banned subcommand somewhere, or a
    flag that makes a reading one write (`pull --init`: hooks/_drizzle/versions.py)."""
    from hooks._drizzle.versions import WRITING_FLAGS

    plain = _plain(text)
    return (
        any(word in plain for word in banned)
        or "export" in plain  # its SQL applied to a database (`drizzle-kit export | psql`)
        or any(flag in plain for flag in WRITING_FLAGS)
        or re.search(r"drizzle-kit\S*\s+(?:-\S+\s+)*[$%]", plain) is not None
    )


def export_across(pieces: list[str], found: set[tuple[int, str]]) -> list[tuple[int, Run]]:
    """`drizzle-kit export > schema.sql` in one piece of a file (a workflow step, a script)
    and a database client handed schema.sql in a later one: the export's piece and its run,
    for flows no single piece holds (`found`: the (piece, command) pairs already reported)."""
    from hooks._drizzle_kit import analyze

    if sum(1 for p in pieces if "drizzle-kit" in p and "export" in p) == 0 or len(pieces) < 2:
        return []
    starts, joined = [], []
    at = 0
    for piece in pieces:
        starts.append(at)
        joined.append(piece)
        at += len(piece) + 1
    import bisect

    flows = []
    for run in analyze("\n".join(joined), banned=()).runs:
        if run.subcommand != "export":
            continue
        index = bisect.bisect_right(starts, run.offset) - 1
        if (index, run.command) not in found:
            run.offset -= starts[index]
            flows.append((index, run))
    return flows


def _maybe_unbalanced(text: str) -> bool:
    return text.count("'") % 2 == 1 or text.count('"') % 2 == 1 or text.count("`") % 2 == 1


def find_in_scripts(
    path: str,
    text: str,
    scripts: dict[str, str],
    banned: Collection[str],
    config: Config,
    *,
    more_callers: Callable[[set[str]], dict[str, list[str]]] | None = None,
    allowed: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
    read: Callable[[str], str | None] | None = None,
) -> list[Violation]:
    """Violations in a package.json's scripts, each with the scripts that call it (and,
    through `more_callers`, the commands in other files that run it); scripts in `allowed`
    (`[[allow-drizzle-kit-script]]`) are exempt, and an entry that exempts nothing is a
    warning."""
    from hooks._drizzle_kit import analyze
    from hooks._sources import Positions
    from hooks._sources.package_json import script_key_offsets

    suspects = {name for name, body in scripts.items() if _mentions_drizzle(body)}
    if resolver is not None or read is not None:  # another package's prefix, a script file
        suspects |= {
            name
            for name, body in scripts.items()
            if calls_with_banned(body.encode("utf-8", "surrogatepass"))
        }
    if not suspects and not allowed:
        return []
    # A suspect may be a prefix (`db: drizzle-kit`) that callers complete (`pnpm db push`).
    tokens = {name: set(_NAME_TOKENS.findall(body)) for name, body in scripts.items()}
    candidates = suspects | {name for name, words in tokens.items() if words & suspects}
    analyses: dict[str, Analysis] = {}

    def analysis(name: str) -> Analysis:
        if name not in analyses:
            analyses[name] = analyze(
                scripts[name],
                scripts=scripts,
                banned=banned,
                mention_only=config.mention_only,
                resolver=resolver,
                files=_script_reader(path, read) if read is not None else None,
            )
        return analyses[name]

    offending = sorted(
        name for name in candidates if _could_run(scripts[name], banned) and analysis(name).runs
    )
    stale = [
        _stale_allowance(path, name, name in scripts, text, config)
        for name in sorted(allowed or ())
        if name not in offending
    ]
    offending = [name for name in offending if name not in (allowed or {})]
    unparsed = sorted(
        name
        for name in suspects
        if name not in offending
        and _maybe_unbalanced(scripts[name])
        and "drizzle-kit" in scripts[name]
        and not analysis(name).complete
    )
    # `db:export` writes schema.sql, `db:apply` hands it to psql: a flow no one script holds.
    names = [n for n in scripts if "drizzle-kit" not in scripts[n] or n not in offending]
    flows: dict[tuple[int, str], Run] = {}
    if any("export" in scripts[n] for n in names if "drizzle-kit" in scripts[n]):
        bodies = [scripts[n] for n in names]
        for index, run in export_across(bodies + bodies, set()):  # (run in either order)
            if names[index % len(names)] not in (allowed or {}):
                flows.setdefault((index % len(names), run.command), run)
    if not offending and not unparsed and not flows:
        return stale
    callers = _callers(set(offending), tokens, analysis)
    elsewhere = more_callers(set(offending)) if more_callers and offending else {}
    offsets = script_key_offsets(text)
    positions = Positions(text)
    hint = script_hint(config)
    violations = []
    for name in offending:
        line, col = positions.at(offsets.get(name, 0))
        for run in analysis(name).runs:
            named = [f'"{c}"' for c in callers.get(name, [])] + elsewhere.get(name, [])
            chain = f" (called by {', '.join(named)})" if named else ""
            violations.append(
                Violation(
                    path,
                    RUNS,
                    f'script "{name}" {described("runs", run)}{chain}',
                    _unknown_hint(run, hint),
                    line=line,
                    col=col,
                ),
            )
    for (index, _), run in flows.items():
        line, col = positions.at(offsets.get(names[index], 0))
        violations.append(
            Violation(
                path,
                RUNS,
                f'script "{names[index]}" {described("runs", run)} (a later script applies it)',
                hint,
                line=line,
                col=col,
            ),
        )
    for name in unparsed:
        line, col = positions.at(offsets.get(name, 0))
        violations.append(
            Violation(
                path,
                UNPARSEABLE,
                f'script "{name}" has an unbalanced quote and mentions drizzle-kit;'
                " it cannot be checked",
                "fix the quoting so the script can be read, " + hint,
                line=line,
                col=col,
            ),
        )
    return violations + stale


def _stale_allowance(path: str, name: str, present: bool, text: str, config: Config) -> Violation:
    from hooks._directives import STALE
    from hooks._report import WARNING

    line = col = None
    if present:
        from hooks._sources import Positions
        from hooks._sources.package_json import script_key_offsets

        offsets = script_key_offsets(text)
        if name in offsets:
            line, col = Positions(text).at(offsets[name])
    what = "runs no banned drizzle-kit command" if present else "is not in this package.json"
    return Violation(
        path,
        STALE,
        f'[[allow-drizzle-kit-script]] allows script "{name}", which {what}',
        f"remove the entry from {config.origin} (the run it allowed is gone), or fix the file or"
        " script name",
        line=line,
        col=col,
        severity=WARNING,
    )


def _callers(
    offending: set[str],
    tokens: dict[str, set[str]],
    analysis: Callable[[str], Analysis],
) -> dict[str, list[str]]:
    """Scripts that call each offending script, directly or through other scripts."""
    direct: dict[str, set[str]] = {}
    frontier, seen = set(offending), set(offending)
    while frontier:
        next_frontier: set[str] = set()
        for name, words in tokens.items():
            if not words & frontier:
                continue
            for ref in analysis(name).refs:
                if ref in frontier and ref != name:
                    direct.setdefault(ref, set()).add(name)
                    if name not in seen:
                        seen.add(name)
                        next_frontier.add(name)
        frontier = next_frontier
    result: dict[str, list[str]] = {}
    for name in offending:
        ordered: list[str] = []
        queue = sorted(direct.get(name, ()))
        while queue:
            caller = queue.pop(0)
            if caller in ordered or caller == name:
                continue
            ordered.append(caller)
            queue.extend(sorted(direct.get(caller, ())))
        if ordered:
            result[name] = ordered
    return result


def find_in_package_json(
    path: str,
    text: str,
    config: Config,
    *,
    more_callers: Callable[[str, str | None, set[str]], dict[str, list[str]]] | None = None,
    resolver: Resolver | None = None,
    read: Callable[[str], str | None] | None = None,
) -> list[Violation]:
    from hooks._sources.package_json import load_package_json

    doc = load_package_json(text, path)
    scripts = doc.get("scripts")
    hooks = _package_hooks(path, text, scripts if isinstance(scripts, dict) else {}, config)
    if scripts is None:
        return hooks
    if not isinstance(scripts, dict):
        raise ToolError(f'{path}: "scripts" must be an object of strings; it cannot be checked')
    bad = [name for name, body in scripts.items() if not isinstance(body, str)]
    if bad:
        raise ToolError(f'{path}: script "{bad[0]}" is not a string; it cannot be checked')
    name = doc.get("name")
    package_name = name if isinstance(name, str) else None
    return hooks + find_in_scripts(
        path,
        text,
        scripts,
        config.banned_subcommands,
        config,
        more_callers=(lambda s: more_callers(path, package_name, s)) if more_callers else None,
        allowed=config.allowed_scripts(path),
        resolver=resolver,
        read=read,
    )


def _package_hooks(
    path: str, text: str, scripts: Mapping[str, object], config: Config
) -> list[Violation]:
    """The commands package.json gives lint-staged, simple-git-hooks, husky 4 and nodemon: a
    banned run there is AF301 at its value (a call of a banned script is reported at the
    script, with the scripts' own findings)."""
    from hooks._drizzle_kit import analyze
    from hooks._sources.package_json import hook_snippets

    known = {k: v for k, v in scripts.items() if isinstance(v, str)}
    violations = []
    for snippet in hook_snippets(text, path):
        if not _mentions_drizzle(snippet.text) and not any(
            _plain(known.get(w, "")).count("drizzle") for w in snippet.text.split()
        ):
            continue
        result = analyze(
            snippet.text,
            scripts=known,
            banned=config.banned_subcommands,
            mention_only=config.mention_only,
        )
        violations += _reported(path, snippet, result, RUNS, "runs", script_hint(config))
    from hooks._directives import apply

    return apply(path, text, violations)


def callers_elsewhere(ctx: Context) -> Callable[[str, str | None, set[str]], dict[str, list[str]]]:
    """For a package.json with banned scripts: the commands in other tracked files that run
    them (the run's one `CallerIndex`, built only when a banned script is found; then only
    files that name a script are read, each once)."""

    def find(path: str, package_name: str | None, scripts: set[str]) -> dict[str, list[str]]:
        import posixpath

        from hooks._callers import Package

        package = Package(posixpath.dirname(path), package_name)
        return ctx.caller_index().callers(package, scripts)

    return find


_HERE = re.compile(
    r"""\A(?:"?\$\(\s*dirname\s+"?(?:\$0|\$\{BASH_SOURCE(?:\[0\])?\})"?\s*\)"?"""
    r"""|"?\$\{?(?:SCRIPT_DIR|DIR|HERE|SCRIPTDIR|SCRIPT_PATH)\}?"?|"?\$\{BASH_SOURCE%/\*\}"?)/"""
)


def _script_reader(caller: str, read: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """A script file named in `caller` (`./scripts/drizzle.sh`, `scripts\\db.sh`), read from
    the caller's folder or the repository's root (a path that leaves it: none)."""
    import posixpath

    def named(written: str) -> str | None:
        written = written.replace("\\", "/").strip("'\"")
        # `"$(dirname "$0")/env.sh"`, `$SCRIPT_DIR/env.sh`: the caller's own folder
        written = _HERE.sub("", written)
        if written.startswith("/") or "$" in written:
            return None
        for base in dict.fromkeys((posixpath.dirname(caller), "")):
            joined = posixpath.normpath(posixpath.join(base, written))
            if joined.startswith("..") or joined == caller:
                continue
            text = read(joined)
            if text is not None:
                return text
        return None

    return named


def _reported(
    path: str, snippet: Snippet, result: Analysis, code: str, how: str, hint: str
) -> list[Violation]:
    """One violation per banned run a snippet's analysis found, at its place in the file."""
    found = []
    for run in result.runs:
        line, col = snippet.position(run.offset)
        found.append(
            Violation(
                path,
                code,
                described(how, run),
                _unknown_hint(run, hint),
                line=line,
                col=col,
            )
        )
    return found


def described(how: str, run: Run) -> str:
    """What a run does, as a report says it: `runs "drizzle-kit push" through …`, or, for a
    subcommand filled in where it runs, `could run "drizzle-kit $CMD": the subcommand comes
    from $CMD, which …`."""
    if run.source is not None:
        could = "could run" if how == "runs" else how.replace("to run", "and could run")
        return f'{could} "{run.command}"{_through(run)}: the subcommand comes from {run.source}'
    return f'{how} "{run.command}"{_through(run)}'


def _through(run: Run) -> str:
    from hooks._drizzle_kit import DEEPER

    if run.hops:
        return " through " + " → ".join(run.hops)
    if run.via is None:
        return ""
    if run.via == DEEPER:
        return " through wrappers nested deeper than atlas-first follows (taken to run it)"
    if run.via.startswith("$"):
        return f" through the command held in {run.via}"
    return f" through {run.via}, a program atlas-first does not know (taken to run it)"


def _unknown_hint(run: Run, hint: str) -> str:
    from hooks._drizzle_kit import DEEPER

    if run.source is not None:
        return (
            "let it be only what writes nothing (a choice input whose options are pull and"
            f" check), or name the subcommand; {hint}"
        )
    if run.via is None or run.via.startswith("$") or run.via == DEEPER:
        return hint
    return (
        f"{hint}; if {run.via} only mentions the command,"
        " add it to mention-only in .atlas-first.toml"
    )


def find_in_script_file(
    path: str,
    kind: str,
    text: str,
    config: Config,
    resolver: Resolver | None = None,
    read: Callable[[str], str | None] | None = None,
    *,
    searched: bool = False,
    raw: bool = False,
) -> list[Violation]:
    """The banned runs of one carrier file. `searched`: a file read by content (a YAML file
    that may be no container spec) is also searched as a file no reader knows, for lines its
    reader found nothing on."""
    from hooks._drizzle_kit import Analysis
    from hooks._drizzle_kit import analyze
    from hooks._sources import snippets

    data = text.encode("utf-8", "surrogatepass")
    calls = resolver is not None and calls_with_banned(data)
    sources = read is not None and _SOURCES.search(data) is not None
    if not _worth_reading(data) and not calls and not sources:
        return []
    hint = script_hint(config)
    code, how = RUNS, "runs"
    if kind in ("code", "python"):
        code, how = SHELLS_OUT, "shells out to run"
        hint = f"remove the call; {hint}"
    from hooks._sources import UNKNOWN

    strict = kind == UNKNOWN
    if strict:
        from hooks._sources.unknown import sentence

        code = NO_READER
        hint = (
            "if it runs, use the sync script instead (Atlas apply + drizzle-kit pull); if it"
            " is no command, add `atlas-first: allow AF305 <reason>` on the line or list the"
            " file in `not-scripts` in .atlas-first.toml"
        )
    violations = []
    pieces: list[Snippet] = []
    found: set[tuple[int, str]] = set()
    if kind == "code" and read is not None:
        from hooks._sources.code import snippets as code_snippets

        found_snippets = code_snippets(text, path, read)  # helpers imported from the repo
    else:
        found_snippets = snippets(kind, text, path)
    for snippet in found_snippets:
        pieces.append(snippet)
        if (
            not _mentions_drizzle(snippet.text)
            and not (calls and calls_with_banned(snippet.text.encode("utf-8", "surrogatepass")))
            and not (sources and _SOURCES.search(snippet.text.encode("utf-8", "surrogatepass")))
            and not (  # `$KIT push` where the carrier sets KIT to drizzle-kit (a job's env)
                snippet.choices
                and ("$" in snippet.text or "%" in snippet.text)
                and any("drizzle" in v for vs in snippet.choices.values() for v in vs)
            )
        ):
            continue
        result = analyze(
            snippet.text,
            banned=config.banned_subcommands,
            dialect=snippet.dialect,
            choices=snippet.choices,
            mention_only=config.mention_only,
            resolver=resolver,
            files=_script_reader(path, read) if read is not None else None,
            strict=strict,
        )
        if strict:
            result.runs = [r for r in result.runs if not sentence(r.command, r.subcommand)]
        found.update((len(pieces) - 1, r.command) for r in result.runs)
        violations += _reported(path, snippet, result, code, how, hint)
        if strict:
            continue  # an odd quote in a file we only search is no command we failed to read
        if not result.complete and not result.runs and "drizzle-kit" in snippet.text:
            line, col = snippet.position(0)
            violations.append(
                Violation(
                    path,
                    UNPARSEABLE,
                    "unbalanced quote in a command that mentions drizzle-kit; it cannot be checked",
                    "fix the quoting so the command can be read, " + hint,
                    line=line,
                    col=col,
                ),
            )
    if len(pieces) > 1 and "export" in text and not strict:
        for index, run in export_across([p.text for p in pieces], found):
            flow = Analysis()
            flow.runs.append(run)
            violations += _reported(path, pieces[index], flow, code, how, hint)
    if searched and "drizzle-kit" in text:
        from hooks._sources import UNKNOWN

        # (Lines the reader read, found or not: `command=node x ; npx drizzle-kit push` is
        # supervisord's inline comment, which the reader knows and a search does not.)
        lines = {v.line for v in violations} | {n for p in pieces for n, _ in p.lines}
        more = find_in_script_file(path, UNKNOWN, text, config, raw=True)
        violations += [v for v in more if v.line not in lines]
    if raw:
        return violations
    from hooks._directives import apply

    return apply(path, text, violations)


# Carriers a file is only by its content (a shebang, a container, a [program:] section): one
# that cannot be read is an odd file of the repository, not a carrier we failed to check.
BY_CONTENT = frozenset({"shebang", "containers", "supervisord"})


def check(ctx: Context, filenames: list[str]) -> Findings:
    from hooks._sources import SHEBANG
    from hooks._sources import UNKNOWN
    from hooks._sources import carrier_for
    from hooks._sources import decode
    from hooks._sources import shebang_carrier

    findings = Findings()
    wanted = []
    script_files = ctx.config.script_files  # (asked once: the loop runs per file of the tree)
    for path in sorted(set(filenames)):
        kind = carrier_for(path)
        if kind is None or (not script_files and kind != "package_json"):
            continue
        if kind == SHEBANG and os.path.isdir(ctx.repo.abspath(path)):
            continue  # a submodule: no script
        wanted.append((path, kind))
    if ctx.all_files and any(k == "code" for _, k in wanted):
        # The whole tree: one `git grep` picks the code to open (see `worth_opening`).
        code = [p for p, k in wanted if k == "code"]
        shelling = set(ctx.worth_opening(code, *SHELLS_OUT_ERES))
        wanted = [(p, k) for p, k in wanted if k != "code" or p in shelling]
    if ctx.all_files and any(k == UNKNOWN for _, k in wanted):
        # Most of a tree is files no reader knows: one `git grep` picks those that name it.
        unknown = [p for p, k in wanted if k == UNKNOWN]
        naming = set(ctx.worth_opening(unknown, "drizzle-kit"))
        wanted = [(p, k) for p, k in wanted if k != UNKNOWN or p in naming]

    def exempt(path: str) -> bool:  # (the config is asked only when a file needs it)
        return ctx.config.not_scripts.match(path)

    ctx.prefetch([path for path, _ in wanted])
    more_callers = callers_elsewhere(ctx)
    resolver = script_resolver(ctx)

    def read_text(name: str) -> str | None:  # a script file another one runs (issue 37)
        try:
            data = ctx.read_source(name)
        except ToolError:
            return None
        return None if data is None else decode(data, name)

    for path, claimed in wanted:
        kind = claimed
        try:
            data = ctx.read_source(path)
            if data is None:
                continue
            if kind == "code":
                # Code runs drizzle-kit only by naming it to a process API (the test that
                # follows implies _worth_reading's).
                if b"drizzle-kit" not in data or not _PROCESS_API.search(data):
                    continue
            elif kind == UNKNOWN or (kind == SHEBANG and not data.startswith(b"#!")):
                # (As the tree-wide `git grep` picks them: the name as it is written.)
                if b"drizzle-kit" not in data or b"\0" in data[:8000] or exempt(path):
                    continue
                kind = UNKNOWN
            elif (
                kind != "package_json"
                and not _worth_reading(data)
                and not calls_with_banned(data)
                and not _SOURCES.search(data)
            ):
                continue  # the common case: nothing to decode or parse
            if kind == SHEBANG:
                by_shebang = shebang_carrier(data)
                if by_shebang is None:
                    if b"drizzle-kit" not in data or b"\0" in data[:8000] or exempt(path):
                        continue
                    by_shebang = UNKNOWN  # a `#!` of a program we do not read: searched
                kind = by_shebang
            if kind == UNKNOWN:
                text = data.decode("utf-8", "replace")  # searched for an ASCII name
            elif claimed == SHEBANG:
                try:
                    text = decode(data, path)
                except ToolError:  # a script by its shebang, not UTF-8: read, not skipped
                    text = data.decode("utf-8", "replace")
                    findings.notes.append(
                        f"{path}: not UTF-8; read with its undecodable bytes replaced"
                    )
            else:
                text = decode(data, path)
            if kind == "package_json":
                found = find_in_package_json(
                    path,
                    text,
                    ctx.config,
                    more_callers=more_callers,
                    resolver=resolver,
                    read=read_text,
                )
            else:
                # Read by content, what it holds may be no shape its reader knows
                # (buildspec.yml, nodemon.json, a unit's .conf): searched as well.
                searched = claimed in BY_CONTENT and kind != UNKNOWN and not exempt(path)
                found = find_in_script_file(
                    path, kind, text, ctx.config, resolver, read_text, searched=searched
                )
        except ToolError as exc:
            where = ctx.repo.abspath(path)
            if os.path.islink(where) and os.path.isdir(where):
                continue  # a tracked link to a folder (`.claude` -> `.agents`): no script
            if claimed in BY_CONTENT:  # not ours to refuse: it is a carrier only by what it holds
                findings.notes.append(f"{exc}; skipped (a file read only for what it may hold)")
                continue
            findings.errors.append(str(exc))
            continue
        findings.violations.extend(found)
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "forbid-drizzle-kit-scripts",
        "Block drizzle-kit push/generate/migrate/up/drop in package.json scripts and script"
        " files, however they are wrapped.",
        check,
        argv,
        uses_folders=False,  # only the hint names a folder
    )


if __name__ == "__main__":
    raise SystemExit(main())
